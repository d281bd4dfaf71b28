import { CustomTypesConfig, escapeIdentifier, Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow, types as pgTypes } from 'pg';
import { LogPosition, decodePosition, encodePosition } from '../../event-store/src/position';
import {
  AppliedMigration,
  MIGRATIONS_TABLE,
  Migration,
  migrationStatements,
  pendingMigrations,
  RECORD_APPLIED,
  REGISTRY_MIGRATIONS,
  toAppliedMigration,
} from './migrations';
import { toPostgresDdl, toPostgresParameter, toPostgresPlaceholders } from './postgres-dialect';
import { CheckpointMovedError, Generations, ReadModelsUnavailableError, ReadModelStore, SqlStatement, StoredResponse, toGenerations } from './read-model.port';

/** The schema of the registry tables: active generations, idempotency keys, schema_migrations. */
export const REGISTRY_SCHEMA = 'ledger';

const NAMESPACE = /^[a-z][a-z0-9_]{0,62}$/;
/** Schemas a namespace must never be: dropping one would drop what is not a projection's. */
const RESERVED = new Set([REGISTRY_SCHEMA, 'public', 'information_schema']);

/** Advisory lock keys (class, id): migrations take (MIGRATIONS, 0); a namespace's DDL (NAMESPACES, hashtext(name)). */
const LOCK_MIGRATIONS = 0x1ed9e0;
const LOCK_NAMESPACES = 0x1ed9e1;

const UNDEFINED_TABLE = '42P01';

/** Above this many distinct statement texts, further ones run unnamed (no server-side prepared statement). */
const MAX_NAMED_STATEMENTS = 500;

export interface PostgresReadModelStoreOptions {
  /** `postgres://user:password@host:port/database`, as in DATABASE_URL. */
  readonly connectionString: string;
  /** Connections in the pool; 10 by default. */
  readonly maxConnections?: number;
  /** Told when an idle pooled connection fails (server restart, network): the pool replaces it. */
  readonly onIdleError?: (error: Error) => void;
  /** The registry migrations; the default list unless a test brings one more. */
  readonly migrations?: readonly Migration[];
}

/**
 * Read models on PostgreSQL. A namespace (`participation_v2_g2`) is a schema holding the
 * projection's tables and its checkpoint row; the projection's SQL stays unqualified, because it
 * runs in a transaction whose search_path is that schema alone (set_config(…, true), i.e. SET LOCAL,
 * so no pooled connection keeps it). The registry lives in the `ledger` schema, brought to the
 * latest migration by `open()`.
 *
 * A batch goes to the server as one pipeline (pg's `pipeline` mode): BEGIN, the search_path, every
 * statement and the checkpoint are written without waiting for each answer; only when every answer
 * is in does COMMIT go, or ROLLBACK if any failed, so the batch applies whole or not at all.
 *
 * Results: bigint (count(*), sum(integer)) and numeric come back as JavaScript numbers, as SQLite
 * gives them, and refuse (rather than round) a bigint beyond 2^53.
 */
export class PostgresReadModelStore implements ReadModelStore {
  private readonly statementNames = new Map<string, string>();
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  static async open(options: string | PostgresReadModelStoreOptions): Promise<PostgresReadModelStore> {
    const { connectionString, maxConnections = 10, onIdleError, migrations = REGISTRY_MIGRATIONS } =
      typeof options === 'string' ? ({ connectionString: options } as PostgresReadModelStoreOptions) : options;
    const pool = new Pool({
      connectionString,
      max: maxConnections,
      pipeline: true,
      types: READ_MODEL_TYPES,
      connectionTimeoutMillis: 10_000,
      application_name: 'activity-ledger read models',
    });
    // Without a listener, an idle connection's error would crash the process.
    pool.on('error', (error) => onIdleError?.(error));
    const store = new PostgresReadModelStore(pool);
    try {
      await store.migrate(migrations);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void> {
    const schema = schemaOf(namespace);
    await this.transaction(namespace, [
      // Two concurrent CREATE … IF NOT EXISTS of one name can fail in PostgreSQL: one at a time.
      namespaceLock(namespace),
      { text: `CREATE SCHEMA IF NOT EXISTS ${schema}` },
      { text: 'CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)' },
      ...ddl.map((statement) => ({ text: toPostgresDdl(statement) })),
    ]);
  }

  async dropNamespace(namespace: string): Promise<void> {
    const schema = schemaOf(namespace);
    await this.transaction(namespace, [namespaceLock(namespace), { text: `DROP SCHEMA IF EXISTS ${schema} CASCADE` }]);
  }

  async applyBatch(
    namespace: string,
    statements: readonly SqlStatement[],
    checkpoint: LogPosition,
    expected?: { readonly previous: LogPosition | undefined },
  ): Promise<void> {
    schemaOf(namespace);
    const to = encodePosition(checkpoint);
    // The checkpoint goes first: its row lock makes a second writer of the namespace wait here, and
    // then find the checkpoint moved, before it has written anything.
    const move = !expected
      ? this.prepared('INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position', [to])
      : expected.previous
        ? this.prepared('UPDATE checkpoint SET position = ? WHERE id = 1 AND position = ?', [to, encodePosition(expected.previous)])
        : this.prepared('INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO NOTHING', [to]);
    // A batch of 1,000 events is some 1,500 statements: all written at once, one round trip.
    await this.transaction(namespace, [move, ...statements.map(({ sql, params }) => this.prepared(sql, params))], ([moved]) => {
      if (moved.rowCount !== 1) throw new CheckpointMovedError(namespace);
    });
  }

  async checkpoint(namespace: string): Promise<LogPosition | undefined> {
    try {
      const [row] = await this.query<{ position: string }>(namespace, 'SELECT position FROM checkpoint WHERE id = 1', []);
      return row && decodePosition(row.position);
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return undefined; // no such namespace (yet)
      throw error;
    }
  }

  async query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    schemaOf(namespace);
    const statement = { text: toPostgresPlaceholders(sql).text, values: parameters(sql, params) };
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      // A read: COMMIT can go in the same pipeline (after a failure it only ends the transaction).
      const [, , result] = await pipelined(client, [{ text: 'BEGIN' }, searchPath(namespace), statement, { text: 'COMMIT' }]);
      return result.rows as Row[];
    } catch (error) {
      broken = await rollback(client);
      throw unavailableOr(error);
    } finally {
      client.release(broken);
    }
  }

  async generations(projection: string): Promise<Generations> {
    const [, { rows }] = await this.transaction(REGISTRY_SCHEMA, [
      { text: 'INSERT INTO projection_generations (projection, generation) VALUES ($1, 1) ON CONFLICT DO NOTHING', values: [projection] },
      { text: 'SELECT generation, rebuilding FROM projection_generations WHERE projection = $1', values: [projection] },
    ]);
    return toGenerations(rows[0]);
  }

  async requestRebuild(projection: string): Promise<Generations> {
    const [, { rows }] = await this.transaction(REGISTRY_SCHEMA, [
      { text: 'INSERT INTO projection_generations (projection, generation) VALUES ($1, 1) ON CONFLICT DO NOTHING', values: [projection] },
      {
        text: `UPDATE projection_generations SET rebuilding = coalesce(rebuilding, generation + 1)
               WHERE projection = $1 RETURNING generation, rebuilding`,
        values: [projection],
      },
    ]);
    return toGenerations(rows[0]);
  }

  async completeRebuild(projection: string, generation: number): Promise<boolean> {
    const [{ rowCount }] = await this.transaction(REGISTRY_SCHEMA, [
      {
        text: 'UPDATE projection_generations SET generation = rebuilding, rebuilding = NULL WHERE projection = $1 AND rebuilding = $2',
        values: [projection, generation],
      },
    ]);
    return rowCount === 1;
  }

  async findResponse(scope: string, key: string): Promise<StoredResponse | undefined> {
    const { rows } = await this.poolQuery<{ request_hash: string; status: number; body: string }>({
      text: `SELECT request_hash, status, body FROM ${REGISTRY_SCHEMA}.idempotency_keys WHERE scope = $1 AND key = $2`,
      values: [scope, key].map(toPostgresParameter),
    });
    const row = rows[0];
    return row && { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) };
  }

  async saveResponse(scope: string, key: string, response: StoredResponse): Promise<void> {
    // The second of two racing inserts waits for the first to commit, then does nothing.
    await this.poolQuery({
      text: `INSERT INTO ${REGISTRY_SCHEMA}.idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING`,
      values: [scope, key, response.requestHash, response.status, JSON.stringify(response.body)].map(toPostgresParameter),
    });
  }

  /** What `ledger.schema_migrations` records, in version order. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    const { rows } = await this.poolQuery<{ version: number; name: string; applied_at: string }>(
      { text: `SELECT version, name, applied_at FROM ${REGISTRY_SCHEMA}.schema_migrations ORDER BY version` },
    );
    return rows.map(toAppliedMigration);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * The registry schema and its pending migrations, in one transaction under an advisory lock:
   * of two processes starting at once, the second waits, then finds nothing left to apply.
   */
  private async migrate(migrations: readonly Migration[]): Promise<void> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query({ text: 'SELECT pg_advisory_xact_lock($1, 0)', values: [LOCK_MIGRATIONS] });
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${REGISTRY_SCHEMA}`);
      await client.query(searchPath(REGISTRY_SCHEMA));
      await client.query(MIGRATIONS_TABLE);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const appliedAt = new Date().toISOString();
      for (const migration of pendingMigrations(rows.map((row) => row.version), migrations)) {
        for (const statement of migrationStatements(migration, 'postgres')) await client.query(statement);
        await client.query({ text: toPostgresPlaceholders(RECORD_APPLIED).text, values: [migration.version, migration.name, appliedAt] });
      }
      await client.query('COMMIT');
    } catch (error) {
      broken = await rollback(client);
      throw unavailableOr(error);
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs the queries in one transaction with `schema` (a namespace, or the registry) as search_path:
   * all of them pipelined, then COMMIT once every one has answered and `check` accepts their
   * results, or ROLLBACK.
   */
  private async transaction(
    schema: string,
    queries: readonly QueryConfig[],
    check?: (results: QueryResult[]) => void,
  ): Promise<QueryResult[]> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      const [, , ...results] = await pipelined(client, [{ text: 'BEGIN' }, searchPath(schema), ...queries]);
      check?.(results);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      broken = await rollback(client);
      throw unavailableOr(error);
    } finally {
      client.release(broken);
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  private async poolQuery<Row extends QueryResultRow>(query: QueryConfig): Promise<QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(query);
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  /** A projection statement as a named (server-side prepared) statement: parsed once per connection. */
  private prepared(sql: string, params: readonly unknown[]): QueryConfig {
    const values = parameters(sql, params);
    let name = this.statementNames.get(sql);
    if (name === undefined && this.statementNames.size < MAX_NAMED_STATEMENTS) {
      name = `read_model_${this.statementNames.size + 1}`;
      this.statementNames.set(sql, name);
    }
    return { name, text: toPostgresPlaceholders(sql).text, values };
  }
}

/** The namespace as a quoted schema name, or an error for a name that is not a namespace's. */
function schemaOf(namespace: string): string {
  if (!NAMESPACE.test(namespace) || RESERVED.has(namespace) || namespace.startsWith('pg_')) {
    throw new Error(`invalid read-model namespace: ${namespace}`);
  }
  return escapeIdentifier(namespace);
}

function namespaceLock(namespace: string): QueryConfig {
  return { text: 'SELECT pg_advisory_xact_lock($1, hashtext($2))', values: [LOCK_NAMESPACES, namespace] };
}

/** search_path for the rest of the transaction only (SET LOCAL); set_config takes the name as a parameter. */
function searchPath(schema: string): QueryConfig {
  return { text: "SELECT set_config('search_path', $1, true)", values: [escapeIdentifier(schema)] };
}

function parameters(sql: string, params: readonly unknown[]): unknown[] {
  const expected = toPostgresPlaceholders(sql).parameters;
  if (params.length !== expected) {
    throw new RangeError(`the statement has ${expected} placeholders but was given ${params.length} parameters: ${sql}`);
  }
  return params.map(toPostgresParameter);
}

/**
 * Writes every query without waiting for the answers, then waits for all of them; the first
 * failure (in order) is the one thrown. After a failure inside a transaction, the later queries
 * fail too ("current transaction is aborted"), which is why the first one is the cause.
 */
async function pipelined(client: PoolClient, queries: readonly QueryConfig[]): Promise<QueryResult[]> {
  const settled = await Promise.allSettled(queries.map((query) => client.query(query)));
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<QueryResult>).value);
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

const INT8 = 20;
const NUMERIC = 1700;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`read model: ${text} does not fit a JavaScript number exactly`);
  return n;
}

const READ_MODEL_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC) return Number;
    return pgTypes.getTypeParser(oid, format);
  }) as typeof pgTypes.getTypeParser,
};
