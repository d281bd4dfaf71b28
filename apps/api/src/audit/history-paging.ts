import { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import { forgottenIn } from '../../../../libs/personal-data/src/participants-in';

/**
 * An event as auditors read it. Positions and revisions are 64-bit, so they travel as decimal
 * strings: a JSON reader would round a number above 2^53 without saying so.
 */
export interface AuditedEvent {
  readonly position: string;
  readonly streamName: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: {
    readonly actor: string;
    readonly recordedAt: string;
    readonly correlationId: string;
    readonly causationId: string;
    readonly schemaVersion: number;
    readonly contentHash?: string;
  };
  /**
   * The people this event names (by pseudonymous id) who were forgotten: their contact details are
   * destroyed and nobody can name them again. The data stays as recorded (its hash is chained, and
   * the id keeps them counted). Absent when nobody it names was forgotten.
   */
  readonly forgottenParticipants?: string[];
}

export function auditedEvent(event: StoredEvent): AuditedEvent {
  const { actor, recordedAt, correlationId, causationId, schemaVersion, contentHash } = event.metadata;
  return {
    position: encodePosition(event.position),
    streamName: event.streamName,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    // Named one by one, so that whatever else a store kept in the metadata is not published.
    metadata: { actor, recordedAt, correlationId, causationId, schemaVersion, ...(contentHash === undefined ? {} : { contentHash }) },
  };
}

/**
 * The events, each marked with the people it names who were forgotten (one question to the vault
 * for them all): what every answer listing events shows, history and explanations alike.
 */
export async function markingForgotten(
  events: readonly AuditedEvent[],
  forgottenAmong: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
): Promise<AuditedEvent[]> {
  const forgotten = await forgottenIn(events, forgottenAmong);
  return events.map((event, index) => (forgotten[index].length > 0 ? { ...event, forgottenParticipants: forgotten[index] } : event));
}

export interface LogPage {
  readonly events: readonly StoredEvent[];
  /** Where the next page starts (exclusive); undefined when this page reached the end of the log. */
  readonly next: LogPosition | undefined;
}

export interface LogScan {
  readonly after?: LogPosition;
  /** At most this many matching events. */
  readonly limit: number;
  readonly matches: (event: StoredEvent) => boolean;
  /** Events per read of the log. */
  readonly readSize: number;
  /**
   * At most this many events examined in one call, matching or not: a rare match in a long log
   * then answers a short page and a `next` to continue from, instead of one request that reads
   * the whole log.
   */
  readonly maxScanned: number;
}

/**
 * Reads the log forwards after a position, keeping the events that match, until `limit` of them
 * are found, `maxScanned` events are examined, or the log ends. Each read asks for one event more
 * than it examines, so that a page that ends exactly at the head says so (`next` undefined) rather
 * than sending the client for an empty page.
 */
export async function scanLog(store: EventStore, scan: LogScan): Promise<LogPage> {
  const found: StoredEvent[] = [];
  let cursor = scan.after;
  let scanned = 0;
  for (;;) {
    const batch = await collect(store.readAll({ after: cursor, maxCount: scan.readSize + 1 }));
    const examined = batch.slice(0, scan.readSize);
    for (const [index, event] of examined.entries()) {
      cursor = event.position;
      scanned++;
      if (scan.matches(event)) found.push(event);
      if (found.length === scan.limit || scanned === scan.maxScanned) {
        const logGoesOn = index + 1 < batch.length;
        return { events: found, next: logGoesOn ? cursor : undefined };
      }
    }
    if (batch.length <= scan.readSize) return { events: found, next: undefined };
  }
}

/** One page of the whole log: a scan that keeps every event, in one read. */
export function readLogPage(store: EventStore, after: LogPosition | undefined, limit: number): Promise<LogPage> {
  return scanLog(store, { after, limit, matches: () => true, readSize: limit, maxScanned: limit });
}

/** Whether an event was caused by the request (correlation) or the command (causation) with this id. */
export const causedBy =
  (id: string) =>
  (event: StoredEvent): boolean =>
    event.metadata.correlationId === id || event.metadata.causationId === id;

export interface StreamPage {
  readonly events: readonly StoredEvent[];
  /** The revision the next page starts at (inclusive); undefined when this page reached the stream's end. */
  readonly next: bigint | undefined;
}

/** One page of a stream from a revision; undefined when the stream has no events at all. */
export async function readStreamPage(
  store: EventStore,
  streamName: string,
  fromRevision: bigint,
  limit: number,
): Promise<StreamPage | undefined> {
  const batch = await collect(store.readStream(streamName, { fromRevision, maxCount: limit + 1 }));
  const isMissing = batch.length === 0 && (fromRevision === 0n || !(await streamExists(store, streamName)));
  if (isMissing) return undefined;
  return { events: batch.slice(0, limit), next: batch[limit]?.revision };
}

async function streamExists(store: EventStore, streamName: string): Promise<boolean> {
  return (await collect(store.readStream(streamName, { maxCount: 1 }))).length > 0;
}

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
