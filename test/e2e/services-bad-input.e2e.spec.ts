/**
 * Bad input to the service catalogue's write endpoints (moves and renames, brands, trips, cooling,
 * feedback, the skills programme, targets, identified clinic visitors and meal recipients), endpoint
 * by endpoint: every refused write answers the ledger's error body
 * {statusCode, error, message, details: [{field, rule}]} naming the field and the rule broken, and
 * appends nothing (the log's head does not move).
 */
import type { Response } from 'supertest';
import { startTestLedger, TestLedger } from '../support/ledger-app';
import { ExpectedRefusal, expectRefused as expectRefusedBy } from '../support/refusals';
import { bad, Case, CALENDAR_CASES, countCases, enumCases, ID_CASES, LONG_TEXT, PAST_DATE_CASES, TEXT_CASES } from '../support/hostile-values';

type Json = Record<string, unknown>;

let ledger: TestLedger;

/** The fixture every refused request is made against. Today, in the tests' clock, is 2025-03-01. */
beforeAll(async () => {
  ledger = await startTestLedger();
  const ok = async (path: string, body: Json) => {
    const res = await ledger.http.post(path).send(body);
    if (res.status !== 201) throw new Error(`fixture ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  await ok('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  for (const [id, parentId, level] of [
    ['chaoyang', 'beijing', 'district'],
    ['fengtai', 'beijing', 'district'],
    ['chaowai', 'chaoyang', 'street'],
    ['sanlitun', 'chaoyang', 'street'],
    ['sanlitun-mall', 'sanlitun', 'enterprise'],
    ['mover', 'chaoyang', 'street'],
  ]) {
    await ok('/organizations', { id, name: `${id} union`, level, parentId });
  }
  await ok('/organizations/mover/moves', { newParentId: 'fengtai', effectiveDate: '2024-07-01' });

  await ok('/brands', { id: 'lunch', organizationId: 'chaowai', name: 'Lunch hour', description: 'lunchtime activities' });
  await ok('/brands', { id: 'evening', organizationId: 'chaowai', name: 'Evening classes' });
  await ok('/courses', { id: 'yoga', organizationId: 'chaowai', name: 'Yoga', category: 'sport' });
  await ok('/courses', { id: 'chess', organizationId: 'chaowai', name: 'Chess', category: 'culture' });
  await ok('/courses/yoga/brand', { brandId: 'lunch' });

  await ok('/trips', { ...tripBody, id: 't1' });
  await ok('/trips/t1/participants', { participants: [{ participantId: 'p1', eligibilityCategory: 'craftsman' }] });
  await ok('/trips', { ...tripBody, id: 'upcoming', startDate: '2025-06-01', endDate: '2025-06-04' });

  await ok('/cooling/deliveries', { ...deliveryBody, id: 'd1' });
  await ok('/cooling/installations', { ...installationBody, id: 'i1' });
  await ok('/feedback', { ...feedbackBody, id: 'f1' });

  await ok('/programme/intakes', { ...intakeBody, id: 'in1', applicationOpens: '2024-03-01', applicationCloses: '2024-04-30' });
  await ok('/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap1', date: '2024-03-05' });
  await ok('/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap-admitted', date: '2024-03-05' });
  await ok('/programme/intakes/in1/applications/ap-admitted/admission', { track: 'A', tuitionAid: 'full', date: '2024-06-20' });

  await ok('/targets', { organizationId: 'chaowai', measure: 'meals', period: '2024', target: 50 });

  await ok('/clinics', { id: 'c1', organizationId: 'chaowai', venue: 'Market', date: '2024-06-12', services: ['blood pressure'], workersServed: 3, targetGroups: [] });
  await ok('/clinics/c1/visitors', { participantIds: ['v1', 'v2'] });
  await ok('/meals', { id: 'm1', organizationId: 'chaowai', partner: 'Cafe', date: '2024-01-18', meals: 5, recipientGroup: 'riders' });
  await ok('/meals/m1/recipients', { participantIds: ['r1'] });
  await ok('/meals', { id: 'm-full', organizationId: 'chaowai', partner: 'Cafe', date: '2024-01-19', meals: 2, recipientGroup: 'riders' });
  await ok('/meals/m-full/recipients', { participantIds: ['r1', 'r2'] });
  await ledger.caughtUp();
});
afterAll(() => ledger.close());

const tripBody = { organizationId: 'chaowai', destination: '北戴河 Beidaihe', startDate: '2024-07-15', endDate: '2024-07-18', eligibility: ['craftsman', 'winner'] };
const deliveryBody = {
  organizationId: 'chaowai',
  site: 'Bus depot',
  date: '2024-07-01',
  items: [
    { item: 'water', quantity: 10, unit: 'bottle' },
    { item: 'melon', quantity: 2, unit: 'piece' },
  ],
  workersReached: 10,
};
const installationBody = { organizationId: 'chaowai', site: 'Bus depot', date: '2024-07-01', kind: 'fan', quantity: 3 };
const feedbackBody = { organizationId: 'chaowai', date: '2024-07-01', topic: 'shoes', suggestions: 3 };
const intakeBody = { organizationId: 'beijing', programme: 'Skills', tracks: ['A', 'B'], applicationOpens: '2024-09-01', applicationCloses: '2024-10-01' };
const applicationBody = { track: 'A', recommendingOrganizationId: 'chaowai', tuitionAid: 'full', date: '2024-03-10' };

type Expected = ExpectedRefusal;

const expectRefused = (send: () => PromiseLike<Response>, expected: Expected) => expectRefusedBy(ledger, send, expected);

const post = (path: string, body: unknown) => ledger.http.post(path).send(body as object);
const postRaw = (path: string, json: string) => ledger.http.post(path).set('Content-Type', 'application/json').send(json);

// ---------------------------------------------------------------------------------------------
// The kinds of field, each with the values it refuses.
// ---------------------------------------------------------------------------------------------

interface Kind {
  /** The rule an absent field breaks first. */
  missing: string;
  cases: Case[];
}

const at = (suffix: string) => (name: string) => `${name}${suffix}`;

const id: Kind = { missing: 'isLedgerId', cases: ID_CASES };

const text: Kind = { missing: 'isText', cases: TEXT_CASES };


/** A date on which something happened: not after today in Shanghai. */
const pastDate: Kind = { missing: 'isCalendarDate', cases: PAST_DATE_CASES };

/** A planned date (a trip, an application window): may lie ahead; how far is a domain rule, tested below. */
const plannedDate: Kind = { missing: 'isCalendarDate', cases: CALENDAR_CASES };

const count = (max: number): Kind => ({ missing: 'isInt', cases: countCases(max, 1e12) });

const enumeration = (capitalised: string): Kind => ({ missing: 'isIn', cases: enumCases(capitalised, 'meals') });

const year: Kind = {
  missing: 'isYear',
  cases: [
    bad('a number', 2024, 'isYear'),
    bad('two digits', '24', 'isYear'),
    bad('a month', '2024-01', 'isYear'),
    bad('a date', '2024-01-01', 'isYear'),
    bad('letters', 'abcd', 'isYear'),
    bad('empty', '', 'isYear'),
    bad('null', null, 'isYear', { requiredOnly: true }),
  ],
};

const ids: Kind = {
  missing: 'isArray',
  cases: [
    bad('a string', 'w9', 'isArray'),
    bad('an object', { 0: 'w9' }, 'isArray'),
    bad('null', null, 'isArray', { requiredOnly: true }),
    bad('empty', [], 'arrayNotEmpty'),
    bad('with a number', [5], 'isLedgerId', { field: at('[0]') }),
    bad('with an invalid id second', ['w9', 'bad id'], 'isLedgerId', { field: at('[1]') }),
    bad('with null', ['w9', null], 'isLedgerId', { field: at('[1]') }),
  ],
};

/** A list of texts; `tooMany` is the first length refused, and by which status (the DTO: 400, the domain: 422). */
const texts = (tooMany: { length: number; status: number }): Kind => ({
  missing: 'isArray',
  cases: [
    bad('a string', 'craftsman', 'isArray'),
    bad('an object', { a: 'craftsman' }, 'isArray'),
    bad('null', null, 'isArray', { requiredOnly: true }),
    bad('empty', [], 'arrayNotEmpty'),
    bad('with a number', [5], 'isText', { field: at('[0]') }),
    bad('with an empty string second', ['ok', ''], 'isText', { field: at('[1]') }),
    bad('with a 201-character string', [LONG_TEXT], 'isText', { field: at('[0]') }),
    bad(`of ${tooMany.length} elements`, Array.from({ length: tooMany.length }, (_, i) => `item ${i}`), 'arrayMaxSize', {
      status: tooMany.status,
    }),
  ],
});

const item = { item: 'water', quantity: 10, unit: 'bottle' };
const item2 = { item: 'melon', quantity: 2, unit: 'piece' };

/** Cooling items: each element an object {item, quantity, unit}, errors named by their path. */
const items: Kind = {
  missing: 'isArray',
  cases: [
    bad('a string', 'water', 'isArray'),
    bad('an object', item, 'isArray'),
    bad('null', null, 'isArray', { requiredOnly: true }),
    bad('empty', [], 'arrayNotEmpty'),
    bad('with a number', [5], 'isObject', { field: at('[0]') }),
    bad('with null second', [item, null], 'isObject', { field: at('[1]') }),
    bad('with a list in the list', [[item]], 'isObject', { field: at('[0]') }),
    bad('with a fractional quantity second', [item, { ...item2, quantity: 1.5 }], 'isInt', { field: at('[1].quantity') }),
    bad('with a quantity as a string', [item, { ...item2, quantity: '2' }], 'isInt', { field: at('[1].quantity') }),
    bad('with a quantity missing', [item, { item: 'melon', unit: 'piece' }], 'isInt', { field: at('[1].quantity') }),
    bad('with a quantity of 0', [item, { ...item2, quantity: 0 }], 'min', { field: at('[1].quantity') }),
    bad('with a negative quantity', [item, { ...item2, quantity: -2 }], 'min', { field: at('[1].quantity') }),
    bad('with an absurd quantity', [item, { ...item2, quantity: 1_000_001 }], 'max', { field: at('[1].quantity') }),
    bad('with an empty item name', [item, { ...item2, item: '' }], 'isText', { field: at('[1].item') }),
    bad('with a unit of 201 characters', [item, { ...item2, unit: LONG_TEXT }], 'isText', { field: at('[1].unit') }),
    bad('with a unit missing', [{ item: 'water', quantity: 10 }], 'isText', { field: at('[0].unit') }),
    bad('with an unknown field in an element', [item, { ...item2, colour: 'red' }], 'unknownField', { field: at('[1].colour') }),
    bad('with the same item and unit twice', [item, item2, { ...item, quantity: 3 }], 'unique', { status: 422, field: at('[2].item') }),
    bad('of 51 elements', Array.from({ length: 51 }, (_, i) => ({ ...item, item: `item ${i}` })), 'arrayMaxSize', { status: 422 }),
  ],
};

const participant = { participantId: 'p9', eligibilityCategory: 'craftsman' };

/** Trip participants: each element an object {participantId, eligibilityCategory}. */
const participants: Kind = {
  missing: 'isArray',
  cases: [
    bad('a string', 'p9', 'isArray'),
    bad('an object', participant, 'isArray'),
    bad('null', null, 'isArray', { requiredOnly: true }),
    bad('empty', [], 'arrayNotEmpty'),
    bad('a list of ids', ['p9'], 'isObject', { field: at('[0]') }),
    bad('with null second', [participant, null], 'isObject', { field: at('[1]') }),
    bad('with an invalid id second', [participant, { ...participant, participantId: 'bad id' }], 'isLedgerId', { field: at('[1].participantId') }),
    bad('with an id missing', [{ eligibilityCategory: 'craftsman' }], 'isLedgerId', { field: at('[0].participantId') }),
    bad('with an empty category', [{ ...participant, eligibilityCategory: '' }], 'isText', { field: at('[0].eligibilityCategory') }),
    bad('with a category missing', [participant, { participantId: 'p8' }], 'isText', { field: at('[1].eligibilityCategory') }),
    bad('with a numeric category', [{ ...participant, eligibilityCategory: 5 }], 'isText', { field: at('[0].eligibilityCategory') }),
    bad('with an unknown field in an element', [{ ...participant, name: 'Wang' }], 'unknownField', { field: at('[0].name') }),
    bad('with a participant twice', [participant, { participantId: 'p8', eligibilityCategory: 'winner' }, participant], 'unique', {
      status: 422,
      field: at('[2].participantId'),
    }),
    bad('with a category the trip is not open to', [participant, { participantId: 'p8', eligibilityCategory: 'manager' }], 'inTripEligibility', {
      status: 422,
      field: at('[1].eligibilityCategory'),
    }),
    bad(
      'of 1,001 elements',
      Array.from({ length: 1001 }, (_, i) => ({ participantId: `q-${i}`, eligibilityCategory: 'craftsman' })),
      'arrayMaxSize',
      { status: 422 },
    ),
  ],
};

// ---------------------------------------------------------------------------------------------
// The write endpoints, each with a valid body (never sent as is) and the kind of each field.
// ---------------------------------------------------------------------------------------------

interface WriteEndpoint {
  path: string;
  body: Json;
  required: Record<string, Kind>;
  optional?: Record<string, Kind>;
}

const reasonOnly = { required: { reason: text } };

const ENDPOINTS: WriteEndpoint[] = [
  {
    path: '/organizations/mover/moves',
    body: { newParentId: 'chaoyang', effectiveDate: '2024-08-01' },
    required: { newParentId: id, effectiveDate: pastDate },
  },
  {
    path: '/organizations/chaowai/renames',
    body: { name: '朝外地区工会', effectiveDate: '2024-08-01' },
    required: { name: text, effectiveDate: pastDate },
  },
  {
    path: '/brands',
    body: { id: 'b-new', organizationId: 'chaowai', name: 'Weekend', description: 'weekend outings' },
    required: { id, organizationId: id, name: text },
    optional: { description: text },
  },
  {
    path: '/brands/lunch/corrections',
    body: { name: 'Lunch hour 午间一小时', reason: 'add the Chinese name' },
    required: { reason: text },
    optional: { name: text, description: text },
  },
  { path: '/courses/chess/brand', body: { brandId: 'lunch' }, required: { brandId: id } },
  { path: '/courses/yoga/brand/remove', body: { reason: 'left the programme' }, ...reasonOnly },
  {
    path: '/trips',
    body: { ...tripBody, id: 't-new' },
    required: {
      id,
      organizationId: id,
      destination: text,
      startDate: plannedDate,
      endDate: plannedDate,
      eligibility: texts({ length: 51, status: 400 }),
    },
  },
  {
    path: '/trips/t1/corrections',
    body: { destination: 'Beidaihe sanatorium', reason: 'full name' },
    required: { reason: text },
    optional: { destination: text, startDate: plannedDate, endDate: plannedDate, eligibility: texts({ length: 51, status: 400 }) },
  },
  { path: '/trips/t1/participants', body: { participants: [participant] }, required: { participants } },
  { path: '/trips/t1/participants/p1/void', body: { reason: 'did not go' }, ...reasonOnly },
  {
    path: '/cooling/deliveries',
    body: { ...deliveryBody, id: 'd-new' },
    required: { id, organizationId: id, site: text, date: pastDate, items, workersReached: count(100_000) },
  },
  {
    path: '/cooling/deliveries/d1/corrections',
    body: { workersReached: 11, reason: 'recount' },
    required: { reason: text },
    optional: { site: text, date: pastDate, items, workersReached: count(100_000) },
  },
  {
    path: '/cooling/installations',
    body: { ...installationBody, id: 'i-new' },
    required: { id, organizationId: id, site: text, date: pastDate, kind: text, quantity: count(100_000) },
  },
  {
    path: '/cooling/installations/i1/corrections',
    body: { quantity: 4, reason: 'recount' },
    required: { reason: text },
    optional: { site: text, date: pastDate, kind: text, quantity: count(100_000) },
  },
  {
    path: '/feedback',
    body: { ...feedbackBody, id: 'f-new' },
    required: { id, organizationId: id, date: pastDate, topic: text, suggestions: count(100_000) },
  },
  {
    path: '/feedback/f1/corrections',
    body: { suggestions: 4, reason: 'recount' },
    required: { reason: text },
    optional: { topic: text, suggestions: count(100_000) },
  },
  {
    path: '/programme/intakes',
    body: { ...intakeBody, id: 'in-new' },
    required: {
      id,
      organizationId: id,
      programme: text,
      tracks: texts({ length: 21, status: 422 }),
      applicationOpens: plannedDate,
      applicationCloses: plannedDate,
    },
  },
  {
    path: '/programme/intakes/in1/corrections',
    body: { programme: 'Skills upgrading', reason: 'full name' },
    required: { reason: text },
    optional: { programme: text, tracks: texts({ length: 21, status: 422 }), applicationOpens: plannedDate, applicationCloses: plannedDate },
  },
  {
    path: '/programme/intakes/in1/applications',
    body: { ...applicationBody, applicantId: 'ap-new' },
    required: { applicantId: id, track: text, recommendingOrganizationId: id, tuitionAid: enumeration('Full'), date: pastDate },
  },
  { path: '/programme/intakes/in1/applications/ap1/void', body: { reason: 'duplicate' }, ...reasonOnly },
  {
    path: '/programme/intakes/in1/applications/ap1/admission',
    body: { track: 'B', tuitionAid: 'partial', date: '2024-06-20' },
    required: { track: text, tuitionAid: enumeration('Partial'), date: pastDate },
  },
  { path: '/programme/intakes/in1/applications/ap-admitted/admission/void', body: { reason: 'wrong applicant' }, ...reasonOnly },
  {
    path: '/targets',
    body: { organizationId: 'chaowai', measure: 'tripParticipants', period: '2024', target: 100 },
    required: { organizationId: id, measure: enumeration('TripParticipants'), period: year, target: count(10_000_000) },
  },
  { path: '/clinics/c1/visitors', body: { participantIds: ['v3'] }, required: { participantIds: ids } },
  { path: '/meals/m1/recipients', body: { participantIds: ['r9'] }, required: { participantIds: ids } },
];

describe.each(ENDPOINTS)('POST $path', (endpoint) => {
  it('malformed JSON → 400 body isJson', () =>
    expectRefused(() => postRaw(endpoint.path, '{"reason": "x",'), { status: 400, field: 'body', rule: 'isJson' }));

  it('a body that is a JSON array → 400 body isObject', () =>
    expectRefused(() => post(endpoint.path, [endpoint.body]), { status: 400, field: 'body', rule: 'isObject' }));

  it('a body that is a JSON string → 400', () =>
    expectRefused(() => postRaw(endpoint.path, '"hello"'), { status: 400, field: 'body', rule: ['isJson', 'isObject'] }));

  it('a body that is JSON null → 400', () =>
    expectRefused(() => postRaw(endpoint.path, 'null'), { status: 400, field: 'body', rule: ['isJson', 'isObject'] }));

  it('no body at all → 400 body isObject', () =>
    expectRefused(() => ledger.http.post(endpoint.path), { status: 400, field: 'body', rule: 'isObject' }));

  it('an unknown field → 400 unknownField', () =>
    expectRefused(() => post(endpoint.path, { ...endpoint.body, comment: 'hello' }), { status: 400, field: 'comment', rule: 'unknownField' }));

  it('an unknown field named like a member of Object.prototype → 400 unknownField', () => {
    const json = JSON.stringify(endpoint.body).replace(/^\{/, '{"constructor":"injected",');
    return expectRefused(() => postRaw(endpoint.path, json), { status: 400, field: 'constructor', rule: 'unknownField' });
  });

  it('an empty object → 400 naming every required field, and only those', async () => {
    const res = await expectRefused(() => post(endpoint.path, {}), {
      status: 400,
      field: Object.keys(endpoint.required),
      rule: Object.values(endpoint.required).map((k) => k.missing),
    });
    const named = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect([...named].sort()).toEqual(Object.keys(endpoint.required).sort());
  });

  it.each(Object.entries(endpoint.required))('missing %s → 400', (name, kind) => {
    const { [name]: _dropped, ...body } = endpoint.body;
    return expectRefused(() => post(endpoint.path, body), { status: 400, field: name, rule: kind.missing });
  });

  const fieldCases = [
    ...Object.entries(endpoint.required).flatMap(([name, kind]) => kind.cases.map((c) => ({ name, ...c }))),
    ...Object.entries(endpoint.optional ?? {}).flatMap(([name, kind]) =>
      kind.cases.filter((c) => !c.requiredOnly).map((c) => ({ name, ...c })),
    ),
  ];
  it.each(fieldCases)('$name $label → $status $rule', ({ name, value, status, rule, field }) =>
    expectRefused(() => post(endpoint.path, { ...endpoint.body, [name]: value }), { status, field: field ? field(name) : name, rule }));

  it('a body over 1 MiB → 413 body maxBytes', () =>
    expectRefused(() => post(endpoint.path, { ...endpoint.body, padding: 'x'.repeat(1024 * 1024 + 10) }), {
      status: 413, field: 'body', rule: 'maxBytes',
    }));

  it('an Idempotency-Key that is not 1 to 255 visible ASCII characters → 400', () =>
    expectRefused(() => ledger.http.post(endpoint.path).set('Idempotency-Key', 'has space').send(endpoint.body), {
      status: 400, field: 'Idempotency-Key', rule: 'isIdempotencyKey',
    }));

  it('an Authorization that is not a Bearer token → 401', () =>
    expectRefused(() => ledger.http.post(endpoint.path).set('Authorization', 'Basic dXNlcjpwdw==').send(endpoint.body), {
      status: 401, field: 'Authorization', rule: 'bearerToken',
    }));
});

// ---------------------------------------------------------------------------------------------
// Unknown keys inside nested objects, named like members of Object.prototype.
// ---------------------------------------------------------------------------------------------

describe('unknown keys in nested elements named like members of Object.prototype', () => {
  const cases: Array<[string, string, string]> = [
    ['/cooling/deliveries', `{"id":"d-proto","organizationId":"chaowai","site":"S","date":"2024-07-01","workersReached":3,"items":[{"item":"water","quantity":1,"unit":"bottle","constructor":"x"}]}`, 'items[0].constructor'],
    ['/cooling/deliveries/d1/corrections', `{"reason":"r","items":[{"item":"water","quantity":1,"unit":"bottle"},{"item":"melon","quantity":1,"unit":"piece","toString":"x"}]}`, 'items[1].toString'],
    ['/trips/t1/participants', `{"participants":[{"participantId":"p9","eligibilityCategory":"craftsman","__proto__":{"x":1}}]}`, 'participants[0].__proto__'],
    ['/trips/t1/participants', `{"participants":[{"participantId":"p9","eligibilityCategory":"craftsman","hasOwnProperty":"x"}]}`, 'participants[0].hasOwnProperty'],
  ];
  it.each(cases)('POST %s → 400 %s unknownField', (path, json, field) =>
    expectRefused(() => postRaw(path, json), { status: 400, field, rule: 'unknownField' }));
});

// ---------------------------------------------------------------------------------------------
// Unknown ids: in the path → 404, in the body → 422 naming the field.
// ---------------------------------------------------------------------------------------------

describe('unknown ids', () => {
  const cases: Array<[string, string, Json, Expected]> = [
    ['organisation in the path (move)', '/organizations/nowhere/moves', { newParentId: 'chaoyang', effectiveDate: '2024-08-01' }, { status: 404, field: 'organizationId', rule: 'exists' }],
    ['newParentId in the body', '/organizations/mover/moves', { newParentId: 'nowhere', effectiveDate: '2024-08-01' }, { status: 422, field: 'newParentId', rule: 'exists' }],
    ['organisation in the path (rename)', '/organizations/nowhere/renames', { name: 'X', effectiveDate: '2024-08-01' }, { status: 404, field: 'organizationId', rule: 'exists' }],
    ['organizationId in the body (brand)', '/brands', { id: 'b-x', organizationId: 'nowhere', name: 'X' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['brand in the path', '/brands/nowhere/corrections', { name: 'X', reason: 'r' }, { status: 404, field: 'brandId', rule: 'exists' }],
    ['course in the path (brand)', '/courses/nowhere/brand', { brandId: 'lunch' }, { status: 404, field: 'courseId', rule: 'exists' }],
    ['brandId in the body', '/courses/chess/brand', { brandId: 'nowhere' }, { status: 422, field: 'brandId', rule: 'exists' }],
    ['course in the path (brand removal)', '/courses/nowhere/brand/remove', { reason: 'r' }, { status: 404, field: 'courseId', rule: 'exists' }],
    ['organizationId in the body (trip)', '/trips', { ...tripBody, id: 't-x', organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['trip in the path (corrections)', '/trips/nowhere/corrections', { destination: 'X', reason: 'r' }, { status: 404, field: 'tripId', rule: 'exists' }],
    ['trip in the path (participants)', '/trips/nowhere/participants', { participants: [participant] }, { status: 404, field: 'tripId', rule: 'exists' }],
    ['trip in the path (void)', '/trips/nowhere/participants/p1/void', { reason: 'r' }, { status: 404, field: 'tripId', rule: 'exists' }],
    ['participant in the path (void)', '/trips/t1/participants/nobody/void', { reason: 'r' }, { status: 404, field: 'participantId', rule: 'exists' }],
    ['organizationId in the body (delivery)', '/cooling/deliveries', { ...deliveryBody, id: 'd-x', organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['delivery in the path', '/cooling/deliveries/nowhere/corrections', { workersReached: 3, reason: 'r' }, { status: 404, field: 'deliveryId', rule: 'exists' }],
    ['organizationId in the body (installation)', '/cooling/installations', { ...installationBody, id: 'i-x', organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['installation in the path', '/cooling/installations/nowhere/corrections', { quantity: 3, reason: 'r' }, { status: 404, field: 'installationId', rule: 'exists' }],
    ['organizationId in the body (feedback)', '/feedback', { ...feedbackBody, id: 'f-x', organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['feedback in the path', '/feedback/nowhere/corrections', { suggestions: 3, reason: 'r' }, { status: 404, field: 'feedbackId', rule: 'exists' }],
    ['organizationId in the body (intake)', '/programme/intakes', { ...intakeBody, id: 'in-x', organizationId: 'nowhere' }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['intake in the path (corrections)', '/programme/intakes/nowhere/corrections', { programme: 'X', reason: 'r' }, { status: 404, field: 'intakeId', rule: 'exists' }],
    ['intake in the path (applications)', '/programme/intakes/nowhere/applications', { ...applicationBody, applicantId: 'ap-x' }, { status: 404, field: 'intakeId', rule: 'exists' }],
    ['recommendingOrganizationId in the body', '/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap-x', recommendingOrganizationId: 'nowhere' }, { status: 422, field: 'recommendingOrganizationId', rule: 'exists' }],
    ['intake in the path (void application)', '/programme/intakes/nowhere/applications/ap1/void', { reason: 'r' }, { status: 404, field: ['intakeId', 'applicantId'], rule: 'exists' }],
    ['applicant in the path (void application)', '/programme/intakes/in1/applications/nobody/void', { reason: 'r' }, { status: 404, field: 'applicantId', rule: 'exists' }],
    ['applicant in the path (admission)', '/programme/intakes/in1/applications/nobody/admission', { track: 'A', tuitionAid: 'full', date: '2024-06-20' }, { status: 404, field: 'applicantId', rule: 'exists' }],
    ['intake in the path (admission)', '/programme/intakes/nowhere/applications/ap1/admission', { track: 'A', tuitionAid: 'full', date: '2024-06-20' }, { status: 404, field: ['intakeId', 'applicantId'], rule: 'exists' }],
    ['applicant not admitted (void admission)', '/programme/intakes/in1/applications/ap1/admission/void', { reason: 'r' }, { status: 404, field: 'applicantId', rule: 'exists' }],
    ['organizationId in the body (target)', '/targets', { organizationId: 'nowhere', measure: 'meals', period: '2024', target: 5 }, { status: 422, field: 'organizationId', rule: 'exists' }],
    ['clinic in the path', '/clinics/nowhere/visitors', { participantIds: ['v9'] }, { status: 404, field: 'clinicId', rule: 'exists' }],
    ['meal in the path', '/meals/nowhere/recipients', { participantIds: ['r9'] }, { status: 404, field: 'mealId', rule: 'exists' }],
  ];
  it.each(cases)('%s: POST %s → %j', (_label, path, body, expected) => expectRefused(() => post(path, body), expected));
});

// ---------------------------------------------------------------------------------------------
// An id that exists with other data, and facts that can no longer change that way: 409.
// ---------------------------------------------------------------------------------------------

describe('conflicts → 409', () => {
  const cases: Array<[string, string, Json, Expected]> = [
    ['brand, another name', '/brands', { id: 'lunch', organizationId: 'chaowai', name: 'Lunch', description: 'lunchtime activities' }, { status: 409, field: 'id', rule: 'unique' }],
    ['brand, description dropped', '/brands', { id: 'lunch', organizationId: 'chaowai', name: 'Lunch hour' }, { status: 409, field: 'id', rule: 'unique' }],
    ['a course in a brand, to another brand', '/courses/yoga/brand', { brandId: 'evening' }, { status: 409, field: 'brandId', rule: 'oneBrand' }],
    ['trip', '/trips', { ...tripBody, id: 't1', eligibility: ['winner', 'craftsman'] }, { status: 409, field: 'id', rule: 'unique' }],
    ['participants of a trip that has not started', '/trips/upcoming/participants', { participants: [participant] }, { status: 409, field: 'tripId', rule: 'tripStarted' }],
    ['delivery', '/cooling/deliveries', { ...deliveryBody, id: 'd1', items: [item2, item] }, { status: 409, field: 'id', rule: 'unique' }],
    ['installation', '/cooling/installations', { ...installationBody, id: 'i1', kind: 'air cooler' }, { status: 409, field: 'id', rule: 'unique' }],
    ['feedback', '/feedback', { ...feedbackBody, id: 'f1', date: '2024-07-02' }, { status: 409, field: 'id', rule: 'unique' }],
    ['intake', '/programme/intakes', { ...intakeBody, id: 'in1', applicationOpens: '2024-03-01', applicationCloses: '2024-05-01' }, { status: 409, field: 'id', rule: 'unique' }],
    ['application, another track', '/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap1', date: '2024-03-05', track: 'B' }, { status: 409, field: 'applicantId', rule: 'unique' }],
    ['admission, other tuition aid', '/programme/intakes/in1/applications/ap-admitted/admission', { track: 'A', tuitionAid: 'none', date: '2024-06-20' }, { status: 409, field: 'applicantId', rule: 'admittedOnce' }],
    ['a move under its own child', '/organizations/chaoyang/moves', { newParentId: 'sanlitun', effectiveDate: '2024-08-01' }, { status: 409, field: 'newParentId', rule: 'noCycle' }],
    ['a move under its own grandchild', '/organizations/chaoyang/moves', { newParentId: 'sanlitun-mall', effectiveDate: '2024-08-01' }, { status: 409, field: 'newParentId', rule: 'noCycle' }],
    ['the root under its descendant', '/organizations/beijing/moves', { newParentId: 'mover', effectiveDate: '2024-08-01' }, { status: 409, field: 'newParentId', rule: 'noCycle' }],
    ['a move dated before the last move', '/organizations/mover/moves', { newParentId: 'chaoyang', effectiveDate: '2024-06-30' }, { status: 409, field: 'effectiveDate', rule: 'notBeforeLastMove' }],
    ['a clinic corrected to serve fewer than its identified visitors', '/clinics/c1/corrections', { workersServed: 1, reason: 'r' }, { status: 409, field: 'workersServed', rule: 'notLessThanIdentified' }],
    ['a serving corrected to fewer meals than its identified recipients', '/meals/m-full/corrections', { meals: 1, reason: 'r' }, { status: 409, field: 'meals', rule: 'notLessThanIdentified' }],
  ];
  it.each(cases)('%s: POST %s → 409', (_label, path, body, expected) => expectRefused(() => post(path, body), expected));
});

// ---------------------------------------------------------------------------------------------
// Rules of the domain: spans, windows, tracks, lists.
// ---------------------------------------------------------------------------------------------

describe('domain rules', () => {
  const cases: Array<[string, string, Json, Expected]> = [
    // organisations
    ['an organisation moved under itself', '/organizations/mover/moves', { newParentId: 'mover', effectiveDate: '2024-08-01' }, { status: 400, field: 'newParentId', rule: 'notSelf' }],
    // course brands
    ['a course removed from a brand it does not belong to', '/courses/chess/brand/remove', { reason: 'r' }, { status: 422, field: 'brandId', rule: 'exists' }],
    // trips
    ['a trip ending before it starts', '/trips', { ...tripBody, id: 't-x', startDate: '2024-07-15', endDate: '2024-07-14' }, { status: 400, field: 'endDate', rule: 'notBeforeStartDate' }],
    ['a trip of 32 days', '/trips', { ...tripBody, id: 't-x', startDate: '2024-07-01', endDate: '2024-08-01' }, { status: 400, field: 'endDate', rule: 'maxDays' }],
    ['a trip starting more than 366 days ahead', '/trips', { ...tripBody, id: 't-x', startDate: '2026-03-03', endDate: '2026-03-05' }, { status: 400, field: 'startDate', rule: 'maxDaysAhead' }],
    ['a trip far in the future', '/trips', { ...tripBody, id: 't-x', startDate: '2999-01-01', endDate: '2999-01-03' }, { status: 400, field: 'startDate', rule: 'maxDaysAhead' }],
    ['a trip open to a category twice', '/trips', { ...tripBody, id: 't-x', eligibility: ['craftsman', 'winner', 'craftsman'] }, { status: 422, field: 'eligibility[2]', rule: 'unique' }],
    ['a trip corrected to end before it starts', '/trips/t1/corrections', { endDate: '2024-07-10', reason: 'r' }, { status: 400, field: 'endDate', rule: 'notBeforeStartDate' }],
    ['a trip corrected to start more than 366 days ahead', '/trips/t1/corrections', { startDate: '2026-03-03', endDate: '2026-03-04', reason: 'r' }, { status: 400, field: 'startDate', rule: 'maxDaysAhead' }],
    ['a trip corrected to a category twice', '/trips/t1/corrections', { eligibility: ['winner', 'winner'], reason: 'r' }, { status: 422, field: 'eligibility[1]', rule: 'unique' }],
    // intakes
    ['an intake closing before it opens', '/programme/intakes', { ...intakeBody, id: 'in-x', applicationOpens: '2024-09-01', applicationCloses: '2024-08-31' }, { status: 400, field: 'applicationCloses', rule: 'notBeforeOpens' }],
    ['an intake opening more than 366 days ahead', '/programme/intakes', { ...intakeBody, id: 'in-x', applicationOpens: '2026-03-03', applicationCloses: '2026-04-01' }, { status: 400, field: 'applicationOpens', rule: 'maxDaysAhead' }],
    ['an intake with a track twice', '/programme/intakes', { ...intakeBody, id: 'in-x', tracks: ['A', 'B', 'A'] }, { status: 422, field: 'tracks[2]', rule: 'unique' }],
    ['an intake corrected to close before it opens', '/programme/intakes/in1/corrections', { applicationCloses: '2024-02-28', reason: 'r' }, { status: 400, field: 'applicationCloses', rule: 'notBeforeOpens' }],
    ['an intake corrected to a track twice', '/programme/intakes/in1/corrections', { tracks: ['A', 'A'], reason: 'r' }, { status: 422, field: 'tracks[1]', rule: 'unique' }],
    // applications and admissions
    ['an application to a track the intake does not have', '/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap-x', track: 'C' }, { status: 422, field: 'track', rule: 'inIntakeTracks' }],
    ['an application before the window opens', '/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap-x', date: '2024-02-29' }, { status: 422, field: 'date', rule: 'withinApplicationWindow' }],
    ['an application after the window closes', '/programme/intakes/in1/applications', { ...applicationBody, applicantId: 'ap-x', date: '2024-05-01' }, { status: 422, field: 'date', rule: 'withinApplicationWindow' }],
    ['an admission to a track the intake does not have', '/programme/intakes/in1/applications/ap1/admission', { track: 'C', tuitionAid: 'full', date: '2024-06-20' }, { status: 422, field: 'track', rule: 'inIntakeTracks' }],
    ['an admission before the application', '/programme/intakes/in1/applications/ap1/admission', { track: 'A', tuitionAid: 'full', date: '2024-03-04' }, { status: 400, field: 'date', rule: 'notBeforeApplication' }],
    // identified visitors and recipients
    ['more visitors than the clinic served', '/clinics/c1/visitors', { participantIds: ['v3', 'v4'] }, { status: 422, field: 'participantIds', rule: 'notMoreThanServed' }],
    ['more recipients than meals served', '/meals/m-full/recipients', { participantIds: ['r3'] }, { status: 422, field: 'participantIds', rule: 'notMoreThanServed' }],
    ['a visitor listed twice', '/clinics/c1/visitors', { participantIds: ['v3', 'v3'] }, { status: 422, field: 'participantIds[1]', rule: 'unique' }],
    ['a visitor already identified and listed twice', '/clinics/c1/visitors', { participantIds: ['v1', 'v1'] }, { status: 422, field: 'participantIds[1]', rule: 'unique' }],
    ['a recipient listed twice', '/meals/m1/recipients', { participantIds: ['r8', 'r9', 'r8'] }, { status: 422, field: 'participantIds[2]', rule: 'unique' }],
    ['1,001 visitors', '/clinics/c1/visitors', { participantIds: Array.from({ length: 1001 }, (_, i) => `v-${i}`) }, { status: 422, field: 'participantIds', rule: 'arrayMaxSize' }],
    ['1,001 recipients', '/meals/m1/recipients', { participantIds: Array.from({ length: 1001 }, (_, i) => `r-${i}`) }, { status: 422, field: 'participantIds', rule: 'arrayMaxSize' }],
  ];
  it.each(cases)('%s: POST %s', (_label, path, body, expected) => expectRefused(() => post(path, body), expected));
});
