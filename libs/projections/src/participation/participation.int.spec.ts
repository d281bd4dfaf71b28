import { randomUUID } from 'node:crypto';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { MemoryEventStore } from '../../../event-store/src/memory-event-store';
import { ProjectionManager } from '../projection-manager';
import { ReadModelStore } from '../read-model.port';
import { readModelAdapters } from '../testing/read-model-adapters';
import { participationProjection } from './participation.projection';
import { ParticipationFilter, ParticipationQueries } from './participation.queries';

/** Given events in the log, when the projection has followed it, then the queries answer: on each read-model adapter. */
describe.each(readModelAdapters('participation'))('participation projection and queries on $name', (adapter) => {
  let store: MemoryEventStore;
  let readModels: ReadModelStore;
  let manager: ProjectionManager;
  const cleanup: Array<() => Promise<void>> = [];
  const silent = { info: () => undefined, error: () => undefined };
  const all: ParticipationFilter = { subtree: true, tree: 'dated', regularMin: 2 };

  beforeEach(async () => {
    const place = await adapter.fresh();
    cleanup.push(() => place.remove());
    store = new MemoryEventStore();
    readModels = await place.open();
    cleanup.push(() => readModels.close());
    manager = new ProjectionManager(store, readModels, [participationProjection], silent, { tickMs: 10 });
    cleanup.push(() => manager.stop());
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  let stream = 0;
  async function given(...events: LedgerEvent[]) {
    for (const event of events) {
      await store.appendToStream(`test-${stream++}`, [{ id: randomUUID(), type: event.type, data: event.data, metadata: { actor: 't', correlationId: 'c', causationId: 'c', recordedAt: '2025-01-01T00:00:00Z', schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    }
  }
  async function caughtUp() {
    for (let i = 0; i < 500; i++) {
      const [status] = await manager.status();
      if (status.lag === 0 && !status.rebuilding) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('not caught up');
  }
  const queries = () =>
    new ParticipationQueries((sql, params) => readModels.query(manager.namespace('participation_v6'), sql, params));

  const tree: LedgerEvent[] = [
    { type: 'OrganizationRegistered', data: { organizationId: 'city', name: 'City', level: 'federation', parentId: null } },
    { type: 'OrganizationRegistered', data: { organizationId: 'district', name: 'District', level: 'district', parentId: 'city' } },
    { type: 'OrganizationRegistered', data: { organizationId: 'street_a', name: 'Street A', level: 'street', parentId: 'district' } },
    { type: 'OrganizationRegistered', data: { organizationId: 'street_b', name: 'Street B', level: 'street', parentId: 'district' } },
    // An id with LIKE wildcards must not match its neighbours' paths.
    { type: 'OrganizationRegistered', data: { organizationId: 'street_', name: 'Underscore', level: 'street', parentId: 'city' } },
    { type: 'CourseRegistered', data: { courseId: 'yoga', organizationId: 'street_a', name: 'Yoga', category: 'sport' } },
    { type: 'CourseRegistered', data: { courseId: 'paint', organizationId: 'street_b', name: 'Paint', category: 'art' } },
    { type: 'CourseRegistered', data: { courseId: 'chess', organizationId: 'street_', name: 'Chess', category: 'games' } },
  ];
  const session = (courseId: string, sessionId: string, date: string, ...participants: string[]): LedgerEvent[] => [
    { type: 'CourseSessionHeld', data: { courseId, sessionId, date, venue: null } },
    ...participants.map((participantId): LedgerEvent => ({ type: 'CourseSessionAttended', data: { courseId, sessionId, participantId } })),
  ];

  it('counts distinct people over a subtree once, whichever street they attended', async () => {
    await manager.start();
    await given(
      ...tree,
      ...session('yoga', 'y1', '2024-01-10', 'p1', 'p2'),
      ...session('yoga', 'y2', '2024-02-10', 'p1'),
      ...session('paint', 'q1', '2024-01-11', 'p1', 'p3'),
      ...session('chess', 'c1', '2024-01-12', 'p9'),
    );
    await caughtUp();
    const district = await queries().organizationSummary({ ...all, organizationId: 'district' });
    expect(district).toMatchObject({ courseSessions: 3, attendances: 5, distinctParticipants: 3, regulars: 1 });
    const streetA = await queries().organizationSummary({ ...all, organizationId: 'street_a' });
    expect(streetA).toMatchObject({ courseSessions: 2, attendances: 3, distinctParticipants: 2 });
    const city = await queries().organizationSummary({ ...all, organizationId: 'city', subtree: false });
    expect(city).toMatchObject({ courseSessions: 0, attendances: 0 });
    const underscore = await queries().organizationSummary({ ...all, organizationId: 'street_' });
    expect(underscore).toMatchObject({ courseSessions: 1, attendances: 1 });
  });

  it('applies corrections: voided attendances and sessions, corrected meals and clinics, voided members', async () => {
    await manager.start();
    await given(
      ...tree,
      ...session('yoga', 'y1', '2024-01-10', 'p1', 'p2'),
      ...session('yoga', 'y2', '2024-01-17', 'p1', 'p2'),
      { type: 'AttendanceVoided', data: { courseId: 'yoga', sessionId: 'y1', participantId: 'p2', reason: 'wrong' } },
      { type: 'CourseSessionVoided', data: { courseId: 'yoga', sessionId: 'y2', reason: 'twice' } },
      { type: 'ClinicHeld', data: { clinicId: 'c', organizationId: 'street_a', venue: 'v', date: '2024-03-01', services: ['bp'], workersServed: 30, targetGroups: [] } },
      { type: 'ClinicCorrected', data: { clinicId: 'c', venue: 'v', date: '2024-03-01', services: ['bp'], workersServed: 28, targetGroups: [], reason: 'r' } },
      { type: 'MealServed', data: { mealId: 'm', organizationId: 'street_b', partner: 'p', date: '2024-01-18', meals: 75, recipientGroup: 'riders' } },
      { type: 'MealCountCorrected', data: { mealId: 'm', meals: 70, previousMeals: 75, reason: 'r' } },
      { type: 'MemberJoined', data: { organizationId: 'street_b', workerId: 'r1', date: '2024-01-18', channel: 'online', category: 'new-form-worker' } },
      { type: 'MemberJoined', data: { organizationId: 'street_b', workerId: 'r2', date: '2024-01-18', channel: 'on-site', category: 'other' } },
      { type: 'MembershipVoided', data: { organizationId: 'street_b', workerId: 'r2', reason: 'r' } },
    );
    await caughtUp();
    expect(await queries().organizationSummary({ ...all, organizationId: 'district' })).toMatchObject({
      courseSessions: 1,
      attendances: 1,
      distinctParticipants: 1,
      clinics: 1,
      workersServed: 28,
      meals: 70,
      membersJoined: 1,
      membersByChannel: { online: 1, 'on-site': 0 },
      membersByCategory: { 'new-form-worker': 1, other: 0 },
    });
  });

  it('filters by period and breaks figures down by month, keeping period totals exact', async () => {
    await manager.start();
    await given(
      ...tree,
      ...session('yoga', 'y1', '2024-01-10', 'p1', 'p2'),
      ...session('yoga', 'y2', '2024-02-10', 'p1'),
      ...session('yoga', 'y3', '2025-01-10', 'p1'),
    );
    await caughtUp();
    const [yoga] = (await queries().courses({ ...all, organizationId: 'street_a', from: '2024-01-01', to: '2024-12-31', groupBy: 'month' }))!;
    expect(yoga).toMatchObject({ sessions: 2, attendances: 3, distinctParticipants: 2, averageAttendance: 1.5, regulars: 1 });
    expect(yoga.periods).toEqual([
      { period: '2024-01', sessions: 1, attendances: 2, distinctParticipants: 2, averageAttendance: 2, regulars: 0 },
      { period: '2024-02', sessions: 1, attendances: 1, distinctParticipants: 1, averageAttendance: 1, regulars: 0 },
    ]);
  });

  it('resumes from its checkpoint after a restart without counting anything twice', async () => {
    await manager.start();
    await given(...tree, ...session('yoga', 'y1', '2024-01-10', 'p1', 'p2'));
    await caughtUp();
    await manager.stop();
    await given(...session('yoga', 'y2', '2024-01-17', 'p3'));
    manager = new ProjectionManager(store, readModels, [participationProjection], silent, { tickMs: 10 });
    await manager.start();
    await caughtUp();
    expect(await queries().organizationSummary({ ...all, organizationId: 'city' })).toMatchObject({ courseSessions: 2, attendances: 3 });
  });

  it('rebuilds into a new generation that gives the same figures, while the old one keeps answering', async () => {
    await manager.start();
    await given(...tree, ...session('yoga', 'y1', '2024-01-10', 'p1', 'p2'), ...session('paint', 'q1', '2024-01-11', 'p1'));
    await caughtUp();
    const before = await queries().organizationSummary({ ...all, organizationId: 'city' });
    const { generation, done } = await manager.rebuild('participation_v6');
    expect(generation).toBe(2);
    expect(await queries().organizationSummary({ ...all, organizationId: 'city' })).toEqual(before);
    await done;
    expect(manager.namespace('participation_v6')).toBe('participation_v6_g2');
    expect(await readModels.generations('participation_v6')).toEqual({ active: 2 });
    expect(await queries().organizationSummary({ ...all, organizationId: 'city' })).toEqual(before);
  });
});
