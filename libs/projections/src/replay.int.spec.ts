import { randomUUID } from 'node:crypto';
import { auditChainProjection } from '../../audit/src/audit-chain.projection';
import { LedgerEvent } from '../../domain/src/ledger-events';
import { MemoryEventStore } from '../../event-store/src/memory-event-store';
import { participationProjection } from './participation/participation.projection';
import { ProjectionDefinition, sql } from './projection';
import { ReadModelStore } from './read-model.port';
import { replayInto } from './replay';
import { tableDigest, tablesOf } from './table-digest';
import { readModelAdapters } from './testing/read-model-adapters';

/**
 * A generated log of some thousands of events of every kind the participation projection keeps in
 * a table without a primary key (the dated organisation tree, cooling items) or with one (the rest),
 * including the root's NULL parent, which the digest's paging must step over.
 */
async function generatedLog(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const date = () => `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  let streams = 0;
  const append = (...events: LedgerEvent[]) =>
    store.appendToStream(
      `test-${streams++}`,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { actor: 't', correlationId: 'c', causationId: 'c', recordedAt: '2025-01-01T00:00:00Z', schemaVersion: 1 },
      })),
      { expectedRevision: 'no_stream' },
    );

  await append({ type: 'OrganizationRegistered', data: { organizationId: 'city', name: 'City', level: 'federation', parentId: null } });
  const districts = ['d1', 'd2', 'd3'];
  for (const d of districts) await append({ type: 'OrganizationRegistered', data: { organizationId: d, name: d, level: 'district', parentId: 'city' } });
  const streets = districts.flatMap((d) => [1, 2, 3, 4].map((s) => `${d}_s${s}`));
  for (const s of streets) await append({ type: 'OrganizationRegistered', data: { organizationId: s, name: s, level: 'street', parentId: s.slice(0, 2) } });
  await append({ type: 'OrganizationMoved', data: { organizationId: 'd1_s1', fromParentId: 'd1', toParentId: 'd2', effectiveDate: '2024-06-01' } });
  const courses = Array.from({ length: 30 }, (_, c) => `course${c}`);
  for (const courseId of courses) {
    await append({ type: 'CourseRegistered', data: { courseId, organizationId: pick(streets), name: courseId, category: 'art' } });
  }
  for (let i = 0; i < 200; i++) {
    const courseId = pick(courses);
    const sessionId = `s${i}`;
    const attendees = new Set(Array.from({ length: 10 }, () => `w-${Math.floor(random() * 500)}`));
    const events: LedgerEvent[] = [{ type: 'CourseSessionHeld', data: { courseId, sessionId, date: date(), venue: null } }];
    for (const participantId of attendees) events.push({ type: 'CourseSessionAttended', data: { courseId, sessionId, participantId } });
    if (i % 10 === 0) events.push({ type: 'AttendanceVoided', data: { courseId, sessionId, participantId: [...attendees][0], reason: 'r' } });
    await append(...events);
  }
  for (let i = 0; i < 100; i++) {
    const organizationId = pick(streets);
    await append({ type: 'MealServed', data: { mealId: `m${i}`, organizationId, partner: 'p', date: date(), meals: 50, recipientGroup: 'riders' } });
    await append({ type: 'MemberJoined', data: { organizationId, workerId: `r${i}`, date: date(), channel: 'online', category: 'other' } });
    await append({
      type: 'CoolingSuppliesDelivered',
      data: {
        deliveryId: `c${i}`, organizationId, site: 'site', date: date(), workersReached: 10,
        // The same item twice: identical rows in a table without a primary key.
        items: [{ item: 'water', quantity: 5, unit: 'case' }, { item: 'water', quantity: 5, unit: 'case' }, { item: 'melon', quantity: i, unit: 'piece' }],
      },
    });
  }
  return store;
}

const PROJECTIONS: ProjectionDefinition[] = [participationProjection, auditChainProjection];
/** The tables the generated log fills: a digest of empty tables only would prove little. */
const FILLED_TABLES: Record<string, string[]> = {
  participation_v6: ['organizations', 'organization_links', 'organization_ancestry', 'courses', 'sessions', 'attendances', 'meals', 'members', 'cooling_deliveries', 'cooling_items'],
  audit_chain_v1: ['chain'],
};

describe.each(readModelAdapters('replay'))('replaying the log on $name', (adapter) => {
  let store: MemoryEventStore;
  let readModels: ReadModelStore;
  const cleanup: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    store = await generatedLog();
  });
  beforeEach(async () => {
    const place = await adapter.fresh();
    cleanup.push(() => place.remove());
    readModels = await place.open();
    cleanup.push(() => readModels.close());
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const digestOf = async (namespace: string) => tableDigest(readModels, namespace, await tablesOf(readModels, namespace));

  it.each(PROJECTIONS.map((definition) => [definition.name, definition] as const))(
    'twice from position 0 gives identical table digests for %s',
    async (name, definition) => {
      const events = await store.countEventsAfter();
      expect(events).toBeGreaterThan(2000);
      const first = await replayInto(store, readModels, definition, `${name}_first`);
      const second = await replayInto(store, readModels, definition, `${name}_second`, { onProgress: () => undefined });
      expect(first).toMatchObject({ replayed: events, remaining: 0, aborted: false });
      expect(second.checkpoint).toEqual(first.checkpoint);

      const digests = await digestOf(`${name}_first`);
      const filled = digests.filter((digest) => digest.rows > 0).map((digest) => digest.table);
      expect(filled).toEqual(expect.arrayContaining(FILLED_TABLES[name]));
      expect(await digestOf(`${name}_second`)).toEqual(digests);
    },
  );

  it('gives a different digest, for that table only, when one row differs', async () => {
    const replayed = await replayInto(store, readModels, participationProjection, 'participation_a');
    await replayInto(store, readModels, participationProjection, 'participation_b');
    const [row] = await readModels.query<{ id: string; meals: number }>('participation_b', 'SELECT id, meals FROM meals ORDER BY id LIMIT 1', []);
    await readModels.applyBatch('participation_b', [sql('UPDATE meals SET meals = ? WHERE id = ?', row.meals + 1, row.id)], replayed.checkpoint!);

    const a = await digestOf('participation_a');
    const b = await digestOf('participation_b');
    const differing = a.filter((digest, i) => digest.sha256 !== b[i].sha256).map((digest) => digest.table);
    expect(differing).toEqual(['meals']);
    expect(b.find((digest) => digest.table === 'meals')!.rows).toBe(a.find((digest) => digest.table === 'meals')!.rows);
  });

  it('digests a table without a primary key, NULLs and identical rows included, whatever the page size', async () => {
    await replayInto(store, readModels, participationProjection, 'participation_paged');
    const tables = ['organization_links', 'organization_ancestry', 'cooling_items'];
    const whole = await tableDigest(readModels, 'participation_paged', tables, { pageSize: 100_000 });
    expect(await tableDigest(readModels, 'participation_paged', tables, { pageSize: 1 })).toEqual(whole);
    expect(whole.find((digest) => digest.table === 'cooling_items')!.rows).toBe(300);
  });

  it('stops an aborted replay after whole batches, with their checkpoint, and resumes it to the same digests', async () => {
    const events = await store.countEventsAfter();
    const controller = new AbortController();
    const progress: number[] = [];
    const aborted = await replayInto(store, readModels, auditChainProjection, 'audit_chain_resumed', {
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push(done);
        expect(total).toBe(events);
        if (done === 2000) controller.abort();
      },
    });
    expect(aborted).toMatchObject({ aborted: true, replayed: 2000, remaining: events - 2000 });
    expect(progress).toEqual([1000, 2000]);
    expect(await readModels.checkpoint('audit_chain_resumed')).toEqual(aborted.checkpoint);
    const [{ sealed }] = await readModels.query<{ sealed: number }>('audit_chain_resumed', 'SELECT count(*) AS sealed FROM chain', []);
    expect(sealed).toBe(2000);

    const resumed = await replayInto(store, readModels, auditChainProjection, 'audit_chain_resumed');
    expect(resumed).toMatchObject({ aborted: false, replayed: events - 2000, remaining: 0 });
    await replayInto(store, readModels, auditChainProjection, 'audit_chain_whole');
    expect(await digestOf('audit_chain_resumed')).toEqual(await digestOf('audit_chain_whole'));
  });

  it('replays up to a given position only', async () => {
    const [, , third] = await collect(store);
    const result = await replayInto(store, readModels, auditChainProjection, 'audit_chain_until', { until: third.position });
    expect(result).toMatchObject({ replayed: 3, checkpoint: third.position, remaining: 0 });
  });
});

async function collect(store: MemoryEventStore) {
  const events = [];
  for await (const event of store.readAll({ maxCount: 3 })) events.push(event);
  return events;
}
