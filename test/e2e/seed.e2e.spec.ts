import { AddressInfo } from 'node:net';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { SEED_FIGURES, seedPlan } from '../../apps/cli/src/demo/seed-plan';
import { startTestLedger, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';

/** The figures the unions' 2024 reports state, recorded by `npm run demo` and read back. */
describe('the seed, end to end', () => {
  let ledger: TestLedger;
  let client: LedgerClient;
  const year = { from: '2024-01-01', to: '2024-12-31' };

  beforeAll(async () => {
    ledger = await startTestLedger();
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    client = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
    await runDemo(client);
  }, 60_000);
  afterAll(() => ledger.close());

  /** Distinct people and regulars computed here from the plan, independently of the SQL. */
  function expectedPeople(courseIds: string[], regularMin = 4) {
    const sessionsAttended = new Map<string, number>();
    for (const [session, participants] of seedPlan().attendance) {
      if (!courseIds.some((courseId) => session.startsWith(`${courseId}/`))) continue;
      for (const p of participants) sessionsAttended.set(p, (sessionsAttended.get(p) ?? 0) + 1);
    }
    const counts = [...sessionsAttended.values()];
    return { distinct: counts.length, regulars: counts.filter((n) => n >= regularMin).length };
  }

  it('gives the Chaowai courses their reported figures: 94 painting sessions with 1,128 attendances, 25 yoga with 375', async () => {
    const courses = await client.get<Array<Record<string, number | string>>>('/projections/courses', { organizationId: 'chaowai', ...year });
    const painting = courses.find((c) => c.courseId === SEED_FIGURES.painting.courseId)!;
    const yoga = courses.find((c) => c.courseId === SEED_FIGURES.yoga.courseId)!;
    expect(painting).toMatchObject({ sessions: 94, attendances: 1128, averageAttendance: 12 });
    expect(yoga).toMatchObject({ sessions: 25, attendances: 375, averageAttendance: 15 });
    const paintingPeople = expectedPeople([SEED_FIGURES.painting.courseId]);
    expect(painting).toMatchObject({ distinctParticipants: paintingPeople.distinct, regulars: paintingPeople.regulars });
    const yogaPeople = expectedPeople([SEED_FIGURES.yoga.courseId], 10);
    const yoga10 = await client.get<Array<Record<string, number | string>>>('/projections/courses', { organizationId: 'chaowai', regularMin: 10, ...year });
    expect(yoga10.find((c) => c.courseId === SEED_FIGURES.yoga.courseId)).toMatchObject({ distinctParticipants: yogaPeople.distinct, regulars: yogaPeople.regulars });
    // Meaningful distinct counts: fewer people than attendances, some of them regulars, some occasional.
    expect(paintingPeople.distinct).toBeLessThan(1128);
    expect(paintingPeople.regulars).toBeGreaterThan(0);
    expect(paintingPeople.regulars).toBeLessThan(paintingPeople.distinct);
  });

  it("gives Fengtai's 7 clinics at Xinfadi with 220 workers served, and Yuquanying's 900 meals", async () => {
    const fengtai = await client.get<Record<string, unknown>>('/projections/organizations/fengtai', year);
    expect(fengtai).toMatchObject({ clinics: 7, workersServed: 220, meals: 900, membersJoined: 36 });
    const yuquanying = await client.get<Record<string, unknown>>('/projections/organizations/yuquanying', year);
    expect(yuquanying).toMatchObject({
      clinics: 0,
      meals: 900,
      mealServings: 12,
      membersJoined: 36,
      membersByChannel: { online: 36, 'on-site': 0 },
      membersByCategory: { 'new-form-worker': 36, 'office-worker': 0, 'industrial-worker': 0, other: 0 },
    });
  });

  it('rolls everything up to the Beijing federation, counting people who attend both courses once', async () => {
    const both = expectedPeople([SEED_FIGURES.painting.courseId, SEED_FIGURES.yoga.courseId]);
    const beijing = await client.get<Record<string, unknown>>('/projections/organizations/beijing', year);
    expect(beijing).toMatchObject({
      courseSessions: 119,
      attendances: 1503,
      distinctParticipants: both.distinct,
      regulars: both.regulars,
      clinics: 7,
      workersServed: 220,
      meals: 900,
      membersJoined: 36,
    });
    expect(both.distinct).toBeLessThan(expectedPeople([SEED_FIGURES.painting.courseId]).distinct + expectedPeople([SEED_FIGURES.yoga.courseId]).distinct);
    const haidian = await client.get<Record<string, unknown>>('/projections/organizations/haidian', year);
    expect(haidian).toMatchObject({ courseSessions: 0, attendances: 0, meals: 0 });
  });

  it('gives 18th-of-the-month meals of 75 each in the monthly breakdown', async () => {
    const monthly = await client.get<{ periods: Array<{ period: string; meals: number }> }>('/projections/organizations/yuquanying', { ...year, groupBy: 'month' });
    expect(monthly.periods.map((p) => p.meals)).toEqual(Array(12).fill(75));
  });

  it("gives Haidian's first Beidaihe batch: 42 skilled workers, 4 days, 168 person-days, 42% of the 100 a year", async () => {
    const trips = await client.get<{ trips: Array<Record<string, unknown>>; totals: Record<string, number> }>('/projections/trips', { organizationId: 'haidian', ...year });
    expect(trips.totals).toEqual({ trips: 1, participants: 42, distinctParticipants: 42, personDays: 168 });
    expect(trips.trips[0]).toMatchObject({ tripId: SEED_FIGURES.trip.tripId, days: 4, participants: 42, personDays: 168 });
    const targets = await client.get<{ targets: unknown[] }>('/projections/targets', { organizationId: 'haidian', year: 2024 });
    expect(targets.targets).toEqual([{ measure: 'tripParticipants', period: '2024', target: 100, actual: 42, percentage: 42 }]);
    const beijing = await client.get<Record<string, unknown>>('/projections/organizations/beijing', year);
    expect(beijing).toMatchObject({ trips: 1, tripParticipants: 42, tripPersonDays: 168 });
  });

  it("gives the railway section's 16 air coolers, a sun hat for each of the workshop's 86 workers, and its feedback", async () => {
    const cooling = await client.get<Record<string, unknown>>('/projections/cooling', { organizationId: 'railway-maintenance', ...year });
    expect(cooling).toMatchObject({
      deliveries: 1,
      workersReached: 86,
      equipment: [
        { kind: '冷风机 air cooler', quantity: 16 },
        { kind: '遮阳帽 sun hats', quantity: 86 },
      ],
    });
    expect(cooling.items).toEqual(expect.arrayContaining([{ item: '防暑药品 heatstroke medicine', unit: 'kit 份', quantity: 86 }]));
    const fengtai = await client.get<Record<string, unknown>>('/projections/organizations/fengtai', year);
    expect(fengtai).toMatchObject({ coolingDeliveries: 1, coolingWorkersReached: 86, coolingEquipmentInstalled: 102, feedbackVisits: 2, feedbackSuggestions: 19 });
  });

  it('counts the skills programme: 12 applications and 9 admissions, per track, recommending union and tuition aid', async () => {
    const programme = await client.get<Record<string, unknown>>('/projections/programme', { organizationId: 'beijing', ...year });
    expect(programme).toMatchObject({ applications: 12, admissions: 9 });
    const track = (prefix: string) => (programme.byTrack as Array<{ track: string }>).find((t) => t.track.startsWith(prefix));
    expect(track('成人高考')).toMatchObject({ applications: 6, admissions: 5 });
    expect(track('国家开放大学')).toMatchObject({ applications: 6, admissions: 4 });
    expect(programme.byRecommendingOrganization).toEqual([
      { organizationId: 'chaowai', applications: 4, admissions: 3 },
      { organizationId: 'railway-maintenance', applications: 4, admissions: 3 },
      { organizationId: 'yuquanying', applications: 4, admissions: 3 },
    ]);
    expect(programme.byTuitionAid).toEqual([
      { tuitionAid: 'full', applications: 4, admissions: 3 },
      { tuitionAid: 'none', applications: 4, admissions: 3 },
      { tuitionAid: 'partial', applications: 4, admissions: 3 },
    ]);
  });

  it("gives the Chaowai lunch-hour brand's 2024 across its courses, and how often people came", async () => {
    const both = expectedPeople([SEED_FIGURES.painting.courseId, SEED_FIGURES.yoga.courseId]);
    const brand = await client.get<Record<string, unknown>>(`/projections/brands/${SEED_FIGURES.brand.brandId}`, { ...year, groupBy: 'year' });
    expect(brand).toMatchObject({ courses: 2, sessions: 119, attendances: 1503, distinctParticipants: both.distinct });
    expect(brand.periods).toEqual([expect.objectContaining({ period: '2024', sessions: 119, attendances: 1503 })]);

    const counts = new Map<string, number>();
    for (const participants of seedPlan().attendance.values()) for (const p of participants) counts.set(p, (counts.get(p) ?? 0) + 1);
    const band = (low: number, high: number) => [...counts.values()].filter((n) => n >= low && n <= high).length;
    const frequency = await client.get<Record<string, unknown>>('/projections/frequency', { organizationId: 'chaowai', ...year });
    expect(frequency).toMatchObject({
      people: both.distinct,
      bands: { '1': band(1, 1), '2-3': band(2, 3), '4-9': band(4, 9), '10+': band(10, Infinity) },
    });
    expect(band(1, 1)).toBeGreaterThan(0);
    expect(band(10, Infinity)).toBeGreaterThan(0);
  });

  it('finds the riders who received meals and joined online as people who used two services', async () => {
    const yuquanying = await client.get<Record<string, unknown>>('/projections/organizations/yuquanying', year);
    expect(yuquanying).toMatchObject({ multiServicePeople: 36 });
    const beijing = await client.get<Record<string, unknown>>('/projections/organizations/beijing', year);
    expect(beijing).toMatchObject({ multiServicePeople: 36, programmeApplications: 12, programmeAdmissions: 9 });
  });

  it('records nothing twice when the demo runs again', async () => {
    const before = await ledger.headPosition();
    const report = await runDemo(client);
    expect(report.recorded).toBe(0);
    expect(await ledger.headPosition()).toBe(before);
  }, 60_000);
});
