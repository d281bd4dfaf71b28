import { EventStore } from '../../../libs/event-store/src/event-store.port';
import { comparePositions, encodePosition, LogPosition } from '../../../libs/event-store/src/position';
import { ProjectionDefinition } from '../../../libs/projections/src/projection';
import { namespaceOf } from '../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../libs/projections/src/read-model.port';
import { replayInto } from '../../../libs/projections/src/replay';
import { TableDigest, tableDigest, tablesOf } from '../../../libs/projections/src/table-digest';
import { PROJECTIONS } from '../../api/src/ledger.providers';
import { EXIT_INTERRUPTED } from './interrupt';
import { withLedgerStores } from './open-stores';
import { ProgressStream, progressReporter } from './progress';

export interface ReplayCommand {
  /** The log: `sqlite:<path>`, `esdb://...` or `esdb+discover://...`. */
  readonly store: string;
  /** The live read models: `sqlite:<directory>` or `postgres://...`. */
  readonly readModels: string;
  /** Only this projection (e.g. participation_v6); every projection the API runs otherwise. */
  readonly projection?: string;
}

export const EXIT_IDENTICAL = 0;
export const EXIT_DIFFERENT = 1;

/**
 * When the live generation's checkpoint moves while it is being read (an API is projecting into
 * it), the replay follows it to the new checkpoint and both are read again, this many times at most.
 */
const MAX_COMPARISONS = 5;

/**
 * `ledger replay` with Ctrl-C handled: the first one stops the replay after the batch being written
 * and drops its namespace; a second one ends the process at once (the default, as the handler is
 * removed after the first).
 */
export async function runReplayCommand(command: ReplayCommand, print: (line: string) => void): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    return await runReplay(command, print, { signal: controller.signal });
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

/**
 * Replays each projection from position 0 into a namespace of its own beside the live one, up to
 * the live generation's checkpoint, and compares the two table by table (table-digest.ts). The
 * replay namespace is dropped at the end, whatever happens. Answers EXIT_IDENTICAL when every table
 * of every projection is identical, EXIT_DIFFERENT otherwise, EXIT_INTERRUPTED after an abort.
 */
export async function runReplay(
  command: ReplayCommand,
  print: (line: string) => void,
  options: { readonly signal?: AbortSignal; readonly progress?: ProgressStream } = {},
): Promise<number> {
  const definitions = selectProjections(command.projection);
  return withLedgerStores(command, async (store, readModels) => {
    try {
      let identical = true;
      for (const definition of definitions) {
        identical = (await compareProjection(store, readModels, definition, print, options)) && identical;
      }
      print(identical ? 'every projection replays to identical tables' : 'the replay differs from the live read models');
      return identical ? EXIT_IDENTICAL : EXIT_DIFFERENT;
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      print('interrupted: the replay was stopped and its namespace dropped; the live read models were not touched');
      return EXIT_INTERRUPTED;
    }
  });
}

function selectProjections(name: string | undefined): ProjectionDefinition[] {
  if (name === undefined) return PROJECTIONS;
  const found = PROJECTIONS.filter((definition) => definition.name === name);
  if (found.length === 0) throw new Error(`unknown projection ${name}: expected one of ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  return found;
}

async function compareProjection(
  store: EventStore,
  readModels: ReadModelStore,
  definition: ProjectionDefinition,
  print: (line: string) => void,
  options: { readonly signal?: AbortSignal; readonly progress?: ProgressStream },
): Promise<boolean> {
  const name = definition.name;
  // The manager's naming of generations (projection-manager.ts).
  const live = namespaceOf({ name }, (await readModels.generations(name)).active);
  let liveCheckpoint = await readModels.checkpoint(live);
  if (!liveCheckpoint) {
    print(`${name}: the live generation ${live} has projected nothing yet: nothing to compare`);
    return false;
  }
  const replay = `${name}_replay_${Date.now()}`;
  try {
    for (let comparison = 1; ; comparison++) {
      const progress = progressReporter({ label: `replaying ${name}`, unit: 'events', stream: options.progress });
      const result = await replayInto(store, readModels, definition, replay, {
        until: liveCheckpoint,
        signal: options.signal,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      options.signal?.throwIfAborted();
      if (!result.checkpoint || comparePositions(result.checkpoint, liveCheckpoint) !== 0) {
        throw new Error(`${name}: the log ends before the live checkpoint ${encodePosition(liveCheckpoint)}: is this the log these read models follow?`);
      }
      const tables = await compareTables(readModels, live, replay, options.signal);
      const now = await readModels.checkpoint(live);
      if (now && comparePositions(now, liveCheckpoint) === 0) {
        return report(name, live, liveCheckpoint, await store.headPosition(), tables, print);
      }
      if (!now || comparison === MAX_COMPARISONS) {
        print(`${name}: the live generation ${live} kept moving while it was read; stop the API or try again`);
        return false;
      }
      print(`${name}: the live generation moved on to ${encodePosition(now)} while it was read; replaying up to there`);
      liveCheckpoint = now;
    }
  } finally {
    await readModels.dropNamespace(replay);
  }
}

interface TableComparison {
  readonly table: string;
  readonly live?: TableDigest;
  readonly replay?: TableDigest;
}

async function compareTables(readModels: ReadModelStore, live: string, replay: string, signal?: AbortSignal): Promise<TableComparison[]> {
  const liveTables = await tablesOf(readModels, live);
  const replayTables = await tablesOf(readModels, replay);
  const both = liveTables.filter((table) => replayTables.includes(table));
  const liveDigests = await tableDigest(readModels, live, both, { signal });
  const replayDigests = await tableDigest(readModels, replay, both, { signal });
  const tables = [...new Set([...liveTables, ...replayTables])].sort();
  return tables.map((table) => ({
    table,
    live: liveDigests.find((digest) => digest.table === table),
    replay: replayDigests.find((digest) => digest.table === table),
  }));
}

function report(
  name: string,
  live: string,
  checkpoint: LogPosition,
  head: LogPosition | undefined,
  tables: readonly TableComparison[],
  print: (line: string) => void,
): boolean {
  const behind = head && comparePositions(head, checkpoint) > 0 ? `; the log goes on to ${encodePosition(head)}, which neither side includes` : '';
  print(`${name}: compared at position ${encodePosition(checkpoint)}, the checkpoint of the live generation ${live}${behind}`);
  let differing = 0;
  for (const { table, live: l, replay: r } of tables) {
    if (l && r && l.rows === r.rows && l.sha256 === r.sha256) {
      print(`  ${table}: identical (${rows(l.rows)})`);
      continue;
    }
    differing++;
    print(`  ${table}: DIFFERS: live ${describe(l)}, replay ${describe(r)}`);
  }
  print(differing === 0 ? `${name}: identical` : `${name}: ${differing} of ${tables.length} tables differ`);
  return differing === 0;
}

function describe(digest: TableDigest | undefined): string {
  return digest ? `${rows(digest.rows)} ${digest.sha256}` : 'no such table';
}

function rows(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
}
