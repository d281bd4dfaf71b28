import { LogPosition } from './position';

/** What an append expects of the stream: anything, that it does not exist yet, or an exact revision. */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface EventMetadata {
  /** Who recorded the fact (a principal id, never a person's name). */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** ISO-8601 instant at which the ledger recorded the fact (not when it happened). */
  readonly recordedAt: string;
  /** Version of the event's data schema, so later readers can upcast old shapes. */
  readonly schemaVersion: number;
  /**
   * `sha256:<hex>` of the event's canonical form (libs/audit/src/content-hash.ts), set when the
   * ledger records it: the tamper evidence that the audit chain seals. Absent on events recorded
   * before it existed.
   */
  readonly contentHash?: string;
}

export interface NewEvent {
  /** A UUID chosen by the writer: re-appending the same id is deduplicated. */
  readonly id: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  readonly streamName: string;
  /** 0 for a stream's first event. */
  readonly revision: bigint;
  readonly position: LogPosition;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  readonly position: LogPosition;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read the events strictly after this position; from the start of the log when absent. */
  readonly after?: LogPosition;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver the events strictly after this position (a checkpoint); from the start when absent. */
  readonly after?: LogPosition;
  /** Ends the subscription; the iterator then finishes instead of throwing. */
  readonly signal?: AbortSignal;
}

/**
 * The one port every store implements (memory, SQLite, EventStoreDB) and the shared contract
 * suite checks. Reads are async iterables so that a year of history never sits in memory.
 */
export interface EventStore {
  /**
   * Appends atomically, or not at all. Throws WrongExpectedRevisionError when the stream is not at
   * the expected revision. When every event id is already stored in this stream, it appends
   * nothing and returns the original result: this is what makes a retried append safe.
   */
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** The stream's events in revision order; nothing when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;

  /** The global log forwards, user events only. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;

  /** Catch-up then live: every event after the position, then each new one as it is committed. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<StoredEvent>;

  /** Position of the last event in the log, undefined while the log is empty. */
  headPosition(): Promise<LogPosition | undefined>;

  /** How many events lie after the position (the whole log when absent): a projection's lag. */
  countEventsAfter(position?: LogPosition): Promise<number>;

  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamName} is at ${String(actual)}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some, but not all, of an append's event ids are already stored: not a retry, a mistake. */
export class EventIdConflictError extends Error {
  constructor(readonly streamName: string, readonly eventId: string) {
    super(`event ${eventId} is already stored, but the append is not a repeat of its original`);
    this.name = 'EventIdConflictError';
  }
}

/** The store cannot be reached (a network store down, a closed database). */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
