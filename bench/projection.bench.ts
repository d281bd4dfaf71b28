import { join } from 'node:path';
import { SqliteEventStore } from '../libs/event-store/src/sqlite-event-store';
import { LogPosition } from '../libs/event-store/src/position';
import { ParticipationQueries } from '../libs/projections/src/participation/participation.queries';
import { participationProjection } from '../libs/projections/src/participation/participation.projection';
import { ProjectionRunner } from '../libs/projections/src/projection-runner';
import { ReadModelStore } from '../libs/projections/src/read-model.port';
import { ExpectedFigures, generateLedger } from './ledger-data';
import { measureQueryLatency, QueryLatency } from './query-latency';
import { rawReplay } from './raw-replay';
import { errorText } from './report';
import { postgresBackend, ReadModelBackend, sqliteBackend } from './read-model-backends';
import { median, nowMs, tempDir } from './support';

/**
 * Projection catch-up: a fresh ProjectionRunner (participation projection) replays a generated log
 * of 100,000 events from position 0 to the head, into the embedded profile's SQLite read models
 * and, when PostgreSQL is there, into the production profile's. The clock stops when the batch
 * whose checkpoint is the head has committed; then the read model's figures are checked against
 * the generator's, so the bench cannot pass by skipping work.
 *
 * The target is absolute (events/s), but this VM's speed drifts by up to 2× within minutes, so the
 * bench also measures, in the same rounds, a RAW REPLAY of the same log on each backend (the same
 * SQL with the driver alone, see raw-replay.ts). Its ratio says how much of the time is the
 * ledger's own, whatever the machine's mood; likewise PostgreSQL is given as a ratio to the SQLite
 * catch-up of the same round. After the last round, while both read models are still open, the
 * query latency of each is measured over what they hold (query-latency.ts).
 */
export interface CatchUpRun {
  readonly ms: number;
  readonly eventsPerSecond: number;
  /** Time inside ReadModelStore.applyBatch (the read-model transactions). */
  readonly applyBatchMs: number;
  readonly batches: number;
  readonly statements: number;
  readonly mismatches: string[];
}

export interface Replay {
  readonly ms: number;
  readonly eventsPerSecond: number;
}

/** One backend's figures over the rounds. */
export interface BackendResults {
  readonly runs: CatchUpRun[];
  readonly rawReplays: Replay[];
  /** Medians over the rounds. */
  readonly eventsPerSecond: number;
  readonly rawEventsPerSecond: number;
  /** Median over the rounds of (runner / raw replay) within each round. */
  readonly ratioToRaw: number;
  readonly verified: boolean;
  readonly mismatches: string[];
}

/** The SQLite figures at the top level, as before PostgreSQL joined. */
export interface ProjectionResults extends BackendResults {
  readonly events: number;
  readonly eventsByType: Record<string, number>;
  readonly appendMs: number;
  readonly expected: ExpectedFigures;
  /** Only when DATABASE_URL was set; `failed` when PostgreSQL failed, which leaves the SQLite figures standing. */
  readonly postgres?:
    | (BackendResults & {
        /** Median over the rounds of (PostgreSQL catch-up / SQLite catch-up) within each round. */
        readonly ratioToSqlite: number;
      })
    | { readonly failed: string };
  /** Per backend label; only when both backends ran. */
  readonly queryLatency?: Record<string, QueryLatency>;
}

const EVENTS = 100_000;
const APPENDS_PER_TRANSACTION = 500;
const NAMESPACE = 'participation_v6_g1';
const CATCH_UP_TIMEOUT_MS = 60_000;
const ROUNDS = 3;

/** `postgresUrl`: a throwaway database for the production profile's read models, or undefined to skip it. */
export async function runProjectionBench(log: (line: string) => void, postgresUrl?: string): Promise<ProjectionResults> {
  const dir = tempDir('projection');
  const eventsFile = join(dir.path, 'events.sqlite');
  const store = new SqliteEventStore(eventsFile);
  try {
    const ledger = generateLedger(EVENTS);
    const appendStart = nowMs();
    for (const phase of ledger.phases) {
      for (let i = 0; i < phase.length; i += APPENDS_PER_TRANSACTION) {
        // Appends issued in one turn of the event loop share one transaction (group commit).
        await Promise.all(
          phase
            .slice(i, i + APPENDS_PER_TRANSACTION)
            .map(({ stream, events }) => store.appendToStream(stream, events, { expectedRevision: 'no_stream' })),
        );
      }
    }
    const appendMs = nowMs() - appendStart;
    const head = await store.headPosition();
    const stored = await store.countEventsAfter();
    if (!head || stored !== ledger.eventCount) throw new Error(`the log holds ${stored} events, expected ${ledger.eventCount}`);
    log(`  projection: appended ${stored} events in ${Math.round(appendMs)} ms`);

    const sqlite = sqliteBackend(dir.path);
    const postgres = postgresUrl ? postgresBackend(postgresUrl, NAMESPACE) : undefined;
    const backends = postgres ? [sqlite, postgres] : [sqlite];
    const measured = new Map(backends.map((backend) => [backend, { runs: [] as CatchUpRun[], rawReplays: [] as Replay[] }]));
    const failed = new Map<ReadModelBackend, string>();
    let queryLatency: Record<string, QueryLatency> | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      // Backend after backend, runner then raw replay; reversed in even rounds (ABBA), so that a
      // drift in machine speed weighs on every figure alike.
      const steps = backends.flatMap((backend) => [{ backend, step: 'runner' as const }, { backend, step: 'raw' as const }]);
      if (round % 2 === 0) steps.reverse();
      const open: Array<{ backend: ReadModelBackend; readModels: ReadModelStore; release(): Promise<void> }> = [];
      try {
        for (const { backend, step } of steps) {
          if (failed.has(backend)) continue;
          const figures = measured.get(backend)!;
          try {
            if (step === 'runner') {
              const opened = await backend.open(round);
              open.push({ backend, ...opened });
              figures.runs.push(await catchUp(store, head, opened.readModels, ledger.expected, ledger.federation));
            } else {
              const target = await backend.raw(round);
              try {
                const ms = await rawReplay(eventsFile, target, ledger.expected.attendances);
                figures.rawReplays.push({ ms, eventsPerSecond: (ledger.eventCount * 1000) / ms });
              } finally {
                await target.close();
              }
            }
          } catch (error) {
            // The embedded figures are this section's own: their failure fails it. PostgreSQL's only
            // ends PostgreSQL's part, so that a database problem does not cost the SQLite figures.
            if (backend === sqlite) throw error;
            failed.set(backend, errorText(error));
            log(`  !! projection on ${backend.label} failed, so its figures end here: ${failed.get(backend)}`);
          }
        }
        logRound(log, round, backends.filter((backend) => !failed.has(backend)), measured);
        if (round === ROUNDS && open.length > 1 && failed.size === 0) {
          queryLatency = await measureQueryLatency(
            Object.fromEntries(open.map(({ backend, readModels }) => [backend.label, readModels])),
            NAMESPACE,
            ledger.organizationIds,
          );
          for (const [label, latency] of Object.entries(queryLatency)) {
            log(
              `  projection queries on ${label}: organisation summary p50 ${latency.p50Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms ` +
                `(${latency.queries} queries over ${ledger.organizationIds.length} organisations)`,
            );
          }
        }
      } finally {
        for (const { release } of open) await release();
      }
    }

    const sqliteRuns = measured.get(sqlite)!.runs;
    const postgresFigures = (backend: ReadModelBackend): NonNullable<ProjectionResults['postgres']> => {
      const failure = failed.get(backend);
      if (failure !== undefined) return { failed: failure };
      const figures = measured.get(backend)!;
      return {
        ...summarise(figures),
        ratioToSqlite: median(figures.runs.map((run, i) => run.eventsPerSecond / sqliteRuns[i].eventsPerSecond)),
      };
    };
    return {
      events: ledger.eventCount,
      eventsByType: ledger.eventsByType,
      appendMs,
      ...summarise(measured.get(sqlite)!),
      expected: ledger.expected,
      postgres: postgres && postgresFigures(postgres),
      queryLatency,
    };
  } finally {
    await store.close();
    dir.remove();
  }
}

function summarise({ runs, rawReplays }: { runs: CatchUpRun[]; rawReplays: Replay[] }): BackendResults {
  const mismatches = [...new Set(runs.flatMap((run) => run.mismatches))];
  return {
    runs,
    rawReplays,
    eventsPerSecond: median(runs.map((run) => run.eventsPerSecond)),
    rawEventsPerSecond: median(rawReplays.map((replay) => replay.eventsPerSecond)),
    ratioToRaw: median(runs.map((run, i) => run.eventsPerSecond / rawReplays[i].eventsPerSecond)),
    verified: mismatches.length === 0,
    mismatches,
  };
}

function logRound(
  log: (line: string) => void,
  round: number,
  backends: readonly ReadModelBackend[],
  measured: ReadonlyMap<ReadModelBackend, { runs: CatchUpRun[]; rawReplays: Replay[] }>,
): void {
  const sqlite = measured.get(backends[0])!.runs[round - 1];
  for (const backend of backends) {
    const run = measured.get(backend)!.runs[round - 1];
    const replay = measured.get(backend)!.rawReplays[round - 1];
    const toSqlite = backend === backends[0] ? '' : `; ${(run.eventsPerSecond / sqlite.eventsPerSecond).toFixed(2)}× the SQLite catch-up`;
    log(
      `  projection round ${round}/${ROUNDS} ${backend.label}: runner ${Math.round(run.eventsPerSecond)} events/s (${Math.round(run.ms)} ms; ` +
        `${run.batches} batches, ${Math.round(run.applyBatchMs)} ms in applyBatch); raw replay ${Math.round(replay.eventsPerSecond)} events/s ` +
        `(${(run.eventsPerSecond / replay.eventsPerSecond).toFixed(2)}×${toSqlite})`,
    );
    for (const mismatch of run.mismatches) log(`  !! projection ${backend.label}: ${mismatch}`);
  }
}

/** A fresh runner on empty read models, from position 0 to the head; then the figures are checked. */
async function catchUp(
  store: SqliteEventStore,
  head: LogPosition,
  inner: ReadModelStore,
  expected: ExpectedFigures,
  federation: string,
): Promise<CatchUpRun> {
  const { readModels, stats, reachedHead } = timed(inner, head);
  let lastError: string | undefined;
  const runner = new ProjectionRunner(store, readModels, participationProjection, NAMESPACE, {
    error: (_details, message) => {
      lastError = message;
    },
  });
  try {
    const start = nowMs();
    await runner.start();
    const finished = await Promise.race([reachedHead, timeout(CATCH_UP_TIMEOUT_MS)]);
    await runner.stop();
    if (finished === undefined) throw new Error(`the projection did not reach the head within ${CATCH_UP_TIMEOUT_MS} ms`);
    if (lastError) throw new Error(`the projection failed during catch-up: ${lastError}`);
    const ms = finished - start;
    const events = Number(head.commit);
    return {
      ms,
      eventsPerSecond: (events * 1000) / ms,
      ...stats,
      mismatches: await verify(inner, expected, federation),
    };
  } finally {
    await runner.stop();
  }
}

/** The read model's figures against the generator's: totals over the tree, and each district's subtree. */
async function verify(readModels: ReadModelStore, expected: ExpectedFigures, federation: string): Promise<string[]> {
  const queries = new ParticipationQueries((sql, params) => readModels.query(NAMESPACE, sql, params));
  const mismatches: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted) mismatches.push(`${what}: read model shows ${String(actual)}, expected ${String(wanted)}`);
  };
  const count = async (table: string) =>
    Number((await readModels.query<{ n: number }>(NAMESPACE, `SELECT count(*) AS n FROM ${table}`, []))[0].n);

  check('organizations', await count('organizations'), expected.organizations);
  check('courses', await count('courses'), expected.courses);
  const summary = await queries.organizationSummary({ organizationId: federation, subtree: true, tree: 'dated', regularMin: 4 });
  if (!summary) return [...mismatches, `no summary for ${federation}`];
  check('course sessions', summary.courseSessions, expected.courseSessions);
  check('attendances', summary.attendances, expected.attendances);
  check('distinct participants', summary.distinctParticipants, expected.distinctParticipants);
  check('clinics', summary.clinics, expected.clinics);
  check('workers served', summary.workersServed, expected.workersServed);
  check('meal servings', summary.mealServings, expected.mealServings);
  check('meals', summary.meals, expected.meals);
  check('members joined', summary.membersJoined, expected.membersJoined);
  for (const [district, attendances] of Object.entries(expected.attendancesByDistrict)) {
    const figures = await queries.organizationSummary({ organizationId: district, subtree: true, tree: 'dated', regularMin: 4 });
    check(`attendances under ${district}`, figures?.attendances, attendances);
  }
  return mismatches;
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/**
 * The read-model store under test with applyBatch timed: notes when the checkpoint reaches the head
 * (the exact end of catch-up, with no polling delay) and how long the read-model transactions took.
 * A Proxy rather than a class implementing the port: every other method is forwarded as it is, so
 * the bench needs no change when the port grows one.
 */
function timed(inner: ReadModelStore, head: LogPosition) {
  const stats = { applyBatchMs: 0, batches: 0, statements: 0 };
  let resolveHead!: (at: number) => void;
  const reachedHead = new Promise<number>((resolve) => (resolveHead = resolve));
  const applyBatch = async (...args: Parameters<ReadModelStore['applyBatch']>): Promise<void> => {
    const [, statements, checkpoint] = args;
    const start = nowMs();
    await inner.applyBatch(...args);
    const end = nowMs();
    stats.applyBatchMs += end - start;
    stats.batches++;
    stats.statements += statements.length;
    if (checkpoint.commit >= head.commit) resolveHead(end);
  };
  const readModels = new Proxy(inner, {
    get: (target, property) => {
      if (property === 'applyBatch') return applyBatch;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { readModels, stats, reachedHead };
}
