import type { AuditedEvent } from '../../apps/api/src/audit/history-paging';
import type { Explanation } from '../../apps/api/src/projections/explain';
import { LOG_STORES, startTestLedgerOn, TestLedger } from '../support/ledger-app';

const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' };

/**
 * Two districts under a federation; chaowai, a street under chaoyang, moves to fengtai on
 * 2024-09-01. Courses, sessions and meals in and out of the period and of chaoyang's subtree.
 */
async function recordLedger(ledger: TestLedger): Promise<void> {
  const { http } = ledger;
  const post = (path: string, body: object) => http.post(path).send(body).expect((r) => expect([200, 201]).toContain(r.status));
  await post('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  await post('/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' });
  await post('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' });
  await post('/organizations', { id: 'fengtai', name: '丰台区总工会', level: 'district', parentId: 'beijing' });

  await post('/courses', { id: 'painting', organizationId: 'chaowai', name: 'Colour painting', category: 'art' });
  await post('/courses', { id: 'yoga', organizationId: 'chaoyang', name: 'Yoga', category: 'sport' });
  await post('/courses', { id: 'dance', organizationId: 'fengtai', name: 'Dance', category: 'sport' });
  const session = async (course: string, id: string, date: string, participantIds: string[]) => {
    await post(`/courses/${course}/sessions`, { id, date });
    await post(`/courses/${course}/sessions/${id}/attendances`, { participantIds });
  };
  await session('painting', 'p1', '2024-03-04', ['w1', 'w2', 'w3']);
  await session('painting', 'p2', '2024-04-08', ['w1', 'w2']);
  await session('painting', 'p-2023', '2023-12-04', ['w1']); // before the period
  await session('painting', 'p-twice', '2024-05-06', ['w1', 'w4']); // voided below, with its attendances
  await session('yoga', 'y1', '2024-06-03', ['w1', 'w5']);
  await session('dance', 'd1', '2024-03-05', ['w6', 'w7']); // another district
  await post('/courses/painting/sessions/p1/attendances/w3/void', { reason: 'signed in for a colleague' });
  await post('/courses/painting/sessions/p-twice/void', { reason: 'recorded twice' });

  await post('/meals', { id: 'm1', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-18', meals: 75, recipientGroup: 'delivery riders' });
  await post('/meals/m1/corrections', { meals: 74, reason: 'one counted twice' });
  await post('/meals', { id: 'm2', organizationId: 'chaoyang', partner: '爱心餐厅', date: '2024-02-01', meals: 20, recipientGroup: 'delivery riders' });
  await post('/meals', { id: 'm-fengtai', organizationId: 'fengtai', partner: '爱心餐厅', date: '2024-01-18', meals: 30, recipientGroup: 'delivery riders' });
  await post('/meals', { id: 'm-2023', organizationId: 'chaowai', partner: '爱心餐厅', date: '2023-11-11', meals: 10, recipientGroup: 'delivery riders' });

  // After the move, chaowai's activity counts under fengtai on the dated tree.
  await post('/organizations/chaowai/moves', { newParentId: 'fengtai', effectiveDate: '2024-09-01' });
  await session('painting', 'p-moved', '2024-10-08', ['w1']);
  await ledger.caughtUp();
}

/** What an auditor does by hand: replays the listed session and attendance events. */
function recountCourses(events: readonly AuditedEvent[]) {
  const sessions = new Map<string, Set<string>>();
  const key = (data: Record<string, unknown>) => `${String(data.courseId)}/${String(data.sessionId)}`;
  for (const { type, data } of events) {
    if (type === 'CourseSessionHeld') sessions.set(key(data), new Set());
    if (type === 'CourseSessionVoided') sessions.delete(key(data));
    if (type === 'CourseSessionAttended') sessions.get(key(data))?.add(String(data.participantId));
    if (type === 'AttendanceVoided') sessions.get(key(data))?.delete(String(data.participantId));
  }
  const perCourse = new Map<string, { sessions: number; attendances: number }>();
  for (const [session, attendees] of sessions) {
    const course = session.split('/')[0];
    const figures = perCourse.get(course) ?? { sessions: 0, attendances: 0 };
    perCourse.set(course, { sessions: figures.sessions + 1, attendances: figures.attendances + attendees.size });
  }
  return perCourse;
}

function recountMeals(events: readonly AuditedEvent[]) {
  const meals = new Map<string, number>();
  for (const { type, data } of events) {
    if (type === 'MealServed' || type === 'MealCountCorrected') meals.set(String(data.mealId), Number(data.meals));
  }
  return { mealServings: meals.size, meals: [...meals.values()].reduce((a, b) => a + b, 0) };
}

const total = (perCourse: ReturnType<typeof recountCourses>) =>
  [...perCourse.values()].reduce((sum, f) => ({ sessions: sum.sessions + f.sessions, attendances: sum.attendances + f.attendances }), {
    sessions: 0,
    attendances: 0,
  });

/** One line per event, enough to tell them apart. */
const lineOf = ({ type, data }: AuditedEvent) =>
  [type, data.courseId, data.sessionId, data.participantId, data.mealId].filter((part) => part !== undefined).join(' ');

/** The session events of chaoyang's 2024 figures on the dated tree, in log order: p-moved was held after chaowai left. */
const CHAOYANG_2024_SESSIONS = [
  'CourseSessionHeld painting p1',
  'CourseSessionAttended painting p1 w1',
  'CourseSessionAttended painting p1 w2',
  'CourseSessionAttended painting p1 w3',
  'CourseSessionHeld painting p2',
  'CourseSessionAttended painting p2 w1',
  'CourseSessionAttended painting p2 w2',
  'CourseSessionHeld painting p-twice',
  'CourseSessionAttended painting p-twice w1',
  'CourseSessionAttended painting p-twice w4',
  'CourseSessionHeld yoga y1',
  'CourseSessionAttended yoga y1 w1',
  'CourseSessionAttended yoga y1 w5',
  'AttendanceVoided painting p1 w3',
  'CourseSessionVoided painting p-twice',
];
const CHAOYANG_2024_MEALS = ['MealServed m1', 'MealCountCorrected m1', 'MealServed m2'];

describe.each(LOG_STORES)('explain=true: the events behind a projection figure, on %s', (store) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedgerOn(store);
    await recordLedger(ledger);
  });
  afterAll(() => ledger.close());

  const get = (path: string, query: Record<string, string>) => ledger.http.get(path).query(query);

  describe('GET /projections/organizations/:id', () => {
    it('lists exactly the in-scope events, in log order, and recounting them gives the figures', async () => {
      const plain = (await get('/projections/organizations/chaoyang', YEAR_2024).expect(200)).body;
      const { explanation, ...figures } = (await get('/projections/organizations/chaoyang', { ...YEAR_2024, explain: 'true' }).expect(200)).body as {
        explanation: Explanation;
      } & Record<string, unknown>;

      expect(figures).toEqual(plain);
      expect(figures).toMatchObject({ courseSessions: 3, attendances: 6, mealServings: 2, meals: 94 });
      expect(explanation.truncated).toBe(false);
      expect(explanation.upToPosition).toBe(await ledger.headPosition());
      expect(explanation.note).toMatch(/CourseSessionVoided/);
      expect(explanation.events.map(lineOf)).toEqual([...CHAOYANG_2024_SESSIONS, ...CHAOYANG_2024_MEALS]);
      const positions = explanation.events.map((event) => BigInt(event.position));
      expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);

      const recounted = total(recountCourses(explanation.events));
      expect(recounted).toEqual({ sessions: figures.courseSessions, attendances: figures.attendances });
      expect(recountMeals(explanation.events)).toEqual({ mealServings: figures.mealServings, meals: figures.meals });
    });

    it('shows each event as the audit history does', async () => {
      const { explanation } = (await get('/projections/organizations/chaoyang', { ...YEAR_2024, explain: 'true' }).expect(200)).body as {
        explanation: Explanation;
      };
      const voided = explanation.events.find((event) => event.type === 'AttendanceVoided')!;
      expect(voided).toEqual({
        position: expect.stringMatching(/^\d+(:\d+)?$/),
        streamName: expect.any(String),
        revision: expect.stringMatching(/^\d+$/),
        id: expect.any(String),
        type: 'AttendanceVoided',
        data: { courseId: 'painting', sessionId: 'p1', participantId: 'w3', reason: 'signed in for a colleague' },
        metadata: expect.objectContaining({ recordedAt: expect.any(String), actor: expect.any(String) }),
      });
    });

    it('leaves out another district, other periods, and what moved out on the dated tree', async () => {
      const { explanation } = (await get('/projections/organizations/chaoyang', { ...YEAR_2024, explain: 'true' }).expect(200)).body as {
        explanation: Explanation;
      };
      const listed = JSON.stringify(explanation.events.map((event) => event.data));
      for (const absent of ['dance', 'd1', 'p-2023', 'p-moved', 'm-fengtai', 'm-2023']) expect(listed).not.toContain(absent);
    });

    it('follows the tree mode: under today\'s tree chaowai and all its painting belong to fengtai', async () => {
      const fengtai = (await get('/projections/organizations/fengtai', { ...YEAR_2024, tree: 'current', explain: 'true' }).expect(200)).body as {
        explanation: Explanation;
        courseSessions: number;
        attendances: number;
        meals: number;
      };
      expect(fengtai).toMatchObject({ courseSessions: 4, attendances: 7, meals: 104 });
      expect(total(recountCourses(fengtai.explanation.events))).toEqual({ sessions: 4, attendances: 7 });
      expect(recountMeals(fengtai.explanation.events).meals).toBe(104);
      expect(fengtai.explanation.events.some((event) => event.data.sessionId === 'p-moved')).toBe(true);
    });

    it('keeps the answer as it was without explain: no explanation key', async () => {
      for (const query of [YEAR_2024, { ...YEAR_2024, explain: 'false' }]) {
        const body = (await get('/projections/organizations/chaoyang', query).expect(200)).body;
        expect(body).not.toHaveProperty('explanation');
      }
    });
  });

  describe('GET /projections/courses', () => {
    it('answers {courses, explanation}, and each course recounts from the listed events', async () => {
      const query = { organizationId: 'chaoyang', ...YEAR_2024 };
      const plain = (await get('/projections/courses', query).expect(200)).body as Array<{ courseId: string; sessions: number; attendances: number }>;
      const { courses, explanation } = (await get('/projections/courses', { ...query, explain: 'true' }).expect(200)).body as {
        courses: typeof plain;
        explanation: Explanation;
      };
      expect(courses).toEqual(plain);
      expect(explanation.events.map(lineOf)).toEqual(CHAOYANG_2024_SESSIONS);
      const recounted = recountCourses(explanation.events);
      for (const course of courses) {
        expect(recounted.get(course.courseId) ?? { sessions: 0, attendances: 0 }).toEqual({ sessions: course.sessions, attendances: course.attendances });
      }
      expect(courses.map((course) => course.courseId)).toEqual(['painting', 'yoga']);
    });

    it('keeps the list as it was without explain', async () => {
      const body = (await get('/projections/courses', { organizationId: 'chaoyang' }).expect(200)).body;
      expect(Array.isArray(body)).toBe(true);
    });

    it('with subtree=false, lists only the organisation\'s own sessions', async () => {
      const { courses, explanation } = (await get('/projections/courses', { organizationId: 'chaoyang', subtree: 'false', explain: 'true' }).expect(200))
        .body as { courses: Array<{ courseId: string; sessions: number; attendances: number }>; explanation: Explanation };
      expect(courses).toMatchObject([{ courseId: 'yoga', sessions: 1, attendances: 2 }]);
      expect(explanation.events.map(lineOf)).toEqual(['CourseSessionHeld yoga y1', 'CourseSessionAttended yoga y1 w1', 'CourseSessionAttended yoga y1 w5']);
    });
  });

  it('with asOf, lists the events up to that point of the log only', async () => {
    // As of the event just before the first void: every session recorded, nothing voided yet.
    const all = (await ledger.http.get('/audit/log').query({ limit: 1000 }).expect(200)).body as { events: AuditedEvent[] };
    const firstVoid = all.events.findIndex((event) => event.type === 'AttendanceVoided');
    const asOf = all.events[firstVoid - 1].position; // positions are opaque: take the previous event's
    const response = await get('/projections/organizations/chaoyang', { ...YEAR_2024, asOf, explain: 'true' }).expect(200);
    const plain = (await get('/projections/organizations/chaoyang', { ...YEAR_2024, asOf }).expect(200)).body;
    const { explanation, ...figures } = response.body as { explanation: Explanation } & Record<string, unknown>;

    expect(response.headers['x-as-of-position']).toBe(asOf);
    expect(explanation.upToPosition).toBe(asOf);
    expect(figures).toEqual(plain);
    expect(figures).toMatchObject({ courseSessions: 4, attendances: 9, meals: 0 });
    expect(explanation.events.map(lineOf)).toEqual(CHAOYANG_2024_SESSIONS.slice(0, 13));
    expect(total(recountCourses(explanation.events))).toEqual({ sessions: 4, attendances: 9 });
  });

  it.each([
    ['/projections/organizations/chaoyang', { explain: 'yes' }],
    ['/projections/courses', { explain: '1' }],
  ])('refuses %s with %j: 400 naming explain', async (path, query) => {
    const response = await get(path, query).expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'explain' })]);
  });
});
