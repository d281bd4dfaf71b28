/**
 * Bad input, endpoint by endpoint: every refused write answers the ledger's error body
 * {statusCode, error, message, details: [{field, rule}]} naming the field and the rule broken, and
 * appends nothing (the log's head does not move).
 */
import type { Response } from 'supertest';
import { startTestLedger, TestLedger } from '../support/ledger-app';
import { ExpectedRefusal, expectRefused as expectRefusedBy } from '../support/refusals';
import { bad, Case, countCases, enumCases, ID_CASES, LONG_TEXT, PAST_DATE_CASES, TEXT_CASES } from '../support/hostile-values';

type Json = Record<string, unknown>;

let ledger: TestLedger;

/** The fixture every refused request is made against. */
beforeAll(async () => {
  ledger = await startTestLedger();
  const { http } = ledger;
  const ok = async (path: string, body: Json) => {
    const res = await http.post(path).send(body);
    if (res.status !== 201) throw new Error(`fixture ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  await ok('/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district' });
  await ok('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' });
  await ok('/courses', { id: 'yoga', organizationId: 'chaowai', name: 'Lunchtime yoga', category: 'sport' });
  await ok('/courses/yoga/sessions', { id: 's1', date: '2024-03-04' });
  await ok('/courses/yoga/sessions/s1/attendances', { participantIds: ['w1', 'w2'] });
  await ok('/courses/yoga/sessions', { id: 'sv', date: '2024-03-05' });
  await ok('/courses/yoga/sessions/sv/attendances', { participantIds: ['w1'] });
  await ok('/courses/yoga/sessions/sv/void', { reason: 'recorded by mistake' });
  await ok('/clinics', {
    id: 'c1', organizationId: 'chaowai', venue: 'Market hall', date: '2024-06-12', services: ['blood pressure'], workersServed: 32, targetGroups: ['riders'],
  });
  await ok('/meals', { id: 'm1', organizationId: 'chaowai', partner: 'Cafe', date: '2024-01-18', meals: 75, recipientGroup: 'riders' });
  await ok('/members', { workerId: 'w1', organizationId: 'chaowai', date: '2024-05-18', channel: 'online', category: 'new-form-worker' });
  await ledger.caughtUp();
});
afterAll(() => ledger.close());

type Expected = ExpectedRefusal;

const expectRefused = (send: () => PromiseLike<Response>, expected: Expected) => expectRefusedBy(ledger, send, expected);

// ---------------------------------------------------------------------------------------------
// The write endpoints, each with a valid body (never sent as is) and the kind of each field.
// ---------------------------------------------------------------------------------------------

type Kind =
  | { type: 'id' }
  | { type: 'text' }
  | { type: 'date'; future: boolean }
  | { type: 'count'; max: number }
  | { type: 'enum' }
  | { type: 'ids' }
  | { type: 'texts'; nonEmpty: boolean };

interface WriteEndpoint {
  path: string;
  body: Json;
  required: Record<string, Kind>;
  optional?: Record<string, Kind>;
}

const id: Kind = { type: 'id' };
const text: Kind = { type: 'text' };
const pastDate: Kind = { type: 'date', future: true };
const enumeration: Kind = { type: 'enum' };

const clinicBody = {
  id: 'c-new', organizationId: 'chaowai', venue: 'Bus depot', date: '2024-07-01', services: ['blood pressure'], workersServed: 10, targetGroups: ['drivers'],
};

const ENDPOINTS: WriteEndpoint[] = [
  {
    path: '/organizations',
    body: { id: 'org-new', name: '建外街道总工会', level: 'street', parentId: 'chaoyang' },
    required: { id, name: text, level: enumeration },
    optional: { parentId: id },
  },
  {
    path: '/courses',
    body: { id: 'course-new', organizationId: 'chaowai', name: 'Painting', category: 'art' },
    required: { id, organizationId: id, name: text, category: text },
  },
  {
    path: '/courses/yoga/corrections',
    body: { name: 'Yoga', category: 'sport', reason: 'typo' },
    required: { reason: text },
    optional: { name: text, category: text },
  },
  {
    path: '/courses/yoga/sessions',
    body: { id: 's-new', date: '2024-03-11', venue: 'Hall' },
    required: { id, date: pastDate },
    optional: { venue: text },
  },
  {
    path: '/courses/yoga/sessions/s1/attendances',
    body: { participantIds: ['w9'] },
    required: { participantIds: { type: 'ids' } },
  },
  {
    path: '/courses/yoga/sessions/s1/attendances/w1/void',
    body: { reason: 'not there' },
    required: { reason: text },
  },
  {
    path: '/courses/yoga/sessions/s1/void',
    body: { reason: 'wrong course' },
    required: { reason: text },
  },
  {
    path: '/clinics',
    body: clinicBody,
    required: {
      id,
      organizationId: id,
      venue: text,
      date: pastDate,
      services: { type: 'texts', nonEmpty: true },
      workersServed: { type: 'count', max: 10_000 },
      targetGroups: { type: 'texts', nonEmpty: false },
    },
  },
  {
    path: '/clinics/c1/corrections',
    body: { workersServed: 30, reason: 'counted twice' },
    required: { reason: text },
    optional: {
      venue: text,
      date: pastDate,
      services: { type: 'texts', nonEmpty: true },
      workersServed: { type: 'count', max: 10_000 },
      targetGroups: { type: 'texts', nonEmpty: false },
    },
  },
  {
    path: '/meals',
    body: { id: 'm-new', organizationId: 'chaowai', partner: 'Canteen', date: '2024-02-01', meals: 10, recipientGroup: 'riders' },
    required: { id, organizationId: id, partner: text, date: pastDate, meals: { type: 'count', max: 100_000 }, recipientGroup: text },
  },
  {
    path: '/meals/m1/corrections',
    body: { meals: 70, reason: 'counted twice' },
    required: { meals: { type: 'count', max: 100_000 }, reason: text },
  },
  {
    path: '/members',
    body: { workerId: 'w-new', organizationId: 'chaowai', date: '2024-05-20', channel: 'online', category: 'office-worker' },
    required: { workerId: id, organizationId: id, date: pastDate, channel: enumeration, category: enumeration },
  },
  {
    path: '/members/chaowai/w1/void',
    body: { reason: 'recorded twice' },
    required: { reason: text },
  },
];


function casesFor(kind: Kind): Case[] {
  switch (kind.type) {
    case 'id':
      return ID_CASES;
    case 'text':
      return TEXT_CASES;
    case 'date':
      return PAST_DATE_CASES;
    case 'count':
      return countCases(kind.max, kind.max === 10_000 ? 1_000_000 : 1e9);
    case 'enum':
      return enumCases('District', 'street');
    case 'ids':
      return [
        bad('a string', 'w9', 'isArray'),
        bad('an object', { 0: 'w9' }, 'isArray'),
        bad('null', null, 'isArray', { requiredOnly: true }),
        bad('empty', [], 'arrayNotEmpty'),
        bad('with a number', [5], 'isLedgerId', { field: (n) => `${n}[0]` }),
        bad('with an invalid id second', ['w9', 'bad id'], 'isLedgerId', { field: (n) => `${n}[1]` }),
        bad('with null', ['w9', null], 'isLedgerId', { field: (n) => `${n}[1]` }),
      ];
    case 'texts':
      return [
        bad('a string', 'blood pressure', 'isArray'),
        bad('an object', { a: 'blood pressure' }, 'isArray'),
        bad('null', null, 'isArray', { requiredOnly: true }),
        ...(kind.nonEmpty ? [bad('empty', [], 'arrayNotEmpty')] : []),
        bad('with a number', [5], 'isText', { field: (n) => `${n}[0]` }),
        bad('with an empty string second', ['ok', ''], 'isText', { field: (n) => `${n}[1]` }),
        bad('with a 201-character string', [LONG_TEXT], 'isText', { field: (n) => `${n}[0]` }),
        bad('of 51 elements', Array.from({ length: 51 }, (_, i) => `item ${i}`), 'arrayMaxSize'),
      ];
  }
}

/** The rule an absent field breaks first. */
const MISSING_RULE: Record<Kind['type'], string> = {
  id: 'isLedgerId',
  text: 'isText',
  date: 'isCalendarDate',
  count: 'isInt',
  enum: 'isIn',
  ids: 'isArray',
  texts: 'isArray',
};

describe.each(ENDPOINTS)('POST $path', (endpoint) => {
  const post = (body: unknown) => ledger.http.post(endpoint.path).send(body as object);
  const raw = (text: string) => ledger.http.post(endpoint.path).set('Content-Type', 'application/json').send(text);

  it('malformed JSON → 400 body isJson', () =>
    expectRefused(() => raw('{"reason": "x",'), { status: 400, field: 'body', rule: 'isJson' }));

  it('a body that is a JSON array → 400 body isObject', () =>
    expectRefused(() => post([endpoint.body]), { status: 400, field: 'body', rule: 'isObject' }));

  it('a body that is a JSON string → 400', () =>
    expectRefused(() => raw('"hello"'), { status: 400, field: 'body', rule: ['isJson', 'isObject'] }));

  it('a body that is JSON null → 400', () =>
    expectRefused(() => raw('null'), { status: 400, field: 'body', rule: ['isJson', 'isObject'] }));

  it('no body at all → 400 body isObject', () =>
    expectRefused(() => ledger.http.post(endpoint.path), { status: 400, field: 'body', rule: 'isObject' }));

  it('an unknown field → 400 unknownField', () =>
    expectRefused(() => post({ ...endpoint.body, comment: 'hello' }), { status: 400, field: 'comment', rule: 'unknownField' }));

  it('an empty object → 400 naming every required field', async () => {
    const res = await expectRefused(() => post({}), {
      status: 400,
      field: Object.keys(endpoint.required),
      rule: Object.values(endpoint.required).map((k) => MISSING_RULE[k.type]),
    });
    const named = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect([...named].sort()).toEqual(Object.keys(endpoint.required).sort());
  });

  it.each(Object.entries(endpoint.required))('missing %s → 400', (name, kind) => {
    const { [name]: _dropped, ...body } = endpoint.body;
    return expectRefused(() => post(body), { status: 400, field: name, rule: MISSING_RULE[kind.type] });
  });

  const fieldCases = [
    ...Object.entries(endpoint.required).flatMap(([name, kind]) => casesFor(kind).map((c) => ({ name, ...c }))),
    ...Object.entries(endpoint.optional ?? {}).flatMap(([name, kind]) =>
      casesFor(kind).filter((c) => !c.requiredOnly).map((c) => ({ name, ...c })),
    ),
  ];
  it.each(fieldCases)('$name $label → $status $rule', ({ name, value, status, rule, field }) =>
    expectRefused(() => post({ ...endpoint.body, [name]: value }), { status, field: field ? field(name) : name, rule }));

  it('a body over 1 MiB → 413 body maxBytes', () => {
    const huge = { ...endpoint.body, padding: 'x'.repeat(1024 * 1024 + 10) };
    return expectRefused(() => post(huge), { status: 413, field: 'body', rule: 'maxBytes' });
  });

  it('an Idempotency-Key that is not 1 to 255 visible ASCII characters → 400', async () => {
    await expectRefused(() => ledger.http.post(endpoint.path).set('Idempotency-Key', 'k'.repeat(256)).send(endpoint.body), {
      status: 400, field: 'Idempotency-Key', rule: 'isIdempotencyKey',
    });
    await expectRefused(() => ledger.http.post(endpoint.path).set('Idempotency-Key', 'has space').send(endpoint.body), {
      status: 400, field: 'Idempotency-Key', rule: 'isIdempotencyKey',
    });
  });

  it('an Authorization that is not a Bearer token → 401', () =>
    expectRefused(() => ledger.http.post(endpoint.path).set('Authorization', 'Basic dXNlcjpwdw==').send(endpoint.body), {
      status: 401, field: 'Authorization', rule: 'bearerToken',
    }));
});

// ---------------------------------------------------------------------------------------------
// Unknown ids: in the path → 404, in the body → 422 naming the field.
// ---------------------------------------------------------------------------------------------

describe('unknown ids', () => {
  const cases: Array<[string, string, Json, Expected]> = [
    ['parentId in the body', '/organizations', { id: 'org-x', name: 'X', level: 'street', parentId: 'nowhere' }, { status: 422, field: 'parentId', rule: 'exists' }],
    ['organizationId in the body', '/courses', { id: 'course-x', organizationId: 'nowhere', name: 'X', category: 'art' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['course in the path (corrections)', '/courses/nowhere/corrections', { name: 'X', reason: 'r' }, { status: 404, field: 'courseId', rule: 'exists' }],
    ['course in the path (sessions)', '/courses/nowhere/sessions', { id: 's-x', date: '2024-03-11' }, { status: 404, field: 'courseId', rule: 'exists' }],
    ['course in the path (attendances)', '/courses/nowhere/sessions/s1/attendances', { participantIds: ['w9'] }, { status: 404, field: ['courseId', 'sessionId'], rule: 'exists' }],
    ['session in the path (attendances)', '/courses/yoga/sessions/nowhere/attendances', { participantIds: ['w9'] }, { status: 404, field: 'sessionId', rule: 'exists' }],
    ['session in the path (void attendance)', '/courses/yoga/sessions/nowhere/attendances/w1/void', { reason: 'r' }, { status: 404, field: 'sessionId', rule: 'exists' }],
    ['participant in the path (void attendance)', '/courses/yoga/sessions/s1/attendances/nobody/void', { reason: 'r' }, { status: 404, field: 'participantId', rule: 'exists' }],
    ['course in the path (void session)', '/courses/nowhere/sessions/s1/void', { reason: 'r' }, { status: 404, field: ['courseId', 'sessionId'], rule: 'exists' }],
    ['session in the path (void session)', '/courses/yoga/sessions/nowhere/void', { reason: 'r' }, { status: 404, field: 'sessionId', rule: 'exists' }],
    ['organizationId in the body (clinic)', '/clinics', { ...clinicBody, organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['clinic in the path', '/clinics/nowhere/corrections', { workersServed: 3, reason: 'r' }, { status: 404, field: 'clinicId', rule: 'exists' }],
    ['organizationId in the body (meal)', '/meals', { id: 'm-x', organizationId: 'nowhere', partner: 'P', date: '2024-02-01', meals: 3, recipientGroup: 'g' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['meal in the path', '/meals/nowhere/corrections', { meals: 3, reason: 'r' }, { status: 404, field: 'mealId', rule: 'exists' }],
    ['organizationId in the body (member)', '/members', { workerId: 'w-x', organizationId: 'nowhere', date: '2024-05-20', channel: 'online', category: 'other' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['organisation in the path (void membership)', '/members/nowhere/w1/void', { reason: 'r' }, { status: 404, field: ['organizationId', 'workerId'], rule: 'exists' }],
    ['worker in the path (void membership)', '/members/chaowai/nobody/void', { reason: 'r' }, { status: 404, field: 'workerId', rule: 'exists' }],
    ['projection in the path (rebuild)', '/admin/projections/nowhere/rebuild', {}, { status: 404, field: 'name', rule: 'exists' }],
  ];
  it.each(cases)('%s: POST %s → %j', (_label, path, body, expected) =>
    expectRefused(() => ledger.http.post(path).send(body), expected));

  it('an unknown organisation in the body is a 422 even when its other fields are fine and the date is valid', () =>
    expectRefused(() => ledger.http.post('/courses').send({ id: 'yoga2', organizationId: 'chaowai-typo', name: 'Yoga', category: 'sport' }), {
      status: 422, field: 'organizationId', rule: 'exists',
    }));

  const gets: Array<[string, Expected]> = [
    ['/organizations/nowhere', { status: 404, field: 'organizationId', rule: 'exists' }],
    ['/courses/yoga/sessions/nowhere', { status: 404, field: 'sessionId', rule: 'exists' }],
    ['/courses/nowhere/sessions/s1', { status: 404, field: ['courseId', 'sessionId'], rule: 'exists' }],
    ['/projections/organizations/nowhere', { status: 404, field: 'id', rule: 'exists' }],
    ['/projections/courses?organizationId=nowhere', { status: 422, field: 'organizationId', rule: 'exists' }],
  ];
  it.each(gets)('GET %s → %j', (path, expected) => expectRefused(() => ledger.http.get(path), expected));

  it('an unknown route → 404 in the ledger error shape', () =>
    expectRefused(() => ledger.http.post('/nowhere').send({}), { status: 404, field: 'path', rule: 'routeExists' }));
});

// ---------------------------------------------------------------------------------------------
// Attendance lists, conflicts, idempotency.
// ---------------------------------------------------------------------------------------------

describe('unknown fields named like members of Object.prototype', () => {
  it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString'])('"%s" → 400 unknownField', (name) => {
    const json = `{"id":"proto-${name.replace(/_/g, '')}","name":"Proto","level":"street","parentId":"chaoyang","${name}":"injected"}`;
    return expectRefused(() => ledger.http.post('/organizations').set('Content-Type', 'application/json').send(json), {
      status: 400, field: name, rule: 'unknownField',
    });
  });
});

describe('attendance lists', () => {
  const path = '/courses/yoga/sessions/s1/attendances';

  it('an attendee listed twice → 422 participantIds[i] unique (i: the second occurrence)', () =>
    expectRefused(() => ledger.http.post(path).send({ participantIds: ['w7', 'w8', 'w7'] }), {
      status: 422, field: 'participantIds[2]', rule: 'unique',
    }));

  it('an attendee already recorded and listed twice → 422 too', () =>
    expectRefused(() => ledger.http.post(path).send({ participantIds: ['w1', 'w1'] }), {
      status: 422, field: 'participantIds[1]', rule: 'unique',
    }));

  it('1,001 attendees → 422 participantIds arrayMaxSize', () =>
    expectRefused(() => ledger.http.post(path).send({ participantIds: Array.from({ length: 1001 }, (_, i) => `p-${i}`) }), {
      status: 422, field: 'participantIds', rule: 'arrayMaxSize',
    }));

  it('attendance at a voided session → 409 sessionId notVoided', () =>
    expectRefused(() => ledger.http.post('/courses/yoga/sessions/sv/attendances').send({ participantIds: ['w9'] }), {
      status: 409, field: 'sessionId', rule: 'notVoided',
    }));

  it('voiding an attendance at a voided session → 409', () =>
    expectRefused(() => ledger.http.post('/courses/yoga/sessions/sv/attendances/w1/void').send({ reason: 'r' }), {
      status: 409, field: 'sessionId', rule: 'notVoided',
    }));
});

describe('an id that exists, with a different body → 409', () => {
  const cases: Array<[string, string, Json, Expected]> = [
    ['organisation', '/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'grassroots', parentId: 'chaoyang' }, { status: 409, field: 'id', rule: 'unique' }],
    ['organisation, parent dropped', '/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street' }, { status: 409, field: 'id', rule: 'unique' }],
    ['course', '/courses', { id: 'yoga', organizationId: 'chaowai', name: 'Lunchtime yoga', category: 'art' }, { status: 409, field: 'id', rule: 'unique' }],
    ['session', '/courses/yoga/sessions', { id: 's1', date: '2024-03-05' }, { status: 409, field: 'id', rule: 'unique' }],
    ['session, venue added', '/courses/yoga/sessions', { id: 's1', date: '2024-03-04', venue: 'Hall' }, { status: 409, field: 'id', rule: 'unique' }],
    ['voided session, same body', '/courses/yoga/sessions', { id: 'sv', date: '2024-03-05' }, { status: 409, field: 'id', rule: 'unique' }],
    ['clinic', '/clinics', { ...clinicBody, id: 'c1', venue: 'Market hall', date: '2024-06-12', workersServed: 33, targetGroups: ['riders'] }, { status: 409, field: 'id', rule: 'unique' }],
    ['meal', '/meals', { id: 'm1', organizationId: 'chaowai', partner: 'Cafe', date: '2024-01-18', meals: 76, recipientGroup: 'riders' }, { status: 409, field: 'id', rule: 'unique' }],
    ['membership', '/members', { workerId: 'w1', organizationId: 'chaowai', date: '2024-05-18', channel: 'on-site', category: 'new-form-worker' }, { status: 409, field: 'workerId', rule: 'uniqueMembership' }],
  ];
  it.each(cases)('%s: POST %s → 409', (_label, path, body, expected) => expectRefused(() => ledger.http.post(path).send(body), expected));

  it('an organisation cannot be its own parent → 400 parentId notSelf', () =>
    expectRefused(() => ledger.http.post('/organizations').send({ id: 'loop', name: 'Loop', level: 'street', parentId: 'loop' }), {
      status: 400, field: 'parentId', rule: 'notSelf',
    }));
});

describe('Idempotency-Key reused with a different request → 422', () => {
  const cases: Array<[string, Json, Json]> = [
    ['/organizations', { id: 'idem-org', name: 'A', level: 'street', parentId: 'chaoyang' }, { id: 'idem-org-2', name: 'A', level: 'street', parentId: 'chaoyang' }],
    ['/courses', { id: 'idem-course', organizationId: 'chaowai', name: 'A', category: 'art' }, { id: 'idem-course', organizationId: 'chaowai', name: 'B', category: 'art' }],
    ['/courses/yoga/sessions', { id: 'idem-s', date: '2024-04-01' }, { id: 'idem-s', date: '2024-04-02' }],
    ['/courses/yoga/sessions/s1/attendances', { participantIds: ['i1'] }, { participantIds: ['i2'] }],
    ['/clinics', { ...clinicBody, id: 'idem-clinic' }, { ...clinicBody, id: 'idem-clinic', workersServed: 11 }],
    ['/meals', { id: 'idem-meal', organizationId: 'chaowai', partner: 'P', date: '2024-02-01', meals: 5, recipientGroup: 'g' }, { id: 'idem-meal', organizationId: 'chaowai', partner: 'P', date: '2024-02-01', meals: 6, recipientGroup: 'g' }],
    ['/meals/m1/corrections', { meals: 74, reason: 'one too many' }, { meals: 73, reason: 'two too many' }],
    ['/members', { workerId: 'idem-w', organizationId: 'chaowai', date: '2024-05-20', channel: 'online', category: 'other' }, { workerId: 'idem-w2', organizationId: 'chaowai', date: '2024-05-20', channel: 'online', category: 'other' }],
  ];
  it.each(cases)('POST %s', async (path, first, second) => {
    const key = `key-${path}`;
    const answer = await ledger.http.post(path).set('Idempotency-Key', key).send(first);
    expect(answer.status).toBe(201);
    await expectRefused(() => ledger.http.post(path).set('Idempotency-Key', key).send(second), {
      status: 422, field: 'Idempotency-Key', rule: 'sameRequest',
    });
    // and the first request replayed still gets its first answer
    const replay = await ledger.http.post(path).set('Idempotency-Key', key).send(first);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: answer.status, body: answer.body });
  });

  it('the same key and body on another endpoint is a different request → 422', async () => {
    const body = { reason: 'recorded by mistake' };
    await ledger.http.post('/courses/yoga/sessions').send({ id: 'idem-v1', date: '2024-04-03' }).expect(201);
    await ledger.http.post('/courses/yoga/sessions').send({ id: 'idem-v2', date: '2024-04-03' }).expect(201);
    expect((await ledger.http.post('/courses/yoga/sessions/idem-v1/void').set('Idempotency-Key', 'key-void').send(body)).status).toBe(201);
    await expectRefused(() => ledger.http.post('/courses/yoga/sessions/idem-v2/void').set('Idempotency-Key', 'key-void').send(body), {
      status: 422, field: 'Idempotency-Key', rule: 'sameRequest',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Query parameters of the GET endpoints.
// ---------------------------------------------------------------------------------------------

describe.each([
  ['/projections/courses', { organizationId: 'chaoyang' }],
  ['/projections/organizations/chaoyang', {}],
])('GET %s with bad query parameters → 400', (path, base) => {
  const cases: Array<[string, Json, string, string]> = [
    ['from=2024-02-30', { from: '2024-02-30' }, 'from', 'isCalendarDate'],
    ['to=2024-13-01', { to: '2024-13-01' }, 'to', 'isCalendarDate'],
    ['from=yesterday', { from: 'yesterday' }, 'from', 'isCalendarDate'],
    ['from after to', { from: '2024-06-01', to: '2024-05-31' }, 'from', 'notAfterTo'],
    ['regularMin=0', { regularMin: '0' }, 'regularMin', 'min'],
    ['regularMin=-1', { regularMin: '-1' }, 'regularMin', 'min'],
    ['regularMin=abc', { regularMin: 'abc' }, 'regularMin', 'isInt'],
    ['regularMin=1.5', { regularMin: '1.5' }, 'regularMin', 'isInt'],
    ['regularMin=10001', { regularMin: '10001' }, 'regularMin', 'max'],
    ['regularMin empty', { regularMin: '' }, 'regularMin', 'isInt'],
    ['groupBy=week', { groupBy: 'week' }, 'groupBy', 'isIn'],
    ['groupBy=Month', { groupBy: 'Month' }, 'groupBy', 'isIn'],
    ['subtree=maybe', { subtree: 'maybe' }, 'subtree', 'isBoolean'],
    ['subtree=1', { subtree: '1' }, 'subtree', 'isBoolean'],
    ['an unknown parameter', { region: 'north' }, 'region', 'unknownField'],
  ];
  it.each(cases)('%s', (_label, query, field, rule) =>
    expectRefused(() => ledger.http.get(path).query({ ...base, ...query }), { status: 400, field, rule }));

  it('a parameter given twice', () =>
    expectRefused(() => ledger.http.get(`${path}${path.includes('?') ? '&' : '?'}from=2024-01-01&from=2024-02-01`), {
      status: 400, field: 'from', rule: 'isCalendarDate',
    }));
});

describe('GET /projections/courses organizationId', () => {
  it('not an id → 400', () =>
    expectRefused(() => ledger.http.get('/projections/courses').query({ organizationId: 'bad id' }), {
      status: 400, field: 'organizationId', rule: 'isLedgerId',
    }));
});
