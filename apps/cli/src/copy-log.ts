import { existsSync } from 'node:fs';
import { CopyLogResult, copyLog } from '../../../libs/event-store/src/copy-log';
import { EventStore } from '../../../libs/event-store/src/event-store.port';
import { EventStoreDbEventStore } from '../../../libs/event-store/src/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../../libs/event-store/src/sqlite-event-store';

export interface CopyLogCommand {
  /** The store to read: `sqlite:<path>`, `esdb://...` or `esdb+discover://...`. */
  readonly from: string;
  /** The store to fill, in the same forms. */
  readonly to: string;
  /** A progress line each time this many more events have been copied. Default 10,000. */
  readonly progressEvery?: number;
}

/**
 * `ledger copy-log`: opens both stores itself (no API involved), copies the log, prints progress and
 * a last line with the counts, and closes both stores whatever happens. Errors are thrown for the
 * caller to report.
 */
export async function runCopyLog(command: CopyLogCommand, print: (line: string) => void): Promise<CopyLogResult> {
  const source = openStore(command.from, 'source');
  try {
    const target = openStore(command.to, 'target');
    try {
      print(`copying the log of ${redact(command.from)} into ${redact(command.to)} ...`);
      const result = await copyLog(source, target, {
        onProgress: progressPrinter(command.progressEvery ?? 10_000, print),
      });
      print(`copied ${count(result.copied)} events (${count(result.alreadyPresent)} were already in the target)`);
      return result;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

export function openStore(url: string, role: 'source' | 'target'): EventStore {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    // Opening a missing file creates an empty log: a mistyped source would be copied, replayed or verified as empty, and succeed.
    if (role === 'source' && !existsSync(file)) throw new Error(`the source ${url} does not exist: there is no log there to read`);
    return new SqliteEventStore(file);
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) return new EventStoreDbEventStore(url);
  throw new Error(`unknown ${role} store ${redact(url)}: expected sqlite:<path>, esdb://... or esdb+discover://...`);
}

/** Prints when the count passes a multiple of `every`, and once all is copied. */
function progressPrinter(every: number, print: (line: string) => void) {
  let printed = 0;
  return (copied: number, total: number) => {
    if (Math.floor(copied / every) === Math.floor(printed / every) && copied !== total) return;
    printed = copied;
    print(`copied ${count(copied)} of ${count(total)} events`);
  };
}

/** Connection strings may carry a password (`esdb://admin:changeit@host:2113`): never print it. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
