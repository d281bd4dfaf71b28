import { statSync } from 'node:fs';
import { join } from 'node:path';
import { progressReporter } from '../../apps/cli/src/progress';
import { EventStore } from '../../libs/event-store/src/event-store.port';
import { ProjectionDefinition } from '../../libs/projections/src/projection';
import { namespaceOf } from '../../libs/projections/src/projection-manager';
import { ProjectionRunner } from '../../libs/projections/src/projection-runner';
import { ReadModelStore } from '../../libs/projections/src/read-model.port';
import { nowMs } from '../support';
import { Window, windows } from './city-load';

/**
 * Catch-up as the API does it after a start on an empty read-model directory: a ProjectionRunner
 * (subscription → projection → one read-model transaction per batch with its checkpoint) from
 * position 0 to the head, into the projection's first generation (`<name>_g1`, the namespace the
 * projection manager serves), so that an API or `ledger verify` started on the directory later
 * finds the read models caught up. applyBatch is watched through a Proxy: it says when the
 * checkpoint passes each tenth of the log (the windows), and the size of the namespace's SQLite
 * file then (the read model's growth).
 */

export interface CatchUpResults {
  readonly projection: string;
  readonly namespace: string;
  readonly events: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly windows: Window[];
  readonly batches: number;
  readonly statements: number;
  /** Time inside ReadModelStore.applyBatch (the read-model transactions). */
  readonly applyBatchMs: number;
  /** The namespace's file (with its WAL) when the checkpoint passed each tenth of the log. */
  readonly growth: Array<{ readonly events: number; readonly bytes: number }>;
}

/** How long without a committed batch before the catch-up is declared stuck. */
const STALL_MS = 120_000;

export async function catchUp(
  store: EventStore,
  readModels: ReadModelStore,
  readModelDir: string,
  definition: ProjectionDefinition,
  log: (line: string) => void,
): Promise<CatchUpResults> {
  const head = await store.headPosition();
  if (!head) throw new Error('the log is empty');
  const total = Number(head.commit); // SQLite positions are the rowids 1..n of a log never deleted from
  const namespace = namespaceOf(definition, (await readModels.generations(definition.name)).active);
  if (await readModels.checkpoint(namespace)) throw new Error(`${namespace} is not empty: the catch-up starts from position 0 in a fresh directory`);
  const file = join(readModelDir, `${namespace}.sqlite`);
  const progress = progressReporter({ label: `catching up ${namespace}`, unit: 'events' });
  const samples: Array<readonly [number, number]> = [[0, 0]];
  const growth: Array<{ events: number; bytes: number }> = [];
  const stats = { batches: 0, statements: 0, applyBatchMs: 0 };
  let nextTenth = 1;
  let lastBatchAt = nowMs();
  let start = 0;
  let resolveHead!: (at: number) => void;
  const reachedHead = new Promise<number>((resolve) => (resolveHead = resolve));

  const applyBatch = async (...args: Parameters<ReadModelStore['applyBatch']>): Promise<void> => {
    const [, statements, checkpoint] = args;
    const before = nowMs();
    await readModels.applyBatch(...args);
    const end = (lastBatchAt = nowMs());
    stats.applyBatchMs += end - before;
    stats.batches++;
    stats.statements += statements.length;
    const done = Number(checkpoint.commit);
    samples.push([done, end - start]);
    progress.update(done, total);
    while (nextTenth <= 10 && done >= (total * nextTenth) / 10) {
      growth.push({ events: done, bytes: fileBytes(file) });
      nextTenth++;
    }
    if (done >= total) resolveHead(end);
  };
  const watched = new Proxy(readModels, {
    get: (target, property) => {
      if (property === 'applyBatch') return applyBatch;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  let lastError: string | undefined;
  const runner = new ProjectionRunner(store, watched, definition, namespace, {
    error: (_details, message) => {
      lastError = message;
      log(`  !! ${namespace}: ${message}`);
    },
  });
  let watchdog: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    watchdog = setInterval(() => {
      if (nowMs() - lastBatchAt > STALL_MS) reject(new Error(`${namespace} committed nothing for ${STALL_MS / 1000} s${lastError ? `: ${lastError}` : ''}`));
    }, 1_000);
  });
  try {
    start = lastBatchAt = nowMs();
    await runner.start();
    const finished = await Promise.race([reachedHead, stalled]);
    const ms = finished - start;
    progress.finish();
    return {
      projection: definition.name,
      namespace,
      events: total,
      ms,
      eventsPerSecond: (total * 1000) / ms,
      windows: windows(samples, total),
      ...stats,
      growth,
    };
  } finally {
    clearInterval(watchdog);
    await runner.stop();
  }
}

export function fileBytes(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}
