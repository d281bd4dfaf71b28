import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CopyLogOptions, CopyLogResult, copyLog } from './copy-log';
import { AppendResult, EventMetadata, EventStore, ReadAllOptions, ReadStreamOptions, StoredEvent } from './event-store.port';
import { ExportFilter, eventSelector } from './export-filter';
import { LogPosition, comparePositions, decodePosition, encodePosition } from './position';

/**
 * The export format, one JSON object per line (NDJSON):
 *
 *   {"format":"activity-ledger/events","version":1,"exportedAt":"…","filter":{…},"upTo":"1234"}
 *   {"position":"1","streamName":"organization-beijing","revision":"0","id":"…","type":"…","data":{…},"metadata":{…}}
 *   …
 *
 * Bigints (positions, revisions) are decimal strings, as on the HTTP API. `position` is the event's
 * place in the exporting ledger's log; an import gives each event a position of its own. An event
 * naming people who were forgotten carries `forgottenParticipants` (their pseudonymous ids) beside
 * its unchanged data; an import leaves it aside.
 */
export const EXPORT_FORMAT = 'activity-ledger/events';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  /** ISO-8601 instant at which the export began. */
  readonly exportedAt: string;
  /** The filter the events were chosen with; `{}` for the whole log. */
  readonly filter: ExportFilter;
  /** The log's head when the export began: nothing recorded after it is in the file. Null for an empty log. */
  readonly upTo: string | null;
}

export interface ExportOptions {
  readonly exportedAt: Date;
  /** Events per read from the store: what an export holds in memory at most. Default 500. */
  readonly pageSize?: number;
  /** For each batch of events, the people they name who were forgotten (see forgottenParticipants above). */
  readonly forgottenIn?: (events: readonly StoredEvent[]) => Promise<string[][]>;
}

const DEFAULT_PAGE_SIZE = 500;

/**
 * The export of the log as NDJSON lines (without their newline), header first. The export ends at
 * the head the log had when this was called, so a ledger that keeps recording meanwhile still
 * gives a well-defined slice, and a subtree filter is resolved against exactly that slice.
 *
 * Resolving the filter happens now, before the first line is asked for: a filter naming an unknown
 * organisation throws here (UnknownOrganizationError), while an answer can still say so. The lines
 * are produced as they are asked for, a page of the log at a time.
 */
export async function exportLog(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  filter: ExportFilter,
  options: ExportOptions,
): Promise<AsyncIterable<string>> {
  const upTo = await store.headPosition();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const slice = () => readLogUpTo(store, upTo, pageSize);
  const selected = await eventSelector(filter, slice);
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: options.exportedAt.toISOString(),
    filter,
    upTo: upTo ? encodePosition(upTo) : null,
  };
  const forgottenIn = options.forgottenIn ?? (async (events: readonly StoredEvent[]) => events.map(() => []));
  return (async function* () {
    yield JSON.stringify(header);
    let batch: StoredEvent[] = [];
    const lines = async function* () {
      const forgotten = await forgottenIn(batch);
      for (const [index, event] of batch.entries()) yield eventLine(event, forgotten[index]);
      batch = [];
    };
    for await (const event of slice()) {
      if (!selected(event)) continue;
      batch.push(event);
      if (batch.length === pageSize) yield* lines();
    }
    yield* lines();
  })();
}

/**
 * The log up to a position, a page at a time. Each page is read to its end before it is used: an
 * EventStoreDB read has a deadline, so no read may stay open while a slow reader is being served.
 */
async function* readLogUpTo(
  store: Pick<EventStore, 'readAll'>,
  upTo: LogPosition | undefined,
  pageSize: number,
): AsyncGenerator<StoredEvent> {
  if (!upTo) return;
  let after: LogPosition | undefined;
  for (;;) {
    const page: StoredEvent[] = [];
    for await (const event of store.readAll({ after, maxCount: pageSize })) page.push(event);
    for (const event of page) {
      if (comparePositions(event.position, upTo) > 0) return;
      yield event;
    }
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}

function eventLine(event: StoredEvent, forgottenParticipants: readonly string[]): string {
  const { position, streamName, revision, id, type, data, metadata } = event;
  const line = { position: encodePosition(position), streamName, revision: revision.toString(), id, type, data, metadata };
  return JSON.stringify(forgottenParticipants.length > 0 ? { ...line, forgottenParticipants } : line);
}

/** A line of an export that is not what the format says; the message starts with its number. */
export class NdjsonLogError extends Error {
  constructor(readonly lineNumber: number, problem: string) {
    super(`line ${lineNumber}: ${problem}`);
    this.name = 'NdjsonLogError';
  }
}

/**
 * The events of an export, in its order, from its lines (without newlines). Checks the header and
 * every line as it comes, and throws NdjsonLogError at the first line that is not sound, including
 * positions that do not increase (lines moved or repeated).
 */
export async function* readNdjsonLog(lines: AsyncIterable<string>): AsyncGenerator<StoredEvent> {
  let lineNumber = 0;
  let previous: StoredEvent | undefined;
  for await (const line of lines) {
    lineNumber++;
    const value = parseObject(line, lineNumber);
    if (lineNumber === 1) {
      toHeader(value);
      continue;
    }
    const event = toStoredEvent(value, lineNumber);
    if (previous && comparePositions(event.position, previous.position) <= 0) {
      throw new NdjsonLogError(
        lineNumber,
        `position ${encodePosition(event.position)} does not follow ${encodePosition(previous.position)}: the lines are not in log order`,
      );
    }
    previous = event;
    yield event;
  }
  if (lineNumber === 0) throw new NdjsonLogError(1, 'the export is empty: it must begin with its header line');
}

/** The header of an export: its first line only. */
export async function readExportHeader(lines: AsyncIterable<string>): Promise<ExportHeader> {
  for await (const line of lines) return toHeader(parseObject(line, 1));
  throw new NdjsonLogError(1, 'the export is empty: it must begin with its header line');
}

function parseObject(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new NdjsonLogError(lineNumber, line.trim() === '' ? 'empty line' : 'not valid JSON');
  }
  if (!isObject(value)) throw new NdjsonLogError(lineNumber, 'not a JSON object');
  return value;
}

function toHeader(value: Record<string, unknown>): ExportHeader {
  if (value.format !== EXPORT_FORMAT) {
    throw new NdjsonLogError(1, `not an export header: format must be "${EXPORT_FORMAT}"`);
  }
  if (value.version !== EXPORT_VERSION) {
    throw new NdjsonLogError(1, `export version ${JSON.stringify(value.version)}; this ledger reads version ${EXPORT_VERSION}`);
  }
  if (typeof value.exportedAt !== 'string' || !isObject(value.filter) || !(value.upTo === null || typeof value.upTo === 'string')) {
    throw new NdjsonLogError(1, 'the header needs exportedAt (a string), filter (an object) and upTo (a string or null)');
  }
  return value as unknown as ExportHeader;
}

/** `forgottenParticipants` is a mark beside the event, not part of it: read past, never imported. */
const EVENT_FIELDS = ['position', 'streamName', 'revision', 'id', 'type', 'data', 'metadata', 'forgottenParticipants'];
const REVISION = /^\d{1,20}$/;

function toStoredEvent(value: Record<string, unknown>, lineNumber: number): StoredEvent {
  const refuse = (problem: string) => new NdjsonLogError(lineNumber, problem);
  const unknown = Object.keys(value).filter((key) => !EVENT_FIELDS.includes(key));
  if (unknown.length > 0) throw refuse(`unknown field ${unknown[0]}`);
  const text = (name: string): string => {
    const field = value[name];
    if (typeof field !== 'string' || field === '') throw refuse(`${name} must be a non-empty string`);
    return field;
  };
  const position = decodePosition(text('position'));
  if (!position) throw refuse('position must be a log position, e.g. "42" or "42:40"');
  const revision = text('revision');
  if (!REVISION.test(revision)) throw refuse('revision must be a decimal string, e.g. "0"');
  if (!isObject(value.data)) throw refuse('data must be an object');
  return {
    position,
    streamName: text('streamName'),
    revision: BigInt(revision),
    id: text('id'),
    type: text('type'),
    data: value.data,
    metadata: toMetadata(value.metadata, refuse),
  };
}

/** The fields every event's metadata has; others (added by later versions of the ledger) are kept as they are. */
function toMetadata(value: unknown, refuse: (problem: string) => Error): EventMetadata {
  if (!isObject(value)) throw refuse('metadata must be an object');
  for (const name of ['actor', 'correlationId', 'causationId', 'recordedAt']) {
    if (typeof value[name] !== 'string') throw refuse(`metadata.${name} must be a string`);
  }
  if (!Number.isInteger(value.schemaVersion)) throw refuse('metadata.schemaVersion must be an integer');
  if (value.contentHash !== undefined && typeof value.contentHash !== 'string') throw refuse('metadata.contentHash must be a string');
  return value as unknown as EventMetadata;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The lines of a file, read as they are needed; its newline may be `\n` or `\r\n`. */
export function linesOfFile(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/** A pass over an export, and the position of the last event it gave. */
type Cursor = { events: AsyncIterator<StoredEvent>; last?: LogPosition };

/**
 * An export as a read-only event store, so that copyLog imports it with all it guarantees: events
 * appended at their revisions with their ids and metadata, resuming after what an earlier import
 * appended, and refusing a target holding anything else.
 *
 * The export is read sequentially. copyLog reads it forwards a page at a time, each read starting
 * where the last stopped, so one pass over the file serves them all; a read from any other place
 * starts a new pass from the first line. Counting (which copyLog does before its first append) reads
 * the whole export, so a bad line anywhere is refused before anything is appended.
 */
export class NdjsonLogSource implements EventStore {
  private cursor?: Cursor;

  constructor(private readonly openLines: () => AsyncIterable<string>) {}

  static ofFile(path: string): NdjsonLogSource {
    return new NdjsonLogSource(() => linesOfFile(path));
  }

  header(): Promise<ExportHeader> {
    return readExportHeader(this.openLines());
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    const { after, maxCount = Number.POSITIVE_INFINITY } = options;
    const cursor = await this.cursorFor(after);
    for (let yielded = 0; yielded < maxCount; ) {
      const next = await cursor.events.next();
      if (next.done) return;
      cursor.last = next.value.position;
      if (after && comparePositions(next.value.position, after) <= 0) continue;
      yielded++;
      yield next.value;
    }
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    const { fromRevision = 0n, maxCount = Number.POSITIVE_INFINITY } = options;
    let yielded = 0;
    for await (const event of readNdjsonLog(this.openLines())) {
      if (yielded >= maxCount) return;
      if (event.streamName !== streamName || event.revision < fromRevision) continue;
      yielded++;
      yield event;
    }
  }

  /** An export is finished history: the subscription ends with its last event. */
  subscribeToAll(options: { after?: LogPosition } = {}): AsyncIterable<StoredEvent> {
    return this.eventsAfter(options.after);
  }

  async headPosition(): Promise<LogPosition | undefined> {
    let head: LogPosition | undefined;
    for await (const event of readNdjsonLog(this.openLines())) head = event.position;
    return head;
  }

  async countEventsAfter(position?: LogPosition): Promise<number> {
    let count = 0;
    for await (const _ of this.eventsAfter(position)) count++;
    return count;
  }

  appendToStream(): Promise<AppendResult> {
    return Promise.reject(new Error('an export is read-only: import it into a store instead'));
  }

  async close(): Promise<void> {
    await this.cursor?.events.return?.();
    this.cursor = undefined;
  }

  private async *eventsAfter(after: LogPosition | undefined): AsyncGenerator<StoredEvent> {
    for await (const event of readNdjsonLog(this.openLines())) {
      if (!after || comparePositions(event.position, after) > 0) yield event;
    }
  }

  /** The open pass when the read continues it (or nothing was read from it yet), else a new pass. */
  private async cursorFor(after: LogPosition | undefined): Promise<Cursor> {
    const open = this.cursor;
    if (open && (open.last === undefined || (after !== undefined && comparePositions(after, open.last) >= 0))) return open;
    await this.close();
    this.cursor = { events: readNdjsonLog(this.openLines()) };
    return this.cursor;
  }
}

/** The export holds a selection of the log, not the log: importing it would not reproduce a ledger. */
export class FilteredExportError extends Error {
  constructor(filter: ExportFilter) {
    super(
      `the export was made with the filter ${JSON.stringify(filter)}: a filtered export leaves out events ` +
        'that later events of the same streams, and the projections, rely on; import an unfiltered export',
    );
    this.name = 'FilteredExportError';
  }
}

/**
 * Imports an export into a store: every event with its id, type, data, metadata and stream revision,
 * in the export's order, through copyLog (so: resumable, and refusing a target that holds anything
 * but a prefix of the export). Only a whole-log export is accepted.
 */
export async function importNdjsonLog(source: NdjsonLogSource, target: EventStore, options: CopyLogOptions = {}): Promise<CopyLogResult> {
  const { filter } = await source.header();
  if (Object.keys(filter).length > 0) throw new FilteredExportError(filter);
  return copyLog(source, target, options);
}
