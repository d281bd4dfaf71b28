/**
 * Every endpoint's happy path over HTTP, against the real application: creates, retries (200 with
 * the original answer), conflicts (409), corrections and voids as the projection counts them,
 * subtrees, periods, breakdowns, regulars, status, health, the OpenAPI document and a rebuild.
 */
import { bearer, startTestLedger, TestLedger } from '../support/ledger-app';

type Json = Record<string, unknown>;

const POSITION = /^\d+(:\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Small helpers over one ledger. */
function api(ledger: TestLedger) {
  const { http } = ledger;
  const created = async (path: string, body: Json, status = 201) => {
    const res = await http.post(path).send(body);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body: expect.anything() });
    return res.body;
  };
  const summary = async (organizationId: string, query: Json = {}) => {
    const res = await http.get(`/projections/organizations/${organizationId}`).query(query);
    expect(res.status).toBe(200);
    return res.body;
  };
  const courses = async (query: Json = {}) => {
    const res = await http.get('/projections/courses').query(query);
    expect(res.status).toBe(200);
    return res.body as Array<Json>;
  };
  const course = async (courseId: string, query: Json = {}) => {
    const row = (await courses(query)).find((c) => c.courseId === courseId);
    expect(row).toBeDefined();
    return row!;
  };
  return { http, created, summary, courses, course };
}

/**
 * A district (chaoyang) with two street unions (chaowai, jianwai) under one federation (beijing),
 * and another district (haidian). w1 attends courses of both street unions.
 */
async function seedTree(ledger: TestLedger): Promise<void> {
  const { created } = api(ledger);
  await created('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  await created('/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' });
  await created('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' });
  await created('/organizations', { id: 'jianwai', name: '建外街道总工会', level: 'street', parentId: 'chaoyang' });
  await created('/organizations', { id: 'haidian', name: '海淀区总工会', level: 'district', parentId: 'beijing' });

  await created('/courses', { id: 'paint', organizationId: 'chaowai', name: 'Colour painting', category: 'art' });
  await created('/courses', { id: 'yoga', organizationId: 'jianwai', name: 'Lunchtime yoga', category: 'sport' });
  await created('/courses', { id: 'chess', organizationId: 'chaoyang', name: 'Chess club', category: 'culture' });
  await created('/courses', { id: 'choir', organizationId: 'haidian', name: 'Choir', category: 'music' });

  const sessions: Array<[string, string, string, string[]]> = [
    ['paint', 'p1', '2024-01-10', ['w1', 'w2', 'w3']],
    ['paint', 'p2', '2024-01-17', ['w1', 'w2']],
    ['paint', 'p3', '2024-02-07', ['w1', 'w4']],
    ['paint', 'p4', '2024-11-20', ['w1', 'w2']],
    ['paint', 'p5', '2025-01-08', ['w1']],
    ['yoga', 'y1', '2024-01-12', ['w1', 'w5']],
    ['yoga', 'y2', '2024-03-05', ['w5', 'w6']],
    ['chess', 'c1', '2024-06-01', ['w7']],
    ['choir', 'h1', '2024-04-02', ['w1', 'w8']],
  ];
  for (const [courseId, sessionId, date, participantIds] of sessions) {
    await created(`/courses/${courseId}/sessions`, { id: sessionId, date });
    await created(`/courses/${courseId}/sessions/${sessionId}/attendances`, { participantIds });
  }

  const clinic = { venue: 'Market hall', services: ['blood pressure'], targetGroups: ['outdoor workers'] };
  await created('/clinics', { id: 'cl-chaowai', organizationId: 'chaowai', date: '2024-06-12', workersServed: 32, ...clinic });
  await created('/clinics', { id: 'cl-jianwai', organizationId: 'jianwai', date: '2024-07-01', workersServed: 20, ...clinic });
  await created('/clinics', { id: 'cl-chaoyang', organizationId: 'chaoyang', date: '2025-02-01', workersServed: 10, ...clinic });

  const meal = { partner: 'Partner restaurant', recipientGroup: 'delivery riders' };
  await created('/meals', { id: 'ml-jianwai', organizationId: 'jianwai', date: '2024-01-18', meals: 75, ...meal });
  await created('/meals', { id: 'ml-chaowai', organizationId: 'chaowai', date: '2024-12-20', meals: 30, ...meal });

  await created('/members', { workerId: 'w1', organizationId: 'chaowai', date: '2024-05-18', channel: 'online', category: 'new-form-worker' });
  await created('/members', { workerId: 'w5', organizationId: 'jianwai', date: '2024-05-20', channel: 'on-site', category: 'office-worker' });
  await created('/members', { workerId: 'w9', organizationId: 'chaoyang', date: '2025-01-05', channel: 'online', category: 'other' });
  await ledger.caughtUp();
}

describe('write endpoints: create, retry, conflict, correct, void', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startTestLedger();
  });
  afterAll(() => ledger.close());

  it('POST /organizations registers a tree; a retry answers 200 with the original; a different body is a 409', async () => {
    const { http } = ledger;
    const root = await http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district' });
    expect(root.status).toBe(201);
    expect(root.body).toEqual({ id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: null });

    const retry = await http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(root.body);

    const child = await http.post('/organizations').send({ id: 'chaowai', name: '朝外街道', level: 'street', parentId: 'chaoyang' });
    expect(child.status).toBe(201);
    expect(child.body).toEqual({ id: 'chaowai', name: '朝外街道', level: 'street', parentId: 'chaoyang' });

    const read = await http.get('/organizations/chaowai');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(child.body);

    const before = await ledger.headPosition();
    const conflict = await http.post('/organizations').send({ id: 'chaowai', name: '朝外街道', level: 'grassroots', parentId: 'chaoyang' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.any(String),
      details: [{ field: 'id', rule: 'unique' }],
    });
    expect(await ledger.headPosition()).toBe(before);
  });

  it('POST /courses registers, retries with 200, refuses another body with 409, and POST /courses/:id/corrections corrects', async () => {
    const { http } = ledger;
    const body = { id: 'yoga', organizationId: 'chaowai', name: 'Lunchtime yoga', category: 'sport' };
    const first = await http.post('/courses').send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual(body);
    const retry = await http.post('/courses').send(body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(body);
    const conflict = await http.post('/courses').send({ ...body, category: 'art' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.details).toEqual([{ field: 'id', rule: 'unique' }]);

    const corrected = await http.post('/courses/yoga/corrections').send({ name: 'Lunchtime yoga 午间瑜伽', reason: 'add the Chinese name' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toEqual({ ...body, name: 'Lunchtime yoga 午间瑜伽' });
    const again = await http.post('/courses/yoga/corrections').send({ name: 'Lunchtime yoga 午间瑜伽', reason: 'add the Chinese name' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(corrected.body);
  });

  it('POST /courses/:courseId/sessions holds a session; GET reads it back; a retry is 200; another date is 409', async () => {
    const { http } = ledger;
    const first = await http.post('/courses/yoga/sessions').send({ id: 's1', date: '2024-03-04', venue: '职工之家' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 's1', courseId: 'yoga', date: '2024-03-04', venue: '职工之家', attendances: 0, status: 'held' });

    const retry = await http.post('/courses/yoga/sessions').send({ id: 's1', date: '2024-03-04', venue: '职工之家' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    const noVenue = await http.post('/courses/yoga/sessions').send({ id: 's2', date: '2024-03-11' });
    expect(noVenue.status).toBe(201);
    expect(noVenue.body).toMatchObject({ id: 's2', venue: null, status: 'held' });

    const today = await http.post('/courses/yoga/sessions').send({ id: 's-today', date: '2025-03-01' });
    expect(today.status).toBe(201);

    const conflict = await http.post('/courses/yoga/sessions').send({ id: 's1', date: '2024-03-05', venue: '职工之家' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.details).toEqual([{ field: 'id', rule: 'unique' }]);

    const read = await http.get('/courses/yoga/sessions/s1');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(first.body);
  });

  it('POST .../attendances records everyone once: 201 with counts, 200 when all were already recorded', async () => {
    const { http } = ledger;
    const first = await http.post('/courses/yoga/sessions/s1/attendances').send({ participantIds: ['w1', 'w2', 'w3'] });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ recorded: 3, alreadyRecorded: 0 });

    const before = await ledger.headPosition();
    const retry = await http.post('/courses/yoga/sessions/s1/attendances').send({ participantIds: ['w1', 'w2', 'w3'] });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ recorded: 0, alreadyRecorded: 3 });
    expect(await ledger.headPosition()).toBe(before);

    const overlap = await http.post('/courses/yoga/sessions/s1/attendances').send({ participantIds: ['w3', 'w4', 'w1'] });
    expect(overlap.status).toBe(201);
    expect(overlap.body).toEqual({ recorded: 1, alreadyRecorded: 2 });

    const thousand = Array.from({ length: 1000 }, (_, i) => `p-${i}`);
    const big = await http.post('/courses/yoga/sessions/s2/attendances').send({ participantIds: thousand });
    expect(big.status).toBe(201);
    expect(big.body).toEqual({ recorded: 1000, alreadyRecorded: 0 });

    expect((await http.get('/courses/yoga/sessions/s1')).body.attendances).toBe(4);
    expect((await http.get('/courses/yoga/sessions/s2')).body.attendances).toBe(1000);
  });

  it('POST .../attendances/:participantId/void voids one attendance; a repeat is 200; the participant can be recorded again', async () => {
    const { http } = ledger;
    const voided = await http.post('/courses/yoga/sessions/s1/attendances/w2/void').send({ reason: 'signed the wrong sheet' });
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ id: 's1', courseId: 'yoga', attendances: 3, status: 'held' });

    const again = await http.post('/courses/yoga/sessions/s1/attendances/w2/void').send({ reason: 'signed the wrong sheet' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ attendances: 3 });

    const back = await http.post('/courses/yoga/sessions/s1/attendances').send({ participantIds: ['w2'] });
    expect(back.status).toBe(201);
    expect(back.body).toEqual({ recorded: 1, alreadyRecorded: 0 });
  });

  it('POST .../sessions/:sessionId/void voids a session; a repeat is 200; attendance at it is then a 409', async () => {
    const { http } = ledger;
    await http.post('/courses/yoga/sessions').send({ id: 's3', date: '2024-03-18' }).expect(201);
    await http.post('/courses/yoga/sessions/s3/attendances').send({ participantIds: ['w1'] }).expect(201);
    const voided = await http.post('/courses/yoga/sessions/s3/void').send({ reason: 'recorded under the wrong course' });
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ id: 's3', status: 'voided' });
    const again = await http.post('/courses/yoga/sessions/s3/void').send({ reason: 'recorded under the wrong course' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: 's3', status: 'voided' });
    expect((await http.get('/courses/yoga/sessions/s3')).body).toMatchObject({ status: 'voided' });

    const late = await http.post('/courses/yoga/sessions/s3/attendances').send({ participantIds: ['w9'] });
    expect(late.status).toBe(409);
    expect(late.body.details).toEqual([{ field: 'sessionId', rule: 'notVoided' }]);
  });

  it('POST /clinics records; retry 200; other body 409; POST /clinics/:id/corrections corrects', async () => {
    const { http } = ledger;
    const body = {
      id: 'xinfadi-2024-06-12',
      organizationId: 'chaowai',
      venue: '新发地农产品批发市场',
      date: '2024-06-12',
      services: ['blood pressure', 'blood glucose'],
      workersServed: 32,
      targetGroups: ['outdoor workers'],
    };
    const first = await http.post('/clinics').send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual(body);
    const retry = await http.post('/clinics').send(body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(body);
    const conflict = await http.post('/clinics').send({ ...body, workersServed: 33 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.details).toEqual([{ field: 'id', rule: 'unique' }]);

    const corrected = await http.post('/clinics/xinfadi-2024-06-12/corrections').send({ workersServed: 30, reason: 'two counted twice' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toEqual({ ...body, workersServed: 30 });
    const again = await http.post('/clinics/xinfadi-2024-06-12/corrections').send({ workersServed: 30, reason: 'two counted twice' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(corrected.body);

    const emptyTargets = await http.post('/clinics').send({ ...body, id: 'no-target-groups', targetGroups: [] });
    expect(emptyTargets.status).toBe(201);
  });

  it('POST /meals records; retry 200; other body 409; POST /meals/:id/corrections corrects the count', async () => {
    const { http } = ledger;
    const body = { id: 'meal-1', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-18', meals: 75, recipientGroup: '外卖骑手' };
    const first = await http.post('/meals').send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual(body);
    const retry = await http.post('/meals').send(body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(body);
    const conflict = await http.post('/meals').send({ ...body, meals: 76 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.details).toEqual([{ field: 'id', rule: 'unique' }]);

    const corrected = await http.post('/meals/meal-1/corrections').send({ meals: 70, reason: 'five counted twice' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toEqual({ ...body, meals: 70 });
    const again = await http.post('/meals/meal-1/corrections').send({ meals: 70, reason: 'five counted twice' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(corrected.body);
  });

  it('POST /members records a joining; retry 200; other body 409; POST /members/:org/:worker/void voids it', async () => {
    const { http } = ledger;
    const body = { workerId: 'w-7f3a9c', organizationId: 'chaowai', date: '2024-05-18', channel: 'online', category: 'new-form-worker' };
    const first = await http.post('/members').send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual(body);
    const retry = await http.post('/members').send(body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(body);
    const conflict = await http.post('/members').send({ ...body, channel: 'on-site' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.details).toEqual([{ field: 'workerId', rule: 'uniqueMembership' }]);

    const voided = await http.post('/members/chaowai/w-7f3a9c/void').send({ reason: 'recorded at the wrong union' });
    expect(voided.status).toBe(201);
    expect(voided.body).toEqual({ organizationId: 'chaowai', workerId: 'w-7f3a9c', status: 'voided' });
    const again = await http.post('/members/chaowai/w-7f3a9c/void').send({ reason: 'recorded at the wrong union' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(voided.body);

    const rejoin = await http.post('/members').send({ ...body, date: '2024-06-01' });
    expect(rejoin.status).toBe(201);
  });

  it('accepts values at the limits: 64-character ids, 200-character texts, 10,000 workers, 100,000 meals, today', async () => {
    const { http } = ledger;
    const longId = 'L' + 'x'.repeat(62) + '9';
    const longText = '长'.repeat(200);
    expect(longId).toHaveLength(64);
    expect((await http.post('/organizations').send({ id: longId, name: longText, level: 'enterprise', parentId: 'chaowai' })).status).toBe(201);
    expect((await http.post('/clinics').send({
      id: 'clinic-max', organizationId: longId, venue: longText, date: '2025-03-01', services: Array.from({ length: 50 }, (_, i) => `s${i}`),
      workersServed: 10_000, targetGroups: [longText],
    })).status).toBe(201);
    expect((await http.post('/meals').send({
      id: 'meal-max', organizationId: longId, partner: longText, date: '2025-03-01', meals: 100_000, recipientGroup: 'r',
    })).status).toBe(201);
    expect((await http.post('/meals/meal-max/corrections').send({ meals: 1, reason: 'r' })).status).toBe(201);
    expect((await http.post('/clinics/clinic-max/corrections').send({ workersServed: 1, reason: 'r' })).status).toBe(201);
    const ids = ['a', 'A.b_c:d-e', '0leading-digit'];
    for (const workerId of ids) {
      const res = await http.post('/members').send({ workerId, organizationId: longId, date: '2024-02-29', channel: 'on-site', category: 'industrial-worker' });
      expect({ workerId, status: res.status }).toEqual({ workerId, status: 201 });
    }
  });

  it('Idempotency-Key: a repeat returns the first answer (status and body) and appends nothing', async () => {
    const { http } = ledger;
    const body = { id: 'meal-idem', organizationId: 'chaowai', partner: 'Canteen', date: '2024-02-01', meals: 12, recipientGroup: 'cleaners' };
    const first = await http.post('/meals').set('Idempotency-Key', 'key-meal-1').send(body);
    expect(first.status).toBe(201);
    const before = await ledger.headPosition();
    const replay = await http.post('/meals').set('Idempotency-Key', 'key-meal-1').send(body);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await ledger.headPosition()).toBe(before);

    // attendances: the replay answers what the first request answered, not "all already recorded"
    await http.post('/courses/yoga/sessions').send({ id: 's-idem', date: '2024-04-01' }).expect(201);
    const att = await http.post('/courses/yoga/sessions/s-idem/attendances').set('Idempotency-Key', 'key-att-1').send({ participantIds: ['a1', 'a2'] });
    expect(att.status).toBe(201);
    expect(att.body).toEqual({ recorded: 2, alreadyRecorded: 0 });
    const head = await ledger.headPosition();
    const attReplay = await http.post('/courses/yoga/sessions/s-idem/attendances').set('Idempotency-Key', 'key-att-1').send({ participantIds: ['a1', 'a2'] });
    expect(attReplay.status).toBe(201);
    expect(attReplay.body).toEqual({ recorded: 2, alreadyRecorded: 0 });
    expect(await ledger.headPosition()).toBe(head);

    // a first answer of 200 (a retry) is replayed as 200
    const retried = await http.post('/meals').set('Idempotency-Key', 'key-meal-2').send(body);
    expect(retried.status).toBe(200);
    const retriedReplay = await http.post('/meals').set('Idempotency-Key', 'key-meal-2').send(body);
    expect(retriedReplay.status).toBe(200);
    expect(retriedReplay.body).toEqual(retried.body);

    // keys belong to a principal: another principal's same key is a new request
    const { token } = await ledger.issueToken('admin', null);
    const other = await http.post('/meals').set('Authorization', bearer(token)).set('Idempotency-Key', 'key-meal-1').send({ ...body, id: 'meal-idem-2' });
    expect(other.status).toBe(201);
  });

  it('every answer carries X-Correlation-Id; a valid incoming one is echoed', async () => {
    const { http } = ledger;
    const echoed = await http.get('/organizations/chaoyang').set('X-Correlation-Id', 'req-42.abc:1');
    expect(echoed.status).toBe(200);
    expect(echoed.headers['x-correlation-id']).toBe('req-42.abc:1');

    const generated = await http.get('/organizations/chaoyang');
    expect(generated.headers['x-correlation-id']).toMatch(UUID);

    const invalid = await http.get('/organizations/chaoyang').set('X-Correlation-Id', 'has spaces in it');
    expect(invalid.headers['x-correlation-id']).toMatch(UUID);

    const created = await http.post('/organizations').set('X-Correlation-Id', 'create-1').send({ id: 'haidian', name: '海淀', level: 'district' });
    expect(created.status).toBe(201);
    expect(created.headers['x-correlation-id']).toBe('create-1');

    const answers = [
      await http.get('/organizations/nowhere').set('X-Correlation-Id', 'err-1'),
      await http.post('/meals').set('X-Correlation-Id', 'err-1').set('Content-Type', 'application/json').send('{"id":'),
      await http.get('/no/such/route').set('X-Correlation-Id', 'err-1'),
      await http.get('/health').set('X-Correlation-Id', 'err-1'),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 400, 404, 200]);
    for (const answer of answers) expect(answer.headers['x-correlation-id']).toBe('err-1');
  });
});

describe('projection figures follow corrections and voids', () => {
  let ledger: TestLedger;
  let a: ReturnType<typeof api>;
  beforeAll(async () => {
    ledger = await startTestLedger();
    a = api(ledger);
    await a.created('/organizations', { id: 'd1', name: 'District', level: 'district' });
    await a.created('/organizations', { id: 'st1', name: 'Street', level: 'street', parentId: 'd1' });
    await a.created('/courses', { id: 'c1', organizationId: 'st1', name: 'Painting', category: 'art' });
    await a.created('/courses/c1/sessions', { id: 'ses1', date: '2024-04-01' });
    await a.created('/courses/c1/sessions', { id: 'ses2', date: '2024-04-08' });
    await a.created('/courses/c1/sessions', { id: 'ses3', date: '2024-04-15' });
    await a.created('/courses/c1/sessions/ses1/attendances', { participantIds: ['p1', 'p2', 'p3'] });
    await a.created('/courses/c1/sessions/ses2/attendances', { participantIds: ['p1'] });
    await a.created('/courses/c1/sessions/ses3/attendances', { participantIds: ['p1', 'p4'] });
    await a.created('/clinics', {
      id: 'cl1', organizationId: 'st1', venue: 'Hall', date: '2024-04-10', services: ['blood pressure'], workersServed: 30, targetGroups: [],
    });
    await a.created('/meals', { id: 'ml1', organizationId: 'st1', partner: 'Cafe', date: '2024-04-11', meals: 50, recipientGroup: 'riders' });
    await a.created('/members', { workerId: 'p1', organizationId: 'st1', date: '2024-04-01', channel: 'online', category: 'new-form-worker' });
    await a.created('/members', { workerId: 'p2', organizationId: 'd1', date: '2024-04-02', channel: 'on-site', category: 'office-worker' });
    await ledger.caughtUp();
  });
  afterAll(() => ledger.close());

  it('starts from the recorded figures', async () => {
    expect(await a.summary('d1')).toMatchObject({
      organizationId: 'd1',
      courseSessions: 3,
      attendances: 6,
      distinctParticipants: 4,
      clinics: 1,
      workersServed: 30,
      meals: 50,
      membersJoined: 2,
      membersByChannel: { online: 1, 'on-site': 1 },
      membersByCategory: { 'new-form-worker': 1, 'office-worker': 1, 'industrial-worker': 0, other: 0 },
    });
    expect(await a.course('c1')).toMatchObject({ sessions: 3, attendances: 6, distinctParticipants: 4, averageAttendance: 2 });
  });

  it("voiding someone's only attendance: attendances −1 and distinct participants −1", async () => {
    await a.created('/courses/c1/sessions/ses1/attendances/p2/void', { reason: 'not there' });
    await ledger.caughtUp();
    expect(await a.summary('d1')).toMatchObject({ attendances: 5, distinctParticipants: 3 });
    expect(await a.course('c1')).toMatchObject({ attendances: 5, distinctParticipants: 3, averageAttendance: 1.67 });
  });

  it('voiding one of several attendances of a person: attendances −1, distinct participants unchanged', async () => {
    await a.created('/courses/c1/sessions/ses2/attendances/p1/void', { reason: 'not there' });
    await ledger.caughtUp();
    expect(await a.summary('d1')).toMatchObject({ attendances: 4, distinctParticipants: 3 });
  });

  it('voiding a session removes it and its attendances', async () => {
    await a.created('/courses/c1/sessions/ses3/void', { reason: 'wrong course' });
    await ledger.caughtUp();
    // left: ses1 {p1, p3}, ses2 {}
    expect(await a.summary('d1')).toMatchObject({ courseSessions: 2, attendances: 2, distinctParticipants: 2 });
    expect(await a.course('c1')).toMatchObject({ sessions: 2, attendances: 2, distinctParticipants: 2, averageAttendance: 1 });
  });

  it('correcting a meal count changes meals', async () => {
    await a.created('/meals/ml1/corrections', { meals: 45, reason: 'five counted twice' });
    await ledger.caughtUp();
    expect(await a.summary('d1')).toMatchObject({ meals: 45 });
  });

  it("correcting a clinic's workersServed changes workersServed; correcting its date moves it between periods", async () => {
    await a.created('/clinics/cl1/corrections', { workersServed: 28, reason: 'two counted twice' });
    await ledger.caughtUp();
    expect(await a.summary('d1')).toMatchObject({ clinics: 1, workersServed: 28 });

    await a.created('/clinics/cl1/corrections', { date: '2024-05-10', reason: 'wrong month' });
    await ledger.caughtUp();
    expect(await a.summary('d1', { from: '2024-04-01', to: '2024-04-30' })).toMatchObject({ clinics: 0, workersServed: 0 });
    expect(await a.summary('d1', { from: '2024-05-01', to: '2024-05-31' })).toMatchObject({ clinics: 1, workersServed: 28 });
  });

  it('voiding a membership: membersJoined −1, by channel and by category too', async () => {
    await a.created('/members/st1/p1/void', { reason: 'recorded twice' });
    await ledger.caughtUp();
    expect(await a.summary('d1')).toMatchObject({
      membersJoined: 1,
      membersByChannel: { online: 0, 'on-site': 1 },
      membersByCategory: { 'new-form-worker': 0, 'office-worker': 1 },
    });
  });

  it("correcting a course's details changes its name and category in /projections/courses", async () => {
    await a.created('/courses/c1/corrections', { name: 'Oil painting', category: 'culture', reason: 'renamed' });
    await ledger.caughtUp();
    expect(await a.course('c1')).toMatchObject({ courseId: 'c1', organizationId: 'st1', name: 'Oil painting', category: 'culture' });
  });
});

describe('figures over a tree, a period, a breakdown', () => {
  let ledger: TestLedger;
  let a: ReturnType<typeof api>;
  beforeAll(async () => {
    ledger = await startTestLedger();
    a = api(ledger);
    await seedTree(ledger);
  });
  afterAll(() => ledger.close());

  it('a district with subtree (the default) sums its own and its street unions figures', async () => {
    const district = await a.summary('chaoyang');
    expect(district).toEqual(await a.summary('chaoyang', { subtree: true }));
    expect(district).toMatchObject({
      organizationId: 'chaoyang',
      courseSessions: 8,
      attendances: 15,
      distinctParticipants: 7,
      clinics: 3,
      workersServed: 62,
      meals: 105,
      membersJoined: 3,
      membersByChannel: { online: 2, 'on-site': 1 },
      membersByCategory: { 'new-form-worker': 1, 'office-worker': 1, 'industrial-worker': 0, other: 1 },
    });
  });

  it('subtree=false counts the organisation alone', async () => {
    expect(await a.summary('chaoyang', { subtree: false })).toMatchObject({
      organizationId: 'chaoyang',
      courseSessions: 1,
      attendances: 1,
      distinctParticipants: 1,
      clinics: 1,
      workersServed: 10,
      meals: 0,
      membersJoined: 1,
      membersByChannel: { online: 1, 'on-site': 0 },
    });
    expect(await a.summary('chaowai', { subtree: false })).toMatchObject({ courseSessions: 5, attendances: 10, distinctParticipants: 4 });
    expect(await a.summary('chaowai', { subtree: false })).toEqual({ ...(await a.summary('chaowai')), subtree: false });
  });

  it('distinct participants over a subtree are distinct people: w1, at two street unions, counts once at the district', async () => {
    const chaowai = await a.summary('chaowai');
    const jianwai = await a.summary('jianwai');
    const chaoyangAlone = await a.summary('chaoyang', { subtree: false });
    const chaoyang = await a.summary('chaoyang');
    expect(chaowai.distinctParticipants).toBe(4); // w1 w2 w3 w4
    expect(jianwai.distinctParticipants).toBe(3); // w1 w5 w6
    expect(chaoyangAlone.distinctParticipants).toBe(1); // w7
    expect(chaoyang.distinctParticipants).toBe(7); // not 4 + 3 + 1
    // the federation: w1 also sang in haidian's choir, and still counts once
    expect(await a.summary('beijing')).toMatchObject({ courseSessions: 9, attendances: 17, distinctParticipants: 8 });
    expect(await a.summary('haidian')).toMatchObject({ courseSessions: 1, attendances: 2, distinctParticipants: 2, membersJoined: 0 });
  });

  it('from/to select the period, both ends inclusive', async () => {
    expect(await a.summary('chaoyang', { from: '2024-01-01', to: '2024-12-31' })).toMatchObject({
      courseSessions: 7,
      attendances: 14,
      distinctParticipants: 7,
      clinics: 2,
      workersServed: 52,
      meals: 105,
      membersJoined: 2,
    });
    expect(await a.summary('chaoyang', { from: '2024-02-07', to: '2024-06-12' })).toMatchObject({
      courseSessions: 3, // p3 (first day), y2, c1
      attendances: 5,
      distinctParticipants: 5, // w1 w4 w5 w6 w7
      clinics: 1, // cl-chaowai (last day)
      workersServed: 32,
      meals: 0,
      membersJoined: 2,
    });
    expect(await a.summary('chaoyang', { from: '2025-01-01' })).toMatchObject({
      courseSessions: 1, attendances: 1, clinics: 1, workersServed: 10, membersJoined: 1,
    });
    expect(await a.summary('chaoyang', { to: '2023-12-31' })).toMatchObject({
      courseSessions: 0, attendances: 0, distinctParticipants: 0, clinics: 0, workersServed: 0, meals: 0, membersJoined: 0,
    });
    expect(await a.course('paint', { organizationId: 'chaoyang', from: '2024-01-01', to: '2024-12-31' })).toMatchObject({
      sessions: 4, attendances: 9, distinctParticipants: 4, averageAttendance: 2.25, regulars: 1,
    });
  });

  it('groupBy=year breaks an organisation down per year; the totals stay the totals', async () => {
    const grouped = await a.summary('chaoyang', { groupBy: 'year' });
    const { periods, ...totals } = grouped;
    expect(totals).toEqual(await a.summary('chaoyang'));
    expect(periods).toHaveLength(2);
    expect(periods[0]).toMatchObject({
      period: '2024', courseSessions: 7, attendances: 14, distinctParticipants: 7, clinics: 2, workersServed: 52, meals: 105, membersJoined: 2,
    });
    expect(periods[1]).toMatchObject({
      period: '2025', courseSessions: 1, attendances: 1, distinctParticipants: 1, clinics: 1, workersServed: 10, meals: 0, membersJoined: 1,
    });
  });

  it('groupBy=month breaks an organisation and its courses down per month', async () => {
    const grouped = await a.summary('chaowai', { groupBy: 'month', from: '2024-01-01', to: '2024-12-31' });
    expect(grouped).toMatchObject({ courseSessions: 4, attendances: 9, distinctParticipants: 4 });
    expect(grouped.periods.map((p: Json) => p.period)).toEqual(['2024-01', '2024-02', '2024-05', '2024-06', '2024-11', '2024-12']);
    expect(grouped.periods[0]).toMatchObject({ period: '2024-01', courseSessions: 2, attendances: 5, distinctParticipants: 3 });
    expect(grouped.periods[2]).toMatchObject({ period: '2024-05', courseSessions: 0, membersJoined: 1 });
    expect(grouped.periods[3]).toMatchObject({ period: '2024-06', clinics: 1, workersServed: 32 });
    expect(grouped.periods[5]).toMatchObject({ period: '2024-12', meals: 30 });

    const paint = await a.course('paint', { organizationId: 'chaowai', groupBy: 'month' });
    expect(paint).toMatchObject({ sessions: 5, attendances: 10, distinctParticipants: 4, averageAttendance: 2, regulars: 1 });
    expect(paint.periods).toEqual([
      { period: '2024-01', sessions: 2, attendances: 5, distinctParticipants: 3, averageAttendance: 2.5, regulars: 0 },
      { period: '2024-02', sessions: 1, attendances: 2, distinctParticipants: 2, averageAttendance: 2, regulars: 0 },
      { period: '2024-11', sessions: 1, attendances: 2, distinctParticipants: 2, averageAttendance: 2, regulars: 0 },
      { period: '2025-01', sessions: 1, attendances: 1, distinctParticipants: 1, averageAttendance: 1, regulars: 0 },
    ]);
    const paintByYear = await a.course('paint', { organizationId: 'chaowai', groupBy: 'year', regularMin: 3 });
    expect(paintByYear.periods).toEqual([
      { period: '2024', sessions: 4, attendances: 9, distinctParticipants: 4, averageAttendance: 2.25, regulars: 2 },
      { period: '2025', sessions: 1, attendances: 1, distinctParticipants: 1, averageAttendance: 1, regulars: 0 },
    ]);
  });

  it('regulars: participants with at least regularMin sessions (default 4) in the period', async () => {
    // paint: w1 5 sessions, w2 3, w3 1, w4 1
    expect((await a.course('paint')).regulars).toBe(1);
    expect((await a.course('paint', { regularMin: 4 })).regulars).toBe(1);
    expect((await a.course('paint', { regularMin: 3 })).regulars).toBe(2);
    expect((await a.course('paint', { regularMin: 1 })).regulars).toBe(4);
    expect((await a.course('paint', { regularMin: 6 })).regulars).toBe(0);
    expect((await a.course('paint', { regularMin: 4, from: '2024-01-17' })).regulars).toBe(1);
    expect((await a.course('paint', { regularMin: 4, from: '2024-01-18' })).regulars).toBe(0);
  });

  it('GET /projections/courses lists the courses of a subtree, of one organisation, or of all', async () => {
    const subtree = await a.courses({ organizationId: 'chaoyang' });
    expect(subtree.map((c) => c.courseId)).toEqual(['chess', 'paint', 'yoga']);
    expect(subtree).toEqual([
      {
        courseId: 'chess', organizationId: 'chaoyang', name: 'Chess club', category: 'culture', brandId: null,
        sessions: 1, attendances: 1, distinctParticipants: 1, averageAttendance: 1, regulars: 0,
      },
      {
        courseId: 'paint', organizationId: 'chaowai', name: 'Colour painting', category: 'art', brandId: null,
        sessions: 5, attendances: 10, distinctParticipants: 4, averageAttendance: 2, regulars: 1,
      },
      {
        courseId: 'yoga', organizationId: 'jianwai', name: 'Lunchtime yoga', category: 'sport', brandId: null,
        sessions: 2, attendances: 4, distinctParticipants: 3, averageAttendance: 2, regulars: 0,
      },
    ]);
    expect((await a.courses({ organizationId: 'chaoyang', subtree: false })).map((c) => c.courseId)).toEqual(['chess']);
    expect((await a.courses({ organizationId: 'jianwai' })).map((c) => c.courseId)).toEqual(['yoga']);
    expect((await a.courses()).map((c) => c.courseId)).toEqual(['chess', 'choir', 'paint', 'yoga']);
    // a course without sessions in the period is listed with zeros
    expect(await a.course('chess', { organizationId: 'chaoyang', from: '2025-01-01' })).toMatchObject({
      sessions: 0, attendances: 0, distinctParticipants: 0, averageAttendance: 0, regulars: 0,
    });
  });

  it('a subtree is matched by its path exactly: an id with "_" does not take in its look-alikes', async () => {
    await a.created('/organizations', { id: 'x_1', name: 'X underscore', level: 'district', parentId: 'beijing' });
    await a.created('/organizations', { id: 'xa1', name: 'X a', level: 'district', parentId: 'beijing' });
    await a.created('/organizations', { id: 'x_1.a', name: 'under x_1', level: 'street', parentId: 'x_1' });
    await a.created('/members', { workerId: 'm1', organizationId: 'x_1.a', date: '2024-01-02', channel: 'online', category: 'other' });
    await a.created('/members', { workerId: 'm2', organizationId: 'xa1', date: '2024-01-02', channel: 'online', category: 'other' });
    await ledger.caughtUp();
    expect((await a.summary('x_1')).membersJoined).toBe(1);
    expect((await a.summary('xa1')).membersJoined).toBe(1);
    expect((await a.summary('beijing')).membersJoined).toBe(5);
  });
});

describe('status, health and the OpenAPI document', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startTestLedger();
  });
  afterAll(() => ledger.close());

  it('GET /projections/status: an empty log has no head; after writes the lag reaches 0 at the head', async () => {
    const { http } = ledger;
    const empty = await http.get('/projections/status');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      headPosition: null,
      projections: ['participation_v6', 'audit_chain_v1', 'reports_v1'].map((name) => expect.objectContaining({ name, checkpoint: null, lag: 0, runsHere: true })),
    });

    await http.post('/organizations').send({ id: 'o1', name: 'One', level: 'district' }).expect(201);
    await http.post('/organizations').send({ id: 'o2', name: 'Two', level: 'street', parentId: 'o1' }).expect(201);
    await ledger.caughtUp();
    const status = (await http.get('/projections/status').expect(200)).body;
    expect(typeof status.headPosition).toBe('string');
    expect(status.headPosition).toMatch(POSITION);
    expect(status.projections).toEqual(
      ['participation_v6', 'audit_chain_v1', 'reports_v1'].map((name) => expect.objectContaining({ name, lag: 0, checkpoint: status.headPosition })),
    );
  });

  it('GET /health answers liveness and readiness', async () => {
    const { http } = ledger;
    await ledger.caughtUp();
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      live: true,
      ready: true,
      store: { reachable: true, headPosition: await ledger.headPosition() },
      projections: { caughtUp: true, lag: 0 },
    });
  });

  it('GET /docs-json is an OpenAPI document listing the contract paths; GET /docs serves the UI', async () => {
    const { http } = ledger;
    const doc = await http.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    const contract: Array<[string, string]> = [
      ['/organizations', 'post'],
      ['/organizations/{organizationId}', 'get'],
      ['/courses', 'post'],
      ['/courses/{courseId}/corrections', 'post'],
      ['/courses/{courseId}/sessions', 'post'],
      ['/courses/{courseId}/sessions/{sessionId}', 'get'],
      ['/courses/{courseId}/sessions/{sessionId}/void', 'post'],
      ['/courses/{courseId}/sessions/{sessionId}/attendances', 'post'],
      ['/courses/{courseId}/sessions/{sessionId}/attendances/{participantId}/void', 'post'],
      ['/clinics', 'post'],
      ['/clinics/{clinicId}/corrections', 'post'],
      ['/meals', 'post'],
      ['/meals/{mealId}/corrections', 'post'],
      ['/members', 'post'],
      ['/members/{organizationId}/{workerId}/void', 'post'],
      ['/projections/courses', 'get'],
      ['/projections/organizations/{id}', 'get'],
      ['/projections/status', 'get'],
      ['/admin/projections/{name}/rebuild', 'post'],
      ['/health', 'get'],
    ];
    const missing = contract.filter(([path, method]) => !paths[path]?.[method]).map(([path, method]) => `${method} ${path}`);
    expect(missing).toEqual([]);
    const queryNames = ((paths['/projections/courses'].get as { parameters: Array<{ name: string }> }).parameters ?? []).map((p) => p.name);
    expect(queryNames).toEqual(expect.arrayContaining(['organizationId', 'subtree', 'from', 'to', 'regularMin', 'groupBy']));

    const ui = await http.get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('POST /admin/projections/participation_v6/rebuild', () => {
  let ledger: TestLedger;
  let a: ReturnType<typeof api>;
  beforeAll(async () => {
    ledger = await startTestLedger();
    a = api(ledger);
    await seedTree(ledger);
    // enough events that the rebuild is not instantaneous
    await a.created('/courses/paint/sessions', { id: 'p-big', date: '2024-12-02' });
    for (let batch = 0; batch < 3; batch++) {
      const participantIds = Array.from({ length: 1000 }, (_, i) => `big-${batch}-${i}`);
      await a.created('/courses/paint/sessions/p-big/attendances', { participantIds });
    }
    await ledger.caughtUp();
  });
  afterAll(() => ledger.close());

  it('keeps answering during the rebuild and gives identical figures after it', async () => {
    const { http } = ledger;
    const queries: Array<[string, Json]> = [
      ['/projections/organizations/beijing', {}],
      ['/projections/organizations/chaoyang', { groupBy: 'month' }],
      ['/projections/organizations/chaowai', { subtree: false, from: '2024-01-01', to: '2024-12-31' }],
      ['/projections/courses', { organizationId: 'chaoyang', groupBy: 'year', regularMin: 2 }],
      ['/projections/courses', {}],
    ];
    const read = async () => Promise.all(queries.map(async ([path, query]) => {
      const res = await http.get(path).query(query);
      return { path, status: res.status, body: res.body };
    }));
    const before = await read();
    expect(before.every((r) => r.status === 200)).toBe(true);
    const status0 = (await http.get('/projections/status').expect(200)).body;
    const generation0 = status0.projections.find((p: Json) => p.name === 'participation_v6').generation as number;

    const started = await http.post('/admin/projections/participation_v6/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ name: 'participation_v6', generation: generation0 + 1, status: 'rebuilding' });

    const deadline = Date.now() + 8000;
    let polls = 0;
    for (;;) {
      expect(await read()).toEqual(before); // queries answer, with the live generation's figures
      polls++;
      const { projections } = (await http.get('/projections/status').expect(200)).body;
      const p = projections.find((x: Json) => x.name === 'participation_v6');
      if (p.generation > generation0 && p.rebuilding === undefined) break;
      if (Date.now() > deadline) throw new Error(`rebuild did not finish: ${JSON.stringify(p)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(polls).toBeGreaterThan(0);
    await ledger.caughtUp();
    expect(await read()).toEqual(before);

    // the rebuilt generation goes on projecting new events
    await a.created('/meals', { id: 'after-rebuild', organizationId: 'chaowai', partner: 'Cafe', date: '2025-02-01', meals: 5, recipientGroup: 'riders' });
    await ledger.caughtUp();
    expect((await a.summary('chaoyang')).meals).toBe(110);
  });

  it('a rebuild of an unknown projection is a 404', async () => {
    const res = await ledger.http.post('/admin/projections/nope_v9/rebuild');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), details: [{ field: 'name', rule: 'exists' }] });
  });
});

describe('"today" is the date in Asia/Shanghai, not in UTC', () => {
  async function holdSessionOn(now: string, date: string): Promise<number> {
    const ledger = await startTestLedger({ clock: () => new Date(now) });
    try {
      await ledger.http.post('/organizations').send({ id: 'o', name: 'O', level: 'district' }).expect(201);
      await ledger.http.post('/courses').send({ id: 'c', organizationId: 'o', name: 'C', category: 'art' }).expect(201);
      return (await ledger.http.post('/courses/c/sessions').send({ id: 's', date })).status;
    } finally {
      await ledger.close();
    }
  }

  it('at 01:00 in Shanghai (17:00 UTC the day before) the Shanghai date is today, the next one is future', async () => {
    expect(await holdSessionOn('2025-03-01T17:00:00Z', '2025-03-02')).toBe(201);
    expect(await holdSessionOn('2025-03-01T17:00:00Z', '2025-03-03')).toBe(400);
  });

  it('at 23:59 in Shanghai the next day is still future', async () => {
    expect(await holdSessionOn('2025-03-01T15:59:59Z', '2025-03-01')).toBe(201);
    expect(await holdSessionOn('2025-03-01T15:59:59Z', '2025-03-02')).toBe(400);
  });
});
