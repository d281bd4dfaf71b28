import { emits, given, refuses } from '../shared/given-when-then';
import { LIMITS } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { MealCommand, mealDecider } from './meal.decider';
import { MealCountCorrected, MealEvent, MealRecipientsRecorded, MealRecipientVoided, MealServed } from './meal.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const served: MealServed = {
  type: 'MealServed',
  data: {
    mealId: 'meal-1',
    organizationId: 'org-1',
    partner: 'Canteen co-op',
    date: '2024-06-01',
    meals: 120,
    recipientGroup: 'sanitation workers',
  },
};

const countCorrected = (meals: number, previousMeals: number): MealCountCorrected => ({
  type: 'MealCountCorrected',
  data: { mealId: 'meal-1', meals, previousMeals, reason: 'miscounted' },
});

function record(data: Partial<MealServed['data']> = {}, org: OrganizationState = organization): MealCommand {
  return { type: 'RecordMealsServed', data: { ...served.data, ...data }, organization: org };
}

function correct(meals: number): MealCommand {
  return { type: 'CorrectMealCount', data: { mealId: 'meal-1', meals, reason: 'miscounted' } };
}

const recipientsRecorded = (...participantIds: string[]): MealRecipientsRecorded => ({
  type: 'MealRecipientsRecorded',
  data: { mealId: 'meal-1', participantIds },
});

function recordRecipients(participantIds: readonly string[]): MealCommand {
  return { type: 'RecordMealRecipients', data: { mealId: 'meal-1', participantIds } };
}

const recipientVoided = (participantId: string): MealRecipientVoided => ({
  type: 'MealRecipientVoided',
  data: { mealId: 'meal-1', participantId, reason: 'identified at the wrong serving' },
});

function voidRecipient(participantId: string, reason = 'identified at the wrong serving'): MealCommand {
  return { type: 'VoidMealRecipient', data: { mealId: 'meal-1', participantId, reason } };
}

const workers = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w-${from + i}`);

describe('meal decider', () => {
  describe('RecordMealsServed', () => {
    it('records meals served by a registered organisation', () => {
      expect(given(mealDecider).when(record())).toEqual(emits(served));
    });

    it('refuses meals of an organisation that does not exist', () => {
      expect(given(mealDecider).when(record({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-00-10', '2024-06-01T10:00:00Z'])(
      'refuses meals served on %p, which is not a real calendar date',
      (date) => {
        expect(given(mealDecider).when(record({ date }))).toEqual(
          refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
        );
      },
    );

    it('refuses meals served after today', () => {
      expect(given(mealDecider).when(record({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each([
      [0, 'min'],
      [-10, 'min'],
      [1.5, 'isInt'],
      [Number.POSITIVE_INFINITY, 'isInt'],
      [LIMITS.mealsPerServing + 1, 'max'],
    ])('refuses %p meals (rule %s)', (meals, rule) => {
      expect(given(mealDecider).when(record({ meals }))).toEqual(refuses('invalid', { field: 'meals', rule }));
    });

    it.each([1, LIMITS.mealsPerServing])('accepts %p meals', (meals) => {
      expect(given(mealDecider).when(record({ meals }))).toEqual(emits({ ...served, data: { ...served.data, meals } }));
    });

    it('treats a retried record with the same data as a repeat and records nothing', () => {
      expect(given(mealDecider, [served]).when(record())).toEqual(emits());
    });

    it('treats a retried record with the same values in another key order as a repeat', () => {
      const { mealId, organizationId, partner, date, meals, recipientGroup } = served.data;
      const reordered: MealCommand = {
        type: 'RecordMealsServed',
        data: { recipientGroup, meals, date, partner, organizationId, mealId },
        organization,
      };
      expect(given(mealDecider, [served]).when(reordered)).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['partner', { partner: 'Another kitchen' }],
      ['date', { date: '2024-06-02' }],
      ['number of meals', { meals: 121 }],
      ['recipient group', { recipientGroup: 'drivers' }],
    ])('refuses the same meal id again with a different %s', (_what, change) => {
      expect(given(mealDecider, [served]).when(record(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('CorrectMealCount', () => {
    it('corrects the count, stating the new total and the previous one', () => {
      expect(given(mealDecider, [served]).when(correct(150))).toEqual(emits(countCorrected(150, 120)));
    });

    it('corrects on top of an earlier correction', () => {
      expect(given(mealDecider, [served, countCorrected(150, 120)]).when(correct(90))).toEqual(
        emits(countCorrected(90, 150)),
      );
    });

    it('records nothing when the count does not change', () => {
      expect(given(mealDecider, [served]).when(correct(120))).toEqual(emits());
      expect(given(mealDecider, [served, countCorrected(150, 120)]).when(correct(150))).toEqual(emits());
    });

    it('refuses to correct a serving that does not exist', () => {
      expect(given(mealDecider).when(correct(150))).toEqual(refuses('not_found', { field: 'mealId', rule: 'exists' }));
    });

    it.each([
      [0, 'min'],
      [-1, 'min'],
      [120.5, 'isInt'],
      [LIMITS.mealsPerServing + 1, 'max'],
    ])('refuses a correction to %p meals (rule %s)', (meals, rule) => {
      expect(given(mealDecider, [served]).when(correct(meals))).toEqual(refuses('invalid', { field: 'meals', rule }));
    });
  });

  describe('RecordMealRecipients', () => {
    it('identifies recipients of a serving', () => {
      expect(given(mealDecider, [served]).when(recordRecipients(['w-1', 'w-2']))).toEqual(emits(recipientsRecorded('w-1', 'w-2')));
    });

    it('records only the recipients not identified before', () => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1')]).when(recordRecipients(['w-2', 'w-1', 'w-3']))).toEqual(
        emits(recipientsRecorded('w-2', 'w-3')),
      );
    });

    it('records nothing when every recipient is already identified', () => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1', 'w-2')]).when(recordRecipients(['w-1', 'w-2']))).toEqual(emits());
    });

    it('refuses recipients of a serving that does not exist', () => {
      expect(given(mealDecider).when(recordRecipients(['w-1']))).toEqual(refuses('not_found', { field: 'mealId', rule: 'exists' }));
    });

    it('refuses an empty list', () => {
      expect(given(mealDecider, [served]).when(recordRecipients([]))).toEqual(
        refuses('invalid', { field: 'participantIds', rule: 'arrayNotEmpty' }),
      );
    });

    it(`accepts ${LIMITS.attendeesPerRequest} recipients in one request and refuses more`, () => {
      const big: MealServed = { ...served, data: { ...served.data, meals: LIMITS.mealsPerServing } };
      expect(given(mealDecider, [big]).when(recordRecipients(workers(LIMITS.attendeesPerRequest)))).toEqual(
        emits(recipientsRecorded(...workers(LIMITS.attendeesPerRequest))),
      );
      expect(given(mealDecider, [big]).when(recordRecipients(workers(LIMITS.attendeesPerRequest + 1)))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'arrayMaxSize' }),
      );
    });

    it('refuses a recipient listed twice, naming the second occurrence', () => {
      expect(given(mealDecider, [served]).when(recordRecipients(['w-1', 'w-2', 'w-2']))).toEqual(
        refuses('unprocessable', { field: 'participantIds[2]', rule: 'unique' }),
      );
    });

    it('identifies as many recipients as meals served, and no more', () => {
      expect(given(mealDecider, [served, recipientsRecorded(...workers(100))]).when(recordRecipients(workers(20, 100)))).toEqual(
        emits(recipientsRecorded(...workers(20, 100))),
      );
      expect(given(mealDecider, [served, recipientsRecorded(...workers(100))]).when(recordRecipients(workers(21, 100)))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'notMoreThanServed' }),
      );
    });

    it('goes by the corrected number of meals', () => {
      expect(given(mealDecider, [served, countCorrected(2, 120)]).when(recordRecipients(['w-1', 'w-2', 'w-3']))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'notMoreThanServed' }),
      );
    });
  });

  describe('CorrectMealCount with identified recipients', () => {
    it('refuses to correct the count below the number of identified recipients', () => {
      const past = [served, recipientsRecorded('w-1', 'w-2', 'w-3')];
      expect(given(mealDecider, past).when(correct(2))).toEqual(refuses('conflict', { field: 'meals', rule: 'notLessThanIdentified' }));
      expect(given(mealDecider, past).when(correct(3))).toEqual(emits(countCorrected(3, 120)));
    });

    it('keeps the identified recipients through a correction and a retried record', () => {
      const past = [served, recipientsRecorded('w-1'), countCorrected(150, 120)];
      expect(given(mealDecider, past).state).toMatchObject({ meals: 150, identifiedRecipientIds: new Set(['w-1']) });
      expect(given(mealDecider, [served, recipientsRecorded('w-1')]).when(record())).toEqual(emits());
    });
  });

  describe('VoidMealRecipient', () => {
    it('voids an identified recipient', () => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1', 'w-2')]).when(voidRecipient('w-1'))).toEqual(emits(recipientVoided('w-1')));
    });

    it('records nothing when the recipient was already voided', () => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1'), recipientVoided('w-1')]).when(voidRecipient('w-1'))).toEqual(emits());
    });

    it('identifies a voided recipient again, and voids them again after that', () => {
      const past = [served, recipientsRecorded('w-1'), recipientVoided('w-1')];
      expect(given(mealDecider, past).when(recordRecipients(['w-1']))).toEqual(emits(recipientsRecorded('w-1')));
      expect(given(mealDecider, [...past, recipientsRecorded('w-1')]).when(voidRecipient('w-1'))).toEqual(emits(recipientVoided('w-1')));
    });

    it('refuses to void someone who is not an identified recipient of the serving', () => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1')]).when(voidRecipient('w-2'))).toEqual(
        refuses('not_found', { field: 'participantId', rule: 'exists' }),
      );
      expect(given(mealDecider, [served]).when(voidRecipient('w-1'))).toEqual(refuses('not_found', { field: 'participantId', rule: 'exists' }));
    });

    it('refuses to void a recipient of a serving that does not exist', () => {
      expect(given(mealDecider).when(voidRecipient('w-1'))).toEqual(refuses('not_found', { field: 'mealId', rule: 'exists' }));
    });

    it.each(['', '   '])('refuses a void without a reason (%p)', (reason) => {
      expect(given(mealDecider, [served, recipientsRecorded('w-1')]).when(voidRecipient('w-1', reason))).toEqual(
        refuses('invalid', { field: 'reason', rule: 'isText' }),
      );
    });

    it('frees the place of a voided recipient: the count may go down to the recipients left, and another may be identified', () => {
      const full = [served, countCorrected(2, 120), recipientsRecorded('w-1', 'w-2')];
      expect(given(mealDecider, full).when(recordRecipients(['w-3']))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'notMoreThanServed' }),
      );
      expect(given(mealDecider, [...full, recipientVoided('w-2')]).when(recordRecipients(['w-3']))).toEqual(emits(recipientsRecorded('w-3')));
      expect(given(mealDecider, [...full, recipientVoided('w-2')]).when(correct(1))).toEqual(emits(countCorrected(1, 2)));
    });
  });

  describe('evolve', () => {
    it('adds identified recipients to the state, which has none until the first are recorded', () => {
      expect(given(mealDecider, [served]).state).not.toHaveProperty('identifiedRecipientIds');
      expect(given(mealDecider, [served, recipientsRecorded('w-1'), recipientsRecorded('w-2')]).state).toEqual({
        status: 'served',
        ...served.data,
        identifiedRecipientIds: new Set(['w-1', 'w-2']),
      });
    });

    it('does not mutate earlier states while folding', () => {
      const before = given(mealDecider, [served, recipientsRecorded('w-1')]).state;
      mealDecider.evolve(before, recipientsRecorded('w-2'));
      mealDecider.evolve(before, recipientVoided('w-1'));
      expect(before).toMatchObject({ identifiedRecipientIds: new Set(['w-1']) });
      const voided = given(mealDecider, [served, recipientsRecorded('w-1'), recipientVoided('w-1')]).state;
      mealDecider.evolve(voided, recipientsRecorded('w-1'));
      expect(voided).toMatchObject({ identifiedRecipientIds: new Set(), voidedRecipientIds: new Set(['w-1']) });
    });

    it('keeps track of who is identified and whose identification was voided', () => {
      const past = [served, recipientsRecorded('w-1', 'w-2', 'w-3'), recipientVoided('w-1'), recipientVoided('w-2'), recipientsRecorded('w-2')];
      expect(given(mealDecider, past).state).toEqual({
        status: 'served',
        ...served.data,
        identifiedRecipientIds: new Set(['w-3', 'w-2']),
        voidedRecipientIds: new Set(['w-1']),
      });
    });

    it('never throws on a void before the serving', () => {
      expect(() => given(mealDecider, [recipientVoided('w-1'), served])).not.toThrow();
      expect(given(mealDecider, [recipientVoided('w-1'), served]).state).toEqual({ status: 'served', ...served.data });
    });

    it('never throws on recipients recorded before the serving', () => {
      expect(() => given(mealDecider, [recipientsRecorded('w-1'), served])).not.toThrow();
      expect(given(mealDecider, [recipientsRecorded('w-1')]).state).toEqual({ status: 'unknown' });
      expect(given(mealDecider, [recipientsRecorded('w-1'), served]).state).toEqual({ status: 'served', ...served.data });
    });

    it('folds a serving and its corrections into the latest count', () => {
      const past = [served, countCorrected(150, 120), countCorrected(90, 150)];
      expect(given(mealDecider, past).state).toEqual({ status: 'served', ...served.data, meals: 90 });
    });

    it('never throws on an unknown event or a correction before the serving was recorded', () => {
      const unknown = { type: 'MealServingSplitInSomeFutureVersion', data: {} } as never;
      const history: MealEvent[] = [unknown, countCorrected(150, 120), served, unknown];
      expect(() => given(mealDecider, history)).not.toThrow();
      expect(given(mealDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(mealDecider, history).state).toEqual({ status: 'served', ...served.data });
    });
  });
});
