import { planAppend } from './append-rules';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from './event-store.port';
import { LogPosition, positionAt } from './position';
import { AppendSignal, pagedSubscription } from './subscription';

/** The whole log in an array: for unit tests and as the reference the contract suite describes. */
export class MemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly appended = new AppendSignal();

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const stream = this.streams.get(streamName) ?? [];
    const plan = planAppend({
      streamName,
      events,
      expected: options.expectedRevision,
      current: stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1),
      findStored: (id) => this.byId.get(id),
    });
    if (plan.kind === 'repeat') return plan.original;

    let last: StoredEvent | undefined;
    events.forEach((event, i) => {
      last = {
        ...structuredClone(event),
        streamName,
        revision: plan.firstRevision + BigInt(i),
        position: positionAt(BigInt(this.log.length + 1)),
      };
      this.log.push(last);
      stream.push(last);
      this.byId.set(last.id, last);
    });
    this.streams.set(streamName, stream);
    this.appended.notify();
    return { nextExpectedRevision: last!.revision, position: last!.position };
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    const stream = this.streams.get(streamName) ?? [];
    const from = Number(options.fromRevision ?? 0n);
    yield* stream.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    yield* this.page(options.after, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return pagedSubscription({
      readPage: async (after, limit) => this.page(after, limit),
      appended: this.appended,
      after: options.after,
      signal: options.signal,
    });
  }

  async headPosition(): Promise<LogPosition | undefined> {
    return this.log.at(-1)?.position;
  }

  async countEventsAfter(position?: LogPosition): Promise<number> {
    return this.log.length - this.indexAfter(position);
  }

  async close(): Promise<void> {
    this.appended.notify();
  }

  private page(after: LogPosition | undefined, limit: number): StoredEvent[] {
    const start = this.indexAfter(after);
    return this.log.slice(start, start + limit);
  }

  /** Positions are 1-based sequence numbers here, so the event after `n` sits at index `n`. */
  private indexAfter(position: LogPosition | undefined): number {
    return position === undefined ? 0 : Math.min(Number(position.commit), this.log.length);
  }
}
