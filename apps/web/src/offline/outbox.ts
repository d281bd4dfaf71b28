import { DBSchema, IDBPDatabase, openDB } from 'idb';
import { Entry } from './entries';

/**
 * The device's outbox: every entry made at the door, kept in IndexedDB until the ledger has
 * answered it, so that a lost connection, a reload or a closed tab loses nothing.
 */
interface OutboxSchema extends DBSchema {
  entries: { key: string; value: Entry; indexes: { bySeq: number } };
}

const DATABASE = 'activity-ledger';
/** Entries the ledger answered are kept a while, for the door's list and its undo, then dropped. */
const ANSWERED_KEPT = 200;

let opened: Promise<IDBPDatabase<OutboxSchema>> | undefined;
function database(): Promise<IDBPDatabase<OutboxSchema>> {
  opened ??= openDB<OutboxSchema>(DATABASE, 1, {
    upgrade(db) {
      db.createObjectStore('entries', { keyPath: 'key' }).createIndex('bySeq', 'seq');
    },
  });
  return opened;
}

const listeners = new Set<() => void>();
/** Calls `listener` whenever an entry is added or answered; returns the unsubscribe. */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const changed = () => listeners.forEach((listener) => listener());

/** Every entry, oldest first. */
export async function entries(): Promise<Entry[]> {
  return (await database()).getAllFromIndex('entries', 'bySeq');
}

type NewEntry = Omit<Entry, 'seq' | 'state' | 'key' | 'createdAt'>;

/** Keeps run one after another: each takes the sequence number after the last one kept. */
let keeping: Promise<unknown> = Promise.resolve();

/** Keeps a new entry: once this resolves, it survives a reload. */
export function keep(entry: NewEntry): Promise<Entry> {
  const kept = keeping.then(() => keepNext(entry));
  keeping = kept.catch(() => undefined);
  return kept;
}

async function keepNext(entry: NewEntry): Promise<Entry> {
  const db = await database();
  const last = await db.transaction('entries').store.index('bySeq').openCursor(null, 'prev');
  const kept: Entry = {
    ...entry,
    key: crypto.randomUUID(),
    seq: (last?.value.seq ?? 0) + 1,
    state: 'pending',
    createdAt: new Date().toISOString(),
  };
  await db.add('entries', kept);
  changed();
  return kept;
}

/** Records the ledger's answer to an entry, and drops the oldest answered entries past ANSWERED_KEPT. */
export async function settle(entry: Entry, state: 'sent' | 'refused', refusal?: string): Promise<void> {
  const db = await database();
  await db.put('entries', { ...entry, state, ...(refusal !== undefined && { refusal }) });
  const answered = (await db.getAllFromIndex('entries', 'bySeq')).filter((e) => e.state !== 'pending');
  for (const old of answered.slice(0, Math.max(0, answered.length - ANSWERED_KEPT))) await db.delete('entries', old.key);
  changed();
}
