import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** How long a process waits for another's lock on the file before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating it and its directory if need be) a SQLite file that every API process on the
 * machine opens, such as the token registry's and the contact vault's, then runs `init` on it (its
 * tables); closes the file if anything fails.
 *
 * - busy_timeout, set at open (better-sqlite3's `timeout`) before anything else: switching to WAL,
 *   and every later writer, waits for another process's transaction instead of failing.
 * - WAL: they read while one writes.
 * - synchronous=FULL: WAL is synced at every commit, so what was acknowledged survives kill -9 and
 *   power loss (better-sqlite3 builds SQLite with WAL defaulting to NORMAL).
 *
 * `what` names the file's owner in errors ("the token registry").
 */
export function openSharedSqliteFile<T>(file: string, what: string, init: (db: Database.Database) => T): T {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    useWal(db, what);
    db.pragma('synchronous = FULL');
    return init(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Switches the file to WAL (a setting kept in the file), retrying while another process holds it:
 * on a new file, SQLite answers SQLITE_BUSY at once, without calling the busy handler, when a
 * process opening the file beside this one is in its first transaction.
 */
function useWal(db: Database.Database, what: string): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`${what} could not switch ${db.name} to WAL (journal_mode is ${String(mode)})`);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause); // open() is synchronous: a blocking pause
    }
  }
}
