import { createTestDatabase, queryOnce, TestDatabase } from '../../../test/support/postgres';
import { LogPosition } from '../../event-store/src/position';
import { REGISTRY_MIGRATIONS } from './migrations';
import { PostgresReadModelStore, REGISTRY_SCHEMA } from './postgres-read-model-store';
import { sql } from './projection';
import { postgresReadModels } from './testing/read-model-adapters';
import { describeReadModelContract } from './testing/read-model.contract';

describeReadModelContract(postgresReadModels('read-model-contract'));

/** What only PostgreSQL has: schemas as namespaces, a pool of connections, the registry schema. */
describe('PostgresReadModelStore', () => {
  let database: TestDatabase | undefined;
  let store: PostgresReadModelStore | undefined;
  const at = (n: bigint): LogPosition => ({ commit: n, prepare: n });

  beforeEach(async () => {
    database = await createTestDatabase('read-model-postgres');
  });
  afterEach(async () => {
    await store?.close();
    await database?.drop();
    [store, database] = [undefined, undefined];
  });

  /** One connection, so every call runs on the connection the one before used. */
  const openOnOneConnection = async () =>
    (store = await PostgresReadModelStore.open({ connectionString: database!.url, maxConnections: 1 }));
  const catalog = <Row>(text: string, values: unknown[] = []) => queryOnce<Row>(database!.url, text, values);

  it('keeps the registry and its migrations in the ledger schema, and each namespace in a schema of its own', async () => {
    const readModels = await openOnOneConnection();
    await readModels.ensureNamespace('things_g1', ['CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)']);
    const tables = await catalog<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema IN ($1, 'things_g1', 'public') ORDER BY 1, 2`,
      [REGISTRY_SCHEMA],
    );
    expect(tables).toEqual([
      { schema: 'ledger', name: 'idempotency_keys' },
      { schema: 'ledger', name: 'projection_generations' },
      { schema: 'ledger', name: 'schema_migrations' },
      { schema: 'things_g1', name: 'checkpoint' },
      { schema: 'things_g1', name: 'things' },
    ]);
    expect(await catalog('SELECT version, name FROM ledger.schema_migrations ORDER BY version')).toEqual([
      { version: 1, name: 'projection generations' },
      { version: 2, name: 'idempotency keys' },
      { version: 3, name: 'rebuilding generation' },
    ]);
    await readModels.dropNamespace('things_g1');
    expect(await catalog("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'things_g1'")).toEqual([]);
  });

  it('refuses namespaces that would name the registry or a system schema', async () => {
    const readModels = await openOnOneConnection();
    for (const reserved of ['ledger', 'public', 'information_schema', 'pg_catalog', 'pg_toast', 'a'.repeat(64)]) {
      await expect(readModels.ensureNamespace(reserved, [])).rejects.toThrow(/invalid read-model namespace/);
      await expect(readModels.dropNamespace(reserved)).rejects.toThrow(/invalid read-model namespace/);
    }
    expect(await readModels.appliedMigrations()).toHaveLength(REGISTRY_MIGRATIONS.length);
  });

  it('sets search_path for one transaction only: a connection does not carry one namespace into the next', async () => {
    const readModels = await openOnOneConnection();
    await readModels.ensureNamespace('only_a_g1', ['CREATE TABLE IF NOT EXISTS only_a (id TEXT PRIMARY KEY)']);
    await readModels.ensureNamespace('other_g1', []);
    await readModels.applyBatch('only_a_g1', [sql('INSERT INTO only_a (id) VALUES (?)', 'x')], at(1n));
    expect(await readModels.query('only_a_g1', 'SELECT id FROM only_a', [])).toEqual([{ id: 'x' }]);
    await expect(readModels.query('other_g1', 'SELECT id FROM only_a', [])).rejects.toThrow(/only_a/);
    await expect(readModels.generations('anything')).resolves.toEqual({ active: 1 });
  });

  it('runs a statement prepared in one namespace in the namespace of each batch that uses it', async () => {
    const readModels = await openOnOneConnection();
    const ddl = ['CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)'];
    await readModels.ensureNamespace('things_g1', ddl);
    await readModels.ensureNamespace('things_g2', ddl);
    const insert = (id: string) => sql('INSERT INTO things (id) VALUES (?)', id);
    await readModels.applyBatch('things_g1', [insert('one-a')], at(1n));
    await readModels.applyBatch('things_g2', [insert('two-a')], at(1n));
    await readModels.applyBatch('things_g1', [insert('one-b')], at(2n));
    await readModels.dropNamespace('things_g2');
    await readModels.ensureNamespace('things_g2', ddl);
    await readModels.applyBatch('things_g2', [insert('two-b')], at(2n));
    expect(await readModels.query('things_g1', 'SELECT id FROM things ORDER BY id', [])).toEqual([{ id: 'one-a' }, { id: 'one-b' }]);
    expect(await readModels.query('things_g2', 'SELECT id FROM things ORDER BY id', [])).toEqual([{ id: 'two-b' }]);
  });

  it('prepares a statement first met after a failure in its batch when it comes again', async () => {
    const readModels = await openOnOneConnection();
    await readModels.ensureNamespace('things_g1', ['CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY, n INTEGER)']);
    const insert = (id: string) => sql('INSERT INTO things (id) VALUES (?)', id);
    const late = (id: string, n: number) => sql('UPDATE things SET n = ? WHERE id = ?', n, id);
    await readModels.applyBatch('things_g1', [insert('a')], at(1n));
    await expect(readModels.applyBatch('things_g1', [insert('a'), late('a', 5)], at(2n))).rejects.toThrow(/duplicate key/);
    await readModels.applyBatch('things_g1', [insert('b'), late('a', 7), late('b', 8)], at(3n));
    expect(await readModels.query('things_g1', 'SELECT id, n FROM things ORDER BY id', [])).toEqual([
      { id: 'a', n: 7 },
      { id: 'b', n: 8 },
    ]);
    expect(await readModels.checkpoint('things_g1')).toEqual(at(3n));
  });

  it('reports the statement that failed, not the ones aborted after it', async () => {
    const readModels = await openOnOneConnection();
    await readModels.ensureNamespace('things_g1', ['CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)']);
    const statements = [sql('INSERT INTO things (id) VALUES (?)', 'a'), sql('INSERT INTO no_such_table (id) VALUES (?)', 'b')];
    for (let i = 0; i < 50; i++) statements.push(sql('INSERT INTO things (id) VALUES (?)', `c${i}`));
    await expect(readModels.applyBatch('things_g1', statements, at(1n))).rejects.toThrow(/no_such_table/);
  });

  it('fails to open, saying why, when the server is not there', async () => {
    const url = new URL(database!.url);
    url.port = '1';
    await expect(PostgresReadModelStore.open(url.toString())).rejects.toThrow(/ECONNREFUSED/);
  });
});
