import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from './sqlite-read-model-store';
import { sqliteReadModels } from './testing/read-model-adapters';
import { describeReadModelContract } from './testing/read-model.contract';

describeReadModelContract(sqliteReadModels);

describe('SqliteReadModelStore', () => {
  it('takes over a registry made before migrations, keeping its rows and recording the migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-read-models-'));
    try {
      const old = new Database(join(dir, 'registry.sqlite'));
      old.exec(`
        CREATE TABLE projection_generations (projection TEXT PRIMARY KEY, generation INTEGER NOT NULL);
        CREATE TABLE idempotency_keys (
          scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
          status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, key));
        INSERT INTO projection_generations VALUES ('participation_v2', 3);
        INSERT INTO idempotency_keys VALUES ('POST /meals', 'k', 'h', 201, '{"id":"m"}');`);
      old.close();

      const store = new SqliteReadModelStore(dir);
      try {
        expect(await store.generations('participation_v2')).toEqual({ active: 3 });
        expect(await store.findResponse('POST /meals', 'k')).toEqual({ requestHash: 'h', status: 201, body: { id: 'm' } });
        expect((await store.appliedMigrations()).map((m) => m.version)).toEqual([1, 2, 3]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
