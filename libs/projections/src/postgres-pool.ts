import { escapeIdentifier, Pool, PoolClient, PoolConfig, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { ReadModelsUnavailableError } from './read-model.port';

/**
 * What every PostgreSQL adapter (the read models, the token registry, the contact vault) does the
 * same way: a pool of its own, its schema created or brought up to date under an advisory lock,
 * transactions on one pooled connection, and a lost connection answered as
 * ReadModelsUnavailableError, which the API answers with 503.
 */

export type AdapterPoolConfig = PoolConfig &
  Required<Pick<PoolConfig, 'connectionString' | 'max' | 'application_name'>> & {
    /** Told when an idle pooled connection fails (server restart, network): the pool replaces it. */
    readonly onIdleError?: (error: Error) => void;
  };

/**
 * A pool, handed over once `prepareSchema` has run in one transaction (inTransaction); if that
 * fails, the pool is ended and the error thrown.
 */
export async function openPool(config: AdapterPoolConfig, prepareSchema: (client: PoolClient) => Promise<void>): Promise<Pool> {
  const { onIdleError, ...poolConfig } = config;
  const pool = new Pool({ ...poolConfig, connectionTimeoutMillis: 10_000 });
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', (error) => onIdleError?.(error));
  try {
    await inTransaction(pool, prepareSchema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** One statement in autocommit, on whichever pooled connection is free. */
export async function queryPool<Row extends QueryResultRow>(pool: Pool, query: QueryConfig): Promise<QueryResult<Row>> {
  try {
    return await pool.query<Row>(query);
  } catch (error) {
    throw unavailableOr(error);
  }
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT if it resolves, ROLLBACK if it
 * throws, and then the error as `mapError` gives it.
 */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, mapError: (error: unknown) => unknown = unavailableOr): Promise<T> {
  return withConnection(
    pool,
    async (client) => {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    },
    mapError,
  );
}

/**
 * Lends `work` one pooled connection for a transaction that `work` begins and ends itself (the read
 * models pipeline BEGIN with their statements). If `work` throws: ROLLBACK, then the error as
 * `mapError` gives it.
 */
export async function withConnection<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, mapError: (error: unknown) => unknown = unavailableOr): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw unavailableOr(error);
  }
  // A lost socket fails the pending queries and is also emitted on the client as 'error'. The pool
  // listens only while a client is idle; lent out, an 'error' nobody listens to would crash the
  // process, when the failed query already carries the error to `work`.
  const alreadyReported = () => undefined;
  client.on('error', alreadyReported);
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    broken = await rollback(client);
    throw mapError(error);
  } finally {
    client.off('error', alreadyReported);
    client.release(broken);
  }
}

/**
 * Takes the schema's advisory lock (lockClass, 0) until the transaction ends, then creates the
 * schema if need be. Two concurrent CREATE … IF NOT EXISTS of one name can fail in PostgreSQL (a
 * unique violation in the catalog), so of two processes starting at once the second waits for the
 * first to commit, then finds nothing left to do.
 */
export async function createSchemaOnce(client: PoolClient, schema: string, lockClass: number): Promise<void> {
  await client.query({ text: 'SELECT pg_advisory_xact_lock($1, 0)', values: [lockClass] });
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
}

/** A versioned change to a schema's tables: portable SQL, unqualified names. */
export interface SchemaVersion {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export interface VersionedSchema {
  /** The schema's name, unquoted. */
  readonly schema: string;
  /** The advisory lock class held while the schema changes (createSchemaOnce). */
  readonly lockClass: number;
  /** The table recording the applied versions (version, name, applied_at), unqualified. */
  readonly versionTable: string;
  /** Its CREATE TABLE IF NOT EXISTS, the one SQLite runs too. */
  readonly createVersionTable: string;
  /** The versions not applied yet, in order, given the applied ones; throws on a list out of order. */
  readonly pending: (applied: number[]) => readonly SchemaVersion[];
}

/**
 * Creates the schema (createSchemaOnce) and applies the versions not applied yet, each recorded in
 * the version table, all in the caller's transaction.
 */
export async function applySchemaVersions(client: PoolClient, { schema, lockClass, versionTable, createVersionTable, pending }: VersionedSchema): Promise<void> {
  await createSchemaOnce(client, schema, lockClass);
  // SET LOCAL: the versions' unqualified names land in the schema, and no pooled connection keeps it.
  await client.query(searchPath(schema));
  await client.query(createVersionTable);
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${versionTable}`);
  const appliedAt = new Date().toISOString();
  for (const { version, name, statements } of pending(rows.map((row) => row.version))) {
    for (const statement of statements) await client.query(statement);
    await client.query({ text: `INSERT INTO ${versionTable} (version, name, applied_at) VALUES ($1, $2, $3)`, values: [version, name, appliedAt] });
  }
}

/** search_path for the rest of the transaction only (SET LOCAL); set_config takes the name as a parameter. */
export function searchPath(schema: string): QueryConfig {
  return { text: "SELECT set_config('search_path', $1, true)", values: [escapeIdentifier(schema)] };
}

/** PostgreSQL codes that mean the connection, not the statement, failed. */
const CONNECTION_FAILURES = /^(08...|57P0[123]|53300)$/;

/**
 * A connection that failed (refused, reset, timed out, ended by the server) as
 * ReadModelsUnavailableError, which the API answers with 503; any other error as it is.
 */
export function unavailableOr(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const lost =
    typeof code === 'string'
      ? CONNECTION_FAILURES.test(code) || /^E[A-Z]+$/.test(code) // SQLSTATE, or a Node socket error (ECONNREFUSED)
      : /connection|timeout/i.test(error instanceof Error ? error.message : ''); // pg's own: "Connection terminated unexpectedly"
  return lost ? new ReadModelsUnavailableError({ cause: error }) : error;
}

/** Ends the transaction; a connection that cannot even do that is handed back broken, to be closed. */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
