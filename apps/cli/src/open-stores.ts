import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '../../../libs/event-store/src/event-store.port';
import { PostgresReadModelStore } from '../../../libs/projections/src/postgres-read-model-store';
import { ReadModelStore } from '../../../libs/projections/src/read-model.port';
import { SqliteReadModelStore } from '../../../libs/projections/src/sqlite-read-model-store';
import { openStore } from './copy-log';

/**
 * For the commands that work on a ledger's stores directly, without its API (replay, verify
 * --store): opens the log and the read models, hands both to `use`, and closes both whatever
 * happens. The log must exist: an empty one would "replay" or "verify" nothing, and succeed.
 */
export async function withLedgerStores<T>(
  urls: { readonly store: string; readonly readModels: string },
  use: (store: EventStore, readModels: ReadModelStore) => Promise<T>,
): Promise<T> {
  const store = openStore(urls.store, 'source');
  try {
    const readModels = await openReadModels(urls.readModels);
    try {
      return await use(store, readModels);
    } finally {
      await readModels.close();
    }
  } finally {
    await store.close();
  }
}

/** `sqlite:<directory>` or `postgres://...`, as the API's configuration names them. */
export async function openReadModels(url: string): Promise<ReadModelStore> {
  if (url.startsWith('sqlite:')) {
    const directory = url.slice('sqlite:'.length);
    // Opening a missing directory creates empty read models, which would read as "nothing projected".
    if (!existsSync(join(directory, 'registry.sqlite'))) throw new Error(`${url} holds no read models (no registry.sqlite)`);
    return new SqliteReadModelStore(directory);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return PostgresReadModelStore.open(url);
  throw new Error(`unknown read models ${redact(url)}: expected sqlite:<directory> or postgres://...`);
}

/** Connection strings may carry a password: never print it. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
