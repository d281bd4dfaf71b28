/**
 * JSON canonicalisation as RFC 8785 (JCS) defines it, for the values events hold: object members
 * sorted by their names' UTF-16 code units, no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does (which is what JCS specifies). Members whose value is undefined
 * are left out, as JSON.stringify leaves them out. What JSON cannot hold (NaN, Infinity, bigint,
 * functions) is refused rather than silently changed, because a hash over it would not be
 * reproducible by anyone else.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      // Built by concatenation: verification canonicalises every event of the log, so this is hot.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i] === undefined ? null : value[i]);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      // Default sort: by UTF-16 code units, as RFC 8785 §3.2.3 asks.
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
