import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ServerStats } from './http-server';

/**
 * HTTP: a real command (POST /meals, a new meal serving per request against a pre-registered
 * organisation) against a no-op route of the same application (POST /bench/noop), both through
 * the same configureApp pipeline, at 32 connections, in the same run.
 *
 * Why the server runs in a child process: the load generator is itself a busy Node program
 * (it builds, parses and times every request). In-process it would share the server's single
 * event loop, so every request would pay for the client's work too, and the no-op, being the
 * cheaper route, would be dragged down the most, flattering the ratio. With the server in a child
 * process (`node dist/bench/http-server.js`, started like main.ts) each side has a core of its own
 * on this 2-core machine, which is how the API runs in production: alone in its process, with
 * clients elsewhere. The child also reports its own CPU time, so a run shows whether the server
 * was saturated (≈100% of one core) or waiting (on fsync, for instance).
 *
 * The same machinery measures both profiles (HttpProfile): the embedded one, and the production
 * profile's read side, where the server is configured LEDGER_READ_MODEL=postgres.
 *
 * Both routes are sent as production traffic is: by a staff token scoped to the organisation, so
 * each request pays for finding the token, checking the role and the organisation's place in the
 * tree, and the rate limiter, as the no-op does too (it declares the same access rule). The bench
 * sets up with the admin token it gives the server (LEDGER_BOOTSTRAP_TOKEN), and raises the write
 * rate limit out of reach, so that the figure is the server's, not the limit's.
 */

export interface HttpRun {
  readonly name: string;
  readonly path: string;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly latencyMs: { p50: number; p97_5: number; p99: number; mean: number; max: number };
  readonly statusCodes: Record<string, number>;
  /** Events the log grew by during the run (requests still in flight at the deadline included). */
  readonly appendedEvents: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Server CPU during the run, as a share of one core. */
  readonly serverCpu: number;
  /** Problems that make the figure untrustworthy (non-2xx answers, errors, missing events). */
  readonly problems: string[];
}

/** Runs of one route, summed: throughput over all of them, latencies averaged over the runs. */
export interface HttpSummary {
  readonly name: string;
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latencyMs: { p50: number; p99: number };
  readonly serverCpu: number;
  readonly problems: string[];
  readonly runs: HttpRun[];
}

export interface HttpResults {
  readonly connections: number;
  readonly noop: HttpSummary;
  readonly command: HttpSummary;
  readonly readModel: HttpProfile['readModel'];
  readonly idempotencyKeys: boolean;
  /** GET /projections/status once the runs are over: whether the projection kept up with the load. */
  readonly projectionsAfterRuns: unknown;
}

/**
 * What the server under load is configured with. The log is on SQLite in both profiles (the
 * EventStoreDB test server is no speed reference); the read models, and with them the idempotency
 * keys, are on SQLite (embedded) or PostgreSQL (the production profile's read side).
 */
export interface HttpProfile {
  readonly readModel: 'sqlite' | 'postgres';
  /** With `postgres`: the database, a throwaway one. */
  readonly databaseUrl?: string;
  /**
   * Each request, on both routes, carries a new Idempotency-Key: the interceptor then looks the key
   * up before the handler and stores the answer after it, in the read-model store. On PostgreSQL
   * that is the one part of a command's path that meets the database (the projection follows in
   * the background), so that profile's figure sends keys; the embedded figure has always been
   * measured without them.
   */
  readonly idempotencyKeys: boolean;
  /**
   * The data directory the server starts on (its log and read models); a fresh empty one when
   * absent. The city bench points it at a copy of a kept city, to measure commands on a long log.
   */
  readonly dataDir?: string;
}

/** The embedded profile, as this bench has always measured it. */
export const EMBEDDED: HttpProfile = { readModel: 'sqlite', idempotencyKeys: false };

const CONNECTIONS = 32;
const DURATION_S = 5;
const WARM_UP_S = 2;
/**
 * Throughput on this VM drifts by up to 1.5× within a minute, so the two routes alternate in ABBA
 * order (no-op, command, command, no-op): a linear drift then weighs on both alike.
 */
const ROUNDS = 2;
const ORGANIZATION = 'bench-federation';
const JSON_BODY: Readonly<Record<string, string>> = { 'content-type': 'application/json' };
/**
 * The bench server's admin secret (LEDGER_BOOTSTRAP_TOKEN): shaped as the ledger's own tokens are
 * ('ledger_' and 32 bytes in base64url), derived from a fixed text so that no secret-looking
 * literal sits in the code. It opens only a throwaway server on loopback.
 */
const BENCH_ADMIN_TOKEN = `ledger_${createHash('sha256').update('activity-ledger bench admin').digest('base64url')}`;
/** The contact-details master key (LEDGER_VAULT_KEY, 32 bytes in base64): required with PostgreSQL read models, pinned for both profiles. */
const BENCH_VAULT_KEY = createHash('sha256').update('activity-ledger bench vault').digest('base64');
/** Out of reach of any run: the limiter still runs on every write, as in production, but never refuses. */
const UNREACHABLE_WRITE_RATE = '1000000';

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A request body like the API's own example of a meal serving; the id makes each one new. */
function mealBody(id: string): string {
  return JSON.stringify({
    id,
    organizationId: ORGANIZATION,
    partner: '爱心餐厅 partner restaurant',
    date: '2024-01-18',
    meals: 75,
    recipientGroup: 'delivery riders 外卖骑手',
  });
}

export async function runHttpBench(log: (line: string) => void, profile: HttpProfile = EMBEDDED): Promise<HttpResults> {
  const server = await startServer(profile);
  const base = `http://127.0.0.1:${server.port}`;
  const admin = { ...JSON_BODY, ...bearer(BENCH_ADMIN_TOKEN) };
  try {
    const registered = await fetch(`${base}/organizations`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id: ORGANIZATION, name: '朝阳区总工会 Chaoyang District Union', level: 'federation' }),
    });
    if (registered.status !== 201) throw new Error(`registering the organisation answered ${registered.status}: ${await registered.text()}`);
    const issued = await fetch(`${base}/admin/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ role: 'staff', organizationId: ORGANIZATION, label: 'bench staff' }),
    });
    if (issued.status !== 201) throw new Error(`issuing the staff token answered ${issued.status}: ${await issued.text()}`);
    const staff = { ...JSON_BODY, ...bearer(((await issued.json()) as { token: string }).token) };
    const cannon = (path: string, idPrefix: string, seconds: number) => fire(base, path, staff, idPrefix, seconds, profile.idempotencyKeys);

    // Warm-up of both routes (JIT, SQLite page cache, the projection's prepared statements).
    await cannon('/bench/noop', 'warm-noop', WARM_UP_S);
    await cannon('/meals', 'warm-meal', WARM_UP_S);

    const routes = {
      noop: { name: 'no-op', path: '/bench/noop', eventsPerRequest: 0, runs: [] as HttpRun[] },
      command: { name: 'POST /meals', path: '/meals', eventsPerRequest: 1, runs: [] as HttpRun[] },
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? (['noop', 'command'] as const) : (['command', 'noop'] as const);
      for (const kind of order) {
        const route = routes[kind];
        const run = await measured(server, () => cannon(route.path, `${kind}-${round}`, DURATION_S), route.name, route.path, route.eventsPerRequest);
        route.runs.push(run);
        log(
          `  http ${run.name}: ${Math.round(run.perSecond)} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, ` +
            `server CPU ${Math.round(run.serverCpu * 100)}% of a core, statuses ${JSON.stringify(run.statusCodes)}`,
        );
        for (const problem of run.problems) log(`  !! http ${run.name}: ${problem}`);
      }
    }
    const status = await fetch(`${base}/projections/status`, { headers: bearer(BENCH_ADMIN_TOKEN) });
    return {
      connections: CONNECTIONS,
      noop: summarise(routes.noop.name, routes.noop.runs),
      command: summarise(routes.command.name, routes.command.runs),
      readModel: profile.readModel,
      idempotencyKeys: profile.idempotencyKeys,
      projectionsAfterRuns: status.ok ? await status.json() : `GET /projections/status answered ${status.status}`,
    };
  } finally {
    await server.stop();
  }
}

function summarise(name: string, runs: HttpRun[]): HttpSummary {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const mean = (pick: (run: HttpRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    name,
    requests,
    seconds,
    perSecond: requests / seconds,
    latencyMs: { p50: mean((run) => run.latencyMs.p50), p99: mean((run) => run.latencyMs.p99) },
    serverCpu: mean((run) => run.serverCpu),
    problems: runs.flatMap((run) => run.problems),
    runs,
  };
}

/** One measured run, with the server's CPU and, for commands, the events it appended. */
async function measured(
  server: Server,
  load: () => Promise<autocannon.Result>,
  name: string,
  path: string,
  eventsPerRequest: number,
): Promise<HttpRun> {
  await settle();
  const before = await server.stats();
  const result = await load();
  // autocannon stops at the deadline with one request in flight per connection: the server still
  // handles them (and appends their events) but their answers are not counted. Let them finish.
  await settle();
  const after = await server.stats();

  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const created = statusCodes['201'] ?? 0;
  const problems: string[] = [];
  const unexpected = Object.entries(statusCodes).filter(([code]) => code !== '201');
  if (unexpected.length > 0) problems.push(`answers other than 201: ${JSON.stringify(Object.fromEntries(unexpected))}`);
  if (result.non2xx > 0) problems.push(`${result.non2xx} non-2xx answers`);
  if (result.errors > 0 || result.timeouts > 0) problems.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  const appended = after.events - before.events;
  const inFlight = appended / Math.max(eventsPerRequest, 1) - created;
  if (eventsPerRequest > 0 && (appended % eventsPerRequest !== 0 || inFlight < 0 || inFlight > CONNECTIONS)) {
    problems.push(
      `${created} requests answered 201 but the log grew by ${appended} events ` +
        `(expected ${created * eventsPerRequest}, plus up to ${CONNECTIONS * eventsPerRequest} from requests in flight at the deadline)`,
    );
  }
  if (eventsPerRequest === 0 && appended !== 0) problems.push(`the no-op appended ${appended} events`);
  const cpuMicros = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
  return {
    name,
    path,
    seconds: result.duration,
    requests: created,
    perSecond: created / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      mean: result.latency.mean,
      max: result.latency.max,
    },
    statusCodes,
    appendedEvents: appended,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpu: cpuMicros / 1000 / (result.duration * 1000),
    problems,
  };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

/**
 * Fixed-duration autocannon run; each request carries a body with an id never used before and,
 * with `idempotencyKeys`, that id as its Idempotency-Key.
 */
function fire(
  base: string,
  path: string,
  baseHeaders: Readonly<Record<string, string>>,
  idPrefix: string,
  seconds: number,
  idempotencyKeys: boolean,
): Promise<autocannon.Result> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path,
            setupRequest: (request) => {
              const id = `bench-${idPrefix}-${n++}`;
              // A new headers object each time: autocannon writes Content-Length into the one it is
              // given, which, were it the shared one, would then go with the next fetch and its other body.
              const headers = idempotencyKeys ? { ...baseHeaders, 'idempotency-key': id } : { ...baseHeaders };
              return { ...request, headers, body: mealBody(id) };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

interface Server {
  readonly port: number;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

async function startServer(profile: HttpProfile): Promise<Server> {
  // Configured as the API is, through the environment (configFromEnv); LEDGER_READ_MODEL and the
  // settings below are set for both profiles, so that the bench's own environment cannot change them.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LEDGER_READ_MODEL: profile.readModel,
    LEDGER_BOOTSTRAP_TOKEN: BENCH_ADMIN_TOKEN,
    LEDGER_WRITE_RATE_PER_SECOND: UNREACHABLE_WRITE_RATE,
    LEDGER_WRITE_RATE_BURST: UNREACHABLE_WRITE_RATE,
    LEDGER_VAULT_KEY: BENCH_VAULT_KEY,
  };
  if (profile.databaseUrl) env.DATABASE_URL = profile.databaseUrl;
  if (profile.dataDir) env.BENCH_DATA_DIR = profile.dataDir;
  const child: ChildProcess = fork(join(__dirname, 'http-server.js'), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bench server did not start within 30 s')), 30_000);
    child.once('message', (message: { type: string; port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited with ${code} before it was ready`));
    });
  }).catch((error) => {
    child.kill();
    throw error;
  });

  return {
    port,
    stats: () =>
      new Promise<ServerStats>((resolve, reject) => {
        const onMessage = (message: ServerStats) => {
          if (message.type !== 'stats') return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        void exited.then((code) => reject(new Error(`the bench server exited with ${code}`)));
        child.send({ type: 'stats' });
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the bench server exited with ${code}`);
    },
  };
}
