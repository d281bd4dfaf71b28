import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { auditChainProjection } from '../../libs/audit/src/audit-chain.projection';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite-event-store';
import { participationProjection } from '../../libs/projections/src/participation/participation.projection';
import { namespaceOf } from '../../libs/projections/src/projection-manager';
import { PostgresReadModelStore } from '../../libs/projections/src/postgres-read-model-store';
import { reportsProjection } from '../../libs/projections/src/reports/reports.projection';
import { SqliteReadModelStore } from '../../libs/projections/src/sqlite-read-model-store';
import { EMBEDDED, HttpResults, runHttpBench } from '../http.bench';
import { postgresForBench, withThrowawayDatabase } from '../postgres';
import { errorText, Figure, printTable } from '../report';
import { rawInserts, RateSample } from '../store.bench';
import { nowMs, tempDir } from '../support';
import { AsOfResults, measureAsOf } from './city-as-of';
import { CatchUpResults, catchUp } from './city-catch-up';
import { checkCity, sameFirstAppends } from './city-check';
import { CityExpected, CityShape, DEFAULT_SEED } from './city-generator';
import { loadCity, LoadResults, Window } from './city-load';
import { measureQueries, QueryTiming, sanityCheck, SanityCheck } from './city-queries';
import { measureStorage, StorageResults } from './city-storage';

/**
 * `npm run bench:city -- --events N [--keep DIR | --reuse DIR]`: a city-year of N events
 * (default 1,000,000; city-generator.ts) loaded through the event-store port by 32 concurrent
 * writers, the projections caught up from position 0, `ledger verify` run on the result, queries
 * timed, storage measured. Each step with a progress line (rate, ETA) on standard error; then a
 * table, and bench/results/city-<N>-<timestamp>.json.
 *
 *   --events N    the log's size (1000000, 1e6 and 1_000_000 all read as a million)
 *   --seed S      the generator's seed (default 20240101): the same seed and size give the same log
 *   --keep DIR    generate into DIR (new or empty) and keep it: events.sqlite, read-models/, city.json
 *                 (the generator's shape and expected figures). It is a LEDGER_DATA_DIR an API can start on.
 *   --reuse DIR   measure a kept DIR again without generating it: catch up into a fresh read-models
 *                 directory (which then replaces DIR/read-models), verify, queries, storage
 *   --no-catch-up with --reuse: measure the queries and storage of DIR/read-models as they are; on a
 *                 new city: generate and load it only (with --no-verify --no-queries: they need read models)
 *   --no-verify   skip `ledger verify`
 *   --no-as-of    skip the as-of question at the middle of the log (a replay from position 0)
 *   --no-queries  skip the sanity check and the query timings (with --reuse --no-catch-up: verify alone)
 *   --postgres    also catch the participation projection up into PostgreSQL read models (a throwaway
 *                 database on DATABASE_URL's server) and time the same queries there
 *   --http        also measure HTTP commands (POST /meals) against a no-op route, 32 connections, on a
 *                 copy of the city (http.bench.ts's server, started on the copy)
 *
 * Ratios are taken within the run (the raw SQLite baseline before and after the load, the late
 * windows against the early ones), because this machine's speed drifts from minute to minute.
 */

interface Args {
  readonly events: number;
  readonly seed: number;
  readonly keep?: string;
  readonly reuse?: string;
  readonly catchUp: boolean;
  readonly verify: boolean;
  readonly asOf: boolean;
  readonly queries: boolean;
  readonly http: boolean;
  readonly postgres: boolean;
}

/** The generator checked against the deciders on a city of this size before anything is measured. */
const CHECK_EVENTS = 20_000;
/** The first appends of the measured city, generated twice from the seed: identical? */
const SAME_FIRST_APPENDS = 2_000;
/** The raw baseline of store.bench.ts: one transaction per row, WAL + synchronous=FULL. */
const RAW = { ops: 3_000, ms: 3_000 };
const PASS_LATE_TO_EARLY = 0.8;
const CATCH_UP_TARGET = 50_000;
/** Commands at least half as fast as a no-op route of the same application. */
const HTTP_TO_NOOP_TARGET = 0.5;
/** Replaying and verifying the whole log: at least half the raw scan-and-parse rate, in under 256 MB. */
const VERIFY_TO_RAW_TARGET = 0.5;
const VERIFY_RSS_TARGET_MB = 256;
/** An answer as of a position in the middle of the log, at 10M events. */
const AS_OF_TARGET_MS = 2000;
/** The issue's bound on a query's p99 at 10M events. */
const QUERY_P99_TARGET_MS = 50;

interface Phase {
  readonly name: string;
  readonly ms: number;
  readonly peakRssMb: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  log(
    `city bench: --events ${args.events.toLocaleString('en-US')}, seed ${args.seed}; node ${process.version}, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  const phases = new Phases(log);
  const source = sourceState();
  const details: Record<string, unknown> = { args, source };
  log(`  measuring ${participationProjection.name} at ${source.commit.slice(0, 12)}${source.uncommitted.length > 0 ? `, with uncommitted changes to ${source.uncommitted.join(', ')}` : ''}`);

  const check = await phases.run('check', async () => {
    const small = checkCity({ events: CHECK_EVENTS, seed: args.seed });
    const same = sameFirstAppends({ events: args.events, seed: args.seed }, SAME_FIRST_APPENDS);
    return { ...small, sameFirstAppends: same };
  });
  details.check = check;
  if (check.problems.length > 0 || !check.sameFirstAppends) {
    for (const problem of check.problems) log(`  !! ${problem}`);
    if (!check.sameFirstAppends) log(`  !! the first ${SAME_FIRST_APPENDS} appends differ between two generators with the same seed`);
    throw new Error('the generator does not make what the application would record: nothing measured');
  }
  log(
    `  generator checked: ${check.events.toLocaleString('en-US')} events (${check.appends.toLocaleString('en-US')} appends) decided again by the ` +
      `deciders and identical; counts add up; the first ${SAME_FIRST_APPENDS} appends of this size are the same from the same seed`,
  );

  const { dataDir, temporary } = dataDirectory(args);
  const eventsFile = join(dataDir, 'events.sqlite');
  const readModelDir = join(dataDir, 'read-models');
  const cityFile = join(dataDir, 'city.json');
  const removeTemporary = () => temporary?.remove();
  process.once('SIGINT', () => {
    removeTemporary();
    process.exit(130);
  });
  try {
    let city: { shape: CityShape; expected: CityExpected };
    let load: LoadResults | undefined;
    let baseline: { before: RateSample; after: RateSample; perSecond: number } | undefined;
    if (args.reuse === undefined) {
      const before = await phases.run('raw baseline (before the load)', async () => raw(dataDir, 'before'));
      load = await phases.run('load', () => loadCity(eventsFile, { events: args.events, seed: args.seed }, log));
      const after = await phases.run('raw baseline (after the load)', async () => raw(dataDir, 'after'));
      baseline = { before, after, perSecond: (before.perSecond + after.perSecond) / 2 };
      city = { shape: load.shape, expected: load.expected };
      writeFileSync(cityFile, JSON.stringify({ generatedAt: new Date().toISOString(), ...city }, null, 2) + '\n');
      const { appendLatency, starvedMs } = load;
      log(
        `  load: ${load.events.toLocaleString('en-US')} events in ${load.appends.toLocaleString('en-US')} appends, ${seconds(load.ms)}: ` +
          `${rate(load.eventsPerSecond)} events/s, ${rate(load.appendsPerSecond)} appends/s; append latency p50 ${appendLatency.p50Ms.toFixed(1)} ms, ` +
          `p99 ${appendLatency.p99Ms.toFixed(1)} ms; writers waited on the generator ${seconds(starvedMs)}; ` +
          `raw baseline ${rate(before.perSecond)}/s before, ${rate(after.perSecond)}/s after`,
      );
    } else {
      city = JSON.parse(readFileSync(cityFile, 'utf8')) as { shape: CityShape; expected: CityExpected };
      log(`  reusing ${dataDir}: ${city.expected.events.toLocaleString('en-US')} events (seed ${city.shape.seed}); nothing generated`);
    }
    details.shape = city.shape;
    details.expected = city.expected;
    details.load = load && { ...load, shape: undefined, expected: undefined };
    details.rawBaseline = baseline;

    let participation: CatchUpResults | undefined;
    let auditChain: CatchUpResults | undefined;
    if (args.catchUp) {
      // A fresh directory: next to the kept one when reusing, swapped in once both are caught up.
      const target = args.reuse === undefined ? readModelDir : `${readModelDir}.next`;
      rmSync(target, { recursive: true, force: true });
      const store = new SqliteEventStore(eventsFile);
      const readModels = new SqliteReadModelStore(target);
      try {
        const stored = await store.countEventsAfter();
        if (stored !== city.expected.events) throw new Error(`${eventsFile} holds ${stored} events; city.json expects ${city.expected.events}`);
        participation = await phases.run(`catch-up ${participationProjection.name}`, () => catchUp(store, readModels, target, participationProjection, log));
        logCatchUp(log, participation);
        auditChain = await phases.run(`catch-up ${auditChainProjection.name}`, () => catchUp(store, readModels, target, auditChainProjection, log));
        logCatchUp(log, auditChain);
      } finally {
        await readModels.close();
        await store.close();
      }
      if (target !== readModelDir) {
        rmSync(readModelDir, { recursive: true, force: true });
        renameSync(target, readModelDir);
      }
    }
    details.catchUp = { participation, auditChain };

    if (args.verify) details.verify = await phases.run('ledger verify', () => ledgerVerify(eventsFile, readModelDir, log));

    let queries: QueryTiming[] = [];
    let sanity: SanityCheck | undefined;
    if (args.queries) {
      const readModels = new SqliteReadModelStore(readModelDir);
      try {
        const namespace = namespaceOf(participationProjection, (await readModels.generations(participationProjection.name)).active);
        sanity = await phases.run('sanity check', () => sanityCheck(readModels, namespace, city.shape, city.expected));
        for (const mismatch of sanity.mismatches) log(`  !! ${mismatch}`);
        if (sanity.mismatches.length === 0) log(`  the read model shows the generator's ${sanity.checked} figures exactly`);
        queries = await phases.run('queries', () => measureQueries(readModels, namespace, city.shape, log));
      } finally {
        await readModels.close();
      }
    }
    details.sanity = sanity;
    details.queries = queries;

    const asOf = args.asOf ? await phases.run('as-of', () => measureAsOf(eventsFile, city.shape, log)) : undefined;
    details.asOf = asOf;

    const storage = await phases.run('storage', async () => measureStorage(eventsFile, readModelDir, city.expected.events));
    details.storage = storage;
    details.phases = phases.list;
    details.peakRssMb = process.resourceUsage().maxRSS / 1024;

    const postgres = args.postgres ? await phases.run('postgres', () => postgresOnCity(eventsFile, city.shape, log)) : undefined;
    details.postgres = postgres;
    const http = args.http ? await phases.run('http', () => httpOnCity(dataDir, log)) : undefined;
    details.http = http;

    const figures = cityFigures({
      postgres,
      http,
      load,
      baseline,
      participation,
      auditChain,
      sanity,
      verify: details.verify as VerifyResults | undefined,
      asOf,
      queries,
      storage,
      peakRssMb: details.peakRssMb as number,
    });
    console.log('');
    printTable(figures, (line) => console.log(line));
    console.log('');
    printDetails({ load, participation, auditChain, queries, storage, phases: phases.list }, (line) => console.log(line));
    const file = writeResults(city.expected.events, figures, details);
    console.log('');
    log(`results written to ${file}`);
    if (args.keep ?? args.reuse) log(`data kept in ${dataDir} (LEDGER_DATA_DIR=${dataDir} starts an API on it)`);
  } finally {
    removeTemporary();
  }
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    if (at === -1) return undefined;
    const v = argv[at + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = new Set(['--events', '--seed', '--keep', '--reuse', '--no-catch-up', '--no-verify', '--no-as-of', '--no-queries', '--http', '--postgres']);
  argv.forEach((arg, i) => {
    if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg}; see the comment at the top of bench/city/run-city.ts`);
    if (!arg.startsWith('--') && !['--events', '--seed', '--keep', '--reuse'].includes(argv[i - 1])) throw new Error(`unexpected argument ${arg}`);
  });
  const number = (flag: string, fallback: number) => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} takes a positive whole number, not ${text}`);
    return n;
  };
  const keep = value('--keep');
  const reuse = value('--reuse');
  if (keep !== undefined && reuse !== undefined) throw new Error('--keep and --reuse exclude each other');
  const catchUp = !argv.includes('--no-catch-up');
  const verify = !argv.includes('--no-verify');
  const queries = !argv.includes('--no-queries');
  if (!catchUp && reuse === undefined && (verify || queries)) {
    throw new Error('--no-catch-up on a new city loads it only: add --no-verify and --no-queries, which need read models');
  }
  if (argv.includes('--events') && reuse !== undefined) throw new Error('--reuse measures the kept log: its size is in its city.json');
  return { events: number('--events', 1_000_000), seed: number('--seed', DEFAULT_SEED), keep, reuse, catchUp, verify, asOf: !argv.includes('--no-as-of'), queries, http: argv.includes('--http'), postgres: argv.includes('--postgres') };
}

function dataDirectory(args: Args): { dataDir: string; temporary?: { path: string; remove(): void } } {
  if (args.reuse !== undefined) {
    const dataDir = resolve(args.reuse);
    for (const file of ['events.sqlite', 'city.json']) {
      if (!existsSync(join(dataDir, file))) throw new Error(`--reuse ${dataDir}: no ${file} there (a directory made with --keep has both)`);
    }
    return { dataDir };
  }
  if (args.keep !== undefined) {
    const dataDir = resolve(args.keep);
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`--keep ${dataDir}: the directory is not empty`);
    mkdirSync(dataDir, { recursive: true });
    return { dataDir };
  }
  const temporary = tempDir('city');
  return { dataDir: temporary.path, temporary };
}

/** store.bench.ts's raw baseline, in the data directory (the same disk), its file removed afterwards. */
function raw(dataDir: string, label: string): RateSample {
  const file = join(dataDir, `raw-baseline-${label}.sqlite`);
  try {
    return rawInserts(file, RAW).sample;
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

interface PostgresCity {
  readonly serverVersion: string;
  readonly catchUp: CatchUpResults;
  readonly queries: QueryTiming[];
}

/**
 * The production profile's read side on the city: the participation projection caught up from the
 * same log into PostgreSQL (a throwaway database), and the same queries timed there.
 */
async function postgresOnCity(eventsFile: string, shape: CityShape, log: (line: string) => void): Promise<PostgresCity> {
  const server = await postgresForBench();
  if (!server.available) throw new Error(server.reason);
  return withThrowawayDatabase('city', log, async (url) => {
    const store = new SqliteEventStore(eventsFile);
    const readModels = await PostgresReadModelStore.open(url);
    try {
      const caughtUp = await catchUp(store, readModels, '(postgres)', participationProjection, log);
      logCatchUp(log, caughtUp);
      const namespace = namespaceOf(participationProjection, (await readModels.generations(participationProjection.name)).active);
      return { serverVersion: server.serverVersion, catchUp: caughtUp, queries: await measureQueries(readModels, namespace, shape, log) };
    } finally {
      await readModels.close();
      await store.close();
    }
  });
}

/**
 * HTTP commands on the city's log: a copy of the data directory (the measured requests add events),
 * its reports projection filled first (the city's catch-up leaves it out), then http.bench.ts's
 * server started on the copy.
 */
async function httpOnCity(dataDir: string, log: (line: string) => void): Promise<HttpResults> {
  const copy = tempDir('city-http');
  try {
    log(`  copying ${dataDir} for the HTTP run`);
    cpSync(dataDir, copy.path, { recursive: true });
    const store = new SqliteEventStore(join(copy.path, 'events.sqlite'));
    const readModels = new SqliteReadModelStore(join(copy.path, 'read-models'));
    try {
      await catchUp(store, readModels, join(copy.path, 'read-models'), reportsProjection, log);
    } finally {
      await readModels.close();
      await store.close();
    }
    return await runHttpBench(log, { ...EMBEDDED, dataDir: copy.path });
  } finally {
    copy.remove();
  }
}

/** What `ledger verify` on the files took: its rate, and its peak memory, against a raw scan of the same log. */
export interface VerifyResults {
  readonly exitCode: number;
  readonly output: string[];
  readonly events: number;
  readonly eventsPerSecond: number;
  /** The child's VmHWM (peak resident set), read from /proc every VERIFY_SAMPLE_MS while it runs. */
  readonly peakRssMb: number | null;
  /** Reading every row of events.sqlite in position order and parsing its data and metadata, nothing else. */
  readonly rawScanPerSecond: number;
}

const VERIFY_SAMPLE_MS = 200;

/**
 * `ledger verify --store … --read-models …`, the CLI itself, as an auditor would run it on the kept
 * directory, after a raw scan-and-parse of the same log: the verify must keep up with at least half
 * of that rate, in bounded memory.
 */
async function ledgerVerify(eventsFile: string, readModelDir: string, log: (line: string) => void): Promise<VerifyResults> {
  const raw = rawScan(eventsFile);
  log(`  raw scan-and-parse of the log: ${Math.round(raw.perSecond).toLocaleString('en-US')} events/s`);
  const cli = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.js');
  const started = nowMs();
  const child = spawn(process.execPath, [cli, 'verify', '--store', `sqlite:${eventsFile}`, '--read-models', `sqlite:${readModelDir}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb: number | null = null;
  const sampler = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb ?? 0, Number(hwm[1]));
    } catch {
      // Not Linux, or the child has just exited: the last reading stands.
    }
  }, VERIFY_SAMPLE_MS);
  const output: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (text: string) => output.push(...text.split('\n').filter(Boolean)));
  const exitCode = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  }).finally(() => clearInterval(sampler));
  const ms = nowMs() - started;
  for (const line of output) log(`  ledger verify: ${line}`);
  if (exitCode !== 0) throw new Error(`ledger verify exited with ${exitCode}`);
  return {
    exitCode,
    output,
    events: raw.events,
    eventsPerSecond: raw.events / (ms / 1000),
    peakRssMb: peakKb === null ? null : peakKb / 1024,
    rawScanPerSecond: raw.perSecond,
  };
}

/** Every row of the log in position order, its data and metadata parsed: the floor any replay stands on. */
function rawScan(eventsFile: string): { events: number; perSecond: number } {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const started = nowMs();
    let events = 0;
    for (const row of db.prepare('SELECT data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      events++;
    }
    return { events, perSecond: events / ((nowMs() - started) / 1000) };
  } finally {
    db.close();
  }
}

/** Which code is measured: the participation read model changes fast, so the results say which one they are of. */
function sourceState(): { commit: string; uncommitted: string[] } {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', 'HEAD').trim() || 'unknown',
    uncommitted: git('status', '--porcelain', '--', 'libs', 'apps')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3)),
  };
}

/** Runs the steps one after another, noting each one's wall time and the peak RSS while it ran. */
class Phases {
  readonly list: Phase[] = [];

  constructor(private readonly log: (line: string) => void) {}

  async run<T>(name: string, step: () => Promise<T>): Promise<T> {
    this.log(`${name}…`);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
    const start = Date.now();
    try {
      return await step();
    } finally {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const phase = { name, ms: Date.now() - start, peakRssMb: peak / 2 ** 20 };
      this.list.push(phase);
      this.log(`${name}: ${seconds(phase.ms)}, peak RSS ${phase.peakRssMb.toFixed(0)} MB`);
    }
  }
}

function logCatchUp(log: (line: string) => void, run: CatchUpResults): void {
  log(
    `  ${run.namespace}: ${run.events.toLocaleString('en-US')} events in ${seconds(run.ms)}, ${rate(run.eventsPerSecond)} events/s ` +
      `(${run.batches} batches, ${seconds(run.applyBatchMs)} in applyBatch, ${run.statements.toLocaleString('en-US')} statements)`,
  );
}

// ---------------------------------------------------------------------------------------------
// The report.

/** Early: the second tenth of the log (the first holds the organisation tree); late: the last tenth. */
const EARLY = 1;
const LATE = 9;

function cityFigures(r: {
  load?: LoadResults;
  baseline?: { before: RateSample; after: RateSample; perSecond: number };
  participation?: CatchUpResults;
  auditChain?: CatchUpResults;
  sanity?: SanityCheck;
  verify?: VerifyResults;
  asOf?: AsOfResults;
  postgres?: PostgresCity;
  http?: HttpResults;
  queries: QueryTiming[];
  storage: StorageResults;
  peakRssMb: number;
}): Figure[] {
  const figures: Figure[] = [];
  const info = (figure: string, value: number, unit: string, baseline: number | null, baselineLabel: string, note?: string): Figure => ({
    figure,
    value,
    unit,
    baseline,
    baselineLabel,
    ratio: baseline === null ? null : value / baseline,
    target: '(info)',
    result: '',
    note,
  });
  /** A figure that must reach `min` times its baseline of the same run. */
  const atLeast = (figure: string, value: number, unit: string, baseline: number, baselineLabel: string, min: number): Figure => ({
    figure,
    value,
    unit,
    baseline,
    baselineLabel,
    ratio: value / baseline,
    target: `≥ ${min.toFixed(2)}×`,
    result: value / baseline >= min ? 'PASS' : 'FAIL',
  });
  const lateToEarly = (figure: string, windows: Window[], min?: number): Figure => {
    const ratio = windows[LATE].perSecond / windows[EARLY].perSecond;
    return {
      figure,
      value: windows[LATE].perSecond,
      unit: 'events/s',
      baseline: windows[EARLY].perSecond,
      baselineLabel: '(10–20% of the log)',
      ratio,
      target: min === undefined ? '(info)' : `≥ ${min.toFixed(2)}×`,
      result: min === undefined ? '' : ratio >= min ? 'PASS' : 'FAIL',
    };
  };
  const { load, baseline } = r;
  if (load && baseline) {
    const label = 'raw better-sqlite3, 1 row per tx, WAL + FULL (before/after mean)';
    figures.push(info(`City load: events/s through the port, ${load.writers} writers`, load.eventsPerSecond, '/s', baseline.perSecond, label));
    figures.push(
      info(`City load: appends/s through the port, ${load.writers} writers`, load.appendsPerSecond, '/s', baseline.perSecond, label,
        `${(load.events / load.appends).toFixed(2)} events per append on average (a session's attendance is recorded in 1-3 requests)`),
    );
    figures.push(lateToEarly('City load: rate in the last 10% of the log', load.windows, PASS_LATE_TO_EARLY));
  }
  if (r.participation) {
    const p = r.participation;
    figures.push({
      figure: `Projection catch-up, ${p.projection}, ${p.events.toLocaleString('en-US')} events`,
      value: p.eventsPerSecond,
      unit: 'events/s',
      baseline: CATCH_UP_TARGET,
      baselineLabel: '(the target)',
      ratio: p.eventsPerSecond / CATCH_UP_TARGET,
      target: `≥ ${CATCH_UP_TARGET.toLocaleString('en-US')}/s`,
      result: p.eventsPerSecond >= CATCH_UP_TARGET ? 'PASS' : 'FAIL',
    });
    figures.push(lateToEarly(`Projection catch-up, ${p.projection}: last 10% of the log`, p.windows));
  }
  if (r.auditChain && r.participation) {
    figures.push(info(`Audit chain sealer catch-up, ${r.auditChain.projection}`, r.auditChain.eventsPerSecond, 'events/s', r.participation.eventsPerSecond, '(participation catch-up)'));
  }
  if (r.verify) {
    const v = r.verify;
    figures.push(atLeast('ledger verify on the files: events/s', v.eventsPerSecond, 'events/s', v.rawScanPerSecond, '(raw scan-and-parse of the log)', VERIFY_TO_RAW_TARGET));
    if (v.peakRssMb !== null) {
      figures.push({
        figure: 'ledger verify on the files: peak RSS',
        value: v.peakRssMb,
        unit: 'MB',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: `< ${VERIFY_RSS_TARGET_MB} MB`,
        result: v.peakRssMb < VERIFY_RSS_TARGET_MB ? 'PASS' : 'FAIL',
      });
    }
  }
  if (r.asOf) {
    const { asOf } = r;
    figures.push({
      figure: `As-of answer at the middle of the log (event ${asOf.events.toLocaleString('en-US')}): federation, 2024`,
      value: asOf.totalMs / 1000,
      unit: 's',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: `< ${AS_OF_TARGET_MS / 1000} s`,
      result: asOf.totalMs < AS_OF_TARGET_MS ? 'PASS' : 'FAIL',
      note: 'a replay from position 0 (no snapshots yet)',
    });
  }
  if (r.postgres) {
    const pg = r.postgres;
    figures.push(
      info(`Projection catch-up onto PostgreSQL, ${pg.catchUp.projection}`, pg.catchUp.eventsPerSecond, 'events/s', r.participation?.eventsPerSecond ?? null, '(the SQLite catch-up)'),
    );
    for (const q of pg.queries) {
      const onSqlite = r.queries.find((s) => s.query === q.query);
      figures.push({
        ...info(`Query p99 on PostgreSQL: ${q.query}`, q.p99Ms, 'ms', onSqlite?.p99Ms ?? null, '(the same on SQLite)'),
        target: `< ${QUERY_P99_TARGET_MS} ms, same answer`,
        result: q.p99Ms < QUERY_P99_TARGET_MS && q.scanned.sameAnswer ? 'PASS' : 'FAIL',
      });
    }
  }
  if (r.http) {
    const { command, noop } = r.http;
    figures.push({
      ...atLeast(`HTTP POST /meals req/s, ${r.http.connections} connections, on the city's log`, command.perSecond, 'req/s', noop.perSecond, 'no-op route of the same app', HTTP_TO_NOOP_TARGET),
      ...(command.problems.length > 0 && { result: 'FAIL' }),
      note: `p50 ${command.latencyMs.p50} ms, p99 ${command.latencyMs.p99} ms (no-op: ${noop.latencyMs.p50} / ${noop.latencyMs.p99} ms)`,
    });
  }
  for (const q of r.queries) {
    figures.push({
      figure: `Query p99: ${q.query}`,
      value: q.p99Ms,
      unit: 'ms',
      baseline: q.scanned.p99Ms,
      baselineLabel: '(the same, counted from the fact rows)',
      ratio: q.p99Ms / q.scanned.p99Ms,
      target: `< ${QUERY_P99_TARGET_MS} ms, same answer`,
      result: q.p99Ms < QUERY_P99_TARGET_MS && q.scanned.sameAnswer ? 'PASS' : 'FAIL',
      note: q.scanned.sameAnswer ? undefined : 'the roll-ups and the fact rows answered differently',
    });
  }
  const { sanity, storage } = r;
  if (sanity) {
    figures.push({
      figure: 'Read model vs generator: 2024 figures at the federation, attendances per district',
      value: sanity.checked - sanity.mismatches.length,
      unit: 'equal',
      baseline: sanity.checked,
      baselineLabel: 'compared',
      ratio: null,
      target: 'all equal',
      result: sanity.mismatches.length === 0 ? 'PASS' : 'FAIL',
      note: sanity.mismatches.length === 0 ? undefined : sanity.mismatches.join('; '),
    });
  }
  figures.push(info('Storage: log bytes per event (events.sqlite)', storage.log.bytesPerEvent, 'B', null, ''));
  figures.push(info('Storage: read-model bytes per event (read-models/)', storage.readModels.bytesPerEvent, 'B', storage.log.bytesPerEvent, '(the log)'));
  figures.push(info('Peak RSS of the process (generator worker included)', r.peakRssMb, 'MB', null, ''));
  return figures;
}

function printDetails(
  r: { load?: LoadResults; participation?: CatchUpResults; auditChain?: CatchUpResults; queries: QueryTiming[]; storage: StorageResults; phases: Phase[] },
  print: (line: string) => void,
): void {
  const windowsOf = [r.load?.windows, r.participation?.windows, r.auditChain?.windows];
  const reference = windowsOf.find((w) => w !== undefined);
  if (reference) {
    print('Rates per tenth of the log (events/s unless said otherwise):');
    rows(
      [
        'Events',
        'Load: events/s',
        'Load: appends/s',
        `${participationProjection.name} catch-up`,
        `${auditChainProjection.name} catch-up`,
        `${participationProjection.name} file at its end`,
      ],
      reference.map((w, i) => [
        `${w.fromEvent.toLocaleString('en-US')}–${w.toEvent.toLocaleString('en-US')}`,
        r.load ? rate(r.load.windows[i].perSecond) : '—',
        r.load?.windows[i].appendsPerSecond === undefined ? '—' : rate(r.load.windows[i].appendsPerSecond),
        ...[r.participation?.windows, r.auditChain?.windows].map((windows) => (windows ? rate(windows[i].perSecond) : '—')),
        r.participation?.growth[i] ? megabytes(r.participation.growth[i].bytes) : '—',
      ]),
      print,
    );
    print('');
  }
  print('Queries (ParticipationQueries, subtree, dated tree, regularMin 4; one at a time):');
  rows(
    ['Query', 'Samples', 'p50 ms', 'p99 ms', 'Mean ms', 'Answer', 'Fact rows: p50 ms', 'p99 ms', 'Same answer'],
    r.queries.map((q) => [
      q.query, String(q.samples), q.p50Ms.toFixed(1), q.p99Ms.toFixed(1), q.meanMs.toFixed(1), q.answer,
      q.scanned.p50Ms.toFixed(1), q.scanned.p99Ms.toFixed(1), q.scanned.sameAnswer ? 'yes' : 'NO',
    ]),
    print,
  );
  print('');
  print(`Storage (${r.storage.method}; files after every store closed, so the WALs are checkpointed):`);
  rows(
    ['Database', 'Table (with its indexes)', 'Rows', 'Bytes', 'Bytes per event'],
    [
      ...r.storage.tables
        .filter((t) => t.bytes >= 64 * 1024)
        .map((t) => [t.database, t.table, t.rows.toLocaleString('en-US'), megabytes(t.bytes), (t.bytes / r.storage.events).toFixed(1)]),
      ['events.sqlite', '(the file)', '', megabytes(r.storage.log.bytes), r.storage.log.bytesPerEvent.toFixed(1)],
      ['read-models/', '(every file)', '', megabytes(r.storage.readModels.bytes), r.storage.readModels.bytesPerEvent.toFixed(1)],
    ],
    print,
  );
  print('');
  print('Phases:');
  rows(['Phase', 'Wall time', 'Peak RSS'], r.phases.map((p) => [p.name, seconds(p.ms), `${p.peakRssMb.toFixed(0)} MB`]), print);
}

function rows(header: string[], body: string[][], print: (line: string) => void): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  print(line(header));
  print('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of body) print(line(row));
}

/** bench/results/city-<events>-<timestamp>.json in the source tree (this file runs from dist/bench/city/). */
function writeResults(events: number, figures: Figure[], details: Record<string, unknown>): string {
  const directory = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const timestamp = new Date().toISOString();
  const file = join(directory, `city-${events}-${timestamp.replace(/[:.]/g, '-')}.json`);
  const body = {
    timestamp,
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    events,
    figures,
    details,
  };
  writeFileSync(file, JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2) + '\n');
  return file;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function rate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

main()
  .catch((error: unknown) => {
    console.error(`city bench failed: ${errorText(error)}`);
    if (error instanceof Error && error.stack) console.error(error.stack);
    process.exitCode = 1;
  })
  .finally(() => {
    setTimeout(() => {
      console.error('city bench: handles still open after the run:', process.getActiveResourcesInfo());
      process.exit(process.exitCode ?? 0);
    }, 5_000).unref();
  });
