import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';
import { bearer, Role, startTestLedger, TestLedger } from '../support/ledger-app';
import { fillPath, RegisteredRoute, registeredRoutes } from '../support/routes';

/**
 * The access-control matrix: every route the application registers, for every role, scoped inside
 * and outside the organisation the request acts on, and without a valid token at all. Routes come
 * from the running application, so a new endpoint without a line in POLICY fails this suite, and
 * one without an access declaration is denied by the guard and fails it too.
 *
 * POLICY is written here, independently of the declarations in the controllers: it is the
 * specification the declarations are checked against, not a copy of them.
 */

const ROLES: readonly Role[] = ['staff', 'analyst', 'auditor', 'admin'];
const RECORDERS: readonly Role[] = ['staff', 'admin'];
const READERS: readonly Role[] = ['staff', 'analyst', 'auditor', 'admin'];
const HISTORY: readonly Role[] = ['auditor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/** Two streets in two districts: principals are scoped to Chaoyang, so Chaowai is inside and Zhongguancun outside. */
interface Site {
  readonly street: string;
  readonly district: string;
}
const INSIDE: Site = { street: 'chaowai', district: 'chaoyang' };
const OUTSIDE: Site = { street: 'zgc', district: 'haidian' };
const SCOPE = 'chaoyang';

interface Sample {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: object;
}

interface Policy {
  readonly who: readonly Role[];
  /** `org`: acts on the sample's organisation; `ledger`: on every organisation at once; `any`: on none in particular. */
  readonly scope: 'org' | 'ledger' | 'any';
  /** Auditors read everything, whatever their scope. */
  readonly read?: boolean;
  readonly sample: (site: Site) => Sample;
}

const year = { from: '2024-01-01', to: '2024-12-31' };
const at = (s: Site, route: string) => `${s.street}-${route}`;

const POLICY: Readonly<Record<string, Policy>> = {
  'GET /projections/courses': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street, ...year } }) },
  'GET /projections/organizations/:id': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { id: s.street }, query: year }) },
  'GET /projections/brands/:brandId': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { brandId: at(s, 'brand') } }) },
  'GET /projections/frequency': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street } }) },
  'GET /projections/trips': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street } }) },
  'GET /projections/cooling': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street } }) },
  'GET /projections/programme': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street } }) },
  'GET /projections/targets': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street, ...year } }) },
  'GET /projections/status': { who: ROLES, scope: 'any', sample: () => ({}) },
  'POST /admin/projections/:name/rebuild': { who: ADMIN, scope: 'ledger', sample: () => ({ params: { name: 'no-such-projection' } }) },
  'GET /organizations/:organizationId': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { organizationId: s.street } }) },
  'GET /organizations': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { under: s.street } }) },
  'POST /organizations': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { id: at(s, 'new'), name: 'New union', level: 'grassroots', parentId: s.street } }) },
  'POST /organizations/:organizationId/moves': {
    who: ADMIN, scope: 'org', sample: (s) => ({ params: { organizationId: at(s, 'g') }, body: { newParentId: s.district, effectiveDate: '2024-10-01' } }),
  },
  'POST /organizations/:organizationId/renames': {
    who: ADMIN, scope: 'org', sample: (s) => ({ params: { organizationId: at(s, 'g') }, body: { name: 'Renamed union', effectiveDate: '2024-10-01' } }),
  },
  'POST /brands': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { id: at(s, 'brand2'), organizationId: s.street, name: 'Lunch hour' } }) },
  'POST /brands/:brandId/corrections': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { brandId: at(s, 'brand') }, body: { description: 'updated', reason: 'count updated' } }) },
  'POST /courses': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { id: at(s, 'yoga'), organizationId: s.street, name: 'Yoga', category: 'sport' } }) },
  'POST /courses/:courseId/corrections': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting') }, body: { name: 'Painting (Mon)', reason: 'renamed' } }) },
  'POST /courses/:courseId/brand': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting') }, body: { brandId: at(s, 'brand') } }) },
  'POST /courses/:courseId/brand/remove': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting') }, body: { reason: 'by mistake' } }) },
  'POST /courses/:courseId/sessions': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting') }, body: { id: 's2', date: '2024-03-11' } }) },
  'GET /courses/:courseId/sessions/:sessionId': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { courseId: at(s, 'painting'), sessionId: 's1' } }) },
  'GET /courses/:courseId/sessions': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { courseId: at(s, 'painting') }, query: year }) },
  'POST /courses/:courseId/sessions/:sessionId/void': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting'), sessionId: 's3' }, body: { reason: 'recorded twice' } }) },
  'POST /courses/:courseId/sessions/:sessionId/attendances': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting'), sessionId: 's1' }, body: { participantIds: [at(s, 'w2')] } }),
  },
  'POST /courses/:courseId/sessions/:sessionId/attendances/:participantId/void': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { courseId: at(s, 'painting'), sessionId: 's1', participantId: at(s, 'w1') }, body: { reason: 'signed in for a colleague' } }),
  },
  'POST /clinics': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...clinic(s), id: at(s, 'clinic2') } }) },
  'POST /clinics/:clinicId/corrections': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { clinicId: at(s, 'clinic') }, body: { workersServed: 30, reason: 'late sign-ins' } }) },
  'POST /clinics/:clinicId/visitors': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { clinicId: at(s, 'clinic') }, body: { participantIds: [at(s, 'w1')] } }) },
  'POST /meals': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...meal(s), id: at(s, 'meal2') } }) },
  'POST /meals/:mealId/corrections': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { mealId: at(s, 'meal') }, body: { meals: 74, reason: 'one counted twice' } }) },
  'POST /meals/:mealId/recipients': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { mealId: at(s, 'meal') }, body: { participantIds: [at(s, 'rider2')] } }) },
  'POST /meals/:mealId/recipients/:participantId/void': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { mealId: at(s, 'meal'), participantId: at(s, 'rider1') }, body: { reason: 'wrong serving' } }),
  },
  'GET /meals': { who: READERS, scope: 'org', read: true, sample: (s) => ({ query: { organizationId: s.street, ...year } }) },
  'POST /members': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...member(s), workerId: at(s, 'rider2') } }) },
  'POST /members/:organizationId/:workerId/void': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { organizationId: s.street, workerId: at(s, 'rider') }, body: { reason: 'wrong union' } }) },
  'POST /trips': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...trip(s), id: at(s, 'trip2') } }) },
  'POST /trips/:tripId/corrections': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { tripId: at(s, 'trip') }, body: { endDate: '2024-07-19', reason: 'a day longer' } }) },
  'POST /trips/:tripId/participants': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { tripId: at(s, 'trip') }, body: { participants: [{ participantId: at(s, 'sk2'), eligibilityCategory: 'craftsman title holder' }] } }),
  },
  'POST /trips/:tripId/participants/:participantId/void': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { tripId: at(s, 'trip'), participantId: at(s, 'sk1') }, body: { reason: 'fell ill' } }),
  },
  'POST /cooling/deliveries': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...delivery(s), id: at(s, 'delivery2') } }) },
  'POST /cooling/deliveries/:deliveryId/corrections': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { deliveryId: at(s, 'delivery') }, body: { workersReached: 88, reason: 'late arrivals' } }) },
  'POST /cooling/installations': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...installation(s), id: at(s, 'install2') } }) },
  'POST /cooling/installations/:installationId/corrections': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { installationId: at(s, 'install') }, body: { quantity: 15, reason: 'one returned' } }),
  },
  'POST /feedback': { who: RECORDERS, scope: 'org', sample: (s) => ({ body: { ...feedback(s), id: at(s, 'feedback2') } }) },
  'POST /feedback/:feedbackId/corrections': { who: RECORDERS, scope: 'org', sample: (s) => ({ params: { feedbackId: at(s, 'feedback') }, body: { suggestions: 11, reason: 'counted twice' } }) },
  'POST /programme/intakes': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { ...intake(s), id: at(s, 'intake2') } }) },
  'POST /programme/intakes/:intakeId/corrections': {
    who: ADMIN, scope: 'org', sample: (s) => ({ params: { intakeId: at(s, 'intake') }, body: { applicationCloses: '2024-05-15', reason: 'extended' } }),
  },
  'POST /programme/intakes/:intakeId/applications': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { intakeId: at(s, 'intake') }, body: { ...application(s), applicantId: at(s, 'ap2') } }),
  },
  'POST /programme/intakes/:intakeId/applications/:applicantId/void': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { intakeId: at(s, 'intake'), applicantId: at(s, 'ap3') }, body: { reason: 'recorded twice' } }),
  },
  'POST /programme/intakes/:intakeId/applications/:applicantId/admission': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { intakeId: at(s, 'intake'), applicantId: at(s, 'ap1') }, body: { track: 'business administration', tuitionAid: 'none', date: '2024-06-21' } }),
  },
  'POST /programme/intakes/:intakeId/applications/:applicantId/admission/void': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { intakeId: at(s, 'intake'), applicantId: at(s, 'ap1') }, body: { reason: 'declined the place' } }),
  },
  'POST /targets': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { organizationId: s.street, measure: 'tripParticipants', period: '2024', target: 100 } }) },
  'POST /periods': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { organizationId: s.street, period: '2024-06' } }) },
  'POST /reports': { who: ADMIN, scope: 'org', sample: (s) => ({ body: report(s, at(s, 'report2')) }) },
  'GET /reports': { who: READERS, scope: 'any', sample: () => ({}) },
  'GET /reports/:id': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { id: at(s, 'report') } }) },
  'GET /reports/:id/reproduce': { who: READERS, scope: 'org', read: true, sample: (s) => ({ params: { id: at(s, 'report') } }) },
  'GET /audit/digest': { who: ROLES, scope: 'any', sample: () => ({}) },
  'GET /audit/verify': { who: HISTORY, scope: 'ledger', read: true, sample: () => ({}) },
  'GET /audit/export': { who: HISTORY, scope: 'ledger', read: true, sample: () => ({}) },
  'GET /audit/log': { who: HISTORY, scope: 'ledger', read: true, sample: () => ({ query: { limit: '5' } }) },
  'GET /audit/streams/:streamName': { who: HISTORY, scope: 'ledger', read: true, sample: (s) => ({ params: { streamName: `course-${at(s, 'painting')}` } }) },
  'GET /audit/correlations/:correlationId': { who: HISTORY, scope: 'ledger', read: true, sample: () => ({ params: { correlationId: 'matrix' } }) },
  'POST /admin/tokens': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { role: 'staff', organizationId: s.street, label: 'door tablet' } }) },
  'GET /admin/tokens': { who: ADMIN, scope: 'any', sample: () => ({}) },
  'DELETE /admin/tokens/:id': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { id: victims.get(s.street)! } }) },
  'POST /admin/device-codes': { who: ADMIN, scope: 'org', sample: (s) => ({ body: { organizationId: s.street, label: 'door tablet' } }) },
  'GET /auth/me': { who: ROLES, scope: 'any', sample: () => ({}) },
  'POST /people/:participantId/contact': {
    who: RECORDERS, scope: 'org', sample: (s) => ({ params: { participantId: at(s, 'p1') }, body: { organizationId: s.street, name: '王师傅', phone: '+86 138 0000 0000' } }),
  },
  'GET /people/:participantId/contact': { who: ['staff'], scope: 'org', sample: (s) => ({ params: { participantId: at(s, 'p1') } }) },
  'POST /people/:participantId/forget': { who: ADMIN, scope: 'org', sample: (s) => ({ params: { participantId: at(s, 'p2') }, body: { grounds: 'participant-request' } }) },
};

/**
 * Routes anyone may call: the health check, redeeming a device code (how a tablet gets its first
 * token), and the OpenAPI document and its UI (served by Swagger, outside the guard).
 */
const PUBLIC = (route: string) => route === 'GET /health' || route === 'POST /auth/device-codes/redeem' || /^GET \/docs/.test(route);

/** Token ids to revoke in the DELETE samples, one per street, issued in beforeAll. */
const victims = new Map<string, string>();

const clinic = (s: Site) => ({ organizationId: s.street, venue: 'Market', date: '2024-04-12', services: ['blood pressure'], workersServed: 28, targetGroups: ['new-form workers'] });
const meal = (s: Site) => ({ organizationId: s.street, partner: 'Canteen', date: '2024-01-18', meals: 75, recipientGroup: 'delivery riders' });
const member = (s: Site) => ({ organizationId: s.street, date: '2024-01-18', channel: 'online', category: 'new-form-worker' });
const trip = (s: Site) => ({ organizationId: s.street, destination: 'Beidaihe', startDate: '2024-07-15', endDate: '2024-07-18', eligibility: ['craftsman title holder'] });
const delivery = (s: Site) => ({ organizationId: s.street, site: 'welding line', date: '2024-07-08', items: [{ item: 'drinks', quantity: 40, unit: 'case' }], workersReached: 86 });
const installation = (s: Site) => ({ organizationId: s.street, site: 'welding line', date: '2024-07-08', kind: 'air cooler', quantity: 16 });
const feedback = (s: Site) => ({ organizationId: s.street, date: '2024-07-09', topic: 'protective shoes', suggestions: 12 });
const intake = (s: Site) => ({ organizationId: s.street, programme: 'skills upgrading', tracks: ['business administration'], applicationOpens: '2024-03-01', applicationCloses: '2024-04-30' });
const application = (s: Site) => ({ track: 'business administration', recommendingOrganizationId: s.street, tuitionAid: 'full', date: '2024-03-05' });
const report = (s: Site, id: string) => ({ id, title: 'Courses 2024', query: 'courses', parameters: { organizationId: s.street, ...year } });

/** One of everything a sample names, for a street. */
function fixtures(s: Site): Array<[string, object]> {
  return [
    ['/organizations', { id: at(s, 'g'), name: 'Grassroots union', level: 'grassroots', parentId: s.street }],
    ['/brands', { id: at(s, 'brand'), organizationId: s.street, name: 'Lunch hour' }],
    ['/courses', { id: at(s, 'painting'), organizationId: s.street, name: 'Painting', category: 'art' }],
    [`/courses/${at(s, 'painting')}/sessions`, { id: 's1', date: '2024-03-04' }],
    [`/courses/${at(s, 'painting')}/sessions`, { id: 's3', date: '2024-03-05' }],
    [`/courses/${at(s, 'painting')}/sessions/s1/attendances`, { participantIds: [at(s, 'w1')] }],
    ['/clinics', { ...clinic(s), id: at(s, 'clinic') }],
    ['/meals', { ...meal(s), id: at(s, 'meal') }],
    [`/meals/${at(s, 'meal')}/recipients`, { participantIds: [at(s, 'rider1')] }],
    ['/members', { ...member(s), workerId: at(s, 'rider') }],
    ['/trips', { ...trip(s), id: at(s, 'trip') }],
    [`/trips/${at(s, 'trip')}/participants`, { participants: [{ participantId: at(s, 'sk1'), eligibilityCategory: 'craftsman title holder' }] }],
    ['/cooling/deliveries', { ...delivery(s), id: at(s, 'delivery') }],
    ['/cooling/installations', { ...installation(s), id: at(s, 'install') }],
    ['/feedback', { ...feedback(s), id: at(s, 'feedback') }],
    ['/programme/intakes', { ...intake(s), id: at(s, 'intake') }],
    [`/programme/intakes/${at(s, 'intake')}/applications`, { ...application(s), applicantId: at(s, 'ap1') }],
    [`/programme/intakes/${at(s, 'intake')}/applications`, { ...application(s), applicantId: at(s, 'ap3') }],
    ['/reports', report(s, at(s, 'report'))],
    [`/people/${at(s, 'p1')}/contact`, { organizationId: s.street, name: '李师傅' }],
    [`/people/${at(s, 'p2')}/contact`, { organizationId: s.street, name: '张师傅' }],
  ];
}

interface Caller {
  readonly role: Role;
  readonly scoped: boolean;
  readonly token: string;
}

type Expectation = { readonly allowed: true } | { readonly allowed: false; readonly status: 401 | 403; readonly rule?: string };

/** What the policy says this caller gets for this sample: worked out here, not by the application's own authorize(). */
function expectation(policy: Policy, caller: Caller, site: Site): Expectation {
  if (!policy.who.includes(caller.role)) return { allowed: false, status: 403, rule: 'role' };
  if (!caller.scoped || policy.scope === 'any') return { allowed: true };
  if (policy.read && caller.role === 'auditor') return { allowed: true };
  if (policy.scope === 'ledger' || site === OUTSIDE) return { allowed: false, status: 403, rule: 'scope' };
  return { allowed: true };
}

const routeKey = (route: RegisteredRoute) => `${route.method} ${route.path}`;

describe('access control: every route × every role × inside and outside the scope', () => {
  let ledger: TestLedger;
  let routes: RegisteredRoute[];
  const callers: Caller[] = [];
  const tokens: Record<'unknown' | 'revoked' | 'expired', string> = { unknown: 'ledger_' + 'x'.repeat(43), revoked: '', expired: '' };
  let expiresAt = 0;
  let requests = 0;

  const send = (route: RegisteredRoute, sample: Sample, authorization?: string) => {
    requests++;
    const path = fillPath(route.path, sample.params ?? {});
    const method = route.method.toLowerCase() as 'get' | 'post' | 'delete';
    let req = ledger.anonymous[method](path);
    if (authorization !== undefined) req = req.set('Authorization', authorization);
    if (sample.query) req = req.query(sample.query);
    return sample.body === undefined ? req : req.send(sample.body);
  };

  beforeAll(async () => {
    ledger = await startTestLedger();
    const admin = ledger.http;
    await admin.post('/organizations').send({ id: 'beijing', name: 'Beijing federation', level: 'federation' }).expect(201);
    for (const site of [INSIDE, OUTSIDE]) {
      await admin.post('/organizations').send({ id: site.district, name: site.district, level: 'district', parentId: 'beijing' }).expect(201);
      await admin.post('/organizations').send({ id: site.street, name: site.street, level: 'street', parentId: site.district }).expect(201);
    }
    for (const site of [INSIDE, OUTSIDE]) {
      for (const [path, body] of fixtures(site)) await admin.post(path).send(body).expect((res) => expect({ path, status: res.status }).toEqual({ path, status: 201 }));
      victims.set(site.street, (await ledger.issueToken('staff', site.street)).id);
    }
    for (const role of ROLES) {
      callers.push({ role, scoped: true, token: (await ledger.issueToken(role, SCOPE)).token });
      callers.push({ role, scoped: false, token: (await ledger.issueToken(role, null)).token });
    }
    const revoked = await ledger.issueToken('admin', null);
    await admin.delete(`/admin/tokens/${revoked.id}`).expect(200);
    tokens.revoked = revoked.token;
    expiresAt = Date.now() + 1_500;
    tokens.expired = (await ledger.issueToken('admin', null, { expiresAt: new Date(expiresAt).toISOString() })).token;
    await ledger.caughtUp();
    routes = registeredRoutes(ledger.app);
  }, 60_000);
  afterAll(async () => {
    await ledger?.close();
  });

  it('has a policy line for every route the application registers, and no line for a route it does not', () => {
    const registered = routes.map(routeKey);
    expect(registered.filter((route) => !PUBLIC(route) && POLICY[route] === undefined)).toEqual([]);
    expect(Object.keys(POLICY).filter((route) => !registered.includes(route))).toEqual([]);
    expect(registered).toContain('GET /health');
  });

  it('answers each role inside and outside its scope as the policy says, and records nothing it refuses', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const key = routeKey(route);
      const policy = POLICY[key];
      if (policy === undefined) continue;
      const sites = policy.scope === 'org' ? [INSIDE, OUTSIDE] : [INSIDE];
      const cases = sites.flatMap((site) => callers.map((caller) => ({ site, caller, expected: expectation(policy, caller, site) })));

      // The refusals first, in a batch the log must not move across; then what is allowed.
      const headBefore = await ledger.headPosition();
      for (const { site, caller, expected } of cases.filter((c) => !c.expected.allowed)) {
        const res = await send(route, policy.sample(site), bearer(caller.token));
        const problem = refusalProblem(res, expected as Extract<Expectation, { allowed: false }>);
        if (problem) wrong.push(`${key} as ${caller.scoped ? '' : 'unscoped '}${caller.role} ${site === INSIDE ? 'inside' : 'outside'}: ${problem}`);
      }
      const headAfter = await ledger.headPosition();
      if (headAfter !== headBefore) wrong.push(`${key}: refused requests moved the log from ${headBefore} to ${headAfter}`);

      for (const { site, caller } of cases.filter((c) => c.expected.allowed)) {
        const res = await send(route, policy.sample(site), bearer(caller.token));
        if (res.status === 401 || res.status === 403 || res.status >= 500) {
          wrong.push(`${key} as ${caller.scoped ? '' : 'unscoped '}${caller.role} ${site === INSIDE ? 'inside' : 'outside'}: expected to pass, got ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('answers 401 without a token, with a malformed, unknown, revoked or expired one, on every route but the public ones, and records nothing', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 50)));
    const presented: Array<[string | undefined, string]> = [
      [undefined, 'bearerToken'],
      ['Basic dXNlcjpwdw==', 'bearerToken'],
      [bearer(tokens.unknown), 'knownToken'],
      [bearer(tokens.revoked), 'tokenRevoked'],
      [bearer(tokens.expired), 'tokenExpired'],
    ];
    const wrong: string[] = [];
    const headBefore = await ledger.headPosition();
    for (const route of routes) {
      const key = routeKey(route);
      const policy = POLICY[key];
      if (policy === undefined) continue;
      for (const [authorization, rule] of presented) {
        const res = await send(route, policy.sample(INSIDE), authorization);
        const problem = refusalProblem(res, { allowed: false, status: 401, rule });
        if (problem) wrong.push(`${key} with ${authorization ?? 'no Authorization'}: ${problem}`);
        else if (res.headers['www-authenticate'] !== 'Bearer realm="activity-ledger"') wrong.push(`${key}: 401 without WWW-Authenticate`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await ledger.headPosition()).toBe(headBefore);
  }, 60_000);

  it('lets anyone call the public routes', async () => {
    for (const path of ['/health', '/docs', '/docs-json']) {
      const res = await ledger.anonymous.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    // Without a token, a code is looked up: an unknown one is refused for what it is, not for the missing token.
    const redeemed = await ledger.anonymous.post('/auth/device-codes/redeem').send({ code: 'ZZZZ-ZZZZ' });
    expect({ status: redeemed.status, details: redeemed.body.details }).toEqual({ status: 401, details: [{ field: 'code', rule: 'knownCode' }] });
  });

  afterAll(() => {
    // The size of the matrix, for the closing note: the routes and the requests it made.
    console.log(`access matrix: ${routes?.length ?? 0} routes, ${requests} requests`);
  });
});

/** Why an answer is not the refusal expected, or undefined when it is. */
function refusalProblem(res: Response, expected: Extract<Expectation, { allowed: false }>): string | undefined {
  if (res.status !== expected.status) return `expected ${expected.status}, got ${res.status} ${JSON.stringify(res.body)}`;
  const body = res.body as { statusCode?: number; error?: string; message?: unknown; details?: Array<{ field: string; rule: string }> };
  if (body.statusCode !== expected.status || body.error !== STATUS_CODES[expected.status] || typeof body.message !== 'string') return `not the error shape: ${JSON.stringify(body)}`;
  const field = expected.status === 401 ? 'Authorization' : expected.rule === 'role' ? 'role' : 'organizationId';
  if (!body.details?.some((d) => d.field === field && (expected.rule === undefined || d.rule === expected.rule))) {
    return `details do not name ${field}/${expected.rule}: ${JSON.stringify(body.details)}`;
  }
  return undefined;
}
