import { EventStore } from '../../event-store/src/event-store.port';
import { encodePosition } from '../../event-store/src/position';
import { ProjectionDefinition } from './projection';
import { ProjectionLeases, SingleProcessLeases } from './projection-leases';
import { ProjectionRunner, RunnerLogger } from './projection-runner';
import { Generations, ReadModelStore } from './read-model.port';

export interface ProjectionStatus {
  name: string;
  generation: number;
  checkpoint: string | null;
  lag: number;
  /** Whether this API process runs the projection; the others only serve its queries. */
  runsHere: boolean;
  rebuilding?: { generation: number; checkpoint: string | null; lag: number };
  lastError?: string;
}

export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`no projection named ${projection}`);
  }
}

export interface ProjectionManagerOptions {
  /** Who runs each projection: this one process, unless several share the read models. */
  readonly leases?: ProjectionLeases;
  /**
   * How often the lease is taken or confirmed, the generations re-read and a rebuild checked for
   * completion; a projection whose process died is taken over within about this long.
   */
  readonly tickMs?: number;
}

interface Slot {
  readonly definition: ProjectionDefinition;
  /** As the registry last said: which generation serves queries, and which one is being rebuilt. */
  generations: Generations;
  /** The generation whose tables this process has made sure exist. */
  ensured?: number;
  /** The runners, while this process holds the projection's lease. */
  live?: ProjectionRunner;
  rebuild?: ProjectionRunner;
  /** A replaced generation, dropped once no process can still be querying it. */
  retiring?: { namespace: string; dropAt: number };
  waiters: Array<{ generation: number; resolve: () => void }>;
}

/**
 * Runs the projections in whichever API process holds each one's lease, and serves their queries
 * in every process. The registry (in the shared read-model store) says which generation serves;
 * a rebuild asked for in any process is recorded there and carried out by the lease holder, which
 * fills generation + 1 from position 0 beside the live one and swaps it in once caught up.
 *
 * One loop of ticks does all of it, so nothing here runs concurrently with itself.
 */
export class ProjectionManager {
  private readonly slots = new Map<string, Slot>();
  private readonly leases: ProjectionLeases;
  private readonly tickMs: number;
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly logger: RunnerLogger & { info(details: object, message: string): void },
    options: ProjectionManagerOptions = {},
  ) {
    this.leases = options.leases ?? new SingleProcessLeases();
    this.tickMs = options.tickMs ?? 1000;
  }

  /** Reads the registry and takes whatever leases are free, before the first request is served. */
  async start(): Promise<void> {
    for (const definition of this.definitions) {
      this.slots.set(definition.name, { definition, generations: await this.readModels.generations(definition.name), waiters: [] });
    }
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    for (const slot of this.slots.values()) await this.stopRunners(slot);
    await this.leases.close();
  }

  /** The namespace that serves queries for a projection now. */
  namespace(projection: string): string {
    const slot = this.get(projection);
    return namespaceOf(slot.definition, slot.generations.active);
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      [...this.slots.values()].map(async ({ definition, generations: { active, rebuilding }, live }) => ({
        name: definition.name,
        generation: active,
        ...(await this.progress(namespaceOf(definition, active))),
        runsHere: live !== undefined,
        ...(rebuilding !== undefined && {
          rebuilding: { generation: rebuilding, ...(await this.progress(namespaceOf(definition, rebuilding))) },
        }),
        ...(live?.lastError && { lastError: live.lastError }),
      })),
    );
  }

  /**
   * Asks for a rebuild (or joins the one under way) and returns at once; `done` settles when this
   * process serves the new generation, whichever process rebuilt it.
   */
  async rebuild(projection: string): Promise<{ generation: number; done: Promise<void> }> {
    const slot = this.get(projection);
    slot.generations = await this.readModels.requestRebuild(projection);
    const generation = slot.generations.rebuilding ?? slot.generations.active;
    this.logger.info({ projection, generation }, 'projection rebuild asked for');
    const done = new Promise<void>((resolve) => slot.waiters.push({ generation, resolve }));
    this.settleWaiters(slot);
    return { generation, done };
  }

  private async tick(): Promise<void> {
    this.ticking = (async () => {
      for (const slot of this.slots.values()) {
        try {
          await this.tickSlot(slot);
        } catch (error) {
          this.logger.error({ err: error, projection: slot.definition.name }, 'projection manager tick failed; trying again');
        }
      }
    })();
    await this.ticking;
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.tickMs);
  }

  private async tickSlot(slot: Slot): Promise<void> {
    const { definition } = slot;
    const holds = await this.leases.acquire(definition.name);
    slot.generations = await this.readModels.generations(definition.name);
    if (slot.ensured !== slot.generations.active) {
      // Queries may come before the lease holder has created the tables (a fresh cluster).
      await this.readModels.ensureNamespace(namespaceOf(definition, slot.generations.active), definition.ddl);
      slot.ensured = slot.generations.active;
    }
    if (holds) {
      if (!slot.live) await this.takeOver(slot);
      await this.advanceRebuild(slot);
      await this.dropRetired(slot);
    } else if (slot.live) {
      this.logger.info({ projection: definition.name }, 'projection lease lost: stopped running it here');
      await this.stopRunners(slot);
    }
    this.settleWaiters(slot);
  }

  private async takeOver(slot: Slot): Promise<void> {
    const { active } = slot.generations;
    slot.live = await this.startRunner(slot.definition, active);
    // A holder that died right after a swap may have left the replaced generation behind.
    if (active > 1) slot.retiring = { namespace: namespaceOf(slot.definition, active - 1), dropAt: this.retireAt() };
    this.logger.info({ projection: slot.definition.name, generation: active }, 'projection lease taken: running it here');
  }

  private async advanceRebuild(slot: Slot): Promise<void> {
    const target = slot.generations.rebuilding;
    if (target === undefined) return;
    const namespace = namespaceOf(slot.definition, target);
    if (slot.rebuild?.namespace !== namespace) {
      await slot.rebuild?.stop();
      // A rebuild cut short (its process died) goes on from its own checkpoint.
      slot.rebuild = await this.startRunner(slot.definition, target);
      this.logger.info({ projection: slot.definition.name, generation: target }, 'projection rebuild started');
      return;
    }
    if ((await this.store.countEventsAfter(slot.rebuild.checkpoint)) > 0) return;
    if (!(await this.readModels.completeRebuild(slot.definition.name, target))) return;
    const old = slot.live!;
    Object.assign(slot, { live: slot.rebuild, rebuild: undefined, generations: { active: target } });
    await old.stop();
    slot.retiring = { namespace: old.namespace, dropAt: this.retireAt() };
    this.logger.info({ projection: slot.definition.name, generation: target }, 'projection rebuilt and swapped in');
  }

  /** Other processes learn of a swap on their next tick: the old generation stays until well after. */
  private retireAt(): number {
    return Date.now() + 5 * this.tickMs;
  }

  private async dropRetired(slot: Slot): Promise<void> {
    if (!slot.retiring || Date.now() < slot.retiring.dropAt) return;
    await this.readModels.dropNamespace(slot.retiring.namespace);
    slot.retiring = undefined;
  }

  private async stopRunners(slot: Slot): Promise<void> {
    await slot.rebuild?.stop();
    await slot.live?.stop();
    Object.assign(slot, { live: undefined, rebuild: undefined });
  }

  private settleWaiters(slot: Slot): void {
    const ready = slot.waiters.filter((waiter) => waiter.generation <= slot.generations.active);
    slot.waiters = slot.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }

  private async startRunner(definition: ProjectionDefinition, generation: number): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(this.store, this.readModels, definition, namespaceOf(definition, generation), this.logger);
    await runner.start();
    return runner;
  }

  private async progress(namespace: string) {
    const checkpoint = await this.readModels.checkpoint(namespace);
    return {
      checkpoint: checkpoint ? encodePosition(checkpoint) : null,
      lag: await this.store.countEventsAfter(checkpoint),
    };
  }

  private get(projection: string): Slot {
    const slot = this.slots.get(projection);
    if (!slot) throw new UnknownProjectionError(projection);
    return slot;
  }
}

/** Where a generation of a projection keeps its tables. */
export function namespaceOf(definition: Pick<ProjectionDefinition, 'name'>, generation: number): string {
  return `${definition.name}_g${generation}`;
}
