import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit/src/canonical-json';
import { PostgresReadModelStore } from './postgres-read-model-store';
import { ReadModelStore } from './read-model.port';

/**
 * A table's content in a few bytes, so that two namespaces (a replay and the live generation) can be
 * compared byte for byte without holding either in memory.
 *
 * The rule, which anyone can recompute with plain SQL and sha256:
 * - the hashed text is one line per row, each ending in "\n", preceded by a header line: the table's
 *   column names, in declaration order, as a canonical JSON array;
 * - a row's line is the canonical JSON array (RFC 8785, libs/audit/src/canonical-json.ts) of its
 *   values in the same column order: text as JSON strings, numbers as JSON numbers, NULL as null;
 *   any other kind of value (a BLOB, a bigint) is refused rather than serialised some ad hoc way;
 * - rows come in primary-key order; a table without a primary key is ordered by all its columns,
 *   NULLs first, and identical rows repeat their line. Text compares by code point (SQLite's
 *   BINARY collation; on PostgreSQL the database must use the C collation, as the README asks).
 *
 * Rows are read a page at a time (keyset pagination, one read per page), so memory is bounded by
 * the page size. The pages of a namespace that is being written are not one snapshot: compare the
 * namespace's checkpoint before and after (the replay command does) to know the digest is whole.
 * A table without a primary key is grouped and sorted once per page, so its digest costs
 * O(rows² / page size); the projections' tables without one (the organisation tree's links and
 * closure, cooling items) stay small.
 */
export interface TableDigest {
  readonly table: string;
  readonly rows: number;
  /** `sha256:<hex>` of the text described above. */
  readonly sha256: string;
}

const DIGEST_PAGE_SIZE = 2000;

/** The namespace's base tables (not views), without the checkpoint, sorted by name. */
export async function tablesOf(readModels: ReadModelStore, namespace: string): Promise<string[]> {
  const rows = await readModels.query<{ name: string }>(namespace, catalogOf(readModels).tables, []);
  return rows.map((row) => row.name).filter((name) => name !== 'checkpoint').sort();
}

/** Each table's digest, in the order given. */
export async function tableDigest(
  readModels: ReadModelStore,
  namespace: string,
  tables: readonly string[],
  options: { readonly signal?: AbortSignal; readonly pageSize?: number } = {},
): Promise<TableDigest[]> {
  const digests: TableDigest[] = [];
  for (const table of tables) digests.push(await digestOne(readModels, namespace, table, options.pageSize ?? DIGEST_PAGE_SIZE, options.signal));
  return digests;
}

async function digestOne(
  readModels: ReadModelStore,
  namespace: string,
  table: string,
  pageSize: number,
  signal: AbortSignal | undefined,
): Promise<TableDigest> {
  const catalog = catalogOf(readModels);
  const columns = (await readModels.query<{ name: string }>(namespace, catalog.columns, [table])).map((row) => row.name);
  if (columns.length === 0) throw new Error(`${namespace} has no table ${table}`);
  const primaryKey = (await readModels.query<{ name: string }>(namespace, catalog.primaryKey, [table])).map((row) => row.name);
  // Without a primary key, all columns order the rows, and grouping makes that order strict.
  const key = primaryKey.length > 0 ? primaryKey : columns;
  const grouped = primaryKey.length === 0;

  const hash = createHash('sha256').update(`${canonicalJson(columns)}\n`);
  let rows = 0;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await readModels.query<Record<string, unknown>>(namespace, ...pageQuery(table, columns, key, grouped, last, pageSize));
    for (const row of page) {
      const line = `${canonicalRow(table, columns.map((column) => row[column]))}\n`;
      const copies = grouped ? Number(row[COPIES]) : 1;
      for (let i = 0; i < copies; i++) hash.update(line);
      rows += copies;
    }
    if (page.length < pageSize) break;
    last = page[page.length - 1];
  }
  return { table, rows, sha256: `sha256:${hash.digest('hex')}` };
}

const COPIES = '__copies';

/** The page after `last` (the first page without it), in key order. */
function pageQuery(
  table: string,
  columns: readonly string[],
  key: readonly string[],
  grouped: boolean,
  last: Record<string, unknown> | undefined,
  pageSize: number,
): [string, unknown[]] {
  const list = columns.map(quote).join(', ');
  const after = last ? keyAfter(key, key.map((column) => last[column])) : { sql: '', params: [] };
  // NULLS FIRST only where a key column may be NULL: on PostgreSQL it would keep the primary-key
  // index (NULLS LAST) from serving the order.
  const order = key.map((column) => (grouped ? `${quote(column)} NULLS FIRST` : quote(column))).join(', ');
  const select = grouped ? `${list}, count(*) AS ${quote(COPIES)}` : list;
  const groupBy = grouped ? ` GROUP BY ${list}` : '';
  // Grouped: the key condition filters groups, so it goes in HAVING (every key column is grouped).
  const condition = after.sql ? (grouped ? ` HAVING ${after.sql}` : ` WHERE ${after.sql}`) : '';
  return [`SELECT ${select} FROM ${quote(table)}${groupBy}${condition} ORDER BY ${order} LIMIT ${pageSize}`, after.params];
}

/**
 * "The key is after these values", in the NULLS FIRST order. A row-value comparison, which both
 * databases answer from the primary-key index, when no value is NULL; otherwise spelt out column
 * by column, since a comparison with NULL is never true.
 */
function keyAfter(key: readonly string[], values: readonly unknown[]): { sql: string; params: unknown[] } {
  if (values.every((value) => value !== null)) {
    return { sql: `(${key.map(quote).join(', ')}) > (${key.map(() => '?').join(', ')})`, params: [...values] };
  }
  const params: unknown[] = [];
  const alternatives = key.map((column, i) => {
    const terms: string[] = [];
    for (let j = 0; j < i; j++) {
      if (values[j] === null) terms.push(`${quote(key[j])} IS NULL`);
      else {
        terms.push(`${quote(key[j])} = ?`);
        params.push(values[j]);
      }
    }
    if (values[i] === null) terms.push(`${quote(column)} IS NOT NULL`);
    else {
      terms.push(`${quote(column)} > ?`);
      params.push(values[i]);
    }
    return `(${terms.join(' AND ')})`;
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
}

function canonicalRow(table: string, values: readonly unknown[]): string {
  for (const value of values) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw new TypeError(`${table}: a digest covers text, numbers and NULL only, not ${typeof value}`);
    }
  }
  return canonicalJson(values);
}

/** Identifiers come from the database's own catalog; quoting keeps any of them literal. */
function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

interface Catalog {
  readonly tables: string;
  /** Columns of table `?`, in declaration order. */
  readonly columns: string;
  /** Primary-key columns of table `?`, in key order. */
  readonly primaryKey: string;
}

/** Queries on the namespace's own catalog: a namespace is a schema (the search_path) on PostgreSQL, a file on SQLite. */
function catalogOf(readModels: ReadModelStore): Catalog {
  return readModels instanceof PostgresReadModelStore ? POSTGRES_CATALOG : SQLITE_CATALOG;
}

const SQLITE_CATALOG: Catalog = {
  tables: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
  columns: 'SELECT name FROM pragma_table_info(?) ORDER BY cid',
  primaryKey: 'SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk',
};

const POSTGRES_CATALOG: Catalog = {
  tables: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  columns: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
  primaryKey: `SELECT k.column_name AS name FROM information_schema.table_constraints c
    JOIN information_schema.key_column_usage k
      ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY'
    ORDER BY k.ordinal_position`,
};
