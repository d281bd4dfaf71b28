/**
 * JSON canonicalisation as RFC 8785 (JCS) defines it, for the values events hold: object members
 * sorted by their names' UTF-16 code units, no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does (which is what JCS specifies). Members whose value is undefined
 * are left out, as JSON.stringify leaves them out. What JSON cannot hold (NaN, Infinity, bigint,
 * functions) is refused rather than silently changed, because a hash over it would not be
 * reproducible by anyone else.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, false);
}

/**
 * canonicalJson of a value parsed from JSON text that has no backslash: there, no string (member
 * name or value) holds what JSON.stringify escapes, since a quote, a backslash, a control character
 * or a lone surrogate can stand in JSON text only as an escape sequence. So each string is written
 * as it is, between quotes, without looking at its characters; the result is the same.
 */
export function canonicalJsonOfPlainText(value: unknown): string {
  return canonical(value, true);
}

function canonical(value: unknown, plain: boolean): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return plain ? `"${value}"` : quoted(value);
    case 'object': {
      // Built by concatenation: verification canonicalises every event of the log, so this is hot.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonical(value[i] === undefined ? null : value[i], plain);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      for (const key of sortedKeys(record)) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${plain ? `"${key}"` : quoted(key)}:${canonical(member, plain)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * What JSON.stringify escapes in a string: the quote, the backslash, control characters and lone
 * surrogates (this also matches paired ones, which then simply take the slow path).
 */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its call for the many strings that need no escaping. */
function quoted(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * The record's own keys by UTF-16 code units (RFC 8785 §3.2.3), as the default sort orders them
 * (`<` on strings compares code units too). An insertion sort: events have a handful of members,
 * often nearly in order, where it beats Array.prototype.sort.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
