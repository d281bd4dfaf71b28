/**
 * Crash safety of the real server process (dist/apps/api/src/main.js on an embedded SQLite store):
 * it is killed with SIGKILL while concurrent clients are writing, restarted on the same data
 * directory, and then
 *  - every write it acknowledged (a 2xx answer) is still there, item by item;
 *  - the projections catch up, and their figures lie between "what was acknowledged" and "what was
 *    attempted";
 *  - re-sending every attempted request (same Idempotency-Key, same body) records each one exactly
 *    once: the figures then equal the totals of all attempted requests, and the log grew by exactly
 *    the events of the requests that had not landed;
 *  - a second crash (more writes, impatient clients sending each request twice at once), a kill
 *    while the live projection is behind and another halfway through its catch-up after the
 *    restart, and a kill halfway through a projection rebuild all still leave exact figures;
 *  - after every kill, a copy of what is on disk shows each projection generation holding exactly
 *    the rows of the events up to its checkpoint (checkpoint and rows commit together), and no
 *    checkpoint ahead of the durable log;
 *  - at the end the event log holds one event per attendance, meal and member.
 *
 * Loopback only; every wait has a deadline. The running server's files are only ever read
 * (read-only connections, or a copy of them once the process is dead).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMBER_CHANNELS, WORKER_CATEGORIES } from '../../libs/domain/src/membership/membership.events';
import { buildOnce, freeLoopbackPort, LedgerServer, sleep, withTimeout } from '../support/server-process';
import { bearer, TEST_ADMIN_TOKEN } from '../support/test-tokens';

const PROJECTION = 'participation_v6';

const ORG = 'crash-union';
/**
 * The client loops write to the first two courses. The third takes attendance lists of 1,000: its
 * first sessions are filled before the crashes (so that the log is long enough for a projection
 * rebuild to be caught, and killed, halfway), its last ones by a burst that leaves the live
 * projection behind the log when the server is killed.
 */
const BULK_COURSE = 'crash-bulk';
const COURSE_SESSIONS = { 'crash-yoga': 4, 'crash-painting': 4, [BULK_COURSE]: 16 } as const;
const COURSES = Object.keys(COURSE_SESSIONS) as Array<keyof typeof COURSE_SESSIONS>;
const SESSIONS = COURSES.flatMap((courseId, c) =>
  Array.from({ length: COURSE_SESSIONS[courseId] }, (_, s) => ({
    courseId,
    sessionId: `s${s + 1}`,
    date: `2024-0${c + 3}-${String(s + 1).padStart(2, '0')}`,
  })),
);
const WRITE_SESSIONS = SESSIONS.filter((s) => s.courseId !== BULK_COURSE);
const SEED_SESSIONS = SESSIONS.filter((s) => s.courseId === BULK_COURSE).slice(0, 8);
const BURST_SESSIONS = SESSIONS.filter((s) => s.courseId === BULK_COURSE).slice(8);
const SEED_REQUESTS_PER_SESSION = 2;
const BULK_PARTICIPANTS = 1_000;

const CLIENT_LOOPS = 16;
const WRITE_WINDOW_MS = 1500;
const REQUEST_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 15_000;
const CATCH_UP_TIMEOUT_MS = 15_000;
const RESEND_WIDTH = 16;

// ---------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  readonly status: number;
  readonly replayed: boolean;
  /** undefined when the body could not be read (the server died while sending it). */
  readonly body: unknown;
}

async function call(
  server: LedgerServer,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Reply> {
  const headers: Record<string, string> = { authorization: bearer(TEST_ADMIN_TOKEN) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(server.url(path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  // The status line has arrived: the server answered. The body may still be cut off by a kill.
  const status = res.status;
  const replayed = res.headers.get('idempotent-replayed') === 'true';
  let parsed: unknown;
  try {
    const text = await res.text();
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status, replayed, body: parsed };
}

async function getOk<T>(server: LedgerServer, path: string): Promise<T> {
  const reply = await call(server, 'GET', path);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as T;
}

async function postOk(server: LedgerServer, path: string, body: unknown): Promise<void> {
  const key = `seed-${createHash('sha256').update(`${path}\n${JSON.stringify(body)}`).digest('hex')}`;
  const reply = await call(server, 'POST', path, body, key);
  if (reply.status !== 201 && reply.status !== 200) {
    throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

interface ProjectionsStatus {
  headPosition: string | null;
  projections: Array<{
    name: string;
    generation: number;
    checkpoint: string | null;
    lag: number;
    rebuilding?: { generation: number; checkpoint: string | null; lag: number };
    lastError?: string;
  }>;
}

const projectionsStatus = (server: LedgerServer) => getOk<ProjectionsStatus>(server, '/projections/status');

async function headPosition(server: LedgerServer): Promise<number> {
  return Number((await projectionsStatus(server)).headPosition ?? 0);
}

async function caughtUp(server: LedgerServer): Promise<ProjectionsStatus> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  for (;;) {
    const status = await projectionsStatus(server);
    if (status.projections.every((p) => p.lag === 0 && !p.rebuilding)) return status;
    if (Date.now() > deadline) throw new Error(`projections did not catch up: ${JSON.stringify(status)}`);
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------------
// What the clients send, and what it must add up to

type Kind = 'attendance' | 'meal' | 'member';

interface Attempt {
  readonly cycle: number;
  readonly kind: Kind;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly key: string;
  /** 2 when an impatient client sent the same request (same key) twice at once. */
  readonly copies: number;
  readonly courseId?: string;
  readonly sessionId?: string;
  readonly participantIds?: readonly string[];
  readonly meals?: number;
  readonly channel?: string;
  readonly category?: string;
  /** Every answer received during the write phase, 2xx or not. */
  readonly replies: Reply[];
  /** Network errors (connection reset by the kill, refused after it). */
  readonly failures: string[];
  /** The first 2xx answer: the server acknowledged the write. */
  acked?: Reply;
}

/** The events one attempt appends when it lands. */
function eventsOf(attempt: Attempt): number {
  return attempt.kind === 'attendance' ? attempt.participantIds!.length : 1;
}

function makeAttempt(cycle: number, loop: number, n: number, copies: number): Attempt {
  const tag = `c${cycle}-l${loop}-r${n}`;
  const base = { cycle, key: `crash-${tag}`, copies, replies: [], failures: [] };
  const pick = (loop * 31 + n * 7) % 4;
  if (pick < 2) {
    const { courseId, sessionId } = WRITE_SESSIONS[(loop + n) % WRITE_SESSIONS.length];
    const participantIds = Array.from({ length: 1 + ((loop + n) % 5) }, (_, j) => `p-${tag}-${j}`);
    return {
      ...base,
      kind: 'attendance',
      path: `/courses/${courseId}/sessions/${sessionId}/attendances`,
      body: { participantIds },
      courseId,
      sessionId,
      participantIds,
    };
  }
  if (pick === 2) {
    const meals = 1 + ((loop * 7 + n * 3) % 40);
    return {
      ...base,
      kind: 'meal',
      path: '/meals',
      body: {
        id: `meal-${tag}`,
        organizationId: ORG,
        partner: 'partner restaurant',
        date: `2024-06-${String(1 + (n % 28)).padStart(2, '0')}`,
        meals,
        recipientGroup: 'delivery riders',
      },
      meals,
    };
  }
  const channel = MEMBER_CHANNELS[n % MEMBER_CHANNELS.length];
  const category = WORKER_CATEGORIES[(loop + n) % WORKER_CATEGORIES.length];
  return {
    ...base,
    kind: 'member',
    path: '/members',
    body: { workerId: `w-${tag}`, organizationId: ORG, date: '2024-07-01', channel, category },
    channel,
    category,
  };
}

/** One attendance list of 1,000 on a session of the bulk course. */
function makeBulkAttempt(cycle: number, sessionId: string, r: number): Attempt {
  const tag = `c${cycle}-${sessionId}-r${r}`;
  const participantIds = Array.from({ length: BULK_PARTICIPANTS }, (_, j) => `bulk-${tag}-${j}`);
  return {
    cycle,
    kind: 'attendance',
    path: `/courses/${BULK_COURSE}/sessions/${sessionId}/attendances`,
    body: { participantIds },
    key: `bulk-${tag}`,
    copies: 1,
    courseId: BULK_COURSE,
    sessionId,
    participantIds,
    replies: [],
    failures: [],
  };
}

/** Cycle 0, before any crash: big lists on the seed sessions, all acknowledged. */
async function seedBulk(server: LedgerServer, attempts: Attempt[]): Promise<void> {
  await Promise.all(
    SEED_SESSIONS.map(async ({ sessionId }) => {
      for (let r = 0; r < SEED_REQUESTS_PER_SESSION; r++) {
        const attempt = makeBulkAttempt(0, sessionId, r);
        const reply = await resend(server, attempt, true);
        if (reply.status !== 201) throw new Error(`bulk attendance answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        attempt.replies.push(reply);
        attempt.acked = reply;
        attempts.push(attempt);
      }
    }),
  );
}

interface Figures {
  organization: {
    courseSessions: number;
    attendances: number;
    distinctParticipants: number;
    mealServings: number;
    meals: number;
    membersJoined: number;
    membersByChannel: Record<string, number>;
    membersByCategory: Record<string, number>;
  };
  courses: Record<string, { sessions: number; attendances: number; distinctParticipants: number }>;
}

/** The figures once exactly these attempts (and the seed) are recorded. */
function expectedFigures(attempts: readonly Attempt[]): Figures {
  const figures: Figures = {
    organization: {
      courseSessions: SESSIONS.length,
      attendances: 0,
      distinctParticipants: 0,
      mealServings: 0,
      meals: 0,
      membersJoined: 0,
      membersByChannel: Object.fromEntries(MEMBER_CHANNELS.map((c) => [c, 0])),
      membersByCategory: Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])),
    },
    courses: Object.fromEntries(
      COURSES.map((courseId) => [courseId, { sessions: COURSE_SESSIONS[courseId], attendances: 0, distinctParticipants: 0 }]),
    ),
  };
  const o = figures.organization;
  for (const a of attempts) {
    if (a.kind === 'attendance') {
      const n = a.participantIds!.length; // participant ids are unique across the whole test
      o.attendances += n;
      o.distinctParticipants += n;
      figures.courses[a.courseId!].attendances += n;
      figures.courses[a.courseId!].distinctParticipants += n;
    } else if (a.kind === 'meal') {
      o.mealServings += 1;
      o.meals += a.meals!;
    } else {
      o.membersJoined += 1;
      o.membersByChannel[a.channel!] += 1;
      o.membersByCategory[a.category!] += 1;
    }
  }
  return figures;
}

async function observedFigures(server: LedgerServer): Promise<Figures> {
  const org = await getOk<Figures['organization'] & Record<string, unknown>>(server, `/projections/organizations/${ORG}`);
  const courses = await getOk<Array<{ courseId: string; sessions: number; attendances: number; distinctParticipants: number }>>(
    server,
    `/projections/courses?organizationId=${ORG}`,
  );
  return {
    organization: {
      courseSessions: org.courseSessions,
      attendances: org.attendances,
      distinctParticipants: org.distinctParticipants,
      mealServings: org.mealServings,
      meals: org.meals,
      membersJoined: org.membersJoined,
      membersByChannel: org.membersByChannel,
      membersByCategory: org.membersByCategory,
    },
    courses: Object.fromEntries(
      courses.map((c) => [c.courseId, { sessions: c.sessions, attendances: c.attendances, distinctParticipants: c.distinctParticipants }]),
    ),
  };
}

/** Every figure that is not lower ≤ observed ≤ upper, as readable lines (empty when all are). */
function outOfBounds(observed: unknown, lower: unknown, upper: unknown, path = ''): string[] {
  if (typeof lower === 'number') {
    const value = observed as number;
    return typeof value === 'number' && value >= lower && value <= (upper as number)
      ? []
      : [`${path}: ${String(value)} not in [${lower}, ${String(upper)}]`];
  }
  return Object.keys(lower as object).flatMap((k) =>
    outOfBounds((observed as Record<string, unknown>)?.[k], (lower as Record<string, unknown>)[k], (upper as Record<string, unknown>)[k], `${path}.${k}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Writing under load, and the kill

interface CrashStats {
  attempted: number;
  ackedAtKill: number;
  inFlightAtKill: number;
  acked: number;
  /** Answered, but not 2xx (409 after exhausted concurrency retries, 503). */
  refused: number;
  refusedBy: Record<string, number>;
  /** No answer at all: cut by the kill or refused after it. */
  unanswered: number;
  duplicatedAttempts: number;
}

async function writeUntilKilled(
  server: LedgerServer,
  cycle: number,
  attempts: Attempt[],
  options: { windowMs: number; duplicateEvery?: number },
): Promise<CrashStats> {
  const mine: Attempt[] = [];
  let stopping = false;
  let inFlight = 0;

  const sendCopy = async (attempt: Attempt): Promise<void> => {
    try {
      const reply = await call(server, 'POST', attempt.path, attempt.body, attempt.key);
      attempt.replies.push(reply);
      if (reply.status >= 200 && reply.status < 300 && !attempt.acked) attempt.acked = reply;
    } catch (error) {
      attempt.failures.push(error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error));
    }
  };

  const loop = async (loopId: number): Promise<void> => {
    for (let n = 0; !stopping; n++) {
      const copies = options.duplicateEvery && loopId % options.duplicateEvery === 0 ? 2 : 1;
      const attempt = makeAttempt(cycle, loopId, n, copies);
      mine.push(attempt);
      attempts.push(attempt);
      inFlight++;
      try {
        await Promise.all(Array.from({ length: copies }, () => sendCopy(attempt)));
      } finally {
        inFlight--;
      }
    }
  };

  const loops = Array.from({ length: CLIENT_LOOPS }, (_, i) => loop(i));
  await sleep(options.windowMs);
  const inFlightAtKill = inFlight;
  const ackedAtKill = mine.filter((a) => a.acked).length;
  server.killNow();
  stopping = true;
  await server.waitForExit();
  await withTimeout(Promise.all(loops), REQUEST_TIMEOUT_MS * 2, 'the client loops did not stop');

  // The requests must be valid: anything refused must be a concurrency conflict or unavailability.
  const unexpected = mine.flatMap((a) =>
    a.replies
      .filter((r) => r.status >= 300 && !(r.status === 409 && isConcurrencyConflict(r.body)) && r.status !== 503)
      .map((r) => `${a.path} ${a.key}: ${r.status} ${JSON.stringify(r.body)}`),
  );
  expect(unexpected).toEqual([]);

  return {
    attempted: mine.length,
    ackedAtKill,
    inFlightAtKill,
    acked: mine.filter((a) => a.acked).length,
    refused: mine.filter((a) => !a.acked && a.replies.length > 0).length,
    refusedBy: mine
      .filter((a) => !a.acked)
      .flatMap((a) => a.replies.map((r) => `${r.status} ${(r.body as { message?: string } | undefined)?.message ?? ''}`.trim()))
      .reduce<Record<string, number>>((counts, k) => ({ ...counts, [k]: (counts[k] ?? 0) + 1 }), {}),
    unanswered: mine.filter((a) => !a.acked && a.replies.length === 0).length,
    duplicatedAttempts: mine.filter((a) => a.copies > 1).length,
  };
}

function isConcurrencyConflict(body: unknown): boolean {
  const details = (body as { details?: Array<{ rule: string }> } | undefined)?.details ?? [];
  return details.some((d) => d.rule === 'concurrentChange');
}

interface BurstStats {
  attempted: number;
  acked: number;
  unanswered: number;
  /** Head of the log and checkpoint of the live projection, read from disk just before the kill. */
  headAtKill: number;
  liveCheckpointAtKill: number;
}

/**
 * Big attendance lists sent at once: the appends commit faster than the live projection applies
 * them. The log and the projection's checkpoint are watched on disk (read-only), and the server is
 * killed as soon as the projection is a few batches behind (or once everything is answered).
 */
async function burstUntilKilled(server: LedgerServer, dataDir: string, cycle: number, attempts: Attempt[]): Promise<BurstStats> {
  const mine = BURST_SESSIONS.map(({ sessionId }) => makeBulkAttempt(cycle, sessionId, 0));
  attempts.push(...mine);
  const watcher = new DiskWatcher(dataDir);
  let settled = 0;
  const sends = mine.map(async (attempt) => {
    try {
      const reply = await call(server, 'POST', attempt.path, attempt.body, attempt.key);
      attempt.replies.push(reply);
      if (reply.status >= 200 && reply.status < 300) attempt.acked = reply;
    } catch (error) {
      attempt.failures.push(String(error));
    } finally {
      settled++;
    }
  });
  let head = 0;
  let checkpoint = 0;
  try {
    const deadline = Date.now() + REQUEST_TIMEOUT_MS;
    for (;;) {
      head = watcher.head();
      checkpoint = watcher.checkpoint(1) ?? 0;
      if (head - checkpoint >= 3 * 1_000 || settled === mine.length || Date.now() > deadline) break;
      await sleep(1);
    }
    server.killNow();
  } finally {
    watcher.close();
  }
  await server.waitForExit();
  await withTimeout(Promise.all(sends), REQUEST_TIMEOUT_MS * 2, 'the burst did not settle');
  return {
    attempted: mine.length,
    acked: mine.filter((a) => a.acked).length,
    unanswered: mine.filter((a) => !a.acked).length,
    headAtKill: head,
    liveCheckpointAtKill: checkpoint,
  };
}

/** Read-only views of the live files of a running server: the log's head, a generation's checkpoint. */
class DiskWatcher {
  private readonly open = new Map<string, Database.Database>();

  constructor(private readonly dataDir: string) {}

  head(): number {
    const db = this.db(join(this.dataDir, 'events.sqlite'));
    if (!db) return 0;
    try {
      return Number((db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head);
    } catch {
      return 0;
    }
  }

  /** The checkpoint a generation of the projection has committed; undefined while it has none. */
  checkpoint(generation: number): number | undefined {
    const db = this.db(join(this.dataDir, 'read-models', `${PROJECTION}_g${generation}.sqlite`));
    if (!db) return undefined;
    try {
      const row = db.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: string } | undefined;
      return row ? Number(row.position) : undefined;
    } catch {
      return undefined; // not created yet, or busy
    }
  }

  close(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }

  private db(file: string): Database.Database | undefined {
    let db = this.open.get(file);
    if (!db) {
      if (!existsSync(file)) return undefined;
      try {
        db = new Database(file, { readonly: true, fileMustExist: true });
      } catch {
        return undefined;
      }
      this.open.set(file, db);
    }
    return db;
  }
}

interface SnapshotGeneration {
  generation: number;
  checkpoint: number;
  rows: Record<string, number>;
}

/**
 * What a killed server left on disk, checked on a copy (the originals stay untouched for the
 * restart): in every generation of the projection, the rows are exactly those of the events up to
 * its checkpoint (a checkpoint committed apart from its rows would show here), and no checkpoint
 * is ahead of the durable log.
 */
function checkKilledState(dataDir: string): { head: number; generations: SnapshotGeneration[] } {
  const copy = mkdtempSync(join(tmpdir(), 'ledger-crash-snapshot-'));
  const opened: Database.Database[] = [];
  const openCopy = (file: string) => {
    const db = new Database(file, { fileMustExist: true });
    opened.push(db);
    return db;
  };
  try {
    // The -shm files are the dead process's shared memory: SQLite rebuilds them from the WAL.
    cpSync(dataDir, copy, { recursive: true, filter: (source) => !source.endsWith('-shm') });
    const events = openCopy(join(copy, 'events.sqlite'));
    const head = Number((events.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head);
    const fromEvents = events.prepare(
      `SELECT
         coalesce(sum(type = 'OrganizationRegistered'), 0) AS organizations,
         coalesce(sum(type = 'CourseRegistered'), 0) AS courses,
         coalesce(sum(type = 'CourseSessionHeld'), 0) AS sessions,
         coalesce(sum(type = 'CourseSessionAttended'), 0) AS attendances,
         coalesce(sum(type = 'MealServed'), 0) AS meals,
         coalesce(sum(CASE WHEN type = 'MealServed' THEN json_extract(data, '$.meals') END), 0) AS mealsServed,
         coalesce(sum(type = 'MemberJoined'), 0) AS members
       FROM events WHERE position <= ?`,
    );
    const generations: SnapshotGeneration[] = [];
    const files = readdirSync(join(copy, 'read-models')).filter((f) => new RegExp(`^${PROJECTION}_g\\d+\\.sqlite$`).test(f));
    for (const file of files) {
      const generation = Number(/_g(\d+)\.sqlite$/.exec(file)![1]);
      const db = openCopy(join(copy, 'read-models', file));
      const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
      const row = tables.has('checkpoint')
        ? (db.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: string } | undefined)
        : undefined;
      const checkpoint = row ? Number(row.position) : 0;
      const rows = tables.has('attendances')
        ? (db
            .prepare(
              `SELECT (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM courses) AS courses,
                      (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM attendances) AS attendances,
                      (SELECT count(*) FROM meals) AS meals, (SELECT coalesce(sum(meals), 0) FROM meals) AS mealsServed,
                      (SELECT count(*) FROM members) AS members`,
            )
            .get() as Record<string, number>)
        : {};
      const expected = fromEvents.get(checkpoint) as Record<string, number>;
      expect({ generation, checkpointNotAheadOfLog: checkpoint <= head, rows }).toEqual({
        generation,
        checkpointNotAheadOfLog: true,
        rows: tables.has('attendances') ? expected : {},
      });
      generations.push({ generation, checkpoint, rows });
    }
    return { head, generations };
  } finally {
    for (const db of opened) db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** POSTs until answered with something other than a concurrency conflict or a network error. */
async function resend(server: LedgerServer, attempt: Attempt, withKey: boolean): Promise<Reply> {
  for (let tries = 1; ; tries++) {
    try {
      const reply = await call(server, 'POST', attempt.path, attempt.body, withKey ? attempt.key : undefined);
      const transient = (reply.status === 409 && isConcurrencyConflict(reply.body)) || reply.status === 503;
      if (!transient || tries >= 20) return reply;
    } catch (error) {
      if (tries >= 5) throw error;
    }
    await sleep(10 * tries);
  }
}

// ---------------------------------------------------------------------------------------------
// After a restart

interface AckedCheck {
  replayedAcked: number;
  headBefore: number;
}

/**
 * Every acknowledged attempt of `current` is recorded: figures ≥ acknowledged (and ≤ attempted),
 * a retry with its key is a replay of the stored answer, and the same body without a key is
 * recognised by the domain as already recorded. None of this appends anything.
 */
async function checkAcknowledgedSurvived(server: LedgerServer, landedBefore: readonly Attempt[], current: readonly Attempt[]): Promise<AckedCheck> {
  await caughtUp(server);
  const acked = current.filter((a) => a.acked);
  const observed = await observedFigures(server);
  const lower = expectedFigures([...landedBefore, ...acked]);
  const upper = expectedFigures([...landedBefore, ...current]);
  expect(outOfBounds(observed, lower, upper)).toEqual([]);

  const headBefore = await headPosition(server);

  // Retries of acknowledged requests, same key and body: the stored answer, nothing appended.
  const replays = await inPool(acked, RESEND_WIDTH, (a) => resend(server, a, true));
  const badReplays = acked.flatMap((a, i) => {
    const r = replays[i];
    const sameAnswer =
      a.copies > 1
        ? r.status === 200 || r.status === 201 // two copies raced: either answer may be the stored one
        : r.status === a.acked!.status && (a.acked!.body === undefined || isDeepStrictEqual(r.body, a.acked!.body));
    return r.replayed && sameAnswer ? [] : [`${a.key}: acked ${a.acked!.status} ${JSON.stringify(a.acked!.body)}, retry ${r.status} replayed=${r.replayed} ${JSON.stringify(r.body)}`];
  });
  expect(badReplays).toEqual([]);
  expect(await headPosition(server)).toBe(headBefore);

  // The same bodies without a key: the domain itself must find each one already recorded.
  const again = await inPool(acked, RESEND_WIDTH, (a) => resend(server, a, false));
  const notThere = acked.flatMap((a, i) => {
    const r = again[i];
    const ok =
      r.status === 200 &&
      !r.replayed &&
      (a.kind !== 'attendance' || isDeepStrictEqual(r.body, { recorded: 0, alreadyRecorded: a.participantIds!.length }));
    return ok ? [] : [`${a.kind} ${a.key} acknowledged with ${a.acked!.status} but now answers ${r.status} ${JSON.stringify(r.body)}`];
  });
  expect(notThere).toEqual([]);
  expect(await headPosition(server)).toBe(headBefore);

  await caughtUp(server);
  expect(await observedFigures(server)).toEqual(observed);
  return { replayedAcked: acked.length, headBefore };
}

interface ResendStats {
  /** Unacknowledged, but the server had finished it: its stored answer was replayed. */
  replayed: number;
  /** Unacknowledged, its events stored but no idempotency record: the domain said "already recorded". */
  deduplicated: number;
  /** Unacknowledged and not stored: recorded now. */
  recordedNow: number;
}

/**
 * Re-sends every unacknowledged attempt with its key and body. Before that, the figures must be
 * exactly those of the attempts that landed (as the answers reveal); after it, exactly those of
 * every attempt; and the log must have grown by exactly the events of the attempts recorded now.
 */
async function resendUnacknowledged(server: LedgerServer, landedBefore: readonly Attempt[], current: readonly Attempt[]): Promise<ResendStats> {
  await caughtUp(server);
  const before = await observedFigures(server);
  const headBefore = await headPosition(server);
  const unacked = current.filter((a) => !a.acked);
  const replies = await inPool(unacked, RESEND_WIDTH, (a) => resend(server, a, true));

  const landed: Attempt[] = [];
  const recordedNow: Attempt[] = [];
  const wrong: string[] = [];
  let replayed = 0;
  unacked.forEach((a, i) => {
    const r = replies[i];
    const n = eventsOf(a);
    if (r.replayed && (r.status === 200 || r.status === 201)) {
      replayed++;
      landed.push(a);
    } else if (r.status === 200) {
      if (a.kind === 'attendance' && !isDeepStrictEqual(r.body, { recorded: 0, alreadyRecorded: n })) wrong.push(`${a.key}: partial ${JSON.stringify(r.body)}`);
      landed.push(a);
    } else if (r.status === 201) {
      if (a.kind === 'attendance' && !isDeepStrictEqual(r.body, { recorded: n, alreadyRecorded: 0 })) wrong.push(`${a.key}: partial ${JSON.stringify(r.body)}`);
      recordedNow.push(a);
    } else {
      wrong.push(`${a.key}: retry answered ${r.status} ${JSON.stringify(r.body)}`);
    }
  });
  expect(wrong).toEqual([]);

  // Before the retries the read model held exactly what had landed, each once.
  expect(before).toEqual(expectedFigures([...landedBefore, ...current.filter((a) => a.acked), ...landed]));
  // The retries appended exactly the events of what had not landed: nothing twice.
  expect(await headPosition(server)).toBe(headBefore + recordedNow.reduce((sum, a) => sum + eventsOf(a), 0));
  await caughtUp(server);
  expect(await observedFigures(server)).toEqual(expectedFigures([...landedBefore, ...current]));
  return { replayed, deduplicated: landed.length - replayed, recordedNow: recordedNow.length };
}

/** The write side agrees: each session's stream holds exactly the attendances attempted there. */
async function checkSessionStreams(server: LedgerServer, attempts: readonly Attempt[]): Promise<void> {
  for (const { courseId, sessionId } of SESSIONS) {
    const expected = attempts
      .filter((a) => a.kind === 'attendance' && a.courseId === courseId && a.sessionId === sessionId)
      .reduce((sum, a) => sum + a.participantIds!.length, 0);
    const session = await getOk<{ attendances: number }>(server, `/courses/${courseId}/sessions/${sessionId}`);
    expect({ courseId, sessionId, attendances: session.attendances }).toEqual({ courseId, sessionId, attendances: expected });
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------

describe('SIGKILL while writing: acknowledged writes survive, projections catch up, nothing counts twice', () => {
  let dataDir: string;
  let server: LedgerServer;
  const attempts: Attempt[] = [];
  const report: Record<string, unknown> = {};
  const cycle = (n: number) => attempts.filter((a) => a.cycle === n);
  const before = (n: number) => attempts.filter((a) => a.cycle < n);

  beforeAll(async () => {
    buildOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
    server = new LedgerServer(await freeLoopbackPort(), dataDir);
    await server.start();
    await postOk(server, '/organizations', { id: ORG, name: 'Crash test union', level: 'district' });
    for (const courseId of COURSES) {
      await postOk(server, '/courses', { id: courseId, organizationId: ORG, name: `Course ${courseId}`, category: 'sport' });
    }
    for (const { courseId, sessionId, date } of SESSIONS) {
      await postOk(server, `/courses/${courseId}/sessions`, { id: sessionId, date });
    }
    await seedBulk(server, attempts);
    await caughtUp(server);
    expect(await observedFigures(server)).toEqual(expectedFigures(attempts));
    report.seed = { events: await headPosition(server) };
  }, 120_000);

  afterAll(async () => {
    try {
      await server?.kill();
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      console.log(`crash test figures: ${JSON.stringify(report, null, 2)}`);
    }
  }, 15_000);

  it('keeps every acknowledged write through a SIGKILL under concurrent load, and replays retries of them', async () => {
    const stats = await writeUntilKilled(server, 1, attempts, { windowMs: WRITE_WINDOW_MS });
    report.crash1 = { ...stats, onDisk: checkKilledState(dataDir) };
    expect(stats.acked).toBeGreaterThan(100);
    expect(stats.inFlightAtKill).toBeGreaterThan(0);

    await server.start();
    report.crash1Acked = await checkAcknowledgedSurvived(server, before(1), cycle(1));
  }, 30_000);

  it('records every attempted request exactly once when all of them are retried after the restart', async () => {
    report.crash1Retries = await resendUnacknowledged(server, before(1), cycle(1));

    // A second round of retries of everything, acknowledged or not: all replays, nothing appended.
    const head = await headPosition(server);
    const replies = await inPool(cycle(1), RESEND_WIDTH, (a) => resend(server, a, true));
    expect(replies.filter((r) => !r.replayed || (r.status !== 200 && r.status !== 201)).map((r) => r.status)).toEqual([]);
    expect(await headPosition(server)).toBe(head);
    await caughtUp(server);
    expect(await observedFigures(server)).toEqual(expectedFigures(before(2)));
    await checkSessionStreams(server, before(2));
  }, 30_000);

  it('stays exact through a second crash while impatient clients send each request twice at once', async () => {
    const stats = await writeUntilKilled(server, 2, attempts, { windowMs: WRITE_WINDOW_MS, duplicateEvery: 4 });
    report.crash2 = { ...stats, onDisk: checkKilledState(dataDir) };
    expect(stats.acked).toBeGreaterThan(100);
    expect(stats.inFlightAtKill).toBeGreaterThan(0);
    expect(stats.duplicatedAttempts).toBeGreaterThan(0);

    await server.start();
    report.crash2Acked = await checkAcknowledgedSurvived(server, before(2), cycle(2));
    report.crash2Retries = await resendUnacknowledged(server, before(2), cycle(2));
    await checkSessionStreams(server, before(3));
  }, 30_000);

  it('stays exact when killed while the live projection is behind, and again during its catch-up after the restart', async () => {
    const burst = await burstUntilKilled(server, dataDir, 3, attempts);
    const killed = checkKilledState(dataDir);
    const liveAtKill = killed.generations.find((g) => g.generation === 1)!;
    report.crash3 = { ...burst, onDisk: killed };

    // Restart, watch the live projection's checkpoint on disk, and kill again halfway through its catch-up.
    let killedDuringCatchUp: { from: number; at: number; head: number } | undefined;
    if (killed.head - liveAtKill.checkpoint > 1_000) {
      const watcher = new DiskWatcher(dataDir);
      try {
        server.spawn();
        const deadline = Date.now() + START_TIMEOUT_MS;
        while (server.running && Date.now() < deadline) {
          const at = watcher.checkpoint(1);
          if (at !== undefined && at > liveAtKill.checkpoint && at < killed.head) {
            server.killNow();
            killedDuringCatchUp = { from: liveAtKill.checkpoint, at, head: killed.head };
            break;
          }
          if (at !== undefined && at >= killed.head) break; // caught up before we saw it halfway
          await sleep(1);
        }
      } finally {
        watcher.close();
      }
      if (!killedDuringCatchUp) server.killNow(); // then a plain crash after the catch-up
      await server.waitForExit();
      report.crash3CatchUpKill = { killedDuringCatchUp: killedDuringCatchUp ?? 'catch-up finished first', onDisk: checkKilledState(dataDir) };
    } else {
      report.crash3CatchUpKill = `live projection only ${killed.head - liveAtKill.checkpoint} events behind: nothing to catch halfway`;
    }

    await server.start();
    report.crash3Acked = await checkAcknowledgedSurvived(server, before(3), cycle(3));
    report.crash3Retries = await resendUnacknowledged(server, before(3), cycle(3));
  }, 40_000);

  it('serves the old generation after a kill halfway through a projection rebuild, then finishes the rebuild, exact; a full rebuild agrees', async () => {
    const figures = await observedFigures(server);
    expect(figures).toEqual(expectedFigures(attempts));
    const { projections } = await caughtUp(server);
    const liveGeneration = projections.find((p) => p.name === PROJECTION)!.generation;
    const head = await headPosition(server);

    const watcher = new DiskWatcher(dataDir);
    let rebuildAtKill: number | undefined;
    try {
      const rebuild = await call(server, 'POST', `/admin/projections/${PROJECTION}/rebuild`, {});
      expect(rebuild.status).toBe(202);
      const generation = (rebuild.body as { generation: number }).generation;
      const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
      while (rebuildAtKill === undefined && Date.now() < deadline) {
        const at = watcher.checkpoint(generation);
        if (at !== undefined && at >= head) break; // finished before we saw it halfway
        if (at !== undefined && at > 0) {
          server.killNow();
          rebuildAtKill = at;
        } else {
          await sleep(1);
        }
      }
    } finally {
      watcher.close();
    }
    if (rebuildAtKill === undefined) server.killNow();
    await server.waitForExit();
    report.rebuildKill = { head, rebuildCheckpointAtKill: rebuildAtKill ?? 'rebuild finished first', onDisk: checkKilledState(dataDir) };

    // The old generation serves from the restart on; the rebuild, recorded in the registry, goes on
    // from its own checkpoint and is swapped in once caught up.
    await server.start();
    expect(await observedFigures(server)).toEqual(figures);
    const restarted = await caughtUp(server);
    expect(restarted.projections.find((p) => p.name === PROJECTION)!.generation).toBe(liveGeneration + 1);
    expect(await observedFigures(server)).toEqual(figures);

    // A full rebuild from position 0 after all this gives the same figures.
    const second = await call(server, 'POST', `/admin/projections/${PROJECTION}/rebuild`, {});
    expect(second.status).toBe(202);
    const rebuilt = await caughtUp(server);
    expect(rebuilt.projections.find((p) => p.name === PROJECTION)!.generation).toBe((second.body as { generation: number }).generation);
    expect(await observedFigures(server)).toEqual(figures);
    await checkSessionStreams(server, attempts);
  }, 30_000);

  it('holds one event per attendance, meal and member in the log, however often each was sent', async () => {
    await server.stop();
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const byType = Object.fromEntries(
        (db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type').all() as Array<{ type: string; n: number }>).map((r) => [r.type, r.n]),
      );
      const expected = expectedFigures(attempts).organization;
      expect(byType).toEqual({
        OrganizationRegistered: 1,
        CourseRegistered: COURSES.length,
        CourseSessionHeld: SESSIONS.length,
        CourseSessionAttended: expected.attendances,
        MealServed: expected.mealServings,
        MemberJoined: expected.membersJoined,
      });
      const duplicates = db
        .prepare(
          `SELECT type, key, n FROM (
             SELECT type, CASE type
                 WHEN 'CourseSessionAttended' THEN json_extract(data, '$.courseId') || '/' || json_extract(data, '$.sessionId') || '/' || json_extract(data, '$.participantId')
                 WHEN 'MealServed' THEN json_extract(data, '$.mealId')
                 WHEN 'MemberJoined' THEN json_extract(data, '$.organizationId') || '/' || json_extract(data, '$.workerId')
                 ELSE stream END AS key, count(*) AS n
             FROM events GROUP BY 1, 2) WHERE n > 1`,
        )
        .all();
      expect(duplicates).toEqual([]);
      const { n, head } = db.prepare('SELECT count(*) AS n, max(position) AS head FROM events').get() as { n: number; head: number };
      expect(head).toBe(n);
      report.eventLog = { events: n, byType };
    } finally {
      db.close();
    }
  }, 15_000);
});
