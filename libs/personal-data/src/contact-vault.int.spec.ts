import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { PostgresContactVault, VAULT_SCHEMA } from './postgres-contact-vault';
import { SQLITE_VAULT_FILE, SqliteContactVault } from './sqlite-contact-vault';
import { ContactVaultAdapter, describeContactVaultContract } from './testing/contact-vault.contract';

const sqliteVaults: ContactVaultAdapter = {
  name: 'sqlite',
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-vault-'));
    return {
      open: (masterKey) => SqliteContactVault.open(join(dir, SQLITE_VAULT_FILE), masterKey),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** A fresh database per test on DATABASE_URL's server. */
const postgresVaults: ContactVaultAdapter = {
  name: 'postgres',
  fresh: async () => {
    const database = await createTestDatabase('contact-vault');
    return {
      open: (masterKey) => PostgresContactVault.open(database.url, masterKey),
      remove: () => database.drop(),
    };
  },
};

describeContactVaultContract(sqliteVaults);
describeContactVaultContract(postgresVaults);

/** What only SQLite has to show: the destroyed key's bytes are gone from the files on disk. */
describe('SqliteContactVault on disk', () => {
  let dir: string;
  const masterKey = randomBytes(32);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-vault-disk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Every file of the database (main, -wal, -shm) as bytes. */
  const files = () => readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
  const holding = (needle: Buffer) => files().filter(({ bytes }) => bytes.includes(needle)).map(({ name }) => name);

  it('overwrites the wrapped key and the sealed details in the .sqlite and -wal files when forgetting', async () => {
    const file = join(dir, SQLITE_VAULT_FILE);
    const vault = await SqliteContactVault.open(file, masterKey);
    const other = await SqliteContactVault.open(file, masterKey); // another process's connection, idle
    try {
      await vault.keep('p-1', 'org-a', { name: 'Aino', phone: '+358 40 123 4567' }, '2025-03-01T09:00:00.000Z');
      await vault.keep('p-2', 'org-a', { name: 'Ola' }, '2025-03-01T09:00:00.000Z');
      const inspect = new Database(file, { readonly: true });
      const { wrapped_key: wrapped } = inspect.prepare("SELECT wrapped_key FROM person_keys WHERE participant_id = 'p-1'").get() as { wrapped_key: Buffer };
      const { sealed } = inspect.prepare("SELECT sealed FROM contact_details WHERE participant_id = 'p-1'").get() as { sealed: Buffer };
      inspect.close();
      expect(wrapped.length).toBe(61);
      expect(holding(wrapped)).not.toEqual([]); // else the search below would prove nothing
      expect(holding(sealed)).not.toEqual([]);

      await vault.forget('p-1', '2025-03-02T10:00:00.000Z');

      expect(files().map(({ name }) => name)).toEqual(expect.arrayContaining([SQLITE_VAULT_FILE, `${SQLITE_VAULT_FILE}-wal`]));
      expect(holding(wrapped)).toEqual([]);
      expect(holding(sealed)).toEqual([]);
      expect(await other.read('p-2')).toMatchObject({ details: { name: 'Ola' } }); // the rest intact
    } finally {
      await vault.close();
      await other.close();
    }
  });
});

/** What only PostgreSQL has to show: its own schema, and DDL that two processes can run at once. */
describe('PostgresContactVault', () => {
  let database: TestDatabase | undefined;
  const masterKey = randomBytes(32);
  beforeEach(async () => {
    database = await createTestDatabase('contact-vault-pg');
  });
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('creates its tables in the ledger_vault schema, and several processes opening at once all succeed', async () => {
    const vaults = await Promise.all(Array.from({ length: 4 }, () => PostgresContactVault.open(database!.url, masterKey)));
    try {
      await vaults[0].keep('p-1', 'org-a', { name: 'Aino' }, '2025-03-01T09:00:00.000Z');
      expect(await vaults[3].read('p-1')).toMatchObject({ details: { name: 'Aino' } });
      const client = new Client({ connectionString: database!.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
        );
        expect(rows).toEqual(['contact_details', 'forgotten_people', 'person_keys'].map((name) => ({ schema: VAULT_SCHEMA, name })));
        const { rows: stored } = await client.query(`SELECT sealed FROM ${VAULT_SCHEMA}.contact_details`);
        expect((stored[0].sealed as Buffer).includes(Buffer.from('Aino'))).toBe(false);
      } finally {
        await client.end();
      }
    } finally {
      for (const vault of vaults) await vault.close();
    }
  });

  it('answers ReadModelsUnavailableError (503) when the server cannot be reached', async () => {
    const error = await PostgresContactVault.open('postgres://ledger:ledger@127.0.0.1:1/ledger', masterKey).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('ReadModelsUnavailableError');
  });
});
