/**
 * Everything the PostgreSQL read-model adapter changes in SQL written for both SQLite and
 * PostgreSQL, in one place: `?` placeholders, the one DDL form PostgreSQL lacks, and the one text
 * value PostgreSQL cannot store.
 */

export interface PostgresSql {
  /** The SQL with `$1..$n` in place of each `?`. */
  readonly text: string;
  readonly parameters: number;
}

const converted = new Map<string, PostgresSql>();
const CACHE_LIMIT = 5000;

/**
 * `?` → `$1..$n`, left to right, except inside '…' string literals, "…" identifiers and comments.
 * Cached per SQL text: projections repeat a handful of statements millions of times.
 */
export function toPostgresPlaceholders(sql: string): PostgresSql {
  let result = converted.get(sql);
  if (!result) {
    result = convert(sql);
    if (converted.size >= CACHE_LIMIT) converted.clear(); // a leak guard for generated SQL, never hit by the projections
    converted.set(sql, result);
  }
  return result;
}

function convert(sql: string): PostgresSql {
  let text = '';
  let parameters = 0;
  let i = 0;
  const copyUntil = (end: string, from: number) => {
    const at = sql.indexOf(end, from);
    const stop = at === -1 ? sql.length : at + end.length;
    text += sql.slice(i, stop);
    i = stop;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A doubled quote inside ('it''s') closes and reopens: the next iteration copies the rest.
      copyUntil(c, i + 1);
    } else if (c === '-' && sql[i + 1] === '-') {
      copyUntil('\n', i + 2);
    } else if (c === '/' && sql[i + 1] === '*') {
      copyUntil('*/', i + 2);
    } else if (c === '?') {
      text += `$${++parameters}`;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  return { text, parameters };
}

const CREATE_VIEW_IF_NOT_EXISTS = /^\s*CREATE\s+VIEW\s+IF\s+NOT\s+EXISTS\s+/i;
const WITHOUT_ROWID = /\)\s*WITHOUT\s+ROWID\s*$/i;

/**
 * A projection's DDL for PostgreSQL. SQLite's `CREATE VIEW IF NOT EXISTS` does not exist there, so
 * it becomes `CREATE OR REPLACE VIEW`: the same outcome, because a generation's DDL never changes
 * (a change of meaning is a new projection, in a new namespace). SQLite's `WITHOUT ROWID` (a table
 * kept in its primary key's order, for tables read and written by key) has no meaning there and is
 * dropped. Everything else (CREATE TABLE / INDEX IF NOT EXISTS) is the same on both.
 */
export function toPostgresDdl(statement: string): string {
  return statement.replace(CREATE_VIEW_IF_NOT_EXISTS, 'CREATE OR REPLACE VIEW ').replace(WITHOUT_ROWID, ')');
}

const NUL = /\u0000/g;

/**
 * A parameter as PostgreSQL can store it. PostgreSQL text cannot hold U+0000 (SQLite can), and a
 * projection whose statement fails retries forever: one NUL in an event's free text (the API does
 * not refuse it) would stop the projection for good. It becomes U+FFFD, the replacement character.
 */
export function toPostgresParameter(value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replace(NUL, '\uFFFD') : value;
}
