import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/support/postgres';
import { AppliedMigration, Migration } from '../migrations';
import { PostgresReadModelStore } from '../postgres-read-model-store';
import { ReadModelStore } from '../read-model.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store';

/** A store as the tests open it: the port, plus what the migrations recorded. */
export type TestReadModelStore = ReadModelStore & { appliedMigrations(): Promise<AppliedMigration[]> };

/** Where one test's read models live (a directory, a database): empty at first, removed after. */
export interface ReadModelPlace {
  /** Opens a store on this place; again after close() to see what a restart sees. */
  open(migrations?: readonly Migration[]): Promise<TestReadModelStore>;
  remove(): Promise<void>;
}

export interface ReadModelAdapter {
  readonly name: 'sqlite' | 'postgres';
  fresh(): Promise<ReadModelPlace>;
}

export const sqliteReadModels: ReadModelAdapter = {
  name: 'sqlite',
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-read-models-'));
    return {
      open: async (migrations) => new SqliteReadModelStore(dir, migrations),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** A fresh database per place on DATABASE_URL's server; `label` (the test file) names it. */
export function postgresReadModels(label: string): ReadModelAdapter {
  return {
    name: 'postgres',
    fresh: async () => {
      const database = await createTestDatabase(label);
      return {
        open: (migrations) => PostgresReadModelStore.open({ connectionString: database.url, migrations }),
        remove: () => database.drop(),
      };
    },
  };
}

/** Both adapters, for `describe.each(readModelAdapters('my-file'))('… on $name', (adapter) => …)`. */
export function readModelAdapters(label: string): ReadModelAdapter[] {
  return [sqliteReadModels, postgresReadModels(label)];
}
