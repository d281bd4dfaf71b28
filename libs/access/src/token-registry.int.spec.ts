import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, queryOnce, TestDatabase } from '../../../test/support/postgres';
import { ACCESS_SCHEMA, PostgresTokenRegistry } from './postgres-token-registry';
import { SqliteTokenRegistry } from './sqlite-token-registry';
import { describeTokenRegistryContract, TokenRegistryAdapter } from './testing/token-registry.contract';
import { hashDeviceCode } from './device-code';
import { hashToken } from './token';
import {
  ACCESS_SCHEMA_VERSION_TABLE,
  ACCESS_SCHEMA_VERSIONS,
  ACCESS_TOKEN_INSERT_COLUMNS,
  AccessSchemaVersion,
  AccessToken,
  DeviceCode,
  toInsertParameters,
} from './token-registry.port';

const sqliteTokenRegistries: TokenRegistryAdapter = {
  name: 'sqlite',
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-access-'));
    return {
      open: async () => SqliteTokenRegistry.open(join(dir, 'access.sqlite')),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const postgresTokenRegistries: TokenRegistryAdapter = {
  name: 'postgres',
  fresh: async () => {
    const database = await createTestDatabase('token-registry');
    return { open: () => PostgresTokenRegistry.open(database.url), remove: () => database.drop() };
  },
};

describeTokenRegistryContract(sqliteTokenRegistries);
describeTokenRegistryContract(postgresTokenRegistries);

const token = (id: string): AccessToken => ({
  id,
  role: 'staff',
  organizationId: 'chaowai',
  createdAt: '2024-03-01T09:00:00.000Z',
  createdBy: 'usr-admin',
});
/** The released versions and one more: what a later change to the tables looks like. */
const LATEST = ACCESS_SCHEMA_VERSIONS[ACCESS_SCHEMA_VERSIONS.length - 1].version;
const withIndex: readonly AccessSchemaVersion[] = [
  ...ACCESS_SCHEMA_VERSIONS,
  { version: LATEST + 1, name: 'tokens by creator', statements: ['CREATE INDEX IF NOT EXISTS access_tokens_by_creator ON access_tokens (created_by)'] },
];
/** The registry as the first release made it, before device codes: what a running ledger's registry is brought up from. */
const FIRST_RELEASE = ACCESS_SCHEMA_VERSIONS.filter(({ version }) => version === 1);
const RELEASED_VERSIONS = ACCESS_SCHEMA_VERSIONS.map(({ version, name }) => ({ version, name }));
const deviceCode: DeviceCode = {
  role: 'staff',
  organizationId: 'chaowai',
  validForHours: 12,
  createdAt: '2024-03-01T09:00:00.000Z',
  createdBy: 'tok-admin',
  expiresAt: '2024-03-01T09:10:00.000Z',
};

// ---------------------------------------------------------------------------------------------
// SQLite: one file shared by processes

const ROOT = resolve(__dirname, '..', '..', '..');
/** A plain node process that loads the adapter's TypeScript source (transpiled on require) and runs `body`. */
const CHILD_PRELUDE = `
  const ts = require('typescript');
  const fs = require('node:fs');
  require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText, file);
  const { SqliteTokenRegistry } = require(${JSON.stringify(join(__dirname, 'sqlite-token-registry.ts'))});
  const [file, id, hash, at] = process.argv.slice(1);
  const token = { id, role: 'staff', organizationId: null, createdAt: '2024-03-01T09:00:00.000Z', createdBy: 'usr-child' };
`;

function child(body: string, ...args: string[]): { process: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, ['-e', CHILD_PRELUDE + body, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  return { process: proc, output: () => output, exit };
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SqliteTokenRegistry', () => {
  let dir: string;
  let file: string;
  const registries: SqliteTokenRegistry[] = [];
  const open = (versions?: readonly AccessSchemaVersion[]) => {
    const registry = SqliteTokenRegistry.open(file, versions);
    registries.push(registry);
    return registry;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-access-'));
    file = join(dir, 'data', 'access.sqlite');
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inspect = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };

  it('creates its file, directory included, in WAL mode, with the access_tokens table and its schema version', async () => {
    open();
    expect(existsSync(file)).toBe(true);
    inspect((db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['access_schema_version', 'access_tokens', 'device_codes']);
      expect(db.prepare('SELECT name, "notnull" AS "notNull", pk FROM pragma_table_info(\'access_tokens\') ORDER BY cid').all()).toEqual([
        { name: 'id', notNull: 0, pk: 1 },
        { name: 'hash', notNull: 1, pk: 0 },
        { name: 'role', notNull: 1, pk: 0 },
        { name: 'organization_id', notNull: 0, pk: 0 },
        { name: 'label', notNull: 0, pk: 0 },
        { name: 'created_at', notNull: 1, pk: 0 },
        { name: 'created_by', notNull: 1, pk: 0 },
        { name: 'expires_at', notNull: 0, pk: 0 },
        { name: 'revoked_at', notNull: 0, pk: 0 },
      ]);
      expect(db.prepare('SELECT version, name FROM access_schema_version ORDER BY version').all()).toEqual(RELEASED_VERSIONS);
    });
  });

  it('stores the hash, never the secret', async () => {
    const registry = open();
    await registry.register(token('tok-1'), hashToken('ledger_the-secret'));
    inspect((db) => expect(db.prepare('SELECT hash FROM access_tokens').pluck().all()).toEqual([hashToken('ledger_the-secret')]));
  });

  it('applies a later schema version once, as an added statement, and still opens with the shorter list', async () => {
    await open().register(token('tok-1'), hashToken('one'));
    await registries.pop()!.close();
    open(withIndex);
    open(withIndex);
    const reopened = open();
    expect(await reopened.find('tok-1')).toStrictEqual(token('tok-1'));
    inspect((db) => {
      expect(db.prepare('SELECT version FROM access_schema_version ORDER BY version').pluck().all()).toEqual([...ACCESS_SCHEMA_VERSIONS.map((v) => v.version), LATEST + 1]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'access_tokens_by_creator'").pluck().all()).toHaveLength(1);
    });
  });

  it('brings a registry made before device codes up to date, keeping its tokens', async () => {
    // The file as the first release left it: written directly, as this release's class expects every table it knows.
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec(ACCESS_SCHEMA_VERSION_TABLE);
    for (const { version, name, statements } of FIRST_RELEASE) {
      for (const statement of statements) old.exec(statement);
      old.prepare('INSERT INTO access_schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(version, name, '2024-01-01T00:00:00.000Z');
    }
    old.prepare(`INSERT INTO access_tokens (${ACCESS_TOKEN_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...toInsertParameters(token('tok-1'), hashToken('one')));
    old.close();
    const upgraded = open();
    expect(await upgraded.find('tok-1')).toStrictEqual(token('tok-1'));
    expect(await upgraded.registerDeviceCode(deviceCode, hashDeviceCode('K7QM-4TZP')!)).toBe(true);
    expect(await upgraded.redeemDeviceCode(hashDeviceCode('K7QM-4TZP')!, '2024-03-01T09:05:00.000Z')).toBeDefined();
    inspect((db) => expect(db.prepare('SELECT version, name FROM access_schema_version ORDER BY version').all()).toEqual(RELEASED_VERSIONS));
  });

  it('is opened by several processes at once on a new file, each registering, none failing', async () => {
    const startAt = String(Date.now() + 1_500);
    const children = Array.from({ length: 6 }, (_, i) =>
      child(
        `const startAt = Number(process.argv[5]);
         while (Date.now() < startAt) {}
         const registry = SqliteTokenRegistry.open(file);
         registry.register(token, hash).then((ok) => registry.close().then(() => console.log(ok ? 'registered' : 'refused')));`,
        file,
        `tok-child-${i}`,
        hashToken(`child-${i}`),
        '',
        startAt,
      ),
    );
    const codes = await Promise.all(children.map((c) => c.exit));
    expect(children.map((c) => c.output().trim())).toEqual(Array(6).fill('registered'));
    expect(codes).toEqual(Array(6).fill(0));
    expect((await open().list()).map((t) => t.id)).toEqual(Array.from({ length: 6 }, (_, i) => `tok-child-${i}`));
    inspect((db) => expect(db.prepare('SELECT count(*) FROM access_schema_version').pluck().get()).toBe(ACCESS_SCHEMA_VERSIONS.length));
  }, 30_000);

  it('keeps a revocation it acknowledged when its process is killed with SIGKILL just after', async () => {
    await open().register(token('tok-doomed'), hashToken('doomed'));
    const killed = child(
      `const registry = SqliteTokenRegistry.open(file);
       registry.revoke(id, at).then((revoked) => { console.log(revoked ? 'revoked' : 'missing'); setInterval(() => {}, 1000); });`,
      file,
      'tok-doomed',
      '',
      '2024-04-01T08:00:00.000Z',
    );
    await waitFor(() => /revoked|missing|Error/.test(killed.output()), 'the child to revoke');
    killed.process.kill('SIGKILL');
    await killed.exit;
    expect(killed.output().trim()).toBe('revoked');
    // A registry opened before the kill sees it, and so does one opened after.
    expect((await registries[0].findByHash(hashToken('doomed')))?.revokedAt).toBe('2024-04-01T08:00:00.000Z');
    await registries[0].close();
    expect((await open().find('tok-doomed'))?.revokedAt).toBe('2024-04-01T08:00:00.000Z');
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one schema shared by API processes

describe('PostgresTokenRegistry', () => {
  let database: TestDatabase | undefined;
  const registries: PostgresTokenRegistry[] = [];
  const open = async (versions?: readonly AccessSchemaVersion[]) => {
    const registry = await PostgresTokenRegistry.open({ connectionString: database!.url, versions });
    registries.push(registry);
    return registry;
  };
  const catalog = <Row>(text: string, values: unknown[] = []) => queryOnce<Row>(database!.url, text, values);

  beforeEach(async () => {
    database = await createTestDatabase('token-registry-postgres');
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) await registry.close();
    await database?.drop();
    database = undefined;
  });

  it('keeps its tables in the ledger_access schema, nothing in public, and records its schema version', async () => {
    await open();
    expect(ACCESS_SCHEMA).toBe('ledger_access');
    expect(
      await catalog(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_schema IN ('ledger_access', 'public') ORDER BY 1, 2`,
      ),
    ).toEqual([
      { schema: 'ledger_access', name: 'access_schema_version' },
      { schema: 'ledger_access', name: 'access_tokens' },
      { schema: 'ledger_access', name: 'device_codes' },
    ]);
    expect(
      await catalog(
        `SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
         WHERE table_schema = 'ledger_access' AND table_name = 'access_tokens' ORDER BY ordinal_position`,
      ),
    ).toEqual(
      ['id', 'hash', 'role', 'organization_id', 'label', 'created_at', 'created_by', 'expires_at', 'revoked_at'].map((name) => ({
        name,
        type: 'text',
        nullable: ['id', 'hash', 'role', 'created_at', 'created_by'].includes(name) ? 'NO' : 'YES',
      })),
    );
    expect(await catalog('SELECT version, name FROM ledger_access.access_schema_version ORDER BY version')).toEqual(RELEASED_VERSIONS);
  });

  it('creates the schema once when several API processes start at once on a new database', async () => {
    const opened = await Promise.all(Array.from({ length: 6 }, () => open()));
    await opened[0].register(token('tok-1'), hashToken('one'));
    for (const registry of opened) expect(await registry.find('tok-1')).toStrictEqual(token('tok-1'));
    expect(await catalog('SELECT count(*)::int AS n FROM ledger_access.access_schema_version')).toEqual([{ n: ACCESS_SCHEMA_VERSIONS.length }]);
  });

  it('applies a later schema version once, even when opened with it twice at once, and still opens with the shorter list', async () => {
    await (await open()).register(token('tok-1'), hashToken('one'));
    await Promise.all([open(withIndex), open(withIndex)]);
    expect(await (await open()).find('tok-1')).toStrictEqual(token('tok-1'));
    expect(await catalog('SELECT version FROM ledger_access.access_schema_version ORDER BY version')).toEqual([...ACCESS_SCHEMA_VERSIONS, { version: LATEST + 1 }].map(({ version }) => ({ version })));
    expect(await catalog("SELECT indexname FROM pg_indexes WHERE schemaname = 'ledger_access' AND indexname = 'access_tokens_by_creator'")).toHaveLength(1);
  });

  it('brings a registry made before device codes up to date, keeping its tokens, even when two processes open it at once', async () => {
    await (await open(FIRST_RELEASE)).register(token('tok-1'), hashToken('one'));
    const [a, b] = await Promise.all([open(), open()]);
    expect(await b.find('tok-1')).toStrictEqual(token('tok-1'));
    expect(await a.registerDeviceCode(deviceCode, hashDeviceCode('K7QM-4TZP')!)).toBe(true);
    expect(await b.redeemDeviceCode(hashDeviceCode('K7QM-4TZP')!, '2024-03-01T09:05:00.000Z')).toBeDefined();
    expect(await catalog('SELECT version, name FROM ledger_access.access_schema_version ORDER BY version')).toEqual(RELEASED_VERSIONS);
  });

  it('names its tables with their schema: an access_tokens table in public does not get in the way', async () => {
    await open();
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE public.access_tokens (id TEXT)');
    } finally {
      await client.end();
    }
    const registry = await open();
    expect(await registry.register(token('tok-1'), hashToken('one'))).toBe(true);
    expect(await catalog('SELECT count(*)::int AS n FROM public.access_tokens')).toEqual([{ n: 0 }]);
    expect(await catalog('SELECT count(*)::int AS n FROM ledger_access.access_tokens')).toEqual([{ n: 1 }]);
  });

  it('rejects with ReadModelsUnavailableError when the server cannot be reached', async () => {
    const unreachable = new URL(database!.url);
    unreachable.port = '1'; // nothing listens there
    const error = await PostgresTokenRegistry.open(unreachable.toString()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ReadModelsUnavailableError');
    expect(error?.message).toMatch(/unavailable: .*ECONNREFUSED/);
  });
});
