/**
 * Several API processes behind one log (EventStoreDB, here the gRPC test server that the real
 * client talks to) and one PostgreSQL: the production profile with two instances.
 *  - Queries are served by both; the projection runs in exactly one (its lease).
 *  - Writes are spread over both. The projecting instance is killed with SIGKILL while it is
 *    behind the log; the other one takes the projection over within seconds and resumes from the
 *    checkpoint. Requests the dead instance did not answer are sent again, with the same
 *    Idempotency-Key, to the living one (as a proxy would).
 *  - Then the figures are exact on every instance: nothing lost, nothing counted twice. The killed
 *    instance comes back as a follower; killing the new holder hands the projection back.
 *
 * Loopback only; every wait has a deadline.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { buildOnce, freeLoopbackPort, LedgerServer, sleep } from '../support/server-process';
import { bearer, TEST_ADMIN_TOKEN, TEST_VAULT_KEY } from '../support/test-tokens';

const ORG = 'instances-union';
const COURSE = 'instances-yoga';
const SESSIONS = ['s1', 's2', 's3', 's4'];
const LEASE_CHECK_MS = 200;
/** What "within seconds" means here: the lease check, PostgreSQL noticing the dead session, slack. */
const TAKEOVER_LIMIT_MS = 5_000;
const DEADLINE_MS = 30_000;

interface Write {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly key: string;
  readonly attendances: number;
  readonly meals: number;
}

interface ProjectionState {
  runsHere: boolean;
  lag: number;
  checkpoint: string | null;
}

describe('two API instances on one log and one PostgreSQL, the projecting one killed', () => {
  let esdb: EsdbTestServer;
  let database: TestDatabase;
  let a: LedgerServer;
  let b: LedgerServer;
  const dataDirs: string[] = [];
  const written: Write[] = [];

  beforeAll(async () => {
    buildOnce();
    esdb = await startEsdbTestServer();
    database = await createTestDatabase('several_instances');
    const instance = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ledger-instance-'));
      dataDirs.push(dataDir);
      return new LedgerServer(await freeLoopbackPort(), dataDir, {
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
        LEDGER_READ_MODEL: 'postgres',
        DATABASE_URL: database.url,
        LEDGER_VAULT_KEY: TEST_VAULT_KEY,
        LEDGER_LEASE_CHECK_MS: String(LEASE_CHECK_MS),
      });
    };
    a = await instance();
    b = await instance();
  }, 180_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
    await esdb?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves queries on both, runs the projection in one, and takes it over within seconds of a SIGKILL, exactly', async () => {
    await a.start();
    await b.start();
    expect(await projection(a)).toMatchObject({ runsHere: true });
    expect(await projection(b)).toMatchObject({ runsHere: false });

    await acked([a, b], '/organizations', { id: ORG, name: 'Two-instance union', level: 'district' });
    await acked([b, a], '/courses', { id: COURSE, organizationId: ORG, name: 'Yoga', category: 'sport' });
    for (const [i, id] of SESSIONS.entries()) {
      await acked(i % 2 ? [a, b] : [b, a], `/courses/${COURSE}/sessions`, { id, date: `2024-05-0${i + 1}` });
    }

    // Writes spread over both instances; both answer the same figures once caught up.
    await Promise.all(Array.from({ length: 8 }, (_, loop) => writeLoop(loop, 0, 12, loop % 2 ? [a, b] : [b, a])));
    await caughtUp(b);
    expect(await figures(a)).toEqual(expected());
    expect(await figures(b)).toEqual(expected());

    // Large attendance lists leave the projection behind the log: A is killed while it is.
    const burst = Promise.all(
      Array.from({ length: 12 }, (_, n) => record(bulk(n), n % 2 ? [a, b] : [b, a])),
    );
    const smallWrites = Promise.all(Array.from({ length: 4 }, (_, loop) => writeLoop(loop, 1, 10, [a, b])));
    const behindAtKill = await killWhenBehind(a);
    const killedAt = Date.now();

    const takeoverMs = (await waitFor(async () => (await projection(b)).runsHere, 'B to take the projection over')) - killedAt;
    expect(takeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
    await Promise.all([burst, smallWrites]);
    await caughtUp(b);
    expect(await figures(b)).toEqual(expected());

    // A comes back as a follower and answers the same figures.
    await a.start();
    expect(await projection(a)).toMatchObject({ runsHere: false });
    expect(await figures(a)).toEqual(expected());

    // Killing the new holder hands the projection back, again exactly.
    const more = Promise.all(Array.from({ length: 4 }, (_, loop) => writeLoop(loop, 2, 10, [b, a])));
    await b.kill();
    const secondKilledAt = Date.now();
    const secondTakeoverMs = (await waitFor(async () => (await projection(a)).runsHere, 'A to take the projection back')) - secondKilledAt;
    expect(secondTakeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
    await more;
    await caughtUp(a);
    expect(await figures(a)).toEqual(expected());

    console.log(
      `several instances: ${written.length} writes, ${expected().course.attendances} attendances; ` +
        `A killed ${behindAtKill} events behind the log; takeovers in ${takeoverMs} ms and ${secondTakeoverMs} ms`,
    );
  }, 180_000);

  /** Writes `count` requests, each to the first instance that acknowledges it. */
  async function writeLoop(loop: number, phase: number, count: number, order: LedgerServer[]): Promise<void> {
    for (let n = 0; n < count; n++) {
      const tag = `p${phase}-l${loop}-n${n}`;
      if (n % 3 === 2) {
        const meals = 1 + ((loop + n) % 7);
        const body = { id: `meal-${tag}`, organizationId: ORG, partner: 'canteen', date: '2024-06-18', meals, recipientGroup: 'delivery riders' };
        await record({ path: '/meals', body, key: `meal-${tag}`, attendances: 0, meals }, order);
      } else {
        const participantIds = Array.from({ length: 1 + (n % 4) }, (_, j) => `w-${tag}-${j}`);
        const path = `/courses/${COURSE}/sessions/${SESSIONS[(loop + n) % SESSIONS.length]}/attendances`;
        await record({ path, body: { participantIds }, key: `att-${tag}`, attendances: participantIds.length, meals: 0 }, order);
      }
    }
  }

  function bulk(n: number): Write {
    const participantIds = Array.from({ length: 200 }, (_, j) => `bulk-${n}-${j}`);
    const path = `/courses/${COURSE}/sessions/${SESSIONS[n % SESSIONS.length]}/attendances`;
    return { path, body: { participantIds }, key: `bulk-${n}`, attendances: participantIds.length, meals: 0 };
  }

  async function record(write: Write, order: LedgerServer[]): Promise<void> {
    await acked(order, write.path, write.body, write.key);
    written.push(write);
  }

  function expected() {
    const attendances = written.reduce((sum, w) => sum + w.attendances, 0);
    return {
      organization: {
        courseSessions: SESSIONS.length,
        attendances,
        distinctParticipants: attendances, // every participant id is new
        mealServings: written.filter((w) => w.meals > 0).length,
        meals: written.reduce((sum, w) => sum + w.meals, 0),
      },
      course: { sessions: SESSIONS.length, attendances },
    };
  }
});

/**
 * Sends the request to the first instance, and on a network error, a 503 or a 409 (concurrency
 * exhausted) sends it again, with the same Idempotency-Key, to the next one, until one answers 2xx.
 */
async function acked(order: LedgerServer[], path: string, body: unknown, key = `setup-${createHash('sha256').update(`${path} ${JSON.stringify(body)}`).digest('hex')}`): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  for (let attempt = 0; ; attempt++) {
    const server = order[attempt % order.length];
    let status: number | string;
    let answer = '';
    try {
      const res = await fetch(server.url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: bearer(TEST_ADMIN_TOKEN) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      status = res.status;
      answer = await res.text();
    } catch (error) {
      status = String((error as Error).cause ?? error);
    }
    if (status === 200 || status === 201) return;
    if (typeof status === 'number' && status !== 503 && status !== 409) throw new Error(`POST ${path} answered ${status}: ${answer}`);
    if (Date.now() > deadline) throw new Error(`POST ${path} was not acknowledged in time (last: ${status} ${answer})`);
    await sleep(20);
  }
}

async function getJson<T>(server: LedgerServer, path: string): Promise<T> {
  const res = await fetch(server.url(path), { headers: { authorization: bearer(TEST_ADMIN_TOKEN) }, signal: AbortSignal.timeout(5_000) });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function projection(server: LedgerServer): Promise<ProjectionState> {
  const status = await getJson<{ projections: ProjectionState[] }>(server, '/projections/status');
  return status.projections[0];
}

/** The figures this test checks: the organisation's and its course's. */
async function figures(server: LedgerServer) {
  const org = await getJson<Record<string, number>>(server, `/projections/organizations/${ORG}`);
  const [course] = await getJson<Array<Record<string, number>>>(server, `/projections/courses?organizationId=${ORG}`);
  const pick = (row: Record<string, number>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, row[key]]));
  return {
    organization: pick(org, ['courseSessions', 'attendances', 'distinctParticipants', 'mealServings', 'meals']),
    course: pick(course, ['sessions', 'attendances']),
  };
}

/** Kills the server as soon as its projection is seen behind the log (or at the deadline); how far behind. */
async function killWhenBehind(server: LedgerServer): Promise<number> {
  const deadline = Date.now() + 10_000;
  let lag = 0;
  while (Date.now() < deadline) {
    lag = await projection(server).then(
      (state) => state.lag,
      () => 0, // too busy to answer in time: ask again
    );
    if (lag > 0) break;
    await sleep(5);
  }
  await server.kill();
  return lag;
}

/** Polls until the condition holds; the time it did. */
async function waitFor(condition: () => Promise<boolean>, what: string): Promise<number> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    try {
      if (await condition()) return Date.now();
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function caughtUp(server: LedgerServer): Promise<void> {
  await waitFor(async () => {
    const { projections } = await getJson<{ projections: Array<{ lag: number; rebuilding?: unknown }> }>(server, '/projections/status');
    return projections.every((p) => p.lag === 0 && !p.rebuilding);
  }, 'the projections to catch up');
}
