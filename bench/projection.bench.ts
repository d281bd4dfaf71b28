import Database from 'better-sqlite3';
import { join } from 'node:path';
import { StoredEvent } from '../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../libs/event-store/src/sqlite-event-store';
import { LogPosition } from '../libs/event-store/src/position';
import { ParticipationQueries } from '../libs/projections/src/participation/participation.queries';
import { participationProjection } from '../libs/projections/src/participation/participation.projection';
import { ProjectionRunner } from '../libs/projections/src/projection-runner';
import { ReadModelStore, SqlStatement, StoredResponse } from '../libs/projections/src/read-model.port';
import { SqliteReadModelStore } from '../libs/projections/src/sqlite-read-model-store';
import { ExpectedFigures, generateLedger } from './ledger-data';
import { median, nowMs, tempDir } from './support';

/**
 * Projection catch-up: a fresh ProjectionRunner (participation projection, SqliteReadModelStore)
 * replays a generated log of 100,000 events from position 0 to the head. The clock stops when the
 * batch whose checkpoint is the head has committed; then the read model's figures are checked
 * against the generator's, so the bench cannot pass by skipping work.
 *
 * The target is absolute (events/s), but this VM's speed drifts by up to 2× within minutes, so the
 * bench also measures, in the same rounds, a RAW REPLAY of the same log: the same SQL statements
 * from the same projection, applied with better-sqlite3 directly in transactions of 1,000 events
 * with the same pragmas, without the runner, the subscription or the async iteration. Its ratio
 * says how much of the time is the runner's own, whatever the machine's mood.
 */
export interface CatchUpRun {
  readonly ms: number;
  readonly eventsPerSecond: number;
  /** Time inside ReadModelStore.applyBatch (the read-model SQLite transactions). */
  readonly applyBatchMs: number;
  readonly batches: number;
  readonly statements: number;
  readonly mismatches: string[];
}

export interface ProjectionResults {
  readonly events: number;
  readonly eventsByType: Record<string, number>;
  readonly appendMs: number;
  readonly runs: CatchUpRun[];
  readonly rawReplays: Array<{ ms: number; eventsPerSecond: number }>;
  /** Medians over the rounds. */
  readonly eventsPerSecond: number;
  readonly rawEventsPerSecond: number;
  /** Median over the rounds of (runner / raw replay) within each round. */
  readonly ratioToRaw: number;
  readonly verified: boolean;
  readonly mismatches: string[];
  readonly expected: ExpectedFigures;
}

const EVENTS = 100_000;
const APPENDS_PER_TRANSACTION = 500;
const NAMESPACE = 'participation_v2_g1';
const CATCH_UP_TIMEOUT_MS = 60_000;
const ROUNDS = 3;
const RAW_PAGE = 1000;

export async function runProjectionBench(log: (line: string) => void): Promise<ProjectionResults> {
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

    const runs: CatchUpRun[] = [];
    const rawReplays: Array<{ ms: number; eventsPerSecond: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const runner = async () => {
        const run = await catchUp(store, head, join(dir.path, `read-models-${round}`), ledger.expected, ledger.federation);
        runs.push(run);
        return run;
      };
      const raw = async () => {
        const ms = rawReplay(eventsFile, join(dir.path, `raw-${round}.sqlite`), ledger.expected.attendances);
        const replay = { ms, eventsPerSecond: (ledger.eventCount * 1000) / ms };
        rawReplays.push(replay);
        return replay;
      };
      // Alternate the order, so that a drift in machine speed weighs on both alike.
      let run: CatchUpRun;
      let replay: { ms: number; eventsPerSecond: number };
      if (round % 2 === 1) {
        run = await runner();
        replay = await raw();
      } else {
        replay = await raw();
        run = await runner();
      }
      log(
        `  projection round ${round}/${ROUNDS}: runner ${Math.round(run.eventsPerSecond)} events/s (${Math.round(run.ms)} ms; ` +
          `${run.batches} batches, ${Math.round(run.applyBatchMs)} ms in applyBatch); raw replay ${Math.round(replay.eventsPerSecond)} events/s ` +
          `(${(run.eventsPerSecond / replay.eventsPerSecond).toFixed(2)}×)`,
      );
      for (const mismatch of run.mismatches) log(`  !! projection: ${mismatch}`);
    }
    const mismatches = [...new Set(runs.flatMap((run) => run.mismatches))];
    return {
      events: ledger.eventCount,
      eventsByType: ledger.eventsByType,
      appendMs,
      runs,
      rawReplays,
      eventsPerSecond: median(runs.map((run) => run.eventsPerSecond)),
      rawEventsPerSecond: median(rawReplays.map((replay) => replay.eventsPerSecond)),
      ratioToRaw: median(runs.map((run, i) => run.eventsPerSecond / rawReplays[i].eventsPerSecond)),
      verified: mismatches.length === 0,
      mismatches,
      expected: ledger.expected,
    };
  } finally {
    await store.close();
    dir.remove();
  }
}

/** A fresh runner on a fresh read-model directory, from position 0 to the head; then the figures are checked. */
async function catchUp(
  store: SqliteEventStore,
  head: LogPosition,
  directory: string,
  expected: ExpectedFigures,
  federation: string,
): Promise<CatchUpRun> {
  const sqliteReadModels = new SqliteReadModelStore(directory);
  const readModels = new TimedReadModels(sqliteReadModels, head);
  let lastError: string | undefined;
  const runner = new ProjectionRunner(store, readModels, participationProjection, NAMESPACE, {
    error: (_details, message) => {
      lastError = message;
    },
  });
  try {
    const start = nowMs();
    await runner.start();
    const finished = await Promise.race([readModels.reachedHead, timeout(CATCH_UP_TIMEOUT_MS)]);
    await runner.stop();
    if (finished === undefined) throw new Error(`the projection did not reach the head within ${CATCH_UP_TIMEOUT_MS} ms`);
    if (lastError) throw new Error(`the projection failed during catch-up: ${lastError}`);
    const ms = finished - start;
    const events = Number(head.commit);
    return {
      ms,
      eventsPerSecond: (events * 1000) / ms,
      applyBatchMs: readModels.applyBatchMs,
      batches: readModels.batches,
      statements: readModels.statements,
      mismatches: await verify(sqliteReadModels, expected, federation),
    };
  } finally {
    await runner.stop();
    await sqliteReadModels.close();
  }
}

/**
 * RAW REPLAY (reference, not a target): read the log in pages with plain better-sqlite3, parse each
 * event's data, ask the same projection for its statements and run them, with the checkpoint, in
 * one transaction per page, on a file opened with the read-model store's pragmas.
 */
function rawReplay(eventsFile: string, file: string, expectedAttendances: number): number {
  const source = new Database(eventsFile, { readonly: true });
  const target = new Database(file);
  try {
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    target.exec('CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)');
    for (const ddl of participationProjection.ddl) target.exec(ddl);
    const statements = new Map<string, Database.Statement>();
    const prepared = (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = target.prepare(sql)));
      return statement;
    };
    const checkpoint = target.prepare(
      'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
    );
    const page = source.prepare(`SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ${RAW_PAGE}`).safeIntegers(true);
    const apply = target.transaction((rows: Array<{ position: bigint; type: string; data: string }>) => {
      for (const row of rows) {
        const event = { type: row.type, data: JSON.parse(row.data) } as StoredEvent;
        for (const { sql, params } of participationProjection.project(event)) prepared(sql).run(...params);
      }
      checkpoint.run(rows[rows.length - 1].position.toString());
    });

    const start = nowMs();
    let after = 0n;
    for (;;) {
      const rows = page.all(after) as Array<{ position: bigint; type: string; data: string }>;
      if (rows.length === 0) break;
      apply(rows);
      after = rows[rows.length - 1].position;
      if (rows.length < RAW_PAGE) break;
    }
    const ms = nowMs() - start;
    const { n } = target.prepare('SELECT count(*) AS n FROM attendances').get() as { n: number };
    if (n !== expectedAttendances) throw new Error(`the raw replay counted ${n} attendances, expected ${expectedAttendances}`);
    return ms;
  } finally {
    source.close();
    target.close();
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
 * Delegates to the real read-model store; notes when the checkpoint reaches the head (the exact
 * end of catch-up, with no polling delay) and how long the read-model transactions took.
 */
class TimedReadModels implements ReadModelStore {
  applyBatchMs = 0;
  batches = 0;
  statements = 0;
  readonly reachedHead: Promise<number>;
  private resolveHead!: (at: number) => void;

  constructor(
    private readonly inner: ReadModelStore,
    private readonly head: LogPosition,
  ) {
    this.reachedHead = new Promise((resolve) => (this.resolveHead = resolve));
  }

  async applyBatch(namespace: string, statements: readonly SqlStatement[], checkpoint: LogPosition): Promise<void> {
    const start = nowMs();
    await this.inner.applyBatch(namespace, statements, checkpoint);
    const end = nowMs();
    this.applyBatchMs += end - start;
    this.batches++;
    this.statements += statements.length;
    if (checkpoint.commit >= this.head.commit) this.resolveHead(end);
  }

  ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void> {
    return this.inner.ensureNamespace(namespace, ddl);
  }
  dropNamespace(namespace: string): Promise<void> {
    return this.inner.dropNamespace(namespace);
  }
  checkpoint(namespace: string): Promise<LogPosition | undefined> {
    return this.inner.checkpoint(namespace);
  }
  query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    return this.inner.query<Row>(namespace, sql, params);
  }
  activeGeneration(projection: string): Promise<number | undefined> {
    return this.inner.activeGeneration(projection);
  }
  setActiveGeneration(projection: string, generation: number): Promise<void> {
    return this.inner.setActiveGeneration(projection, generation);
  }
  findResponse(scope: string, key: string): Promise<StoredResponse | undefined> {
    return this.inner.findResponse(scope, key);
  }
  saveResponse(scope: string, key: string, response: StoredResponse): Promise<void> {
    return this.inner.saveResponse(scope, key, response);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
