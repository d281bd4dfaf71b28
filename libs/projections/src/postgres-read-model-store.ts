import { CustomTypesConfig, escapeIdentifier, Pool, PoolClient, QueryConfig, QueryResult, types as pgTypes } from 'pg';
import { LogPosition, decodePosition, encodePosition } from '../../event-store/src/position';
import { AppliedMigration, MIGRATIONS_TABLE, Migration, migrationStatements, pendingMigrations, REGISTRY_MIGRATIONS, toAppliedMigration } from './migrations';
import { toPostgresDdl, toPostgresParameter, toPostgresPlaceholders } from './postgres-dialect';
import { applySchemaVersions, openPool, queryPool, searchPath, withConnection } from './postgres-pool';
import { BatchStep, CheckpointMovedError, Generations, pipelineSteps, ReadModelStore, SqlStatement, StoredResponse, toGenerations } from './read-model.port';

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
 * Read models on PostgreSQL. A namespace (`participation_v6_g2`) is a schema holding the
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
    const pool = await openPool(
      { connectionString, max: maxConnections, pipeline: true, types: READ_MODEL_TYPES, application_name: 'activity-ledger read models', onIdleError },
      // The registry schema and its pending migrations, each as its PostgreSQL variant where it has one.
      (client) =>
        applySchemaVersions(client, {
          schema: REGISTRY_SCHEMA,
          lockClass: LOCK_MIGRATIONS,
          versionTable: 'schema_migrations',
          createVersionTable: MIGRATIONS_TABLE,
          pending: (applied) =>
            pendingMigrations(applied, migrations).map((migration) => ({
              version: migration.version,
              name: migration.name,
              statements: migrationStatements(migration, 'postgres'),
            })),
        }),
    );
    return new PostgresReadModelStore(pool);
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
    steps: readonly BatchStep[],
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
    const prepare = ({ sql, params }: SqlStatement) => this.prepared(sql, params);
    await withConnection(this.pool, async (client) => {
      // A batch of 1,000 events is some 1,500 statements: written at once, one round trip, up to
      // each read whose answer the next writes need (a ReadThenWrite), which ends a round trip.
      let opening: QueryConfig[] = [{ text: 'BEGIN' }, searchPath(namespace), move];
      const roundTrip = async (writes: readonly SqlStatement[], reads: readonly SqlStatement[]) => {
        const results = await pipelined(client, [...opening, ...writes.map(prepare), ...reads.map(prepare)]);
        if (opening.length > 0 && results[2].rowCount !== 1) throw new CheckpointMovedError(namespace);
        opening = [];
        return results.slice(results.length - reads.length).map((result) => result.rows as Record<string, unknown>[]);
      };
      await roundTrip(await pipelineSteps(steps, roundTrip), []);
      await client.query('COMMIT');
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
    return withConnection(this.pool, async (client) => {
      // A read: COMMIT can go in the same pipeline (after a failure it only ends the transaction).
      const [, , result] = await pipelined(client, [{ text: 'BEGIN' }, searchPath(namespace), statement, { text: 'COMMIT' }]);
      return result.rows as Row[];
    });
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
    const { rows } = await queryPool<{ request_hash: string; status: number; body: string }>(this.pool, {
      text: `SELECT request_hash, status, body FROM ${REGISTRY_SCHEMA}.idempotency_keys WHERE scope = $1 AND key = $2`,
      values: [scope, key].map(toPostgresParameter),
    });
    const row = rows[0];
    return row && { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) };
  }

  async saveResponse(scope: string, key: string, response: StoredResponse): Promise<void> {
    // The second of two racing inserts waits for the first to commit, then does nothing.
    await queryPool(this.pool, {
      text: `INSERT INTO ${REGISTRY_SCHEMA}.idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING`,
      values: [scope, key, response.requestHash, response.status, JSON.stringify(response.body)].map(toPostgresParameter),
    });
  }

  /** What `ledger.schema_migrations` records, in version order. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    const { rows } = await queryPool<{ version: number; name: string; applied_at: string }>(this.pool, {
      text: `SELECT version, name, applied_at FROM ${REGISTRY_SCHEMA}.schema_migrations ORDER BY version`,
    });
    return rows.map(toAppliedMigration);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Runs the queries in one transaction with `schema` (a namespace, or the registry) as search_path:
   * all of them pipelined, then COMMIT once every one has answered and `check` accepts their
   * results, or ROLLBACK.
   */
  private transaction(
    schema: string,
    queries: readonly QueryConfig[],
    check?: (results: QueryResult[]) => void,
  ): Promise<QueryResult[]> {
    return withConnection(this.pool, async (client) => {
      const [, , ...results] = await pipelined(client, [{ text: 'BEGIN' }, searchPath(schema), ...queries]);
      check?.(results);
      await client.query('COMMIT');
      return results;
    });
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
