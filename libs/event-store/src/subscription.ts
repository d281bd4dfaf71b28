import { LogPosition } from './position';
import { StoredEvent } from './event-store.port';

/** Wakes waiting subscribers when the log grows; a poll interval covers writers in other processes. */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

/**
 * Catch-up, then live, for stores that can read their log in pages: read pages after the last
 * delivered position until one comes back short, then wait for an append (or the poll interval).
 */
export async function* pagedSubscription(args: {
  readPage: (after: LogPosition | undefined, limit: number) => Promise<StoredEvent[]>;
  appended: AppendSignal;
  after?: LogPosition;
  signal?: AbortSignal;
  pageSize?: number;
  pollMs?: number;
}): AsyncGenerator<StoredEvent> {
  const { readPage, appended, signal } = args;
  const pageSize = args.pageSize ?? 1000;
  let after = args.after;
  while (!signal?.aborted) {
    const waitForAppend = appended.wait(args.pollMs ?? 500, signal);
    const page = await readPage(after, pageSize);
    for (const event of page) {
      if (signal?.aborted) return;
      yield event;
      after = event.position;
    }
    if (page.length < pageSize) await waitForAppend;
  }
}
