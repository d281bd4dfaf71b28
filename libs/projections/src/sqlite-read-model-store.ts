import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogPosition, decodePosition, encodePosition } from '../../event-store/src/position';
import {
  AppliedMigration,
  MIGRATIONS_TABLE,
  Migration,
  migrationStatements,
  pendingMigrations,
  RECORD_APPLIED,
  REGISTRY_MIGRATIONS,
  SELECT_APPLIED,
  toAppliedMigration,
} from './migrations';
import { BatchStep, CheckpointMovedError, Generations, GenerationsRow, ReadModelStore, runStepsSync, StoredResponse, toGenerations } from './read-model.port';

const NAMESPACE = /^[a-z][a-z0-9_]*$/;

/**
 * Read models on SQLite: a registry database (active generations, idempotency keys) and one file
 * per projection generation, holding its tables and its checkpoint, so that the checkpoint commits
 * in the same transaction as the change. synchronous=NORMAL is enough here: a process crash loses
 * nothing committed, and a power loss can only roll a file back to an earlier checkpoint together
 * with its rows, from which the projection replays.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly registry: Database.Database;
  private readonly namespaces = new Map<string, { db: Database.Database; statements: Map<string, Database.Statement> }>();

  /** Opens (creating if need be) the directory and brings its registry up to the latest migration. */
  constructor(
    private readonly directory: string,
    migrations: readonly Migration[] = REGISTRY_MIGRATIONS,
  ) {
    mkdirSync(directory, { recursive: true });
    this.registry = open(join(directory, 'registry.sqlite'));
    try {
      migrate(this.registry, migrations);
    } catch (error) {
      this.registry.close();
      throw error;
    }
  }

  /** The same as the constructor, with the shape of PostgresReadModelStore.open. */
  static async open(directory: string): Promise<SqliteReadModelStore> {
    return new SqliteReadModelStore(directory);
  }

  /** What `schema_migrations` records, in version order. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    return (this.registry.prepare(SELECT_APPLIED).all() as Array<{ version: number; name: string; applied_at: string }>).map(toAppliedMigration);
  }

  async ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void> {
    const { db } = this.namespace(namespace);
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)');
      for (const statement of ddl) db.exec(statement);
    })();
  }

  async dropNamespace(namespace: string): Promise<void> {
    assertNamespace(namespace); // the name becomes a file name: nothing outside the directory goes
    const entry = this.namespaces.get(namespace);
    entry?.db.close();
    this.namespaces.delete(namespace);
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.fileOf(namespace) + suffix, { force: true });
  }

  async applyBatch(
    namespace: string,
    steps: readonly BatchStep[],
    checkpoint: LogPosition,
    expected?: { readonly previous: LogPosition | undefined },
  ): Promise<void> {
    const { db } = this.namespace(namespace);
    db.transaction(() => {
      if (expected && this.storedCheckpoint(namespace) !== (expected.previous && encodePosition(expected.previous))) {
        throw new CheckpointMovedError(namespace);
      }
      runStepsSync(
        steps,
        ({ sql, params }) => this.statement(namespace, sql).run(...params),
        ({ sql, params }) => this.statement(namespace, sql).all(...params) as Record<string, unknown>[],
      );
      this.statement(namespace, 'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position').run(
        encodePosition(checkpoint),
      );
    }).immediate(); // IMMEDIATE: the checkpoint read and the write are one step for every process.
  }

  async checkpoint(namespace: string): Promise<LogPosition | undefined> {
    assertNamespace(namespace);
    if (!this.namespaces.has(namespace) && !existsSync(this.fileOf(namespace))) return undefined; // asking must not create it
    const stored = this.storedCheckpoint(namespace);
    return stored === undefined ? undefined : decodePosition(stored);
  }

  async query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    return this.statement(namespace, sql).all(...params) as Row[];
  }

  async generations(projection: string): Promise<Generations> {
    this.registry.prepare('INSERT INTO projection_generations (projection, generation) VALUES (?, 1) ON CONFLICT DO NOTHING').run(projection);
    const row = this.registry.prepare('SELECT generation, rebuilding FROM projection_generations WHERE projection = ?').get(projection) as GenerationsRow;
    return toGenerations(row);
  }

  async requestRebuild(projection: string): Promise<Generations> {
    await this.generations(projection);
    const row = this.registry
      .prepare('UPDATE projection_generations SET rebuilding = coalesce(rebuilding, generation + 1) WHERE projection = ? RETURNING generation, rebuilding')
      .get(projection) as GenerationsRow;
    return toGenerations(row);
  }

  async completeRebuild(projection: string, generation: number): Promise<boolean> {
    const { changes } = this.registry
      .prepare('UPDATE projection_generations SET generation = rebuilding, rebuilding = NULL WHERE projection = ? AND rebuilding = ?')
      .run(projection, generation);
    return changes === 1;
  }

  async findResponse(scope: string, key: string): Promise<StoredResponse | undefined> {
    const row = this.registry
      .prepare('SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key = ?')
      .get(scope, key) as { request_hash: string; status: number; body: string } | undefined;
    return row && { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) };
  }

  async saveResponse(scope: string, key: string, response: StoredResponse): Promise<void> {
    this.registry
      .prepare(
        'INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(scope, key, response.requestHash, response.status, JSON.stringify(response.body));
  }

  async close(): Promise<void> {
    for (const { db } of this.namespaces.values()) db.close();
    this.namespaces.clear();
    this.registry.close();
  }

  private storedCheckpoint(namespace: string): string | undefined {
    const row = this.statement(namespace, 'SELECT position FROM checkpoint WHERE id = 1').get() as { position: string } | undefined;
    return row?.position;
  }

  private namespace(namespace: string) {
    let entry = this.namespaces.get(namespace);
    if (!entry) {
      assertNamespace(namespace);
      entry = { db: open(this.fileOf(namespace)), statements: new Map() };
      this.namespaces.set(namespace, entry);
    }
    return entry;
  }

  /** Prepared once per SQL text: projections repeat a handful of statements millions of times. */
  private statement(namespace: string, sql: string): Database.Statement {
    const entry = this.namespace(namespace);
    let statement = entry.statements.get(sql);
    if (!statement) {
      statement = entry.db.prepare(sql);
      entry.statements.set(sql, statement);
    }
    return statement;
  }

  /** The file holding a namespace's tables (which may not exist yet). */
  fileOf(namespace: string): string {
    assertNamespace(namespace);
    return join(this.directory, `${namespace}.sqlite`);
  }
}

function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) throw new Error(`invalid read-model namespace: ${namespace}`);
}

/**
 * Applies the pending migrations in one IMMEDIATE transaction, so that two processes opening the
 * same directory at once do not both apply one: the second waits (busy_timeout), then finds it done.
 */
function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(MIGRATIONS_TABLE);
  db.transaction(() => {
    const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    const appliedAt = new Date().toISOString();
    for (const migration of pendingMigrations(applied, migrations)) {
      for (const statement of migrationStatements(migration, 'sqlite')) db.exec(statement);
      db.prepare(RECORD_APPLIED).run(migration.version, migration.name, appliedAt);
    }
  }).immediate();
}

function open(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
