import fc from 'fast-check';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';
import { HostileBody, hostileBodies } from '../support/hostile-bodies';
import { startTestLedger, TestLedger } from '../support/ledger-app';
import { fillPath, RegisteredRoute, registeredRoutes, writeRoutes } from '../support/routes';

/**
 * Abuse and bad input: every write endpoint the application registers gets generated hostile
 * bodies (see hostile-bodies.ts), and each must be refused with a 4xx in the ledger's error shape,
 * the process still serving and the log unchanged. The seed is fixed, so a failure replays.
 */

const SEED = 20250301;
const RUNS_PER_ROUTE = 60;

/**
 * What the route parameters name: all of it recorded by BASE_STATE, so that a hostile body meets
 * validation and the command rather than a 404 for its URL. The projection name is the exception:
 * the rebuild endpoint takes no body at all, and a real name would start a rebuild per input.
 */
const PATH_VALUES: Readonly<Record<string, string>> = {
  organizationId: 'chaowai',
  courseId: 'painting',
  sessionId: '2024-03-04',
  participantId: 'w-0001',
  clinicId: 'clinic-1',
  mealId: 'meal-1',
  workerId: 'rider-0001',
  tripId: 'trip-1',
  deliveryId: 'delivery-1',
  installationId: 'install-1',
  feedbackId: 'feedback-1',
  brandId: 'lunch-hour',
  intakeId: 'skills-2024',
  applicantId: 'ap-0001',
  name: 'no-such-projection',
  id: 'tok-no-such-token',
};

/** The walk-through's ledger in small: one of each thing a write route's URL can name. */
const BASE_STATE: ReadonlyArray<[string, object]> = [
  ['/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' }],
  ['/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' }],
  ['/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' }],
  ['/courses', { id: 'painting', organizationId: 'chaowai', name: '彩绘课 Colour painting', category: 'art' }],
  ['/courses/painting/sessions', { id: '2024-03-04', date: '2024-03-04', venue: '职工之家' }],
  ['/courses/painting/sessions/2024-03-04/attendances', { participantIds: ['w-0001'] }],
  ['/clinics', { id: 'clinic-1', organizationId: 'chaoyang', venue: '新发地市场', date: '2024-04-12', services: ['blood pressure'], workersServed: 28, targetGroups: ['new-form workers'] }],
  ['/meals', { id: 'meal-1', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-18', meals: 75, recipientGroup: 'delivery riders' }],
  ['/meals/meal-1/recipients', { participantIds: ['w-0001'] }],
  ['/members', { workerId: 'rider-0001', organizationId: 'chaowai', date: '2024-01-18', channel: 'online', category: 'new-form-worker' }],
  ['/trips', { id: 'trip-1', organizationId: 'chaoyang', destination: '北戴河 Beidaihe', startDate: '2024-07-15', endDate: '2024-07-18', eligibility: ['craftsman title holder'] }],
  ['/trips/trip-1/participants', { participants: [{ participantId: 'w-0001', eligibilityCategory: 'craftsman title holder' }] }],
  ['/cooling/deliveries', { id: 'delivery-1', organizationId: 'chaowai', site: 'welding line', date: '2024-07-08', items: [{ item: 'drinks', quantity: 40, unit: 'case' }], workersReached: 86 }],
  ['/cooling/installations', { id: 'install-1', organizationId: 'chaowai', site: 'welding line', date: '2024-07-08', kind: 'air cooler', quantity: 16 }],
  ['/feedback', { id: 'feedback-1', organizationId: 'chaowai', date: '2024-07-09', topic: 'protective shoes', suggestions: 12 }],
  ['/brands', { id: 'lunch-hour', organizationId: 'chaowai', name: '午间一小时 lunch hour' }],
  ['/programme/intakes', { id: 'skills-2024', organizationId: 'beijing', programme: 'skills upgrading', tracks: ['business administration'], applicationOpens: '2024-03-01', applicationCloses: '2024-04-30' }],
  ['/programme/intakes/skills-2024/applications', { applicantId: 'ap-0001', track: 'business administration', recommendingOrganizationId: 'chaowai', tuitionAid: 'full', date: '2024-03-05' }],
  ['/programme/intakes/skills-2024/applications/ap-0001/admission', { track: 'business administration', tuitionAid: 'full', date: '2024-06-20' }],
];

/**
 * One valid body per write route (from the DTOs in apps/api/src/*\/*.dto.ts), given the base
 * state: creates name new ids, so that a mutation the API failed to notice would be recorded and
 * show. `undefined`: the route reads no body.
 */
const VALID_BODIES: Readonly<Record<string, object | undefined>> = {
  'POST /organizations': { id: 'fuzz-org', name: 'Fuzz union', level: 'grassroots', parentId: 'chaowai' },
  'POST /organizations/:organizationId/moves': { newParentId: 'beijing', effectiveDate: '2024-10-01' },
  'POST /organizations/:organizationId/renames': { name: '朝外街道 renamed', effectiveDate: '2024-10-01' },
  'POST /courses': { id: 'fuzz-course', organizationId: 'chaowai', name: 'Fuzz course', category: 'art' },
  'POST /courses/:courseId/corrections': { name: 'Painting (Mon)', reason: 'schedule in the name' },
  'POST /courses/:courseId/brand': { brandId: 'lunch-hour' },
  'POST /courses/:courseId/brand/remove': { reason: 'assigned by mistake' },
  'POST /courses/:courseId/sessions': { id: '2024-03-11', date: '2024-03-11', venue: '职工之家' },
  'POST /courses/:courseId/sessions/:sessionId/void': { reason: 'recorded twice' },
  'POST /courses/:courseId/sessions/:sessionId/attendances': { participantIds: ['w-0002', 'w-0003'] },
  'POST /courses/:courseId/sessions/:sessionId/attendances/:participantId/void': { reason: 'signed in for a colleague' },
  'POST /clinics': { id: 'fuzz-clinic', organizationId: 'chaoyang', venue: '新发地市场', date: '2024-04-13', services: ['blood pressure'], workersServed: 28, targetGroups: ['new-form workers'] },
  'POST /clinics/:clinicId/corrections': { workersServed: 30, reason: 'late sign-ins' },
  'POST /clinics/:clinicId/visitors': { participantIds: ['w-0002'] },
  'POST /meals': { id: 'fuzz-meal', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-19', meals: 75, recipientGroup: 'delivery riders' },
  'POST /meals/:mealId/corrections': { meals: 74, reason: 'one counted twice' },
  'POST /meals/:mealId/recipients': { participantIds: ['rider-0002'] },
  'POST /meals/:mealId/recipients/:participantId/void': { reason: 'identified at the wrong serving' },
  'POST /members': { workerId: 'rider-0002', organizationId: 'chaowai', date: '2024-01-18', channel: 'on-site', category: 'other' },
  'POST /members/:organizationId/:workerId/void': { reason: 'recorded at the wrong union' },
  'POST /trips': { id: 'fuzz-trip', organizationId: 'chaoyang', destination: '北戴河', startDate: '2024-08-15', endDate: '2024-08-18', eligibility: ['craftsman title holder'] },
  'POST /trips/:tripId/corrections': { endDate: '2024-07-19', reason: 'stayed a day longer' },
  'POST /trips/:tripId/participants': { participants: [{ participantId: 'sk-0002', eligibilityCategory: 'craftsman title holder' }] },
  'POST /trips/:tripId/participants/:participantId/void': { reason: 'fell ill, did not go' },
  'POST /targets': { organizationId: 'chaoyang', measure: 'tripParticipants', period: '2024', target: 100 },
  'POST /cooling/deliveries': { id: 'fuzz-delivery', organizationId: 'chaowai', site: 'welding line', date: '2024-07-08', items: [{ item: 'drinks', quantity: 40, unit: 'case' }], workersReached: 86 },
  'POST /cooling/deliveries/:deliveryId/corrections': { workersReached: 88, reason: 'two late arrivals' },
  'POST /cooling/installations': { id: 'fuzz-install', organizationId: 'chaowai', site: 'welding line', date: '2024-07-08', kind: 'air cooler', quantity: 16 },
  'POST /cooling/installations/:installationId/corrections': { quantity: 15, reason: 'one was returned' },
  'POST /feedback': { id: 'fuzz-feedback', organizationId: 'chaowai', date: '2024-07-09', topic: 'protective shoes', suggestions: 12 },
  'POST /feedback/:feedbackId/corrections': { suggestions: 11, reason: 'one counted twice' },
  'POST /brands': { id: 'fuzz-brand', organizationId: 'chaowai', name: '午间一小时 fuzz', description: '20-odd kinds of activity' },
  'POST /brands/:brandId/corrections': { description: '22 kinds of activity', reason: 'count updated' },
  'POST /programme/intakes': { id: 'fuzz-intake', organizationId: 'beijing', programme: 'skills upgrading', tracks: ['business administration'], applicationOpens: '2024-03-01', applicationCloses: '2024-04-30' },
  'POST /programme/intakes/:intakeId/corrections': { applicationCloses: '2024-05-15', reason: 'window extended' },
  'POST /programme/intakes/:intakeId/applications': { applicantId: 'ap-0002', track: 'business administration', recommendingOrganizationId: 'chaowai', tuitionAid: 'partial', date: '2024-03-06' },
  'POST /programme/intakes/:intakeId/applications/:applicantId/void': { reason: 'recorded twice' },
  'POST /programme/intakes/:intakeId/applications/:applicantId/admission': { track: 'business administration', tuitionAid: 'none', date: '2024-06-21' },
  'POST /programme/intakes/:intakeId/applications/:applicantId/admission/void': { reason: 'declined the place' },
  'POST /periods': { organizationId: 'chaowai', period: '2024-06' },
  'POST /reports': { id: 'fuzz-report', title: 'Chaowai courses 2024', query: 'courses', parameters: { organizationId: 'chaowai', from: '2024-01-01', to: '2024-12-31' } },
  'POST /admin/projections/:name/rebuild': undefined,
  'POST /admin/tokens': { role: 'staff', organizationId: 'chaowai', label: 'fuzz tablet' },
  'DELETE /admin/tokens/:id': undefined,
  'POST /admin/device-codes': { organizationId: 'chaowai', role: 'staff', label: 'fuzz tablet', validForHours: 12 },
  'POST /auth/device-codes/redeem': { code: 'K7QM-4TZP' },
  'POST /people/:participantId/contact': { organizationId: 'chaowai', name: '王师傅', phone: '+86 138 0000 0000' },
  'POST /people/:participantId/forget': { grounds: 'participant-request' },
};

const routeKey = (route: RegisteredRoute) => `${route.method} ${route.path}`;

/** Why an answer is not a proper refusal, or undefined when it is one. */
function whatIsWrong(res: Response): string | undefined {
  if (res.status < 400 || res.status > 499) return `status ${res.status}`;
  if (!/^application\/json\b/.test(String(res.headers['content-type']))) return `content-type ${String(res.headers['content-type'])}`;
  const body = res.body as Record<string, unknown>;
  if (typeof body !== 'object' || body === null) return 'no JSON object';
  if ('stack' in body) return 'a stack trace in the body';
  if (body.statusCode !== res.status || body.error !== STATUS_CODES[res.status] || typeof body.message !== 'string') return 'not the error shape';
  const details = body.details;
  if (!Array.isArray(details)) return 'no details';
  const odd = details.find((d: unknown) => typeof d !== 'object' || d === null || typeof (d as Record<string, unknown>).field !== 'string' || typeof (d as Record<string, unknown>).rule !== 'string');
  if (odd !== undefined) return `a detail that is not {field, rule}: ${JSON.stringify(odd)}`;
  return undefined;
}

/** A failing input, in a form the lead can replay with curl. */
interface Failure {
  route: string;
  kind: string;
  problem: string;
  status: number;
  contentType: string;
  contentEncoding?: string;
  payloadStart: string;
  payloadBytes: number;
  answer: string;
}

describe('write fuzz: generated hostile bodies on every write endpoint', () => {
  let ledger: TestLedger;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    ledger = await startTestLedger();
    for (const [path, body] of BASE_STATE) await ledger.http.post(path).send(body).expect((res) => expect([200, 201]).toContain(res.status));
    routes = writeRoutes(ledger.app);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('finds the routes the application registers, with their real parameter names', () => {
    const all = registeredRoutes(ledger.app).map(routeKey);
    expect(all).toEqual(
      expect.arrayContaining([
        'POST /organizations',
        'POST /meals',
        'POST /courses/:courseId/sessions/:sessionId/attendances',
        'GET /health',
        'GET /projections/status',
      ]),
    );
    // Every write route has a valid body here (or says it reads none): a new one fails this first.
    expect(routes.map(routeKey).sort()).toEqual(Object.keys(VALID_BODIES).sort());
  });

  it('refuses every hostile body with a 4xx JSON error, keeps serving, and records nothing', async () => {
    const headBefore = await ledger.headPosition();
    expect(headBefore).not.toBeNull();
    const failures: Failure[] = [];
    let tried = 0;

    for (const route of routes) {
      const path = fillPath(route.path, PATH_VALUES);
      const send = (body: HostileBody) => {
        // superagent would serialise a Buffer as JSON ({"type":"Buffer","data":[…]}) under a JSON
        // content type: the identity serialiser sends the bytes as they are.
        let req = (route.method === 'DELETE' ? ledger.http.delete(path) : ledger.http.post(path)).set('Content-Type', body.contentType).serialize((bytes: unknown) => bytes as string);
        if (body.contentEncoding) req = req.set('Content-Encoding', body.contentEncoding);
        return req.send(body.payload);
      };
      let firstFailure: Failure | undefined;
      const result = await fc.check(
        fc.asyncProperty(hostileBodies(VALID_BODIES[routeKey(route)]), async (body) => {
          tried++;
          // The head before this input, not before the run: one accepted input must not blame the next.
          const headThen = await ledger.headPosition();
          const res = await send(body);
          const headNow = await ledger.headPosition();
          const problem = whatIsWrong(res) ?? (headNow !== headThen ? `the log moved from ${headThen} to ${headNow}` : undefined);
          if (problem === undefined) return true;
          firstFailure ??= {
            route: routeKey(route),
            kind: body.kind,
            problem,
            status: res.status,
            contentType: body.contentType,
            contentEncoding: body.contentEncoding,
            payloadStart: body.payload.subarray(0, 300).toString('latin1'),
            payloadBytes: body.payload.length,
            answer: res.text.slice(0, 300),
          };
          return false;
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      if (result.failed) failures.push(firstFailure ?? { route: routeKey(route), kind: 'the property threw', problem: String(result.errorInstance), status: 0, contentType: '', payloadStart: '', payloadBytes: 0, answer: '' });
      // Still serving after each route's run, whatever it was sent.
      expect((await ledger.http.get('/health')).status).toBe(200);
    }

    // Said before the assertions, so a failing run also tells how far it got (a route stops at its first failure).
    if (failures.length > 0) console.log(`fuzz: ${tried} inputs over ${routes.length} write routes; ${failures.length} routes answered one wrongly`);
    expect(failures).toEqual([]);
    // The log did not change: its head is where it was, and no event lies after it.
    expect(await ledger.headPosition()).toBe(headBefore);
    const after = await ledger.http.get('/audit/log').query({ after: headBefore! }).expect(200);
    expect(after.body.events).toEqual([]);
    expect(tried).toBe(routes.length * RUNS_PER_ROUTE);
    console.log(`fuzz: ${tried} inputs over ${routes.length} write routes, all refused with 4xx JSON; the log did not change`);
  }, 120_000);
});
