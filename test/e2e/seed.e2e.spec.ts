import { AddressInfo } from 'node:net';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { SEED_FIGURES, seedPlan } from '../../apps/cli/src/demo/seed-plan';
import { startTestLedger, TestLedger } from '../support/ledger-app';

/** The figures the unions' 2024 reports state, recorded by `npm run demo` and read back. */
describe('the seed, end to end', () => {
  let ledger: TestLedger;
  let client: LedgerClient;
  const year = { from: '2024-01-01', to: '2024-12-31' };

  beforeAll(async () => {
    ledger = await startTestLedger();
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    client = new LedgerClient(`http://127.0.0.1:${port}`, 'seed-test');
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

  it('records nothing twice when the demo runs again', async () => {
    const before = await ledger.headPosition();
    const report = await runDemo(client);
    expect(report.recorded).toBe(0);
    expect(await ledger.headPosition()).toBe(before);
  }, 60_000);
});
