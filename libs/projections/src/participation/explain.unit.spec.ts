import { TARGET_MEASURES } from '../../../domain/src/target/target.events';
import { ALL_SUBJECT_KINDS, MEASURE_SUBJECT_KINDS, narrowingTest, scopeTest, Subject, subjectsInScope, SubjectTracker } from './explain';
import { QueryRunner, ScopeFilter } from './scope';

const event = (type: string, data: Record<string, unknown>) => ({ type, data });

/** Which subject each event applied to, by id; `-` when it changed no counted row. */
function track(events: ReadonlyArray<ReturnType<typeof event>>) {
  const tracker = new SubjectTracker();
  return { applied: events.map((e) => tracker.apply(e)?.id ?? '-'), subjects: tracker.subjects };
}

describe('SubjectTracker', () => {
  it('gives a session the organisation of its course, and its attendances and voids to it', () => {
    const { applied, subjects } = track([
      event('CourseRegistered', { courseId: 'painting', organizationId: 'chaowai' }),
      event('CourseSessionHeld', { courseId: 'painting', sessionId: 's1', date: '2024-03-04' }),
      event('CourseSessionAttended', { courseId: 'painting', sessionId: 's1', participantId: 'w1' }),
      event('AttendanceVoided', { courseId: 'painting', sessionId: 's1', participantId: 'w1' }),
      event('CourseSessionVoided', { courseId: 'painting', sessionId: 's1' }),
    ]);
    expect(applied).toEqual(['-', 'session:painting/s1#1', 'session:painting/s1#1', 'session:painting/s1#1', 'session:painting/s1#1']);
    expect(subjects).toEqual([{ id: 'session:painting/s1#1', kind: 'session', organizationId: 'chaowai', date: '2024-03-04', courseId: 'painting' }]);
  });

  it("gives a meal's corrections, recipients and voided recipients to the meal", () => {
    const { applied } = track([
      event('MealServed', { mealId: 'm1', organizationId: 'chaowai', date: '2024-01-18', meals: 75 }),
      event('MealCountCorrected', { mealId: 'm1', meals: 74 }),
      event('MealRecipientsRecorded', { mealId: 'm1', participantIds: ['w1', 'w2'] }),
      event('MealRecipientVoided', { mealId: 'm1', participantId: 'w2' }),
      event('MealRecipientVoided', { mealId: 'm-unknown', participantId: 'w2' }),
    ]);
    expect(applied).toEqual(['meal:m1#1', 'meal:m1#1', 'meal:m1#1', 'meal:m1#1', '-']);
  });

  it('skips what the projection skips: a session of an unknown course, a second insert, a change to a deleted row', () => {
    const { applied } = track([
      event('CourseSessionHeld', { courseId: 'unknown', sessionId: 's1', date: '2024-03-04' }),
      event('MealServed', { mealId: 'm1', organizationId: 'chaowai', date: '2024-01-18', meals: 75 }),
      event('MealServed', { mealId: 'm1', organizationId: 'chaowai', date: '2024-01-19', meals: 80 }),
      event('MemberJoined', { organizationId: 'chaowai', workerId: 'r1', date: '2024-01-18' }),
      event('MembershipVoided', { organizationId: 'chaowai', workerId: 'r1' }),
      event('MembershipVoided', { organizationId: 'chaowai', workerId: 'r1' }),
      event('OrganizationRenamed', { organizationId: 'chaowai', name: 'new' }),
    ]);
    expect(applied).toEqual(['-', 'meal:m1#1', '-', 'member:chaowai/r1#1', 'member:chaowai/r1#1', '-', '-']);
  });

  it('makes a row inserted again after its deletion a new subject, with its own date', () => {
    const { applied, subjects } = track([
      event('MemberJoined', { organizationId: 'chaowai', workerId: 'r1', date: '2023-12-01' }),
      event('MembershipVoided', { organizationId: 'chaowai', workerId: 'r1' }),
      event('MemberJoined', { organizationId: 'chaowai', workerId: 'r1', date: '2024-02-01' }),
    ]);
    expect(applied).toEqual(['member:chaowai/r1#1', 'member:chaowai/r1#1', 'member:chaowai/r1#2']);
    expect(subjects.map((s) => s.date)).toEqual(['2023-12-01', '2024-02-01']);
  });

  it('follows corrected dates, and counts applications under the recommending union', () => {
    const { subjects } = track([
      event('ClinicHeld', { clinicId: 'c1', organizationId: 'chaoyang', date: '2024-12-30', workersServed: 28 }),
      event('ClinicCorrected', { clinicId: 'c1', date: '2025-01-02', workersServed: 30 }),
      event('RecuperationTripOrganized', { tripId: 't1', organizationId: 'chaoyang', startDate: '2024-07-15', endDate: '2024-07-18' }),
      event('RecuperationTripCorrected', { tripId: 't1', startDate: '2024-07-16', endDate: '2024-07-19' }),
      event('ProgrammeApplicationRecorded', { intakeId: 'i1', applicantId: 'a1', recommendingOrganizationId: 'chaowai', date: '2024-03-05' }),
    ]);
    expect(subjects.map(({ id, organizationId, date }) => [id, organizationId, date])).toEqual([
      ['clinic:c1#1', 'chaoyang', '2025-01-02'],
      ['trip:t1#1', 'chaoyang', '2024-07-16'],
      ['application:i1/a1#1', 'chaowai', '2024-03-05'],
    ]);
    expect(subjects[2].intakeId).toBe('i1');
  });
});

describe('scopeTest', () => {
  // chaowai was under chaoyang until 2024-09-01 (exclusive), under fengtai since.
  const ancestry = [
    { organizationId: 'chaoyang', validFrom: '0000-01-01', validTo: '9999-12-31' },
    { organizationId: 'chaowai', validFrom: '0000-01-01', validTo: '2024-09-01' },
  ];
  const run = (async () => ancestry) as unknown as QueryRunner;
  const scope = (filter: Partial<ScopeFilter>) =>
    scopeTest(run, { organizationId: 'chaoyang', subtree: true, tree: 'dated', from: '2024-01-01', to: '2024-12-31', ...filter });

  it('on the dated tree, takes a row under the root only while the ancestry held', async () => {
    const inScope = await scope({});
    expect(inScope('chaowai', '2024-08-31')).toBe(true);
    expect(inScope('chaowai', '2024-09-01')).toBe(false);
    expect(inScope('chaoyang', '2024-12-31')).toBe(true);
    expect(inScope('fengtai', '2024-03-01')).toBe(false);
  });

  it("on today's tree, takes only today's subtree, on any date", async () => {
    const inScope = await scope({ tree: 'current' });
    expect(inScope('chaoyang', '2024-03-01')).toBe(true);
    expect(inScope('chaowai', '2024-03-01')).toBe(false);
  });

  it('without the subtree, takes the organisation alone; without an organisation, everyone; always within the period', async () => {
    const alone = await scope({ subtree: false });
    expect([alone('chaoyang', '2024-05-05'), alone('chaowai', '2024-05-05'), alone('chaoyang', '2023-12-31')]).toEqual([true, false, false]);
    const everyone = await scope({ organizationId: undefined });
    expect([everyone('fengtai', '2024-01-01'), everyone('fengtai', '2025-01-01')]).toEqual([true, false]);
  });
});

describe('subjectsInScope', () => {
  it('keeps the subjects of the kinds asked for whose rows are in scope, deleted ones included', () => {
    const subjects = [
      { id: 'session:p/s1#1', kind: 'session' as const, organizationId: 'chaowai', date: '2024-03-04' },
      { id: 'session:p/s2#1', kind: 'session' as const, organizationId: 'chaowai', date: '2023-03-04' },
      { id: 'meal:m1#1', kind: 'meal' as const, organizationId: 'chaowai', date: '2024-01-18' },
    ];
    const inYear2024 = (_organization: string, date: string) => date.startsWith('2024');
    expect(subjectsInScope(subjects, ['session'], inYear2024)).toEqual(new Set(['session:p/s1#1']));
    expect(subjectsInScope(subjects, ALL_SUBJECT_KINDS, inYear2024)).toEqual(new Set(['session:p/s1#1', 'meal:m1#1']));
  });
});

describe('narrowingTest', () => {
  const row = { organizationId: 'chaowai', date: '2024-01-01' };
  const session = (courseId: string): Subject => ({ id: `session:${courseId}/s1#1`, kind: 'session', ...row, courseId });
  const application = (intakeId: string): Subject => ({ id: `application:${intakeId}/a1#1`, kind: 'programmeApplication', ...row, intakeId });
  const noQuery: QueryRunner = async () => {
    throw new Error('no query expected');
  };

  it('keeps everything without a narrowing, and one course or one intake by its id', async () => {
    expect((await narrowingTest(noQuery, undefined))(session('yoga'))).toBe(true);
    const painting = await narrowingTest(noQuery, { courseId: 'painting' });
    expect([painting(session('painting')), painting(session('yoga')), painting(application('i1'))]).toEqual([true, false, false]);
    const intake = await narrowingTest(noQuery, { intakeId: 'i1' });
    expect([intake(application('i1')), intake(application('i2')), intake(session('painting'))]).toEqual([true, false, false]);
  });

  it('keeps the sessions of the courses the read model assigns to a brand', async () => {
    const asked: unknown[][] = [];
    const run = (async (_sql: string, params: readonly unknown[]) => {
      asked.push([...params]);
      return [{ id: 'painting' }];
    }) as QueryRunner;
    const inBrand = await narrowingTest(run, { brandId: 'lunch-hour' });
    expect(asked).toEqual([['lunch-hour']]);
    expect([inBrand(session('painting')), inBrand(session('yoga')), inBrand(application('i1'))]).toEqual([true, false, false]);
  });
});

describe('MEASURE_SUBJECT_KINDS', () => {
  it('names the subjects of every target measure', () => {
    for (const measure of TARGET_MEASURES) expect(MEASURE_SUBJECT_KINDS[measure].length).toBeGreaterThan(0);
  });
});
