import { MemoryEventStore } from '../../../../libs/event-store/src/memory-event-store';
import { positionAt } from '../../../../libs/event-store/src/position';
import { fact } from '../../../../libs/event-store/src/testing/log-fixtures';
import { QueryRunner } from '../../../../libs/projections/src/participation/scope';
import { explainBrand, explainCourses, explainFrequency, explainFromLog, explainOrganizationSummary, explainProgramme, explainTargets } from './explain';

/** The scope test reads no tree without an organisation: the runner is never asked. */
const noTree: QueryRunner = async () => {
  throw new Error('no query expected');
};

async function storeWithMeals(count: number): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await store.appendToStream('course-painting', [fact('CourseRegistered', { courseId: 'painting', organizationId: 'chaowai' })], {
    expectedRevision: 'no_stream',
  });
  for (let i = 1; i <= count; i++) {
    const meal = fact('MealServed', { mealId: `m${i}`, organizationId: 'chaowai', date: '2024-01-18', meals: i });
    await store.appendToStream(`meal-m${i}`, [meal], { expectedRevision: 'no_stream' });
  }
  return store;
}

describe('explainFromLog', () => {
  const everyone = { subtree: true, tree: 'dated' as const };

  it('lists the events of the subjects in scope, as the audit history shows them', async () => {
    const store = await storeWithMeals(2);
    const explanation = await explainFromLog(store, noTree, explainOrganizationSummary(everyone), await store.headPosition());
    expect(explanation).toMatchObject({ upToPosition: '3', truncated: false });
    expect(explanation.events.map(({ streamName, revision, type }) => [streamName, revision, type])).toEqual([
      ['meal-m1', '0', 'MealServed'],
      ['meal-m2', '0', 'MealServed'],
    ]);
  });

  it('lists only the kinds the query counts', async () => {
    const store = await storeWithMeals(2);
    const explanation = await explainFromLog(store, noTree, explainCourses(everyone), await store.headPosition());
    expect(explanation.events).toEqual([]);
  });

  it('stops at the position it explains', async () => {
    const store = await storeWithMeals(3);
    const explanation = await explainFromLog(store, noTree, explainOrganizationSummary(everyone), positionAt(2n));
    expect(explanation.events.map((e) => e.data.mealId)).toEqual(['m1']);
    expect(explanation.upToPosition).toBe('2');
  });

  it('lists nothing before the log begins', async () => {
    const store = await storeWithMeals(1);
    expect(await explainFromLog(store, noTree, explainOrganizationSummary(everyone), undefined)).toMatchObject({
      upToPosition: '0',
      events: [],
      truncated: false,
    });
  });

  it('says truncated when more events than the cap would be listed, and lists the first ones', async () => {
    const store = await storeWithMeals(4);
    const head = await store.headPosition();
    const cut = await explainFromLog(store, noTree, explainOrganizationSummary(everyone), head, 3);
    expect(cut.truncated).toBe(true);
    expect(cut.events.map((e) => e.data.mealId)).toEqual(['m1', 'm2', 'm3']);
    const exact = await explainFromLog(store, noTree, explainOrganizationSummary(everyone), head, 4);
    expect(exact.truncated).toBe(false);
  });
});

describe('what each query explains', () => {
  const chaoyang = { organizationId: 'chaoyang', subtree: true, tree: 'dated' as const, from: '2024-01-01', to: '2024-12-31' };

  it('narrows to one intake only when the programme query names one', () => {
    expect(explainProgramme(chaoyang, 'skills-2024')).toMatchObject({ kinds: ['programmeApplication'], narrowing: { intakeId: 'skills-2024' } });
    expect(explainProgramme(chaoyang, undefined).narrowing).toBeUndefined();
  });

  it("lists a brand's sessions, and for frequency a course's or a brand's, the course first as the query does", () => {
    expect(explainBrand(chaoyang, 'lunch-hour')).toMatchObject({ kinds: ['session'], narrowing: { brandId: 'lunch-hour' } });
    const both = explainFrequency(chaoyang, { courseId: 'painting', brandId: 'lunch-hour' });
    expect(both).toMatchObject({ kinds: ['session'], narrowing: { courseId: 'painting' } });
    expect(explainFrequency(chaoyang, { brandId: 'lunch-hour' }).narrowing).toEqual({ brandId: 'lunch-hour' });
  });

  it('across every course, frequency lists every service that identifies people, for multiServicePeople', () => {
    const { kinds, narrowing } = explainFrequency(chaoyang, {});
    expect(narrowing).toBeUndefined();
    expect([...kinds].sort()).toEqual(['clinic', 'meal', 'member', 'programmeApplication', 'session', 'trip']);
  });

  it("explains targets over the year and the subtree, with the subjects of the targets' measures only", () => {
    const request = explainTargets({ organizationId: 'chaoyang', year: '2024', tree: 'current' }, ['tripPersonDays', 'tripParticipants', 'meals']);
    expect(request.filter).toEqual({ organizationId: 'chaoyang', subtree: true, tree: 'current', from: '2024-01-01', to: '2024-12-31' });
    expect([...request.kinds].sort()).toEqual(['meal', 'trip']);
    expect(explainTargets({ organizationId: 'chaoyang', year: '2024', tree: 'dated' }, []).kinds).toEqual([]);
  });
});
