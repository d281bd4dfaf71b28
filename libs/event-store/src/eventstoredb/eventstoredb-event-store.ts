/**
 * The EventStore port over EventStoreDB (gRPC, @eventstore/db-client). This is the only file that
 * touches the client: moving to @kurrent/kurrentdb-client is a change of this file alone (note that
 * its append option is `streamState`, not `expectedRevision`, and its error names the states).
 */
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  InvalidTransactionError,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  convertToCommandError,
  isCommandError,
  jsonEvent,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventData,
  JSONType,
  RecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventIdConflictError,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoreUnavailableError,
  StoredEvent,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { LogPosition, comparePositions } from '../position';

export interface EventStoreDbEventStoreOptions {
  /** Events per request when reading `$all` in pages (readAll, countEventsAfter). Default 500. */
  readonly pageSize?: number;
  /** Backoff of a subscription that lost its connection: first delay, doubling up to the maximum. */
  readonly reconnectDelayMs?: { readonly initial: number; readonly max: number };
}

type Recorded = RecordedEvent & { readonly position: LogPosition };

/** Command error kinds that mean "the server could not be reached or dropped the call". */
const UNAVAILABLE_KINDS: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly closing = new AbortController();
  /** Calls being read, so that close() can stop those whose consumer went away without finishing. */
  private readonly readers = new Set<{ close(): Promise<void> }>();
  private readonly pageSize: number;
  private readonly reconnectDelayMs: { readonly initial: number; readonly max: number };

  /** @param connectionString e.g. `esdb://localhost:2113?tls=false` */
  constructor(connectionString: string, options: EventStoreDbEventStoreOptions = {}) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.pageSize = options.pageSize ?? 500;
    this.reconnectDelayMs = options.reconnectDelayMs ?? { initial: 100, max: 3000 };
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const expected = options.expectedRevision;
    return this.unavailableOnConnectionLoss(async () => {
      // EventStoreDB only recognises an exact repeat of an append; the port also rejects an append
      // that repeats some stored ids but not all. Both are found by looking in the stream first.
      const repeat = await this.storedRepeat(streamName, events);
      if (repeat) return repeat;
      try {
        const result = await this.client.appendToStream(streamName, events.map(toEventData), {
          expectedRevision: expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : expected,
        });
        if (!result.position) throw new Error(`EventStoreDB answered an append to ${streamName} without a position`);
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          position: { commit: result.position.commit, prepare: result.position.prepare },
        };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          throw new WrongExpectedRevisionError(streamName, expected, error.actualVersion);
        }
        // A concurrent repeat of only part of a stored append (EventStoreDB's corrupted idempotency).
        if (error instanceof InvalidTransactionError) throw new EventIdConflictError(streamName, events[0].id);
        throw error;
      }
    });
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    for await (const event of this.streamEvents(streamName, options)) yield toStoredEvent(event);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    for await (const event of this.userEventsAfter(options.after)) {
      yield toStoredEvent(event);
      if (--remaining <= 0) return;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return this.subscription(options.after, options.signal);
  }

  async headPosition(): Promise<LogPosition | undefined> {
    return this.unavailableOnConnectionLoss(async () => {
      // Backwards from the end, past any system events, to the last user event.
      const pageSize = 32;
      let before: LogPosition | undefined;
      for (;;) {
        let read = 0;
        let last: LogPosition | undefined;
        const page = () =>
          this.client.readAll({ fromPosition: before ?? END, direction: BACKWARDS, maxCount: pageSize });
        for await (const { event } of this.reading(page)) {
          read++;
          if (!event) continue;
          const position = positionOf(event);
          // A backwards read from a position may or may not include it: skip it either way.
          if (before && comparePositions(position, before) >= 0) continue;
          last = position;
          if (!isSystemEvent(event)) return position;
        }
        if (read < pageSize || !last) return undefined;
        before = last;
      }
    });
  }

  async countEventsAfter(position?: LogPosition): Promise<number> {
    let count = 0;
    for await (const _ of this.userEventsAfter(position)) count++;
    return count;
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await Promise.all([...this.readers].map((reader) => this.release(reader)));
    await this.client.dispose();
  }

  // ------------------------------------------------------------------ reads

  /** The stream's events, nothing when it does not exist. */
  private async *streamEvents(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<Recorded> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0) return;
    const read = () => this.client.readStream(streamName, { fromRevision: options.fromRevision ?? START, maxCount });
    try {
      for await (const { event } of this.reading(read)) {
        if (event) yield withPosition(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  /**
   * User events strictly after a position, in pages. EventStoreDB's read of `$all` from a position
   * includes the event at it, so that one is skipped; system events are skipped too.
   */
  private async *userEventsAfter(after: LogPosition | undefined): AsyncGenerator<Recorded> {
    let cursor = after;
    for (;;) {
      // One more than a page when reading from an event already delivered.
      const maxCount = this.pageSize + (cursor ? 1 : 0);
      let read = 0;
      let last: LogPosition | undefined;
      const page = () => this.client.readAll({ fromPosition: cursor ?? START, direction: FORWARDS, maxCount });
      for await (const { event } of this.reading(page)) {
        read++;
        if (!event) continue;
        const position = positionOf(event);
        if (cursor && comparePositions(position, cursor) <= 0) continue;
        last = position;
        if (!isSystemEvent(event)) yield withPosition(event);
      }
      if (read < maxCount || !last) return;
      cursor = last;
    }
  }

  /**
   * Iterates one streaming read, mapping connection failures to StoreUnavailableError and
   * cancelling the call when the consumer stops early.
   */
  private async *reading<E>(open: () => StreamingRead<E>): AsyncGenerator<E> {
    this.assertOpen();
    const stream = open();
    const reader = this.track(new CallReader<E>(stream, () => stream.cancel()));
    try {
      for (;;) {
        const event = await reader.next();
        if (event === undefined) return;
        yield event;
      }
    } catch (error) {
      throw this.unavailableOr(error);
    } finally {
      await this.release(reader);
    }
  }

  private track<E>(reader: CallReader<E>): CallReader<E> {
    this.readers.add(reader);
    return reader;
  }

  private async release(reader: { close(): Promise<void> }): Promise<void> {
    this.readers.delete(reader);
    await reader.close();
  }

  // ------------------------------------------------------------------ subscription

  /**
   * Catch-up then live, resumed from the last position seen (with backoff) whenever the connection
   * drops; it ends only on abort (or close) and throws only for errors a retry cannot cure.
   */
  private async *subscription(after: LogPosition | undefined, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
    const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    let last = after;
    let failures = 0;
    while (!stop.aborted) {
      const subscription: AllStreamSubscription = this.client.subscribeToAll({ fromPosition: last ?? START });
      subscription.on('confirmation', () => (failures = 0));
      const reader = this.track(new CallReader<AllStreamResolvedEvent>(subscription, () => subscription.unsubscribe()));
      try {
        for (;;) {
          // Undefined on abort, or if the server ended the call (then subscribe again).
          const resolved = await reader.next(stop);
          if (!resolved) break;
          const { event } = resolved;
          if (!event) continue;
          last = positionOf(event);
          if (isSystemEvent(event)) continue;
          yield toStoredEvent(withPosition(event));
          if (stop.aborted) return;
        }
      } catch (error) {
        if (!isConnectionLoss(error, true)) throw unavailableOr(error);
      } finally {
        await this.release(reader);
      }
      if (stop.aborted) return;
      const delay = Math.min(this.reconnectDelayMs.initial * 2 ** failures, this.reconnectDelayMs.max);
      failures++;
      await sleep(delay, stop);
    }
  }

  // ------------------------------------------------------------------ appends

  /**
   * The original result when every event id is already stored, in order, in this stream; an
   * EventIdConflictError when only some are; undefined when none is.
   */
  private async storedRepeat(streamName: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const wanted = new Map(events.map((event, i) => [event.id.toLowerCase(), i]));
    const stored: Array<Recorded | undefined> = new Array(events.length);
    let any = false;
    for await (const event of this.streamEvents(streamName)) {
      const i = wanted.get(event.id.toLowerCase());
      if (i === undefined) continue;
      stored[i] = event;
      any = true;
    }
    if (!any) return undefined;
    const first = stored[0];
    for (let i = 0; i < events.length; i++) {
      if (!first || stored[i]?.revision !== first.revision + BigInt(i)) {
        throw new EventIdConflictError(streamName, events[first ? i : stored.findIndex(Boolean)].id);
      }
    }
    const last = stored[events.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async unavailableOnConnectionLoss<T>(action: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await action();
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  /** A connection failure, or any failure of a call that close() cut short, as StoreUnavailableError. */
  private unavailableOr(error: unknown): unknown {
    if (this.closing.signal.aborted && isClientError(error)) {
      return new StoreUnavailableError('the event store is closed', { cause: error });
    }
    return unavailableOr(error);
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new StoreUnavailableError('the event store is closed');
  }
}

// -------------------------------------------------------------------- mapping

function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    // EventStoreDB's own conventions, which its projections and UI understand, next to the port's.
    metadata: {
      ...event.metadata,
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
    },
  });
}

function toStoredEvent(event: Recorded): StoredEvent {
  return {
    id: event.id,
    type: event.type,
    data: decodeData(event),
    metadata: decodeMetadata(event.metadata),
    streamName: event.streamId,
    revision: event.revision,
    position: event.position,
  };
}

function decodeData(event: Recorded): Readonly<Record<string, unknown>> {
  const data: unknown =
    event.data instanceof Uint8Array ? parseJson(Buffer.from(event.data).toString('utf8')) : event.data;
  if (typeof data !== 'object' || data === null) {
    throw new Error(`event ${event.id} in ${event.streamId} does not hold a JSON object`);
  }
  return data as Readonly<Record<string, unknown>>;
}

function decodeMetadata(raw: unknown): EventMetadata {
  const m = (raw instanceof Uint8Array ? parseJson(Buffer.from(raw).toString('utf8')) : raw) ?? {};
  const fields = (typeof m === 'object' ? m : {}) as Record<string, unknown>;
  return {
    actor: fields.actor,
    correlationId: fields.correlationId ?? fields.$correlationId,
    causationId: fields.causationId ?? fields.$causationId,
    recordedAt: fields.recordedAt,
    schemaVersion: fields.schemaVersion,
    ...(fields.contentHash !== undefined && { contentHash: fields.contentHash }),
  } as EventMetadata;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** EventStoreDB's own events: system streams (`$...`) and system event types (`$...`, links `$>`). */
function isSystemEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function positionOf(event: RecordedEvent): LogPosition {
  if (!event.position) throw new Error(`EventStoreDB sent event ${event.id} without its position`);
  return { commit: event.position.commit, prepare: event.position.prepare };
}

function withPosition(event: RecordedEvent): Recorded {
  return Object.assign(event, { position: positionOf(event) });
}

// -------------------------------------------------------------------- errors

/**
 * Whether an error means the server was unreachable or dropped the call. A subscription also
 * retries `unknown` errors: a server going down can reset a stream with a status the client does
 * not name.
 */
function isConnectionLoss(error: unknown, lenient = false): boolean {
  if (!isClientError(error)) return false;
  const converted = convertToCommandError(error as Error);
  if (!isCommandError(converted)) return false;
  return UNAVAILABLE_KINDS.has(converted.type) || (lenient && converted.type === ErrorType.UNKNOWN);
}

function isClientError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && isCommandError(convertToCommandError(error as Error));
}

function unavailableOr(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionLoss(error)) return error;
  return new StoreUnavailableError(`EventStoreDB is unavailable: ${(error as Error).message}`, { cause: error });
}

/**
 * Reads one call of the client (a read or a subscription, both object-mode streams) with
 * backpressure. close() cancels the call if it is still running and lets whatever it already
 * received drain away: a call left paused with unread messages never finishes, and the client's
 * dispose() waits for every call to finish.
 */
class CallReader<E> {
  private readonly buffered: E[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: CallStream,
    private readonly cancel: () => Promise<void>,
  ) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  /** The next message; undefined when the call ended or the signal aborted; throws the call's error. */
  async next(signal?: AbortSignal): Promise<E | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      const message = this.buffered.shift();
      if (message !== undefined) {
        if (this.buffered.length < READ_AHEAD / 2) this.stream.resume();
        return message;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    const running = !this.ended && !this.failure;
    this.stream.off('data', this.onData);
    this.buffered.length = 0;
    this.stream.resume();
    if (running) await this.cancel().catch(() => undefined);
  }

  private readonly onData = (message: E) => {
    this.buffered.push(message);
    if (this.buffered.length >= READ_AHEAD) this.stream.pause();
    this.wake?.();
  };

  private readonly onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  private readonly onError = (error: unknown) => {
    if (!this.ended) this.failure ??= { error };
    this.wake?.();
  };
}

const READ_AHEAD = 64;

/** What CallReader needs of the client's streams (ReadStream, Subscription). */
interface CallStream {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
