import { randomUUID } from 'node:crypto';

/**
 * The test server's storage: an in-memory transaction log with EventStoreDB's append semantics.
 * It knows nothing of gRPC; streams-service.ts translates the wire messages to and from it.
 */

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  /** Lower-case UUID text. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface LogRecord extends ProposedEvent {
  readonly streamName: string;
  /** 0 for a stream's first event. */
  readonly revision: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  readonly created: bigint;
  readonly position: Position;
}

export type Expected =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  /** `last` is the stream's last event after the append (undefined: an empty append to no stream). */
  | { readonly kind: 'success'; readonly last?: LogRecord }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | 'no_stream' }
  /** The first event id repeats a stored append but the others do not: EventStoreDB's CorruptedIdempotency. */
  | { readonly kind: 'invalid_transaction' };

/**
 * A single node's log. Every record gets a (commit, prepare) position that grows with its size, as a
 * byte offset in EventStoreDB's transaction file does; an event written by an ordinary (implicit
 * transaction) append has commit == prepare. The log starts beyond 2^53 so that any conversion of a
 * position to a JavaScript number loses precision and shows up in tests.
 */
export class EventLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  /** Last record per (stream, event id): what EventStoreDB's idempotency check for `any` consults. */
  private readonly byId = new Map<string, LogRecord>();
  private readonly listeners = new Set<(records: readonly LogRecord[]) => void>();
  private nextPosition: bigint;

  constructor(firstPosition = 2n ** 53n + 1n) {
    this.nextPosition = firstPosition;
    // A fresh EventStoreDB already holds system events (streams and types starting with `$`).
    this.appendSystemEvent('$users', '$User', { loginName: 'admin' });
    this.appendSystemEvent('$user-admin', '$UserCreated', { loginName: 'admin', fullName: 'Administrator' });
  }

  get size(): number {
    return this.records.length;
  }

  at(index: number): LogRecord {
    return this.records[index];
  }

  stream(name: string): readonly LogRecord[] | undefined {
    return this.streams.get(name);
  }

  /** Index of the first record at or after (inclusive) / after (exclusive) a position. */
  indexFrom(position: Position, inclusive: boolean): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const c = compare(this.records[mid].position, position);
      if (c < 0 || (c === 0 && !inclusive)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Called synchronously with each append's new records, in order. */
  onAppend(listener: (records: readonly LogRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** EventStoreDB's commit check: idempotency first, then the expected version. */
  append(streamName: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? -1n : BigInt(stream.length - 1);
    const wrong = (): AppendOutcome => ({
      kind: 'wrong_expected_version',
      current: current < 0n ? 'no_stream' : current,
    });

    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      const expectedVersion = expected.kind === 'no_stream' ? -1n : expected.revision;
      if (expectedVersion > current) return wrong();
      if (expectedVersion < current) {
        // Is this a repeat of the append that took the stream from the expected version on?
        const first = Number(expectedVersion + 1n);
        if (events.length === 0 || stream[first]?.id !== events[0].id) return wrong();
        return this.repeatOutcome(stream, first, events);
      }
    } else {
      if (expected.kind === 'stream_exists' && current < 0n) return wrong();
      const first = events.length > 0 ? this.byId.get(key(streamName, events[0].id)) : undefined;
      if (first) {
        return this.repeatOutcome(stream, Number(first.revision), events);
      }
    }

    if (events.length === 0) return { kind: 'success', last: stream[stream.length - 1] };
    return { kind: 'success', last: this.write(streamName, events) };
  }

  /** What EventStoreDB itself writes now and then ($stats, $scavenges, ...): a reader must skip it. */
  appendSystemEvent(streamName = '$stats-127.0.0.1:2113', type = '$statsCollected', data: object = {}): LogRecord {
    return this.write(streamName, [
      {
        id: randomUUID(),
        type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(data)),
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  /** Success with the original result when all the events repeat those stored from `start` on. */
  private repeatOutcome(stream: readonly LogRecord[], start: number, events: readonly ProposedEvent[]): AppendOutcome {
    const repeated = events.every((e, i) => stream[start + i]?.id === e.id);
    return repeated ? { kind: 'success', last: stream[start + events.length - 1] } : { kind: 'invalid_transaction' };
  }

  private write(streamName: string, events: readonly ProposedEvent[]): LogRecord {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const created = BigInt(Date.now()) * 10_000n;
    const written: LogRecord[] = [];
    for (const event of events) {
      const position = this.nextPosition;
      // Roughly a prepare record's size: header, stream name, type, data and metadata.
      this.nextPosition +=
        BigInt(100 + streamName.length + event.type.length + event.data.length + event.customMetadata.length);
      const record: LogRecord = {
        ...event,
        streamName,
        revision: BigInt(stream.length),
        created,
        position: { commit: position, prepare: position },
      };
      stream.push(record);
      this.records.push(record);
      this.byId.set(key(streamName, event.id), record);
      written.push(record);
    }
    for (const listener of [...this.listeners]) listener(written);
    return written[written.length - 1];
  }
}

export function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function key(streamName: string, eventId: string): string {
  return `${streamName}\u0000${eventId}`;
}
