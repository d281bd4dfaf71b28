import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from '../../event-store/src/memory-event-store';
import { fact } from '../../event-store/src/testing/log-fixtures';
import { ProjectionDefinition, sql } from './projection';
import { ProjectionLeases } from './projection-leases';
import { ProjectionManager, ProjectionStatus } from './projection-manager';
import { ReadModelStore } from './read-model.port';
import { readModelAdapters } from './testing/read-model-adapters';

/** Counts every event: a double-applied batch shows at once. */
const counted: ProjectionDefinition = {
  name: 'counted_v1',
  ddl: ['CREATE TABLE IF NOT EXISTS counted (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)'],
  project: () => [sql('INSERT INTO counted (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = counted.n + 1')],
};

/** Leases handed to whichever process the test names. */
class HandedLeases {
  holder?: 'a' | 'b';
  for(process: 'a' | 'b'): ProjectionLeases {
    return {
      acquire: async () => this.holder === process,
      release: async () => undefined,
      close: async () => undefined,
    };
  }
}

/**
 * Two processes (two managers, each with its own connection to one read-model place) over one log:
 * the lease holder runs the projection, both serve it; a rebuild asked for anywhere is done by the
 * holder; a takeover resumes from the checkpoint.
 */
describe.each(readModelAdapters('projection-manager'))('ProjectionManager in two processes on $name', (adapter) => {
  const log = new MemoryEventStore();
  const leases = new HandedLeases();
  const silent = { info: () => undefined, error: () => undefined };
  const cleanup: Array<() => Promise<void>> = [];
  let a: { manager: ProjectionManager; readModels: ReadModelStore };
  let b: { manager: ProjectionManager; readModels: ReadModelStore };

  beforeEach(async () => {
    const place = await adapter.fresh();
    cleanup.push(() => place.remove());
    const process = async (name: 'a' | 'b') => {
      const readModels = await place.open();
      const manager = new ProjectionManager(log, readModels, [counted], silent, { leases: leases.for(name), tickMs: 10 });
      cleanup.push(() => readModels.close(), () => manager.stop());
      return { manager, readModels };
    };
    leases.holder = 'a';
    a = await process('a');
    b = await process('b');
    await a.manager.start();
    await b.manager.start();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  let appended = 0;
  async function append(count: number) {
    for (let i = 0; i < count; i++) {
      await log.appendToStream(`thing-${randomUUID()}`, [fact('ThingHappened', { i })], { expectedRevision: 'no_stream' });
      appended++;
    }
  }
  async function status(of: typeof a): Promise<ProjectionStatus> {
    return (await of.manager.status())[0];
  }
  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 500; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('condition not met in time');
  }
  async function count(of: typeof a): Promise<number> {
    const [row] = await of.readModels.query<{ n: number }>(of.manager.namespace('counted_v1'), 'SELECT n FROM counted', []);
    return row?.n ?? 0;
  }

  it('runs the projection in the lease holder only, and serves it from both', async () => {
    await append(20);
    await until(async () => (await status(b)).lag === 0);
    expect(await status(a)).toMatchObject({ runsHere: true, generation: 1, lag: 0 });
    expect(await status(b)).toMatchObject({ runsHere: false, generation: 1, lag: 0 });
    expect(await count(a)).toBe(appended);
    expect(await count(b)).toBe(appended);
  });

  it('lets the other process take over when the holder loses its lease, resuming from the checkpoint', async () => {
    await append(30);
    await until(async () => (await status(a)).lag === 0);
    leases.holder = 'b';
    await until(async () => (await status(b)).runsHere && !(await status(a)).runsHere);
    await append(30);
    await until(async () => (await status(b)).lag === 0);
    expect(await count(b)).toBe(appended);
    expect(await count(a)).toBe(appended);
  });

  it('rebuilds, when the follower asks, in the holder; both then serve the new generation', async () => {
    await append(25);
    const { generation, done } = await b.manager.rebuild('counted_v1');
    expect(generation).toBe(2);
    expect(await b.manager.rebuild('counted_v1')).toMatchObject({ generation: 2 }); // asked twice: one rebuild
    await done;
    await until(async () => a.manager.namespace('counted_v1') === 'counted_v1_g2');
    expect(b.manager.namespace('counted_v1')).toBe('counted_v1_g2');
    expect(await count(a)).toBe(appended);
    expect(await count(b)).toBe(appended);
    expect(await status(b)).toMatchObject({ generation: 2, runsHere: false });
    expect((await status(b)).rebuilding).toBeUndefined();
    // The replaced generation is dropped by the holder once the others have had time to switch.
    await until(async () => (await a.readModels.checkpoint('counted_v1_g1')) === undefined);
  });

  it('carries out a rebuild asked for while no process held the lease, in the one that takes it next', async () => {
    await append(40);
    leases.holder = undefined; // nobody runs anything while the rebuild is asked for
    await until(async () => !(await status(a)).runsHere);
    const { done } = await a.manager.rebuild('counted_v1');
    leases.holder = 'b';
    await done;
    expect(a.manager.namespace('counted_v1')).toBe('counted_v1_g2');
    expect(await count(a)).toBe(appended);
  });
});
