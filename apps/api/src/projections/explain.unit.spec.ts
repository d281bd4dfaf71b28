import { MemoryEventStore } from '../../../../libs/event-store/src/memory-event-store';
import { positionAt } from '../../../../libs/event-store/src/position';
import { fact } from '../../../../libs/event-store/src/testing/log-fixtures';
import { QueryRunner } from '../../../../libs/projections/src/participation/scope';
import { explainCourses, explainFromLog, explainOrganizationSummary } from './explain';

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
