import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyLogConflictError } from './copy-log';
import { EventStore, NewEvent, ReadAllOptions, StoredEvent, StoreUnavailableError } from './event-store.port';
import { ExportFilter, UnknownOrganizationError } from './export-filter';
import { MemoryEventStore } from './memory-event-store';
import {
  ExportHeader,
  FilteredExportError,
  NdjsonLogSource,
  exportLog,
  importNdjsonLog,
  readNdjsonLog,
} from './ndjson-log';
import { positionAt } from './position';
import { SqliteEventStore } from './sqlite-event-store';
import { fact, logOf } from './testing/log-fixtures';

const EXPORTED_AT = new Date('2025-03-01T04:00:00Z');

describe('NDJSON export and import of the log', () => {
  let dir: string;
  let opened: EventStore[];
  let source: SqliteEventStore;

  const sqlite = (name: string) => remember(new SqliteEventStore(join(dir, name)));
  const memory = () => remember(new MemoryEventStore());
  const remember = <S extends EventStore>(store: S): S => {
    opened.push(store);
    return store;
  };

  /** Exports into a file and answers its path and lines. */
  const exportToFile = async (filter: ExportFilter = {}, store: EventStore = source) => {
    const lines: string[] = [];
    for await (const line of await exportLog(store, filter, { exportedAt: EXPORTED_AT, pageSize: 4 })) lines.push(line);
    const file = join(dir, `export-${opened.length}-${Math.random()}.ndjson`);
    writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
    return { file, lines, header: JSON.parse(lines[0]) as ExportHeader, events: lines.slice(1).map((l) => JSON.parse(l) as Record<string, never>) };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-ndjson-'));
    opened = [];
    source = sqlite('source.sqlite');
    await recordHistory(source);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const store of opened) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('round trip', () => {
    it.each([['memory'], ['sqlite']])('imports a whole export into an empty %s store: the same log but for positions', async (kind) => {
      const { file, header, events } = await exportToFile();
      const target = kind === 'memory' ? memory() : sqlite('target.sqlite');
      const progress: number[] = [];

      const result = await importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target, {
        batchSize: 4,
        onProgress: (copied) => progress.push(copied),
      });

      expect(header).toEqual({ format: 'activity-ledger/events', version: 1, exportedAt: EXPORTED_AT.toISOString(), filter: {}, upTo: String(HISTORY_SIZE) });
      expect(events).toHaveLength(HISTORY_SIZE);
      expect(result).toEqual({ copied: HISTORY_SIZE, alreadyPresent: 0 });
      expect(await logOf(target)).toEqual(await logOf(source));
      expect(progress.at(-1)).toBe(HISTORY_SIZE);
    });

    it('writes bigints as decimal strings and keeps metadata, content hash included, as recorded', async () => {
      const { events } = await exportToFile();
      const clinicCorrected = events.find((e) => e['type'] === 'ClinicCorrected') as unknown as Record<string, unknown>;
      expect(clinicCorrected).toMatchObject({ streamName: 'clinic-xinfadi', revision: '1', position: expect.stringMatching(/^\d+$/) });
      expect(clinicCorrected.metadata).toMatchObject({ contentHash: 'sha256:abc', recordedAt: '2024-04-12T08:00:00.000Z' });
    });

    it('resumes an import that was cut short, and then imports nothing more', async () => {
      const { file } = await exportToFile();
      const target = memory();
      const append = target.appendToStream.bind(target);
      let appends = 0;
      jest.spyOn(target, 'appendToStream').mockImplementation(async (...args) => {
        if (++appends === 3) throw new StoreUnavailableError('the target went away');
        return append(...args);
      });
      await expect(importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target, { batchSize: 4 })).rejects.toThrow('went away');
      jest.restoreAllMocks();
      const before = (await logOf(target)).length;
      expect(before).toBeGreaterThan(0);

      expect(await importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target, { batchSize: 4 })).toEqual({
        copied: HISTORY_SIZE - before,
        alreadyPresent: before,
      });
      expect(await importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target, { batchSize: 4 })).toEqual({
        copied: 0,
        alreadyPresent: HISTORY_SIZE,
      });
      expect(await logOf(target)).toEqual(await logOf(source));
    });

    it('refuses a target that holds history of its own, appending nothing', async () => {
      const { file } = await exportToFile();
      const target = memory();
      await target.appendToStream('clinic-elsewhere', [fact('ClinicHeld', { clinicId: 'elsewhere' })], { expectedRevision: 'no_stream' });

      await expect(importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target)).rejects.toBeInstanceOf(CopyLogConflictError);
      expect(await logOf(target)).toHaveLength(1);
    });

    it('refuses a filtered export: it is a selection, not a log', async () => {
      const { file } = await exportToFile({ types: ['ClinicHeld'] });
      const target = memory();

      await expect(importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target)).rejects.toBeInstanceOf(FilteredExportError);
      expect(await logOf(target)).toEqual([]);
    });

    it('exports an empty log as its header alone, and imports it as nothing', async () => {
      const { file, lines, header } = await exportToFile({}, memory());
      expect(lines).toHaveLength(1);
      expect(header.upTo).toBeNull();
      expect(await importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), memory())).toEqual({ copied: 0, alreadyPresent: 0 });
    });
  });

  describe('filters', () => {
    const exported = async (filter: ExportFilter) => {
      const { header, events } = await exportToFile(filter);
      expect(header.filter).toEqual(filter);
      return events.map((e) => `${e['streamName']}@${e['revision']}`);
    };

    it('keeps the listed event types only', async () => {
      expect(await exported({ types: ['ClinicHeld', 'ClinicCorrected'] })).toEqual(['clinic-xinfadi@0', 'clinic-xinfadi@1', 'clinic-other@0']);
    });

    it('keeps events recorded from and to the given days, inclusive, by the UTC date of recordedAt', async () => {
      // The meal was recorded at 07:30 on 1 March in Beijing, which is 29 February in UTC.
      expect(await exported({ from: '2024-03-01', to: '2024-03-01' })).toEqual(['course_session-painting/s1@0', 'course_session-painting/s1@1']);
      expect(await exported({ from: '2024-02-29', to: '2024-02-29' })).toEqual(['meal-m1@0']);
      expect(await exported({ from: '2024-09-01' })).toEqual(['organization-chaowai@1', 'course_session-painting/s2@0', 'clinic-other@0']);
      expect(await exported({ to: '2024-01-01' })).toHaveLength(4);
    });

    it("keeps an organisation's subtree: every organisation ever under it, their streams, sessions through their course", async () => {
      // chaowai moved from chaoyang to fengtai: it is in both subtrees, with all of its history.
      const fengtai = await exported({ organizationId: 'fengtai' });
      expect(fengtai).toEqual([
        'organization-fengtai@0',
        'organization-chaowai@0',
        'course-painting@0',
        'course_session-painting/s1@0',
        'course_session-painting/s1@1',
        'meal-m1@0',
        'programme_application-skills/ap1@0',
        'organization-chaowai@1',
        'course_session-painting/s2@0',
      ]);
      const chaoyang = await exported({ organizationId: 'chaoyang' });
      expect(chaoyang).toEqual(expect.arrayContaining(['organization-chaoyang@0', 'clinic-xinfadi@0', 'clinic-xinfadi@1', 'course_session-painting/s2@0']));
      expect(chaoyang).not.toContain('organization-fengtai@0');
      expect(chaoyang).not.toContain('programme_intake-skills@0'); // the intake is the federation's
      expect(await exported({ organizationId: 'beijing' })).toHaveLength(HISTORY_SIZE);
    });

    it('combines criteria: all must hold', async () => {
      expect(await exported({ organizationId: 'fengtai', types: ['CourseSessionHeld'], from: '2024-09-01' })).toEqual([
        'course_session-painting/s2@0',
      ]);
    });

    it('refuses an organisation the log never registered, before the first line', async () => {
      await expect(exportLog(source, { organizationId: 'atlantis' }, { exportedAt: EXPORTED_AT })).rejects.toBeInstanceOf(
        UnknownOrganizationError,
      );
    });
  });

  describe('reading an export', () => {
    const read = async (lines: string[]) => {
      const events: StoredEvent[] = [];
      for await (const event of readNdjsonLog(toAsync(lines))) events.push(event);
      return events;
    };

    it('refuses a bad line with its number, and an import appends nothing before it finds it', async () => {
      const { file, lines } = await exportToFile();
      const broken = [...lines.slice(0, 5), '{"position":"99", not json', ...lines.slice(5)];
      writeFileSync(file, broken.map((line) => `${line}\n`).join(''));
      const target = memory();

      await expect(importNdjsonLog(remember(NdjsonLogSource.ofFile(file)), target)).rejects.toThrow('line 6: not valid JSON');
      expect(await logOf(target)).toEqual([]);
    });

    it.each<[string, (event: Record<string, unknown>) => unknown, string]>([
      ['a revision that is a number', (e) => ({ ...e, revision: 0 }), 'line 2: revision must be a non-empty string'],
      ['a negative revision', (e) => ({ ...e, revision: '-1' }), 'line 2: revision must be a decimal string'],
      ['a bad position', (e) => ({ ...e, position: 'x' }), 'line 2: position must be a log position'],
      ['data that is a list', (e) => ({ ...e, data: [] }), 'line 2: data must be an object'],
      ['metadata without an actor', (e) => ({ ...e, metadata: { ...(e.metadata as object), actor: 1 } }), 'line 2: metadata.actor must be a string'],
      ['an unknown field', (e) => ({ ...e, extra: true }), 'line 2: unknown field extra'],
      ['a list', () => [], 'line 2: not a JSON object'],
    ])('refuses %s', async (_, change, message) => {
      const { lines } = await exportToFile();
      const broken = [lines[0], JSON.stringify(change(JSON.parse(lines[1]) as Record<string, unknown>)), ...lines.slice(2)];
      await expect(read(broken)).rejects.toThrow(message);
    });

    it('refuses lines out of log order, an unknown version, a missing header and an empty line', async () => {
      const { lines } = await exportToFile();
      await expect(read([lines[0], lines[2], lines[1]])).rejects.toThrow(/^line 3: position \d+ does not follow \d+/);
      await expect(read([lines[0].replace('"version":1', '"version":2'), lines[1]])).rejects.toThrow('line 1: export version 2; this ledger reads version 1');
      await expect(read(lines.slice(1))).rejects.toThrow('line 1: not an export header');
      await expect(read([lines[0], lines[1], ''])).rejects.toThrow('line 3: empty line');
      await expect(read([])).rejects.toThrow('line 1: the export is empty');
    });
  });

  it('streams: reads the log a bounded page at a time, only as fast as the lines are taken', async () => {
    const size = 5_000;
    const log = new CountingLog(size);
    const lines = (await exportLog(log, {}, { exportedAt: EXPORTED_AT, pageSize: 100 }))[Symbol.asyncIterator]();

    let taken = 0;
    let mostOutstanding = 0;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      if (taken++ === 0) continue; // the header
      mostOutstanding = Math.max(mostOutstanding, log.produced - (taken - 1));
    }

    expect(taken).toBe(size + 1);
    expect(log.maxCounts.every((maxCount) => maxCount === 100)).toBe(true);
    expect(mostOutstanding).toBeLessThanOrEqual(100);
  });
});

/**
 * A log made up on the fly, which counts the events it has handed out and the page sizes it was
 * asked for: what an export holds in memory is what it was handed and has not yet turned into a line.
 */
class CountingLog {
  produced = 0;
  readonly maxCounts: Array<number | undefined> = [];

  constructor(private readonly size: number) {}

  async headPosition() {
    return positionAt(BigInt(this.size));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    this.maxCounts.push(options.maxCount);
    const first = Number(options.after?.commit ?? 0n) + 1;
    const last = Math.min(this.size, first + (options.maxCount ?? Number.POSITIVE_INFINITY) - 1);
    for (let n = first; n <= last; n++) {
      this.produced++;
      yield { ...fact('MealServed', { mealId: `m${n}`, organizationId: 'chaowai', meals: 1 }), streamName: `meal-m${n}`, revision: 0n, position: positionAt(BigInt(n)) };
    }
  }
}

async function* toAsync(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

/**
 * A small ledger: chaowai moves from chaoyang to fengtai, with a course (two sessions, one before
 * and one after the move), a meal, a clinic of chaoyang's, the federation's intake and an
 * application chaowai recommended. recordedAt is chosen per event, to test the date filters.
 */
async function recordHistory(store: EventStore): Promise<void> {
  const at = (recordedAt: string, type: string, data: Record<string, unknown>, contentHash?: string): NewEvent => {
    const event = fact(type, data);
    return { ...event, metadata: { ...event.metadata, recordedAt: new Date(recordedAt).toISOString(), ...(contentHash && { contentHash }) } };
  };
  const january = '2024-01-01T02:00:00Z';
  const appends: Array<[string, NewEvent[]]> = [
    ['organization-beijing', [at(january, 'OrganizationRegistered', { organizationId: 'beijing', parentId: null })]],
    ['organization-chaoyang', [at(january, 'OrganizationRegistered', { organizationId: 'chaoyang', parentId: 'beijing' })]],
    ['organization-fengtai', [at(january, 'OrganizationRegistered', { organizationId: 'fengtai', parentId: 'beijing' })]],
    ['organization-chaowai', [at(january, 'OrganizationRegistered', { organizationId: 'chaowai', parentId: 'chaoyang', name: '朝外街道总工会' })]],
    ['course-painting', [at('2024-02-01T02:00:00Z', 'CourseRegistered', { courseId: 'painting', organizationId: 'chaowai' })]],
    [
      'course_session-painting/s1',
      [
        at('2024-03-01T23:30:00+08:00', 'CourseSessionHeld', { courseId: 'painting', sessionId: 's1' }),
        at('2024-03-01T23:30:00+08:00', 'CourseSessionAttended', { courseId: 'painting', sessionId: 's1', participantId: 'w-1' }),
      ],
    ],
    ['meal-m1', [at('2024-03-01T07:30:00+08:00', 'MealServed', { mealId: 'm1', organizationId: 'chaowai', meals: 75 })]],
    ['clinic-xinfadi', [at('2024-04-12T08:00:00Z', 'ClinicHeld', { clinicId: 'xinfadi', organizationId: 'chaoyang' })]],
    ['clinic-xinfadi', [at('2024-04-12T08:00:00Z', 'ClinicCorrected', { clinicId: 'xinfadi', workersServed: 30 }, 'sha256:abc')]],
    ['programme_intake-skills', [at('2024-05-01T02:00:00Z', 'ProgrammeIntakeOpened', { intakeId: 'skills', organizationId: 'beijing' })]],
    [
      'programme_application-skills/ap1',
      [at('2024-05-02T02:00:00Z', 'ProgrammeApplicationRecorded', { intakeId: 'skills', applicantId: 'ap1', recommendingOrganizationId: 'chaowai' })],
    ],
    [
      'organization-chaowai',
      [at('2024-09-01T02:00:00Z', 'OrganizationMoved', { organizationId: 'chaowai', fromParentId: 'chaoyang', toParentId: 'fengtai' })],
    ],
    ['course_session-painting/s2', [at('2024-09-02T02:00:00Z', 'CourseSessionHeld', { courseId: 'painting', sessionId: 's2' })]],
    ['clinic-other', [at('2024-09-03T02:00:00Z', 'ClinicHeld', { clinicId: 'other', organizationId: 'beijing' })]],
  ];
  for (const [stream, events] of appends) await store.appendToStream(stream, events, { expectedRevision: 'any' });
}

const HISTORY_SIZE = 15;
