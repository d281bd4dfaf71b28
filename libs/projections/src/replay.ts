import { EventStore, StoredEvent } from '../../event-store/src/event-store.port';
import { comparePositions, LogPosition } from '../../event-store/src/position';
import { batchProjector, ProjectionDefinition } from './projection';
import { ReadModelStore } from './read-model.port';

const BATCH_SIZE = 1000;

export interface ReplayOptions {
  /** Told after each committed batch: events replayed so far in this call, and how many it set out to replay. */
  onProgress?(done: number, total: number): void;
  /** Stops after the batch being written: the namespace keeps whole batches only, each with its checkpoint. */
  readonly signal?: AbortSignal;
  /** Replay up to and including this position (another namespace's checkpoint), not to the head. */
  readonly until?: LogPosition;
}

export interface ReplayResult {
  /** The namespace's checkpoint now: the last event of the last committed batch. */
  readonly checkpoint: LogPosition | undefined;
  /** Events applied by this call. */
  readonly replayed: number;
  /** Events that remain between the checkpoint and the target (the head, or `until`): 0 unless aborted. */
  readonly remaining: number;
  readonly aborted: boolean;
}

/**
 * Replays the log into `namespace` from its checkpoint (position 0 for a fresh namespace), the way
 * the ProjectionRunner does, minus the live part: batches of events whose changes commit in one
 * read-model transaction with the checkpoint they reach, fenced by the checkpoint they were read
 * after. So an abort, a crash or a second writer never leaves part of a batch, and calling it again
 * on the same namespace resumes where it stopped. It reads with readAll (not a subscription): it
 * ends at the head as it was when the replay began, or at `until`.
 */
export async function replayInto(
  store: EventStore,
  readModels: ReadModelStore,
  definition: ProjectionDefinition,
  namespace: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  await readModels.ensureNamespace(namespace, definition.ddl);
  let checkpoint = await readModels.checkpoint(namespace);
  const target = options.until ?? (await store.headPosition());
  const total = await eventsBetween(store, checkpoint, target);
  const project = await batchProjector(definition, (sql, params) => readModels.query(namespace, sql, params));
  let replayed = 0;

  const commit = async (batch: StoredEvent[]) => {
    const reached = batch[batch.length - 1].position;
    await readModels.applyBatch(namespace, project(batch), reached, { previous: checkpoint });
    checkpoint = reached;
    replayed += batch.length;
    options.onProgress?.(replayed, total);
    // Replaying a local log never waits on I/O: give a signal handler (Ctrl-C) its turn between batches.
    await new Promise((resolve) => setImmediate(resolve));
  };

  let batch: StoredEvent[] = [];
  if (target && !options.signal?.aborted) {
    for await (const event of store.readAll({ after: checkpoint })) {
      if (comparePositions(event.position, target) > 0) break;
      batch.push(event);
      if (batch.length === BATCH_SIZE) {
        await commit(batch);
        batch = [];
        if (options.signal?.aborted) break;
      }
    }
  }
  const aborted = options.signal?.aborted ?? false;
  if (batch.length > 0 && !aborted) await commit(batch);
  return { checkpoint, replayed, remaining: aborted ? await eventsBetween(store, checkpoint, target) : 0, aborted };
}

/** How many events lie after `from` up to and including `to` (none when there is no `to`). */
async function eventsBetween(store: EventStore, from: LogPosition | undefined, to: LogPosition | undefined): Promise<number> {
  if (!to || (from && comparePositions(from, to) >= 0)) return 0;
  return (await store.countEventsAfter(from)) - (await store.countEventsAfter(to));
}
