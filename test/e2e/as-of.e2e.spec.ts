import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';
import { startTestLedger, TestLedger } from '../support/ledger-app';

/** Every figures endpoint, with the query it is read with here. */
const FIGURES: ReadonlyArray<readonly [string, Record<string, string>]> = [
  ['/projections/organizations/chaoyang', { groupBy: 'month', regularMin: '2' }],
  ['/projections/courses', { organizationId: 'chaoyang', regularMin: '2' }],
  ['/projections/brands/lunch-hour', { groupBy: 'month' }],
  ['/projections/frequency', { organizationId: 'chaoyang' }],
  ['/projections/trips', {}],
  ['/projections/cooling', {}],
  ['/projections/programme', {}],
  ['/projections/targets', { organizationId: 'chaoyang', year: '2024' }],
];

/** The first phase: a course with two sessions and their attendances, then the ledger's head (P). */
async function recordFirstPhase(ledger: TestLedger): Promise<string> {
  const { http } = ledger;
  await http.post('/organizations').send({ id: 'beijing', name: '北京市总工会', level: 'federation' }).expect(201);
  await http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' }).expect(201);
  await http.post('/brands').send({ id: 'lunch-hour', organizationId: 'chaoyang', name: '午间一小时 lunch hour' }).expect(201);
  await http.post('/courses').send({ id: 'painting', organizationId: 'chaoyang', name: 'Colour painting', category: 'art' }).expect(201);
  await http.post('/courses/painting/brand').send({ brandId: 'lunch-hour' }).expect(201);
  await http.post('/targets').send({ organizationId: 'chaoyang', measure: 'attendances', period: '2024', target: 10 }).expect(201);
  await http.post('/courses/painting/sessions').send({ id: 's1', date: '2024-03-04' }).expect(201);
  await http.post('/courses/painting/sessions').send({ id: 's2', date: '2024-04-08' }).expect(201);
  await http.post('/courses/painting/sessions/s1/attendances').send({ participantIds: ['w1', 'w2', 'w3'] }).expect(201);
  await http.post('/courses/painting/sessions/s2/attendances').send({ participantIds: ['w1'] }).expect(201);
  await ledger.caughtUp();
  return (await ledger.headPosition())!;
}

/** The second phase: an attendance voided (w3 signed in for a colleague), another recorded. */
async function recordCorrection(ledger: TestLedger): Promise<void> {
  const { http } = ledger;
  await http.post('/courses/painting/sessions/s1/attendances/w3/void').send({ reason: 'signed in for a colleague' }).expect(201);
  await http.post('/courses/painting/sessions/s2/attendances').send({ participantIds: ['w2'] }).expect(201);
  await ledger.caughtUp();
}

async function readFigures(ledger: TestLedger, asOf?: string) {
  const answers = [];
  for (const [path, query] of FIGURES) {
    const response = await ledger.http.get(path).query(asOf === undefined ? query : { ...query, asOf }).expect(200);
    answers.push({ path, body: response.body, asOfPosition: response.headers['x-as-of-position'] as string | undefined });
  }
  return answers;
}

describe('figures as the ledger stood at a point of its log (asOf)', () => {
  const firstPhase = new Date('2025-03-01T04:00:00Z');
  const secondPhase = new Date('2025-03-01T06:00:00Z');
  let now = firstPhase;
  let ledger: TestLedger;
  let p: string;
  let atP: Awaited<ReturnType<typeof readFigures>>;
  let current: Awaited<ReturnType<typeof readFigures>>;

  beforeAll(async () => {
    // The clock stamps each event's recordedAt: the two phases are two hours apart.
    ledger = await startTestLedger({ clock: () => now });
    p = await recordFirstPhase(ledger);
    atP = await readFigures(ledger);
    now = secondPhase;
    await recordCorrection(ledger);
    current = await readFigures(ledger);
  });
  afterAll(() => ledger.close());

  it('answers asOf=P with exactly the figures read at P, on every figures endpoint, and says so in a header', async () => {
    const asOfP = await readFigures(ledger, p);
    expect(asOfP.map(({ path, body }) => ({ path, body }))).toEqual(atP.map(({ path, body }) => ({ path, body })));
    expect(asOfP.map(({ asOfPosition }) => asOfPosition)).toEqual(FIGURES.map(() => p));
  });

  it('keeps the current answer as it was, without the header, showing the correction', async () => {
    expect(current.every(({ asOfPosition }) => asOfPosition === undefined)).toBe(true);
    expect(atP.every(({ asOfPosition }) => asOfPosition === undefined)).toBe(true);
    const [organization] = current;
    expect(organization.body).toMatchObject({ courseSessions: 2, attendances: 4, distinctParticipants: 2, regulars: 2 });
  });

  it('differs from now by exactly the correction: March −1 (w3 voided), April +1 (w2 added)', async () => {
    const [before] = atP;
    const [after] = current;
    const months = (body: { periods: Array<{ period: string; attendances: number }> }) =>
      Object.fromEntries(body.periods.map(({ period, attendances }) => [period, attendances]));
    expect(months(before.body)).toEqual({ '2024-03': 3, '2024-04': 1 });
    expect(months(after.body)).toEqual({ '2024-03': 2, '2024-04': 2 });
    // The totals: as many attendances, one person fewer (w3 came only to the voided one), one more regular (w2).
    expect(before.body).toMatchObject({ attendances: 4, distinctParticipants: 3, regulars: 1 });
    expect(after.body).toMatchObject({ attendances: 4, distinctParticipants: 2, regulars: 2 });
    // Nothing else moved.
    const corrected = ['periods', 'attendances', 'distinctParticipants', 'regulars'];
    const uncorrected = (body: object) => Object.entries(body).filter(([figure]) => !corrected.includes(figure));
    expect(uncorrected(after.body)).toEqual(uncorrected(before.body));

    const frequency = (answers: typeof atP) => answers.find(({ path }) => path === '/projections/frequency')!.body;
    expect(frequency(atP)).toMatchObject({ people: 3, bands: { '1': 2, '2-3': 1 } });
    expect(frequency(current)).toMatchObject({ people: 2, bands: { '1': 0, '2-3': 2 } });
  });

  it('answers as of an instant between the two phases as of P (the last event recorded by then)', async () => {
    for (const instant of ['2025-03-01T05:00:00Z', '2025-03-01T13:00:00+08:00', firstPhase.toISOString()]) {
      const between = await readFigures(ledger, instant);
      expect(between.map(({ body }) => body)).toEqual(atP.map(({ body }) => body));
      expect(between.map(({ asOfPosition }) => asOfPosition)).toEqual(FIGURES.map(() => p));
    }
  });

  it('answers a position beyond the head, or an instant after the last event, as of the head', async () => {
    const head = (await ledger.headPosition())!;
    for (const asOf of ['18446744073709551615', '2999-01-01T00:00:00Z']) {
      const later = await readFigures(ledger, asOf);
      expect(later.map(({ body }) => body)).toEqual(current.map(({ body }) => body));
      expect(later.map(({ asOfPosition }) => asOfPosition)).toEqual(FIGURES.map(() => head));
    }
  });

  it('answers as of before any event with zero figures: the organisation did not exist yet', async () => {
    for (const asOf of ['2025-03-01T03:59:59.999Z', '0']) {
      const courses = await ledger.http.get('/projections/courses').query({ asOf }).expect(200);
      expect(courses.body).toEqual([]);
      expect(courses.headers['x-as-of-position']).toBe('0');
      const frequency = await ledger.http.get('/projections/frequency').query({ asOf }).expect(200);
      expect(frequency.body).toMatchObject({ people: 0, bands: { '1': 0, '2-3': 0, '4-9': 0, '10+': 0 } });
      const organization = await ledger.http.get('/projections/organizations/chaoyang').query({ asOf }).expect(404);
      expect(organization.body.details).toEqual([{ field: 'id', rule: 'exists' }]);
    }
  });

  it.each(['yesterday', '2025-03-01', '2025-03-01T04:00:00', '2025-02-30T00:00:00Z', '-1', '1:2:3', ''])(
    'refuses asOf=%p with 400 naming asOf and its rule',
    async (asOf) => {
      const response = await ledger.http.get('/projections/organizations/chaoyang').query({ asOf }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ field: 'asOf', rule: 'isPositionOrInstant' }] });
    },
  );
});

describe('asOf on the EventStoreDB profile', () => {
  let esdb: EsdbTestServer;
  let ledger: TestLedger;

  beforeAll(async () => {
    esdb = await startEsdbTestServer();
    ledger = await startTestLedger({ config: { store: { kind: 'eventstoredb', connectionString: esdb.connectionString } } });
  });
  afterAll(async () => {
    await ledger?.close();
    await esdb?.stop();
  });

  it('answers asOf=P (a 64-bit position) with the figures read at P', async () => {
    const p = await recordFirstPhase(ledger);
    const atP = await readFigures(ledger);
    await recordCorrection(ledger);
    const asOfP = await readFigures(ledger, p);
    expect(asOfP.map(({ body }) => body)).toEqual(atP.map(({ body }) => body));
    expect(asOfP.map(({ asOfPosition }) => asOfPosition)).toEqual(FIGURES.map(() => p));
    expect(BigInt(p.split(':')[0])).toBeGreaterThan(2n ** 53n);
  });
});
