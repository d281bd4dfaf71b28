import { LogPosition } from './position';
import { StoredEvent } from './event-store.port';

/** Wakes waiting subscribers when the log grows; a poll interval covers writers in other processes. */
export class AppendSignal {
  private waiters = new Set<() => void>();
  /** Counts notifications, so a reader can tell whether anything was appended since it looked. */
  private version = 0;

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next append after `seen` (at once if one happened already), on timeout, or on abort. */
  wait(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.version !== seen || signal?.aborted) return Promise.resolve();
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
    const seen = appended.current;
    const page = await readPage(after, pageSize);
    for (const event of page) {
      if (signal?.aborted) return;
      yield event;
      after = event.position;
    }
    if (page.length < pageSize) await appended.wait(seen, args.pollMs ?? 500, signal);
  }
}
