import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerEvent } from '../../domain/src/ledger-events';
import { MemoryEventStore } from '../../event-store/src/memory-event-store';
import { encodePosition, LogPosition } from '../../event-store/src/position';
import { lastEventRecordedBy, replayInMemory } from './as-of';
import { participationProjection } from './participation/participation.projection';
import { ParticipationFilter, ParticipationQueries, QueryRunner } from './participation/participation.queries';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModelStore } from './sqlite-read-model-store';

/** A replay up to a position answers what the live projection answered when it stood at that position. */
describe('as-of replay of the participation projection', () => {
  const silent = { error: () => undefined };
  const all: ParticipationFilter = { subtree: true, tree: 'dated', regularMin: 3 };
  let directory: string;
  let store: MemoryEventStore;
  let readModels: SqliteReadModelStore;
  let live: ProjectionRunner;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-as-of-'));
    store = new MemoryEventStore();
    readModels = new SqliteReadModelStore(directory);
    live = new ProjectionRunner(store, readModels, participationProjection, 'participation_live', silent);
    await live.start();
  });
  afterEach(async () => {
    await live.stop();
    await readModels.close();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  let stream = 0;
  async function record(recordedAt: string, ...events: LedgerEvent[]): Promise<LogPosition> {
    let position: LogPosition | undefined;
    for (const { type, data } of events) {
      const metadata = { actor: 't', correlationId: 'c', causationId: 'c', recordedAt, schemaVersion: 1 };
      ({ position } = await store.appendToStream(`test-${stream++}`, [{ id: randomUUID(), type, data, metadata }], { expectedRevision: 'no_stream' }));
    }
    return position!;
  }
  async function liveCaughtUp(): Promise<void> {
    const head = encodePosition((await store.headPosition())!);
    for (let i = 0; i < 500 && (!live.checkpoint || encodePosition(live.checkpoint) !== head); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(live.checkpoint && encodePosition(live.checkpoint)).toBe(head);
  }
  const liveQueries: QueryRunner = (sql, params) => readModels.query('participation_live', sql, params);
  /** Every kind of figure the queries give over the course events this test records. */
  async function figures(run: QueryRunner) {
    const queries = new ParticipationQueries(run);
    return {
      city: await queries.organizationSummary({ ...all, organizationId: 'city', groupBy: 'month' }),
      courses: await queries.courses(all),
      frequency: await queries.frequency(all),
    };
  }

  const session = (sessionId: string, date: string, people: number): LedgerEvent[] => [
    { type: 'CourseSessionHeld', data: { courseId: 'yoga', sessionId, date, venue: null } },
    ...Array.from({ length: people }, (_, i): LedgerEvent => ({
      type: 'CourseSessionAttended',
      data: { courseId: 'yoga', sessionId, participantId: `w-${i}` },
    })),
  ];

  it('replays to a position (across several transactions) the figures the live projection showed there', async () => {
    await record(
      '2025-01-01T00:00:00.000Z',
      { type: 'OrganizationRegistered', data: { organizationId: 'city', name: 'City', level: 'federation', parentId: null } },
      { type: 'OrganizationRegistered', data: { organizationId: 'street', name: 'Street', level: 'street', parentId: 'city' } },
      { type: 'CourseRegistered', data: { courseId: 'yoga', organizationId: 'street', name: 'Yoga', category: 'sport' } },
    );
    const p = await record('2025-01-02T00:00:00.000Z', ...session('s1', '2024-03-04', 900), ...session('s2', '2024-04-01', 600));
    await liveCaughtUp();
    const atP = await figures(liveQueries);
    expect(atP.city).toMatchObject({ courseSessions: 2, attendances: 1500 });

    await record(
      '2025-01-03T00:00:00.000Z',
      { type: 'AttendanceVoided', data: { courseId: 'yoga', sessionId: 's1', participantId: 'w-1', reason: 'signed in for a colleague' } },
      { type: 'CourseSessionVoided', data: { courseId: 'yoga', sessionId: 's2', reason: 'recorded twice' } },
      ...session('s3', '2024-05-06', 10),
    );
    await liveCaughtUp();
    const now = await figures(liveQueries);
    expect(now.city).toMatchObject({ courseSessions: 2, attendances: 899 + 10 });

    const replayedAtP = await replayInMemory(store, participationProjection, p);
    const replayedNow = await replayInMemory(store, participationProjection, await store.headPosition());
    try {
      expect(replayedAtP.position).toEqual(p);
      expect(await figures(replayedAtP.query)).toEqual(atP);
      expect(await figures(replayedNow.query)).toEqual(now);
    } finally {
      replayedAtP.close();
      replayedNow.close();
    }
  });

  it('replays nothing before the first event: the organisations are unknown, the totals zero', async () => {
    await record('2025-01-01T00:00:00.000Z', { type: 'OrganizationRegistered', data: { organizationId: 'city', name: 'City', level: 'federation', parentId: null } });
    const replayed = await replayInMemory(store, participationProjection, undefined);
    try {
      expect(replayed.position).toBeUndefined();
      expect(await new ParticipationQueries(replayed.query).organizationSummary({ ...all, organizationId: 'city' })).toBeUndefined();
      expect(await new ParticipationQueries(replayed.query).courses(all)).toEqual([]);
    } finally {
      replayed.close();
    }
  });

  it('finds the last event of the log prefix recorded at or before an instant', async () => {
    const city: LedgerEvent = { type: 'OrganizationRegistered', data: { organizationId: 'city', name: 'City', level: 'federation', parentId: null } };
    const street: LedgerEvent = { type: 'OrganizationRegistered', data: { organizationId: 'street', name: 'Street', level: 'street', parentId: 'city' } };
    const first = await record('2025-01-01T10:00:00.000Z', city);
    const second = await record('2025-01-01T11:00:00.000Z', street);
    // Committed after an event whose writer read a later clock.
    const third = await record('2025-01-01T10:59:59.000Z', { ...street, data: { ...street.data, organizationId: 'late' } });

    expect(await lastEventRecordedBy(store, new Date('2025-01-01T09:59:59.999Z'))).toBeUndefined();
    expect(await lastEventRecordedBy(store, new Date('2025-01-01T10:00:00.000Z'))).toEqual(first);
    // The log order counts: the prefix ends before the first event recorded after the instant.
    expect(await lastEventRecordedBy(store, new Date('2025-01-01T10:59:59.500Z'))).toEqual(first);
    expect(await lastEventRecordedBy(store, new Date('2025-01-01T11:00:00.000Z'))).toEqual(third);
    expect(second).not.toEqual(third);
  });
});
