import { escapeIdentifier, Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';
import { unavailableOr } from '../../projections/src/postgres-read-model-store';
import {
  ACCESS_SCHEMA_VERSION_TABLE,
  ACCESS_SCHEMA_VERSIONS,
  ACCESS_TOKEN_COLUMNS,
  ACCESS_TOKEN_INSERT_COLUMNS,
  AccessSchemaVersion,
  AccessToken,
  AccessTokenRow,
  assertRegistrable,
  pendingAccessSchemaVersions,
  toAccessToken,
  toInsertParameters,
  TokenRegistry,
} from './token-registry.port';

/** The registry's own schema, beside the read models' `ledger`: dropping or rebuilding those never touches tokens. */
export const ACCESS_SCHEMA = 'ledger_access';

const TABLE = `${escapeIdentifier(ACCESS_SCHEMA)}.access_tokens`;

/**
 * Advisory lock key (class, id) held while the schema is created or changed; a class of its own, next
 * to the read-model store's (0x1ed9e0 migrations, 0x1ed9e1 namespaces), so neither waits for the other.
 */
const LOCK_ACCESS_SCHEMA = 0x1ed9e2;

export interface PostgresTokenRegistryOptions {
  /** `postgres://user:password@host:port/database`, as in DATABASE_URL. */
  readonly connectionString: string;
  /** Told when an idle pooled connection fails (server restart, network): the pool replaces it. */
  readonly onIdleError?: (error: Error) => void;
  /** The schema versions; the released list unless a test brings one more. */
  readonly versions?: readonly AccessSchemaVersion[];
}

/**
 * The token registry on PostgreSQL, in the `ledger_access` schema, through a small pool of its own
 * (4 connections: a lookup per request is one indexed read, and the read models keep theirs). Every
 * statement is a single one in autocommit, so every API process sees a revocation as soon as the
 * server has committed it. Timestamps are TEXT, as on SQLite, so they come back exactly as given.
 *
 * A connection that fails (refused, reset, timed out) rejects with ReadModelsUnavailableError, the
 * mapping the read-model store uses, which the API already answers with 503.
 */
export class PostgresTokenRegistry implements TokenRegistry {
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  /** Connects, and creates or brings up to date the schema and its tables; safe when several processes open at once. */
  static async open(options: string | PostgresTokenRegistryOptions): Promise<PostgresTokenRegistry> {
    const { connectionString, onIdleError, versions = ACCESS_SCHEMA_VERSIONS } =
      typeof options === 'string' ? ({ connectionString: options } as PostgresTokenRegistryOptions) : options;
    const pool = new Pool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 10_000,
      application_name: 'activity-ledger access',
    });
    // Without a listener, an idle connection's error would crash the process.
    pool.on('error', (error) => onIdleError?.(error));
    const registry = new PostgresTokenRegistry(pool);
    try {
      await registry.migrate(versions);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return registry;
  }

  async register(token: AccessToken, hash: string): Promise<boolean> {
    assertRegistrable(token, hash);
    // No conflict target: a taken id and a taken hash both insert nothing. Of two racing inserts,
    // the second waits for the first to commit, then inserts nothing.
    const { rowCount } = await this.query({
      text: `INSERT INTO ${TABLE} (${ACCESS_TOKEN_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      values: toInsertParameters(token, hash),
    });
    return rowCount === 1;
  }

  async findByHash(hash: string): Promise<AccessToken | undefined> {
    const { rows } = await this.query<AccessTokenRow>({ text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} WHERE hash = $1`, values: [hash] });
    return rows[0] && toAccessToken(rows[0]);
  }

  async find(id: string): Promise<AccessToken | undefined> {
    const { rows } = await this.query<AccessTokenRow>({ text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} WHERE id = $1`, values: [id] });
    return rows[0] && toAccessToken(rows[0]);
  }

  async list(): Promise<AccessToken[]> {
    // COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's locale.
    const { rows } = await this.query<AccessTokenRow>({
      text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} ORDER BY created_at COLLATE "C", id COLLATE "C"`,
    });
    return rows.map(toAccessToken);
  }

  async revoke(id: string, at: string): Promise<AccessToken | undefined> {
    // A second revoker waits for the first's row lock, then re-reads the row: coalesce keeps the first time.
    const { rows } = await this.query<AccessTokenRow>({
      text: `UPDATE ${TABLE} SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${ACCESS_TOKEN_COLUMNS}`,
      values: [id, at],
    });
    return rows[0] && toAccessToken(rows[0]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * The schema and the versions not applied yet, in one transaction under an advisory lock. Two
   * concurrent CREATE … IF NOT EXISTS of one name can fail in PostgreSQL (a unique violation in the
   * catalog), so of two processes starting at once the second waits for the first to commit, then
   * finds nothing left to do.
   */
  private async migrate(versions: readonly AccessSchemaVersion[]): Promise<void> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query({ text: 'SELECT pg_advisory_xact_lock($1, 0)', values: [LOCK_ACCESS_SCHEMA] });
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(ACCESS_SCHEMA)}`);
      // SET LOCAL: the versions' unqualified names land in the schema, and no pooled connection keeps it.
      await client.query({ text: "SELECT set_config('search_path', $1, true)", values: [escapeIdentifier(ACCESS_SCHEMA)] });
      await client.query(ACCESS_SCHEMA_VERSION_TABLE);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM access_schema_version');
      const appliedAt = new Date().toISOString();
      for (const { version, name, statements } of pendingAccessSchemaVersions(rows.map((row) => row.version), versions)) {
        for (const statement of statements) await client.query(statement);
        await client.query({ text: 'INSERT INTO access_schema_version (version, name, applied_at) VALUES ($1, $2, $3)', values: [version, name, appliedAt] });
      }
      await client.query('COMMIT');
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

  private async query<Row extends QueryResultRow>(query: QueryConfig): Promise<{ rows: Row[]; rowCount: number | null }> {
    try {
      return await this.pool.query<Row>(query);
    } catch (error) {
      throw unavailableOr(error);
    }
  }
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
