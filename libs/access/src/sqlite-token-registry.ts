import Database from 'better-sqlite3';
import { openSharedSqliteFile } from '../../projections/src/sqlite-shared-file';
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

/**
 * The token registry in a SQLite file of its own (the API's is `<dataDir>/access.sqlite`), which
 * every API process on the machine opens: WAL lets them read while one writes, and busy_timeout
 * makes a writer wait for another's transaction instead of failing.
 *
 * synchronous=FULL, unlike the read models' NORMAL: a read model lost to a power cut is replayed from
 * the events, but a revocation lost after the API said it was done would let a token the admin
 * believes dead work again. FULL syncs the WAL at every commit, so what was acknowledged stays.
 *
 * better-sqlite3 is synchronous; the methods are async only to keep the port's shape.
 */
export class SqliteTokenRegistry implements TokenRegistry {
  private readonly insert: Database.Statement;
  private readonly byHash: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly all: Database.Statement;
  private readonly markRevoked: Database.Statement;
  private readonly insertDeviceCode: Database.Statement;
  private readonly markDeviceCodeUsed: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    // ON CONFLICT DO NOTHING with no target covers both the id and the hash: a taken one changes nothing.
    this.insert = db.prepare(`INSERT INTO access_tokens (${ACCESS_TOKEN_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    this.byHash = db.prepare(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE hash = ?`);
    this.byId = db.prepare(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE id = ?`);
    this.all = db.prepare(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens ORDER BY created_at, id`);
    // coalesce: the first revocation's time stands, in the one statement, whoever revokes again.
    this.markRevoked = db.prepare(`UPDATE access_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING ${ACCESS_TOKEN_COLUMNS}`);
    this.insertDeviceCode = db.prepare(`INSERT INTO device_codes (${DEVICE_CODE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    // Check and mark in one statement, under SQLite's one writer: a second redemption finds used_at set.
    // Text comparison orders the instants: both sides are Date#toISOString() text.
    this.markDeviceCodeUsed = db.prepare(
      `UPDATE device_codes SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND expires_at > @at RETURNING ${DEVICE_CODE_COLUMNS}`,
    );
  }

  /** Opens (creating it and its directory if need be) the registry file, and brings its tables to the latest version. */
  static open(file: string, versions: readonly AccessSchemaVersion[] = ACCESS_SCHEMA_VERSIONS): SqliteTokenRegistry {
    return openSharedSqliteFile(file, 'the token registry', (db) => {
      migrate(db, versions);
      return new SqliteTokenRegistry(db);
    });
  }

  async register(token: AccessToken, hash: string): Promise<boolean> {
    assertRegistrable(token, hash);
    return this.insert.run(...toInsertParameters(token, hash)).changes === 1;
  }

  async findByHash(hash: string): Promise<AccessToken | undefined> {
    return fromRow(this.byHash.get(hash));
  }

  async find(id: string): Promise<AccessToken | undefined> {
    return fromRow(this.byId.get(id));
  }

  async list(): Promise<AccessToken[]> {
    return (this.all.all() as AccessTokenRow[]).map(toAccessToken);
  }

  async revoke(id: string, at: string): Promise<AccessToken | undefined> {
    return fromRow(this.markRevoked.get(at, id));
  }

  async registerDeviceCode(code: DeviceCode, hash: string): Promise<boolean> {
    assertDeviceCodeRegistrable(code, hash);
    return this.insertDeviceCode.run(...toDeviceCodeInsertParameters(code, hash)).changes === 1;
  }

  async redeemDeviceCode(hash: string, at: string): Promise<DeviceCode | undefined> {
    const row = this.markDeviceCodeUsed.get({ at, hash }) as DeviceCodeRow | undefined;
    return row === undefined ? undefined : toDeviceCode(row);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: unknown): AccessToken | undefined {
  return row === undefined ? undefined : toAccessToken(row as AccessTokenRow);
}

/**
 * Applies the versions not applied yet in one IMMEDIATE transaction: of two processes opening a new
 * file at once, the second waits for the first (busy_timeout), then finds nothing left to do.
 */
function migrate(db: Database.Database, versions: readonly AccessSchemaVersion[]): void {
  db.transaction(() => {
    db.exec(ACCESS_SCHEMA_VERSION_TABLE);
    const applied = db.prepare('SELECT version FROM access_schema_version').pluck().all() as number[];
    const appliedAt = new Date().toISOString();
    for (const { version, name, statements } of pendingAccessSchemaVersions(applied, versions)) {
      for (const statement of statements) db.exec(statement);
      db.prepare('INSERT INTO access_schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(version, name, appliedAt);
    }
  }).immediate();
}
