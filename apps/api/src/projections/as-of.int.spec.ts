import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from '../../../../libs/event-store/src/memory-event-store';
import { positionAt } from '../../../../libs/event-store/src/position';
import { ReplayedReadModel } from '../../../../libs/projections/src/as-of';
import { AsOfReadModels } from './as-of';

/** The replays kept for as-of questions: reused at one position, at most four kept, none closed under a question. */
describe('AsOfReadModels', () => {
  let store: MemoryEventStore;
  let replays: number;
  let asOf: AsOfReadModels;
  const organizations = (replayed: ReplayedReadModel) => replayed.query<{ n: number }>('SELECT count(*) AS n FROM organizations', []);

  beforeEach(async () => {
    store = new MemoryEventStore();
    for (let i = 1; i <= 8; i++) {
      const data = { organizationId: `o${i}`, name: `O${i}`, level: 'federation', parentId: null };
      const metadata = { actor: 't', correlationId: 'c', causationId: 'c', recordedAt: '2025-01-01T00:00:00.000Z', schemaVersion: 1 };
      await store.appendToStream(`organization-o${i}`, [{ id: randomUUID(), type: 'OrganizationRegistered', data, metadata }], {
        expectedRevision: 'no_stream',
      });
    }
    replays = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => (replays++, readAll(options));
    asOf = new AsOfReadModels(store);
  });
  afterEach(() => asOf.onApplicationShutdown());

  const at = (n: number) => ({ position: positionAt(BigInt(n)) });

  it('replays a position once while it stays among the last four asked, and again once evicted', async () => {
    expect(await asOf.use(at(3), organizations)).toEqual({ answer: [{ n: 3 }], position: '3' });
    expect(await asOf.use(at(3), organizations)).toEqual({ answer: [{ n: 3 }], position: '3' });
    expect(await asOf.use(at(99), organizations)).toEqual({ answer: [{ n: 8 }], position: '8' }); // beyond the head
    expect(await asOf.use(at(8), organizations)).toEqual({ answer: [{ n: 8 }], position: '8' }); // the head's replay
    expect(replays).toBe(2);
    for (const n of [4, 5, 6, 7]) await asOf.use(at(n), organizations);
    expect(replays).toBe(6);
    await asOf.use(at(3), organizations);
    expect(replays).toBe(7);
  });

  it('closes an evicted replay only after the question running on it has its answer', async () => {
    let evict!: () => void;
    const evicted = new Promise<void>((resolve) => (evict = resolve));
    const slow = asOf.use(at(2), async (replayed) => {
      await evicted;
      return organizations(replayed);
    });
    await new Promise((resolve) => setImmediate(resolve));
    for (const n of [4, 5, 6, 7]) await asOf.use(at(n), organizations);
    evict();
    expect(await slow).toEqual({ answer: [{ n: 2 }], position: '2' });
  });
});
