import { EventStore } from '../../event-store/src/event-store.port';
import { LogPosition } from '../../event-store/src/position';
import { inBatches } from './batches';
import { batchProjector, ProjectionDefinition } from './projection';
import { ReadModelStore } from './read-model.port';

const BATCH_SIZE = 1000;
const MAX_BACKOFF_MS = 5000;

export interface RunnerLogger {
  error(details: object, message: string): void;
}

/**
 * Subscription → projection → checkpoint: feeds one generation of a projection from the global
 * log, writing each batch's changes and its checkpoint in one read-model transaction, so a crash
 * neither skips nor double-counts. Each batch is fenced by the checkpoint it was read after, so a
 * second writer of the namespace (a process that has not yet noticed it lost its lease) cannot
 * apply it twice. On failure (store unreachable, checkpoint moved, a bug) it backs off and resumes
 * from the stored checkpoint.
 */
export class ProjectionRunner {
  private readonly controller = new AbortController();
  private running?: Promise<void>;
  private position?: LogPosition;
  lastError?: string;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly definition: ProjectionDefinition,
    readonly namespace: string,
    private readonly logger: RunnerLogger,
  ) {}

  get checkpoint(): LogPosition | undefined {
    return this.position;
  }

  async start(): Promise<void> {
    await this.readModels.ensureNamespace(this.namespace, this.definition.ddl);
    this.running = this.runWithRetries();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private async runWithRetries(): Promise<void> {
    let backoffMs = 100;
    while (!this.controller.signal.aborted) {
      try {
        await this.follow();
        return;
      } catch (error) {
        if (this.controller.signal.aborted) return;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error({ err: error, projection: this.namespace }, 'projection failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async follow(): Promise<void> {
    this.position = await this.readModels.checkpoint(this.namespace);
    const project = await batchProjector(this.definition, (sql, params) => this.readModels.query(this.namespace, sql, params));
    const events = this.store.subscribeToAll({ after: this.position, signal: this.controller.signal });
    for await (const batch of inBatches(events, BATCH_SIZE)) {
      const statements = project(batch);
      const checkpoint = batch[batch.length - 1].position;
      await this.readModels.applyBatch(this.namespace, statements, checkpoint, { previous: this.position });
      this.position = checkpoint;
      this.lastError = undefined;
      // A catch-up fills batch after batch without waiting on I/O: let requests in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
