import type { AuditedEvent } from '../../apps/api/src/audit/history-paging';
/**
 * Reading history over HTTP, page by page, on the embedded log (SQLite) and on EventStoreDB (the
 * gRPC test server, spoken to by the real client): the global log, one stream, and what one request
 * caused, each event with its metadata; bad paging input answers 400 naming the field.
 */
import { LedgerConfig } from '../../apps/api/src/config';
import { comparePositions, decodePosition } from '../../libs/event-store/src/position';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';
import { startTestLedger, TEST_NOW, TestLedger } from '../support/ledger-app';
import { expectRefused } from '../support/refusals';
import { ENV_BOOTSTRAP_PRINCIPAL } from '../../apps/api/src/access/authenticator';

interface Page {
  events: AuditedEvent[];
  next: string | null;
}

/** How a profile's log is provided: the config it needs, and what to stop afterwards. */
interface LogProfile {
  start(): Promise<{ config: Partial<LedgerConfig>; stop(): Promise<void> }>;
}

const profiles: Array<[string, LogProfile]> = [
  ['SQLite', { start: async () => ({ config: {}, stop: async () => undefined }) }],
  [
    'EventStoreDB',
    {
      start: async () => {
        const server: EsdbTestServer = await startEsdbTestServer();
        return { config: { store: { kind: 'eventstoredb', connectionString: server.connectionString } }, stop: () => server.stop() };
      },
    },
  ],
];

/** The actor is the authenticated principal (here the test admin); an X-Actor header claiming another is ignored. */
const ACTOR = ENV_BOOTSTRAP_PRINCIPAL;
const DOOR = 'door-2024-03-04';
const SESSION_STREAM = 'course_session-paint/s1';

describe.each(profiles)('audit history on %s', (_name, profile) => {
  let ledger: TestLedger;
  let stopLog: () => Promise<void>;
  /** Every event recorded, as one page of the whole log gives them. */
  let log: AuditedEvent[];

  const get = async (path: string, query: Record<string, unknown> = {}) => {
    const res = await ledger.http.get(path).query(query);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };

  /** Follows `next` from the first page to the last, checking each page's size. */
  const allPages = async (path: string, cursor: 'after' | 'fromRevision', limit: number) => {
    const pages: Page[] = [];
    let next: string | null | undefined;
    do {
      const page = (await get(path, { limit, ...(next ? { [cursor]: next } : {}) })) as Page;
      expect(page.events.length).toBeLessThanOrEqual(limit);
      pages.push(page);
      next = page.next;
    } while (next !== null && pages.length <= log.length);
    return pages;
  };

  beforeAll(async () => {
    const started = await profile.start();
    stopLog = started.stop;
    ledger = await startTestLedger({ config: started.config });
    const record = async (path: string, body: object, correlationId: string) => {
      const res = await ledger.http.post(path).set('X-Actor', 'clerk-7').set('X-Correlation-Id', correlationId).send(body);
      expect({ path, status: res.status }).toEqual({ path, status: 201 });
    };
    await record('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street' }, 'register-union');
    await record('/courses', { id: 'paint', organizationId: 'chaowai', name: 'Colour painting', category: 'art' }, 'register-course');
    await record('/courses/paint/sessions', { id: 's1', date: '2024-03-04' }, 'hold-session');
    await record('/courses/paint/sessions/s1/attendances', { participantIds: ['w1', 'w2', 'w3'] }, DOOR);
    await record('/meals', { id: 'm1', organizationId: 'chaowai', partner: 'Canteen', date: '2024-03-05', meals: 40, recipientGroup: 'riders' }, 'serve-meals');
    log = ((await get('/audit/log', { limit: 1000 })) as Page).events;
  });
  afterAll(async () => {
    await ledger?.close();
    await stopLog?.();
  });

  it('GET /audit/log answers every event recorded, in log order, with its metadata, and next null at the end', async () => {
    expect(await get('/audit/log', { limit: 1000 })).toEqual({ events: log, next: null });
    expect(log.map((e) => [e.type, e.streamName, e.revision, e.metadata.correlationId])).toEqual([
      ['OrganizationRegistered', 'organization-chaowai', '0', 'register-union'],
      ['CourseRegistered', 'course-paint', '0', 'register-course'],
      ['CourseSessionHeld', SESSION_STREAM, '0', 'hold-session'],
      ['CourseSessionAttended', SESSION_STREAM, '1', DOOR],
      ['CourseSessionAttended', SESSION_STREAM, '2', DOOR],
      ['CourseSessionAttended', SESSION_STREAM, '3', DOOR],
      ['MealServed', 'meal-m1', '0', 'serve-meals'],
    ]);
    for (const event of log) {
      expect(event).toEqual({
        position: expect.stringMatching(/^\d+(:\d+)?$/),
        streamName: expect.any(String),
        revision: expect.stringMatching(/^\d+$/),
        id: expect.any(String),
        type: expect.any(String),
        data: expect.any(Object),
        metadata: {
          actor: ACTOR,
          recordedAt: TEST_NOW.toISOString(),
          correlationId: expect.any(String),
          causationId: expect.any(String),
          schemaVersion: expect.any(Number),
          ...(event.metadata.contentHash === undefined ? {} : { contentHash: expect.stringMatching(/^sha256:/) }),
        },
      });
    }
    const positions = log.map((e) => decodePosition(e.position)!);
    positions.slice(1).forEach((position, i) => expect(comparePositions(positions[i], position)).toBeLessThan(0));
    expect(log.find((e) => e.type === 'MealServed')!.data).toMatchObject({ mealId: 'm1', meals: 40 });
  });

  it.each([1, 2, 3, 6, 7, 8])('paging the log %i at a time visits every event once, in order, ending with next null', async (limit) => {
    const pages = await allPages('/audit/log', 'after', limit);
    expect(pages.flatMap((p) => p.events)).toEqual(log);
    expect(pages.at(-1)!.next).toBeNull();
    expect(pages.length).toBe(Math.max(1, Math.ceil(log.length / limit)));
  });

  it('GET /audit/log after the last position, or beyond it, answers no events and next null', async () => {
    expect(await get('/audit/log', { after: log.at(-1)!.position })).toEqual({ events: [], next: null });
    // 2^63-1: beyond any head, and the largest position the SQLite store can bind
    expect(await get('/audit/log', { after: '9223372036854775807' })).toEqual({ events: [], next: null });
  });

  it('GET /audit/streams/:streamName reads one stream by revision, page by page', async () => {
    const path = `/audit/streams/${encodeURIComponent(SESSION_STREAM)}`;
    const stream = log.filter((e) => e.streamName === SESSION_STREAM);
    expect(await get(path)).toEqual({ streamName: SESSION_STREAM, events: stream, next: null });
    expect(await get(path, { limit: 3 })).toEqual({ streamName: SESSION_STREAM, events: stream.slice(0, 3), next: '3' });
    expect(await get(path, { fromRevision: '3', limit: 3 })).toEqual({ streamName: SESSION_STREAM, events: stream.slice(3), next: null });
    expect(await get(path, { fromRevision: '9' })).toEqual({ streamName: SESSION_STREAM, events: [], next: null });
    const pages = await allPages(path, 'fromRevision', 1);
    expect(pages.flatMap((p) => p.events)).toEqual(stream);
  });

  it('GET /audit/correlations/:id follows a request, and a command by its causation id, to exactly the events it caused', async () => {
    const caused = log.filter((e) => e.metadata.correlationId === DOOR);
    expect(caused.map((e) => e.data.participantId)).toEqual(['w1', 'w2', 'w3']);
    expect(await get(`/audit/correlations/${DOOR}`)).toEqual({ events: caused, next: null });

    const pages = await allPages(`/audit/correlations/${DOOR}`, 'after', 2);
    expect(pages.map((p) => p.events.length)).toEqual([2, 1]);
    expect(pages.flatMap((p) => p.events)).toEqual(caused);

    const causationId = caused[0].metadata.causationId as string;
    expect(await get(`/audit/correlations/${causationId}`)).toEqual({ events: caused, next: null });
    expect(await get('/audit/correlations/nobody-asked')).toEqual({ events: [], next: null });
  });

  it.each([
    ['/audit/log?after=abc', 'after', 'isLogPosition'],
    ['/audit/log?after=-1', 'after', 'isLogPosition'],
    ['/audit/log?after=18446744073709551616', 'after', 'isLogPosition'],
    ['/audit/log?limit=0', 'limit', 'min'],
    ['/audit/log?limit=1001', 'limit', 'max'],
    ['/audit/log?limit=ten', 'limit', 'isInt'],
    ['/audit/log?limit=1.5', 'limit', 'isInt'],
    ['/audit/log?from=0', 'from', 'unknownField'],
    ['/audit/correlations/door?after=x', 'after', 'isLogPosition'],
    ['/audit/correlations/door?limit=5000', 'limit', 'max'],
    ['/audit/correlations/-door', 'correlationId', 'isCorrelationId'],
    ['/audit/streams/meal-m1?fromRevision=-1', 'fromRevision', 'isRevision'],
    ['/audit/streams/meal-m1?fromRevision=1e3', 'fromRevision', 'isRevision'],
    ['/audit/streams/meal-m1?limit=0', 'limit', 'min'],
    ['/audit/streams/%24all', 'streamName', 'isStreamName'],
    ['/audit/streams/meal', 'streamName', 'isStreamName'],
  ])('GET %s answers 400 naming %s (%s)', async (path, field, rule) => {
    await expectRefused(ledger, () => ledger.http.get(path), { status: 400, field, rule });
  });

  it('GET /docs-json describes the three reads under the audit tag, with their paging parameters', async () => {
    const { paths } = await get('/docs-json');
    const reads: Array<[string, string[]]> = [
      ['/audit/log', ['after', 'limit']],
      ['/audit/streams/{streamName}', ['streamName', 'fromRevision', 'limit']],
      ['/audit/correlations/{correlationId}', ['correlationId', 'after', 'limit']],
    ];
    for (const [path, parameters] of reads) {
      const operation = paths[path]?.get;
      expect({ path, summary: operation?.summary, tags: operation?.tags }).toEqual({ path, summary: expect.any(String), tags: ['audit 审计'] });
      expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual([...parameters].sort());
    }
  });

  it('GET /audit/streams/:streamName answers 404 for a stream without events', async () => {
    await expectRefused(ledger, () => ledger.http.get('/audit/streams/meal-never'), { status: 404, field: 'streamName', rule: 'exists' });
    await expectRefused(ledger, () => ledger.http.get('/audit/streams/meal-never?fromRevision=2'), {
      status: 404,
      field: 'streamName',
      rule: 'exists',
    });
  });
});
