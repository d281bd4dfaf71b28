import {
  EventIdConflictError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  WrongExpectedRevisionError,
} from './event-store.port';
import { LogPosition } from './position';

export interface CopyLogOptions {
  /** Called after each append: events this run copied so far, and how many it has to copy in all. */
  readonly onProgress?: (copied: number, total: number) => void;
  /** Events per page read from either store, and so at most per append. Default 500. */
  readonly batchSize?: number;
}

export interface CopyLogResult {
  /** Events this run appended to the target. */
  readonly copied: number;
  /** Events the target held already: what an earlier run, finished or cut short, copied. */
  readonly alreadyPresent: number;
}

/** The target holds history that is not the source's, or another writer changed it during the copy. */
export class CopyLogConflictError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CopyLogConflictError';
  }
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Copies the source's global log into the target, in order: each event keeps its id, type, data and
 * metadata, and its stream revision, because it is appended at the revision it followed in the
 * source. Running it again resumes where the target stops, so an interrupted copy is finished by
 * running it once more, and a finished one copies nothing.
 *
 * Appends are atomic and made in source order, so a target that earlier runs filled holds a prefix
 * of the source's log, and the copy goes on after it. Anything else in the target is refused before
 * a single event is appended: it is another history, and mixing the two cannot be undone in an
 * append-only log. Resuming cannot lean on the port's idempotent appends alone: runs are grouped
 * afresh on every run, and an append that repeats only part of a stored one is refused.
 */
export async function copyLog(
  source: EventStore,
  target: EventStore,
  options: CopyLogOptions = {},
): Promise<CopyLogResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const present = await matchTargetToSource(source, target, batchSize);
  const total = await source.countEventsAfter(present.sourcePosition);
  let copied = 0;
  for await (const page of pages(source, present.sourcePosition, batchSize)) {
    for (const run of streamRuns(page)) {
      await appendAtSourceRevision(target, run);
      copied += run.length;
      options.onProgress?.(copied, total);
    }
  }
  return { copied, alreadyPresent: present.count };
}

/**
 * Walks the target's log beside the start of the source's, and answers how many events the target
 * holds and the source position of the last of them; throws at the first event that differs.
 */
async function matchTargetToSource(
  source: EventStore,
  target: EventStore,
  batchSize: number,
): Promise<{ count: number; sourcePosition?: LogPosition }> {
  let count = 0;
  let sourcePosition: LogPosition | undefined;
  for await (const held of pages(target, undefined, batchSize)) {
    const expected = await readPage(source, sourcePosition, held.length);
    held.forEach((event, i) => {
      if (!isSameEvent(event, expected[i])) throw new CopyLogConflictError(conflict(count + i, event, expected[i]));
    });
    count += held.length;
    sourcePosition = expected[expected.length - 1].position;
  }
  return { count, sourcePosition };
}

/**
 * The same event at the same place. Ids are UUIDs chosen once per fact, so an equal id is the same
 * fact; UUIDs compare without case (EventStoreDB hands them back in lower case).
 */
function isSameEvent(held: StoredEvent, expected: StoredEvent | undefined): boolean {
  return (
    expected !== undefined &&
    held.id.toLowerCase() === expected.id.toLowerCase() &&
    held.streamName === expected.streamName &&
    held.revision === expected.revision
  );
}

function conflict(index: number, held: StoredEvent, expected: StoredEvent | undefined): string {
  const where = `event #${index + 1} of the target's log, ${describeEvent(held)},`;
  const instead = expected ? `the source has ${describeEvent(expected)} there` : 'the source has no more events';
  return (
    `${where} is not in the source (${instead}): the target holds history of its own; ` +
    'copy only into an empty store or one that earlier copies of this source filled'
  );
}

function describeEvent(event: StoredEvent): string {
  return `${event.id} (${event.type}) at revision ${event.revision} of ${event.streamName}`;
}

/**
 * Runs of consecutive events of one stream, each to become one append. A run also ends where the
 * revisions skip, which a sound source never does: appending across a gap would renumber events,
 * while its own append fails on the expected revision instead.
 */
function streamRuns(page: readonly StoredEvent[]): StoredEvent[][] {
  const runs: StoredEvent[][] = [];
  let run: StoredEvent[] = [];
  for (const event of page) {
    const last = run[run.length - 1];
    if (last && (last.streamName !== event.streamName || last.revision + 1n !== event.revision)) {
      runs.push(run);
      run = [];
    }
    run.push(event);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

async function appendAtSourceRevision(target: EventStore, run: readonly StoredEvent[]): Promise<void> {
  const { streamName, revision } = run[0];
  // Where the stream stood before this run in the source: the target's stream must stand there too,
  // so revisions carry over, and a writer interleaving with the copy fails the append.
  const expectedRevision: ExpectedRevision = revision === 0n ? 'no_stream' : revision - 1n;
  const events: NewEvent[] = run.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }));
  try {
    await target.appendToStream(streamName, events, { expectedRevision });
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) {
      throw new CopyLogConflictError(
        `another writer changed ${streamName} in the target during the copy (${error.message}): ` +
          'stop every writer of the target before copying',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The log after a position, a page at a time. Each page is read to its end before it is used: an
 * EventStoreDB read has a deadline, so no read may stay open while the target is being written.
 */
async function* pages(store: EventStore, after: LogPosition | undefined, size: number): AsyncGenerator<StoredEvent[]> {
  let position = after;
  for (;;) {
    const page = await readPage(store, position, size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    position = page[page.length - 1].position;
  }
}

async function readPage(store: EventStore, after: LogPosition | undefined, maxCount: number): Promise<StoredEvent[]> {
  const page: StoredEvent[] = [];
  for await (const event of store.readAll({ after, maxCount })) page.push(event);
  return page;
}
