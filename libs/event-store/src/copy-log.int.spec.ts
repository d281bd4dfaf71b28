import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyLogConflictError, copyLog } from './copy-log';
import { EventStore, NewEvent, StoreUnavailableError } from './event-store.port';
import { MemoryEventStore } from './memory-event-store';
import { SqliteEventStore } from './sqlite-event-store';
import { fact as newFact, logOf } from './testing/log-fixtures';

type Kind = 'memory' | 'sqlite';

/** Each adapter is a source once and a target once. */
describe.each<[Kind, Kind]>([
  ['memory', 'sqlite'],
  ['sqlite', 'memory'],
])('copyLog from %s to %s', (sourceKind, targetKind) => {
  let dir: string;
  let opened: EventStore[];
  let source: EventStore;
  let target: EventStore;

  const open = (kind: Kind): EventStore => {
    const store = kind === 'memory' ? new MemoryEventStore() : new SqliteEventStore(join(dir, `${opened.length}.sqlite`));
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-copy-log-'));
    opened = [];
    source = open(sourceKind);
    target = open(targetKind);
    await recordInterleavedHistory(source);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const store of opened) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every stream, interleaved, with the same events, revisions and order', async () => {
    const progress: Array<[number, number]> = [];
    const result = await copyLog(source, target, { batchSize: 4, onProgress: (...p) => progress.push(p) });

    expect(result).toEqual({ copied: HISTORY_SIZE, alreadyPresent: 0 });
    expect(await logOf(target)).toEqual(await logOf(source));
    expect(progress.at(-1)).toEqual([HISTORY_SIZE, HISTORY_SIZE]);
    expect(progress.map(([copied]) => copied)).toEqual([...progress.map(([copied]) => copied)].sort((a, b) => a - b));
  });

  it('appends each run of one stream at once, never more than a batch', async () => {
    const append = jest.spyOn(target, 'appendToStream');
    await copyLog(source, target, { batchSize: 4 });

    const sizes = append.mock.calls.map(([, events]) => events.length);
    expect(sizes.reduce((a, b) => a + b)).toBe(HISTORY_SIZE);
    expect(Math.max(...sizes)).toBe(4);
    // Fewer appends than events: the runs were grouped.
    expect(sizes.length).toBeLessThan(HISTORY_SIZE);
  });

  it('copies nothing when run again', async () => {
    await copyLog(source, target, { batchSize: 4 });
    const append = jest.spyOn(target, 'appendToStream');

    expect(await copyLog(source, target, { batchSize: 4 })).toEqual({ copied: 0, alreadyPresent: HISTORY_SIZE });
    expect(append).not.toHaveBeenCalled();
    expect(await logOf(target)).toEqual(await logOf(source));
  });

  it('copies only what the source gained since the last copy', async () => {
    await copyLog(source, target);
    await source.appendToStream('course-painting', [fact('CourseSessionHeld', 9)], { expectedRevision: 'any' });
    await source.appendToStream('meal-m2', [fact('MealServed', 1)], { expectedRevision: 'no_stream' });

    expect(await copyLog(source, target)).toEqual({ copied: 2, alreadyPresent: HISTORY_SIZE });
    expect(await logOf(target)).toEqual(await logOf(source));
  });

  it('resumes a copy whose source failed part way to exactly the same log', async () => {
    const readAll = source.readAll.bind(source);
    let read = 0;
    jest.spyOn(source, 'readAll').mockImplementation(async function* (options) {
      for await (const event of readAll(options)) {
        if (++read > 10) throw new StoreUnavailableError('the source went away');
        yield event;
      }
    });
    await expect(copyLog(source, target, { batchSize: 4 })).rejects.toThrow('the source went away');
    jest.restoreAllMocks();
    const copiedBefore = (await logOf(target)).length;
    expect(copiedBefore).toBeGreaterThan(0);

    expect(await copyLog(source, target, { batchSize: 4 })).toEqual({
      copied: HISTORY_SIZE - copiedBefore,
      alreadyPresent: copiedBefore,
    });
    expect(await logOf(target)).toEqual(await logOf(source));
  });

  it('resumes after an append that was written but never acknowledged', async () => {
    const append = target.appendToStream.bind(target);
    let appends = 0;
    jest.spyOn(target, 'appendToStream').mockImplementation(async (...args) => {
      const result = await append(...args);
      if (++appends === 3) throw new StoreUnavailableError('the connection dropped before the answer');
      return result;
    });
    await expect(copyLog(source, target, { batchSize: 4 })).rejects.toThrow('the connection dropped');
    jest.restoreAllMocks();

    const result = await copyLog(source, target, { batchSize: 4 });
    expect(result.copied + result.alreadyPresent).toBe(HISTORY_SIZE);
    expect(await logOf(target)).toEqual(await logOf(source));
  });

  it('refuses a target that holds an event of its own, appending nothing', async () => {
    await target.appendToStream('clinic-elsewhere', [fact('ClinicHeld', 1)], { expectedRevision: 'no_stream' });
    const before = await logOf(target);

    const error = await copyLog(source, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyLogConflictError);
    expect((error as Error).message).toMatch(/event #1 of the target's log, .* \(ClinicHeld\) at revision 0 of clinic-elsewhere, is not in the source/);
    expect(await logOf(target)).toEqual(before);
  });

  it('refuses a target with a different event at a revision of a source stream', async () => {
    await target.appendToStream('course-painting', [fact('CourseDefined', 1)], { expectedRevision: 'no_stream' });

    await expect(copyLog(source, target)).rejects.toThrow(/revision 0 of course-painting, is not in the source \(the source has .* there\)/);
    expect(await logOf(target)).toHaveLength(1);
  });

  it('refuses a complete copy that has since gained an event of its own', async () => {
    await copyLog(source, target);
    await target.appendToStream('course-painting', [fact('CourseSessionHeld', 99)], { expectedRevision: 'any' });

    await expect(copyLog(source, target)).rejects.toThrow(/the source has no more events/);
    expect(await logOf(target)).toHaveLength(HISTORY_SIZE + 1);
  });

  it('stops when another writer appends to a stream of the target during the copy', async () => {
    const append = target.appendToStream.bind(target);
    let appends = 0;
    jest.spyOn(target, 'appendToStream').mockImplementation(async (streamName, events, options) => {
      if (++appends === 3) await append(streamName, [fact('Intruded', 1)], { expectedRevision: 'any' });
      return append(streamName, events, options);
    });

    await expect(copyLog(source, target, { batchSize: 4 })).rejects.toThrow(
      /another writer changed \S+ in the target during the copy/,
    );
  });
});

/** Three streams written in turns, some appends of several events, as the ledger writes them. */
async function recordInterleavedHistory(store: EventStore): Promise<void> {
  const turns: Array<[stream: string, events: number]> = [
    ['course-painting', 3],
    ['clinic-xinfadi', 1],
    ['course-painting', 1],
    ['meal-m1', 2],
    ['clinic-xinfadi', 6],
    ['course-painting', 2],
    ['meal-m1', 1],
    ['course-painting', 1],
  ];
  for (const [stream, count] of turns) {
    const events = Array.from({ length: count }, (_, n) => fact(`${stream.split('-')[0]}Happened`, n));
    await store.appendToStream(stream, events, { expectedRevision: 'any' });
  }
}

const HISTORY_SIZE = 17;

function fact(type: string, n: number): NewEvent {
  return newFact(type, { n, note: '彩绘课', nested: { list: [1, 'two', null] } });
}
