/**
 * The reads the web app builds its pickers from (today's organisation tree, a course's sessions,
 * meal servings) and voiding one identified meal recipient, over HTTP on the SQLite and the
 * PostgreSQL read models: each listing agrees with the figures of the same scope, voided things are
 * left out, principals outside the scope are refused.
 */
import { bearer, startTestLedger, TestLedger } from '../support/ledger-app';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { expectRefused } from '../support/refusals';

interface ReadModelProfile {
  readonly name: string;
  start(): Promise<{ ledger: TestLedger; stop(): Promise<void> }>;
}

const profiles: ReadModelProfile[] = [
  {
    name: 'SQLite read models',
    start: async () => {
      const ledger = await startTestLedger();
      return { ledger, stop: () => ledger.close() };
    },
  },
  {
    name: 'PostgreSQL read models',
    start: async () => {
      const database: TestDatabase = await createTestDatabase('web_reads');
      try {
        const ledger = await startTestLedger({ config: { readModel: { kind: 'postgres', databaseUrl: database.url } } });
        const stop = async () => {
          await ledger.close();
          await database.drop();
        };
        return { ledger, stop };
      } catch (error) {
        await database.drop();
        throw error;
      }
    },
  },
];

const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' };

/**
 * beijing over three districts; sanlitun moved from chaoyang to fengtai on 2024-09-01, chaowai was
 * renamed. Names are Chinese, so siblings sort by code point: 丰 (fengtai) < 朝 (chaoyang) < 海
 * (haidian), and 建 (jianwai) < 朝 (chaowai).
 */
async function record(ledger: TestLedger): Promise<void> {
  const post = (path: string, body: object) =>
    ledger.http.post(path).send(body).expect((res) => expect({ path, status: res.status }).toEqual({ path, status: 201 }));
  await post('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  await post('/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' });
  await post('/organizations', { id: 'fengtai', name: '丰台区总工会', level: 'district', parentId: 'beijing' });
  await post('/organizations', { id: 'haidian', name: '海淀区总工会', level: 'district', parentId: 'beijing' });
  await post('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' });
  await post('/organizations', { id: 'jianwai', name: '建外街道总工会', level: 'street', parentId: 'chaoyang' });
  await post('/organizations', { id: 'sanlitun', name: '三里屯街道总工会', level: 'street', parentId: 'chaoyang' });
  await post('/organizations/sanlitun/moves', { newParentId: 'fengtai', effectiveDate: '2024-09-01' });
  await post('/organizations/chaowai/renames', { name: '朝外街道总工会（新）', effectiveDate: '2024-09-01' });

  await post('/courses', { id: 'painting', organizationId: 'chaowai', name: '彩绘课 Colour painting', category: 'art' });
  const session = async (id: string, date: string, participantIds: string[]) => {
    await post('/courses/painting/sessions', { id, date });
    await post(`/courses/painting/sessions/${id}/attendances`, { participantIds });
  };
  await session('s-2023', '2023-12-04', ['w1']);
  await session('s1', '2024-03-04', ['w1', 'w2', 'w3']);
  await session('s2', '2024-03-11', ['w1', 'w2']);
  await session('a-0311', '2024-03-11', ['w4']);
  await session('twice', '2024-02-26', ['w1']);
  await post('/courses/painting/sessions/s1/attendances/w3/void', { reason: 'signed in for a colleague' });
  await post('/courses/painting/sessions/twice/void', { reason: 'recorded twice' });

  const meal = { partner: '爱心餐厅', recipientGroup: 'delivery riders' };
  await post('/meals', { ...meal, id: 'chaowai-0118', organizationId: 'chaowai', date: '2024-01-18', meals: 75 });
  await post('/meals/chaowai-0118/corrections', { meals: 74, reason: 'one counted twice' });
  await post('/meals/chaowai-0118/recipients', { participantIds: ['w2', 'r1'] });
  await post('/meals', { ...meal, id: 'chaoyang-0118', organizationId: 'chaoyang', date: '2024-01-18', meals: 20 });
  await post('/meals', { ...meal, id: 'sanlitun-0110', organizationId: 'sanlitun', date: '2024-01-10', meals: 30 });
  await post('/meals', { ...meal, id: 'haidian-0201', organizationId: 'haidian', date: '2024-02-01', meals: 40 });
  await post('/meals', { ...meal, id: 'chaowai-2023', organizationId: 'chaowai', date: '2023-12-20', meals: 10 });
  await ledger.caughtUp();
}

describe.each(profiles)('the web app reads, on $name', (profile) => {
  let ledger: TestLedger;
  let stop: () => Promise<void>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ ledger, stop } = await profile.start());
    await record(ledger);
    for (const [who, role, organizationId] of [
      ['chaoyangAnalyst', 'analyst', 'chaoyang'],
      ['haidianAnalyst', 'analyst', 'haidian'],
      ['haidianAuditor', 'auditor', 'haidian'],
      ['chaowaiStaff', 'staff', 'chaowai'],
      ['cityAnalyst', 'analyst', null],
    ] as const) {
      tokens[who] = (await ledger.issueToken(role, organizationId)).token;
    }
  }, 60_000);
  afterAll(() => stop?.());

  const get = (path: string, query: Record<string, string> = {}, who?: string) => {
    const request = ledger.http.get(path).query(query);
    return who === undefined ? request : request.set('Authorization', bearer(tokens[who]));
  };
  const ok = async (path: string, query: Record<string, string> = {}, who?: string) => {
    const res = await get(path, query, who);
    expect({ path, query, who, status: res.status, body: res.body }).toEqual({ path, query, who, status: 200, body: expect.anything() });
    return res.body;
  };
  const refused = (path: string, query: Record<string, string>, status: number, field: string, rule: string, who?: string) =>
    expectRefused(ledger, () => get(path, query, who), { status, field, rule });
  const ids = (rows: Array<{ id?: string; mealId?: string; sessionId?: string }>) => rows.map((row) => row.id ?? row.mealId ?? row.sessionId);

  describe('GET /organizations', () => {
    it("gives today's tree under an organisation, itself included, parents first and siblings by name", async () => {
      const { organizations } = await ok('/organizations', { under: 'chaoyang' });
      expect(organizations).toEqual([
        { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' },
        { id: 'jianwai', name: '建外街道总工会', level: 'street', parentId: 'chaoyang' },
        { id: 'chaowai', name: '朝外街道总工会（新）', level: 'street', parentId: 'chaoyang' },
      ]);
      expect(ids((await ok('/organizations', { under: 'fengtai' })).organizations)).toEqual(['fengtai', 'sanlitun']);
      expect(ids((await ok('/organizations', { under: 'chaowai' })).organizations)).toEqual(['chaowai']);
    });

    it('gives the whole tree without under, to a principal scoped to every organisation', async () => {
      const whole = ['beijing', 'fengtai', 'sanlitun', 'chaoyang', 'jianwai', 'chaowai', 'haidian'];
      expect(ids((await ok('/organizations')).organizations)).toEqual(whole);
      expect(ids((await ok('/organizations', {}, 'cityAnalyst')).organizations)).toEqual(whole);
    });

    it('refuses an organisation outside the scope, and the whole tree to a scoped principal (as ledger-wide figures are)', async () => {
      expect(ids((await ok('/organizations', { under: 'chaowai' }, 'chaoyangAnalyst')).organizations)).toEqual(['chaowai']);
      await refused('/organizations', { under: 'chaoyang' }, 403, 'organizationId', 'scope', 'haidianAnalyst');
      await refused('/organizations', {}, 403, 'organizationId', 'scope', 'chaoyangAnalyst');
      expect(ids((await ok('/organizations', {}, 'haidianAuditor')).organizations)).toHaveLength(7);
    });

    it('answers 422 for an unknown organisation and 400 for a malformed one', async () => {
      await refused('/organizations', { under: 'nowhere' }, 422, 'under', 'exists');
      await refused('/organizations', { under: 'not an id' }, 400, 'under', 'isLedgerId');
      await refused('/organizations', { parent: 'chaoyang' }, 400, 'parent', 'unknownField');
    });
  });

  describe('GET /courses/:courseId/sessions', () => {
    it('lists the sessions by date then id, each with the attendances that count; voided ones are left out', async () => {
      expect(await ok('/courses/painting/sessions')).toEqual({
        courseId: 'painting',
        sessions: [
          { sessionId: 's-2023', date: '2023-12-04', attendances: 1 },
          { sessionId: 's1', date: '2024-03-04', attendances: 2 },
          { sessionId: 'a-0311', date: '2024-03-11', attendances: 1 },
          { sessionId: 's2', date: '2024-03-11', attendances: 2 },
        ],
      });
      expect(ids((await ok('/courses/painting/sessions', { from: '2024-03-05' })).sessions)).toEqual(['a-0311', 's2']);
      expect(ids((await ok('/courses/painting/sessions', { to: '2024-03-04' })).sessions)).toEqual(['s-2023', 's1']);
    });

    it("agrees with the course's figures for the same period", async () => {
      const { sessions } = await ok('/courses/painting/sessions', YEAR_2024);
      const [figures] = await ok('/projections/courses', { organizationId: 'chaowai', ...YEAR_2024 });
      const attendances = sessions.reduce((sum: number, session: { attendances: number }) => sum + session.attendances, 0);
      expect({ sessions: sessions.length, attendances }).toEqual({ sessions: figures.sessions, attendances: figures.attendances });
      expect(figures).toMatchObject({ sessions: 3, attendances: 5 });
    });

    it("answers the course's organisation and its ancestors, and refuses others", async () => {
      await ok('/courses/painting/sessions', {}, 'chaowaiStaff');
      await ok('/courses/painting/sessions', {}, 'chaoyangAnalyst');
      await refused('/courses/painting/sessions', {}, 403, 'organizationId', 'scope', 'haidianAnalyst');
    });

    it('answers 404 for an unknown course, 400 for a period that ends before it starts or a date that is none', async () => {
      await refused('/courses/sculpture/sessions', {}, 404, 'courseId', 'exists');
      await refused('/courses/painting/sessions', { from: '2024-03-12', to: '2024-03-11' }, 400, 'from', 'notAfterTo');
      await refused('/courses/painting/sessions', { from: '2024-02-30' }, 400, 'from', 'isCalendarDate');
    });
  });

  describe('GET /meals', () => {
    const chaoyang2024 = { organizationId: 'chaoyang', ...YEAR_2024 };

    it('lists the servings of a subtree by date then id, under the tree as it stood on their dates', async () => {
      expect(await ok('/meals', chaoyang2024)).toEqual({
        meals: [
          { mealId: 'sanlitun-0110', organizationId: 'sanlitun', date: '2024-01-10', meals: 30, identifiedRecipients: 0 },
          { mealId: 'chaowai-0118', organizationId: 'chaowai', date: '2024-01-18', meals: 74, identifiedRecipients: 2 },
          { mealId: 'chaoyang-0118', organizationId: 'chaoyang', date: '2024-01-18', meals: 20, identifiedRecipients: 0 },
        ],
      });
      expect(ids((await ok('/meals', { ...chaoyang2024, tree: 'current' })).meals)).toEqual(['chaowai-0118', 'chaoyang-0118']);
      expect(ids((await ok('/meals', { ...chaoyang2024, subtree: 'false' })).meals)).toEqual(['chaoyang-0118']);
      expect(ids((await ok('/meals', { organizationId: 'chaowai' })).meals)).toEqual(['chaowai-2023', 'chaowai-0118']);
      expect((await ok('/meals')).meals).toHaveLength(5);
    });

    it('agrees with the meals figure of the same scope and period', async () => {
      for (const query of [chaoyang2024, { ...chaoyang2024, tree: 'current' }, { organizationId: 'beijing' }]) {
        const { meals } = await ok('/meals', query);
        const { organizationId, ...scope } = query;
        const figures = await ok(`/projections/organizations/${organizationId}`, scope);
        const served = meals.reduce((sum: number, serving: { meals: number }) => sum + serving.meals, 0);
        expect({ query, servings: meals.length, served }).toEqual({ query, servings: figures.mealServings, served: figures.meals });
      }
    });

    it('refuses an organisation outside the scope, and every organisation to a scoped principal', async () => {
      await ok('/meals', { organizationId: 'chaowai' }, 'chaowaiStaff');
      await refused('/meals', { organizationId: 'chaoyang' }, 403, 'organizationId', 'scope', 'chaowaiStaff');
      await refused('/meals', chaoyang2024, 403, 'organizationId', 'scope', 'haidianAnalyst');
      await refused('/meals', {}, 403, 'organizationId', 'scope', 'chaoyangAnalyst');
    });

    it('answers 422 for an unknown organisation, 400 for bad parameters and for figure-only ones', async () => {
      await refused('/meals', { organizationId: 'nowhere' }, 422, 'organizationId', 'exists');
      await refused('/meals', { organizationId: 'chaoyang', subtree: 'perhaps' }, 400, 'subtree', 'isBoolean');
      await refused('/meals', { organizationId: 'chaoyang', from: '2024-12-31', to: '2024-01-01' }, 400, 'from', 'notAfterTo');
      await refused('/meals', { organizationId: 'chaoyang', groupBy: 'month' }, 400, 'groupBy', 'unknownField');
    });
  });

  describe('POST /meals/:mealId/recipients/:participantId/void', () => {
    const voidW2 = () =>
      ledger.http.post('/meals/chaowai-0118/recipients/w2/void').set('Idempotency-Key', 'void-w2').send({ reason: 'identified at the wrong serving' });
    const chaowai = async () => (await ok('/projections/organizations/chaowai', YEAR_2024)).multiServicePeople as number;
    const identified = async () =>
      (await ok('/meals', { organizationId: 'chaowai', ...YEAR_2024 })).meals.find((m: { mealId: string }) => m.mealId === 'chaowai-0118')
        .identifiedRecipients as number;

    it('voids the recipient (201, the serving as it stands), and the figures no longer count them', async () => {
      expect({ multiServicePeople: await chaowai(), identified: await identified() }).toEqual({ multiServicePeople: 1, identified: 2 });
      const before = await ledger.headPosition();
      const first = await voidW2();
      expect({ status: first.status, body: first.body }).toEqual({
        status: 201,
        body: { id: 'chaowai-0118', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-18', meals: 74, recipientGroup: 'delivery riders' },
      });
      expect(await ledger.headPosition()).not.toBe(before);
      await ledger.caughtUp();
      expect({ multiServicePeople: await chaowai(), identified: await identified() }).toEqual({ multiServicePeople: 0, identified: 1 });
    });

    it('replays a retry with the same Idempotency-Key, and answers 200 to a void of someone already voided, recording nothing', async () => {
      const head = await ledger.headPosition();
      const replay = await voidW2();
      expect({ status: replay.status, replayed: replay.headers['idempotent-replayed'] }).toEqual({ status: 201, replayed: 'true' });
      const again = await ledger.http.post('/meals/chaowai-0118/recipients/w2/void').send({ reason: 'identified at the wrong serving' });
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: replay.body });
      expect(await ledger.headPosition()).toBe(head);
    });

    it('records the voided recipient again on request, and they count again', async () => {
      const res = await ledger.http.post('/meals/chaowai-0118/recipients').send({ participantIds: ['w2'] });
      expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { recorded: 1, alreadyRecorded: 0 } });
      await ledger.caughtUp();
      expect({ multiServicePeople: await chaowai(), identified: await identified() }).toEqual({ multiServicePeople: 1, identified: 2 });
    });

    it('answers 404 for an unknown serving or a person who is not its recipient, 400 without a reason, and records nothing', async () => {
      const post = (path: string, body: object) => () => ledger.http.post(path).send(body);
      const reason = { reason: 'recorded by mistake' };
      await expectRefused(ledger, post('/meals/no-such-meal/recipients/w2/void', reason), { status: 404, field: 'mealId', rule: 'exists' });
      await expectRefused(ledger, post('/meals/chaowai-0118/recipients/w9/void', reason), { status: 404, field: 'participantId', rule: 'exists' });
      await expectRefused(ledger, post('/meals/chaowai-0118/recipients/w2/void', {}), { status: 400, field: 'reason', rule: 'isText' });
      await expectRefused(ledger, post('/meals/chaowai-0118/recipients/w2/void', { reason: '  ' }), { status: 400, field: 'reason', rule: 'isText' });
    });

    it("is refused to staff outside the serving's organisation, and to analysts", async () => {
      const send = (who: string) => () =>
        ledger.anonymous.post('/meals/chaowai-0118/recipients/r1/void').set('Authorization', bearer(tokens[who])).send({ reason: 'by mistake' });
      await expectRefused(ledger, send('chaoyangAnalyst'), { status: 403, field: 'role', rule: 'role' });
      const haidianStaff = (await ledger.issueToken('staff', 'haidian')).token;
      await expectRefused(
        ledger,
        () => ledger.anonymous.post('/meals/chaowai-0118/recipients/r1/void').set('Authorization', bearer(haidianStaff)).send({ reason: 'by mistake' }),
        { status: 403, field: 'organizationId', rule: 'scope' },
      );
      expect((await send('chaowaiStaff')()).status).toBe(201);
    });
  });
});
