import { escapeIdentifier, Pool } from 'pg';
import { applySchemaVersions, openPool, queryPool } from '../../projections/src/postgres-pool';
import {
  ACCESS_SCHEMA_VERSION_TABLE,
  ACCESS_SCHEMA_VERSIONS,
  ACCESS_TOKEN_COLUMNS,
  ACCESS_TOKEN_INSERT_COLUMNS,
  AccessSchemaVersion,
  AccessToken,
  AccessTokenRow,
  assertDeviceCodeRegistrable,
  assertRegistrable,
  DEVICE_CODE_COLUMNS,
  DEVICE_CODE_INSERT_COLUMNS,
  DeviceCode,
  DeviceCodeRow,
  pendingAccessSchemaVersions,
  toAccessToken,
  toDeviceCode,
  toDeviceCodeInsertParameters,
  toInsertParameters,
  TokenRegistry,
} from './token-registry.port';

/** The registry's own schema, beside the read models' `ledger`: dropping or rebuilding those never touches tokens. */
export const ACCESS_SCHEMA = 'ledger_access';

const TABLE = `${escapeIdentifier(ACCESS_SCHEMA)}.access_tokens`;
const DEVICE_CODES = `${escapeIdentifier(ACCESS_SCHEMA)}.device_codes`;

/**
 * Advisory lock key (class, id) held while the schema is created or changed; a class of its own, next
 * to the read-model store's (0x1ed9e0 migrations, 0x1ed9e1 namespaces), the projection leases'
 * (0x1ed9e2) and the contact vault's (0x1ed9e3, 0x1ed9e4), so none waits for another.
 */
const LOCK_ACCESS_SCHEMA = 0x1ed9e5;

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
 * mapping every PostgreSQL adapter shares (postgres-pool.ts), which the API already answers with 503.
 */
export class PostgresTokenRegistry implements TokenRegistry {
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  /** Connects, and creates or brings up to date the schema and its tables; safe when several processes open at once. */
  static async open(options: string | PostgresTokenRegistryOptions): Promise<PostgresTokenRegistry> {
    const { connectionString, onIdleError, versions = ACCESS_SCHEMA_VERSIONS } =
      typeof options === 'string' ? ({ connectionString: options } as PostgresTokenRegistryOptions) : options;
    const pool = await openPool({ connectionString, max: 4, application_name: 'activity-ledger access', onIdleError }, (client) =>
      applySchemaVersions(client, {
        schema: ACCESS_SCHEMA,
        lockClass: LOCK_ACCESS_SCHEMA,
        versionTable: 'access_schema_version',
        createVersionTable: ACCESS_SCHEMA_VERSION_TABLE,
        pending: (applied) => pendingAccessSchemaVersions(applied, versions),
      }),
    );
    return new PostgresTokenRegistry(pool);
  }

  async register(token: AccessToken, hash: string): Promise<boolean> {
    assertRegistrable(token, hash);
    // No conflict target: a taken id and a taken hash both insert nothing. Of two racing inserts,
    // the second waits for the first to commit, then inserts nothing.
    const { rowCount } = await queryPool(this.pool, {
      text: `INSERT INTO ${TABLE} (${ACCESS_TOKEN_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      values: toInsertParameters(token, hash),
    });
    return rowCount === 1;
  }

  async findByHash(hash: string): Promise<AccessToken | undefined> {
    const { rows } = await queryPool<AccessTokenRow>(this.pool, { text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} WHERE hash = $1`, values: [hash] });
    return rows[0] && toAccessToken(rows[0]);
  }

  async find(id: string): Promise<AccessToken | undefined> {
    const { rows } = await queryPool<AccessTokenRow>(this.pool, { text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} WHERE id = $1`, values: [id] });
    return rows[0] && toAccessToken(rows[0]);
  }

  async list(): Promise<AccessToken[]> {
    // COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's locale.
    const { rows } = await queryPool<AccessTokenRow>(this.pool, {
      text: `SELECT ${ACCESS_TOKEN_COLUMNS} FROM ${TABLE} ORDER BY created_at COLLATE "C", id COLLATE "C"`,
    });
    return rows.map(toAccessToken);
  }

  async revoke(id: string, at: string): Promise<AccessToken | undefined> {
    // A second revoker waits for the first's row lock, then re-reads the row: coalesce keeps the first time.
    const { rows } = await queryPool<AccessTokenRow>(this.pool, {
      text: `UPDATE ${TABLE} SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${ACCESS_TOKEN_COLUMNS}`,
      values: [id, at],
    });
    return rows[0] && toAccessToken(rows[0]);
  }

  async registerDeviceCode(code: DeviceCode, hash: string): Promise<boolean> {
    assertDeviceCodeRegistrable(code, hash);
    const { rowCount } = await queryPool(this.pool, {
      text: `INSERT INTO ${DEVICE_CODES} (${DEVICE_CODE_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      values: toDeviceCodeInsertParameters(code, hash),
    });
    return rowCount === 1;
  }

  async redeemDeviceCode(hash: string, at: string): Promise<DeviceCode | undefined> {
    // A concurrent redeemer waits for the first's row lock, then re-checks the row as committed:
    // used_at is set, so it updates nothing. COLLATE "C": the instants compare as SQLite compares them.
    const { rows } = await queryPool<DeviceCodeRow>(this.pool, {
      text: `UPDATE ${DEVICE_CODES} SET used_at = $2 WHERE hash = $1 AND used_at IS NULL AND expires_at COLLATE "C" > $2 RETURNING ${DEVICE_CODE_COLUMNS}`,
      values: [hash, at],
    });
    return rows[0] && toDeviceCode(rows[0]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
