import { EventStore } from '../../event-store/src/event-store.port';
import { encodePosition } from '../../event-store/src/position';
import { ProjectionDefinition } from './projection';
import { ProjectionRunner, RunnerLogger } from './projection-runner';
import { ReadModelStore } from './read-model.port';

export interface ProjectionStatus {
  name: string;
  generation: number;
  checkpoint: string | null;
  lag: number;
  rebuilding?: { generation: number; checkpoint: string | null; lag: number };
  lastError?: string;
}

export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`no projection named ${projection}`);
  }
}

interface Managed {
  definition: ProjectionDefinition;
  generation: number;
  live: ProjectionRunner;
  rebuild?: { generation: number; runner: ProjectionRunner; done: Promise<void> };
}

/**
 * Runs the live generation of every projection, and rebuilds one from position 0 into a new
 * generation beside the live one, which keeps serving until the new one has caught up and is
 * swapped in.
 */
export class ProjectionManager {
  private readonly managed = new Map<string, Managed>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly logger: RunnerLogger & { info(details: object, message: string): void },
    private readonly catchUpPollMs = 50,
  ) {}

  async start(): Promise<void> {
    for (const definition of this.definitions) {
      let generation = await this.readModels.activeGeneration(definition.name);
      if (generation === undefined) {
        generation = 1;
        await this.readModels.setActiveGeneration(definition.name, generation);
      }
      const live = this.runner(definition, generation);
      await live.start();
      this.managed.set(definition.name, { definition, generation, live });
    }
  }

  async stop(): Promise<void> {
    for (const managed of this.managed.values()) {
      await managed.rebuild?.runner.stop();
      await managed.live.stop();
    }
  }

  /** The namespace that serves queries for a projection now. */
  namespace(projection: string): string {
    return this.get(projection).live.namespace;
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      [...this.managed.values()].map(async ({ definition, generation, live, rebuild }) => ({
        name: definition.name,
        generation,
        ...(await this.progress(live)),
        ...(rebuild && { rebuilding: { generation: rebuild.generation, ...(await this.progress(rebuild.runner)) } }),
        ...(live.lastError && { lastError: live.lastError }),
      })),
    );
  }

  /**
   * Starts a rebuild (or joins the one under way) and returns at once; `done` settles when the new
   * generation serves.
   */
  async rebuild(projection: string): Promise<{ generation: number; done: Promise<void> }> {
    const managed = this.get(projection);
    if (managed.rebuild) return { generation: managed.rebuild.generation, done: managed.rebuild.done };
    const generation = managed.generation + 1;
    const namespace = namespaceOf(managed.definition, generation);
    await this.readModels.dropNamespace(namespace); // leftovers of a rebuild cut short
    const runner = this.runner(managed.definition, generation);
    await runner.start();
    const done = this.swapWhenCaughtUp(managed, generation, runner);
    done.catch((error) => this.logger.error({ err: error, projection }, 'projection rebuild failed'));
    managed.rebuild = { generation, runner, done };
    this.logger.info({ projection, generation }, 'projection rebuild started');
    return { generation, done };
  }

  private async swapWhenCaughtUp(managed: Managed, generation: number, runner: ProjectionRunner): Promise<void> {
    try {
      while ((await this.store.countEventsAfter(runner.checkpoint)) > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.catchUpPollMs));
      }
      await this.readModels.setActiveGeneration(managed.definition.name, generation);
      const old = managed.live;
      Object.assign(managed, { live: runner, generation, rebuild: undefined });
      await old.stop();
      await this.readModels.dropNamespace(old.namespace);
      this.logger.info({ projection: managed.definition.name, generation }, 'projection rebuilt and swapped in');
    } catch (error) {
      managed.rebuild = undefined;
      await runner.stop();
      throw error;
    }
  }

  private async progress(runner: ProjectionRunner) {
    const checkpoint = runner.checkpoint;
    return {
      checkpoint: checkpoint ? encodePosition(checkpoint) : null,
      lag: await this.store.countEventsAfter(checkpoint),
    };
  }

  private runner(definition: ProjectionDefinition, generation: number): ProjectionRunner {
    return new ProjectionRunner(this.store, this.readModels, definition, namespaceOf(definition, generation), this.logger);
  }

  private get(projection: string): Managed {
    const managed = this.managed.get(projection);
    if (!managed) throw new UnknownProjectionError(projection);
    return managed;
  }
}

function namespaceOf(definition: ProjectionDefinition, generation: number): string {
  return `${definition.name}_g${generation}`;
}
