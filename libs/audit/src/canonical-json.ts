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
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort() // default sort: by UTF-16 code units, as RFC 8785 §3.2.3 asks
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
