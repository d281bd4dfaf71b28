import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogPosition, decodePosition, encodePosition } from '../../event-store/src/position';
import { ReadModelStore, SqlStatement, StoredResponse } from './read-model.port';

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

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
    this.registry = open(join(directory, 'registry.sqlite'));
    this.registry.exec(`
      CREATE TABLE IF NOT EXISTS projection_generations (projection TEXT PRIMARY KEY, generation INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
        status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, key));`);
  }

  async ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void> {
    const { db } = this.namespace(namespace);
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)');
      for (const statement of ddl) db.exec(statement);
    })();
  }

  async dropNamespace(namespace: string): Promise<void> {
    const entry = this.namespaces.get(namespace);
    entry?.db.close();
    this.namespaces.delete(namespace);
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.file(namespace) + suffix, { force: true });
  }

  async applyBatch(namespace: string, statements: readonly SqlStatement[], checkpoint: LogPosition): Promise<void> {
    const { db } = this.namespace(namespace);
    db.transaction(() => {
      for (const { sql, params } of statements) this.statement(namespace, sql).run(...params);
      this.statement(namespace, 'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position').run(
        encodePosition(checkpoint),
      );
    })();
  }

  async checkpoint(namespace: string): Promise<LogPosition | undefined> {
    const row = this.statement(namespace, 'SELECT position FROM checkpoint WHERE id = 1').get() as
      | { position: string }
      | undefined;
    return row && decodePosition(row.position);
  }

  async query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    return this.statement(namespace, sql).all(...params) as Row[];
  }

  async activeGeneration(projection: string): Promise<number | undefined> {
    const row = this.registry.prepare('SELECT generation FROM projection_generations WHERE projection = ?').get(projection) as
      | { generation: number }
      | undefined;
    return row?.generation;
  }

  async setActiveGeneration(projection: string, generation: number): Promise<void> {
    this.registry
      .prepare(
        'INSERT INTO projection_generations (projection, generation) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation',
      )
      .run(projection, generation);
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

  private namespace(namespace: string) {
    let entry = this.namespaces.get(namespace);
    if (!entry) {
      if (!NAMESPACE.test(namespace)) throw new Error(`invalid read-model namespace: ${namespace}`);
      entry = { db: open(this.file(namespace)), statements: new Map() };
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

  private file(namespace: string): string {
    return join(this.directory, `${namespace}.sqlite`);
  }
}

function open(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
