import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresReadModelStore } from '../libs/projections/src/postgres-read-model-store';
import { ReadModelStore } from '../libs/projections/src/read-model.port';
import { SqliteReadModelStore } from '../libs/projections/src/sqlite-read-model-store';
import { postgresRawTarget, RawTarget, sqliteRawTarget } from './raw-replay';

/**
 * Where the projection bench writes read models: the embedded profile's SQLite files, or the
 * production profile's PostgreSQL. Each catch-up and each raw replay gets a place of its own, empty,
 * so that every round replays from position 0 into empty tables, and nothing is left afterwards.
 */
export interface ReadModelBackend {
  /** Names it in the log and, for query latency, in the results. */
  readonly label: string;
  /** Empty read models, as the API opens them; `release` closes them and deletes what they hold. */
  open(round: number): Promise<{ readonly readModels: ReadModelStore; release(): Promise<void> }>;
  /** The raw replay's target on the same backend. */
  raw(round: number): Promise<RawTarget>;
}

/** A new read-model directory per round, under the bench's temp directory. */
export function sqliteBackend(directory: string): ReadModelBackend {
  return {
    label: 'SQLite',
    open: async (round) => {
      const path = join(directory, `read-models-${round}`);
      const readModels = new SqliteReadModelStore(path);
      return {
        readModels,
        release: async () => {
          await readModels.close();
          rmSync(path, { recursive: true, force: true });
        },
      };
    },
    raw: async (round) => {
      const file = join(directory, `raw-${round}.sqlite`);
      const target = sqliteRawTarget(file);
      return {
        ...target,
        close: async () => {
          await target.close();
          for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
        },
      };
    },
  };
}

/**
 * PostgreSQL at `url` (a throwaway database): the read-model store with its defaults (a pool of
 * 10, pipelined batches), the namespace dropped after each round; the raw replay in a schema of
 * its own, dropped after.
 */
export function postgresBackend(url: string, namespace: string): ReadModelBackend {
  return {
    label: 'PostgreSQL',
    open: async () => {
      const readModels = await PostgresReadModelStore.open(url);
      return {
        readModels,
        release: async () => {
          try {
            await readModels.dropNamespace(namespace);
          } finally {
            await readModels.close();
          }
        },
      };
    },
    raw: (round) => postgresRawTarget(url, `bench_raw_${round}`),
  };
}
