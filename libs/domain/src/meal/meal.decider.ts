import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount, assertPastDate, LIMITS } from '../shared/values';
import { newParticipantIds } from '../shared/identified-participants';
import { OrganizationState } from '../organization/organization.events';
import { MealEvent, MealServed, MealState } from './meal.events';

export type MealCommand =
  | {
      readonly type: 'RecordMealsServed';
      readonly data: MealServed['data'];
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectMealCount';
      readonly data: { mealId: string; meals: number; reason: string };
    }
  | {
      readonly type: 'RecordMealRecipients';
      readonly data: { mealId: string; participantIds: readonly string[] };
    }
  | {
      readonly type: 'VoidMealRecipient';
      readonly data: { mealId: string; participantId: string; reason: string };
    };

export const mealDecider: Decider<MealCommand, MealEvent, MealState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordMealsServed': {
        const { data } = command;
        if (state.status === 'served') {
          const same =
            state.organizationId === data.organizationId &&
            state.partner === data.partner &&
            state.date === data.date &&
            state.meals === data.meals &&
            state.recipientGroup === data.recipientGroup;
          if (same) return [];
          throw refuse.conflict('id', 'unique', `meal serving ${data.mealId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertPastDate('date', data.date, today);
        assertCount('meals', data.meals, LIMITS.mealsPerServing);
        return [{ type: 'MealServed', data: { ...data } }];
      }
      case 'CorrectMealCount': {
        const { mealId, meals, reason } = command.data;
        if (state.status !== 'served') throw refuse.notFound('mealId', `meal serving ${mealId} does not exist`);
        assertCount('meals', meals, LIMITS.mealsPerServing);
        if (meals === state.meals) return [];
        const identified = state.identifiedRecipientIds?.size ?? 0;
        if (meals < identified) {
          throw refuse.conflict('meals', 'notLessThanIdentified', `${identified} recipients of meal serving ${mealId} are identified; meals cannot be fewer`);
        }
        return [{ type: 'MealCountCorrected', data: { mealId, meals, previousMeals: state.meals, reason } }];
      }
      case 'RecordMealRecipients': {
        const { mealId, participantIds } = command.data;
        if (state.status !== 'served') throw refuse.notFound('mealId', `meal serving ${mealId} does not exist`);
        const identified = state.identifiedRecipientIds ?? new Set<string>();
        const newIds = newParticipantIds(participantIds, identified);
        if (newIds.length === 0) return [];
        if (identified.size + newIds.length > state.meals) {
          throw refuse.unprocessable(
            'participantIds',
            'notMoreThanServed',
            `meal serving ${mealId} served ${state.meals} meals; ${identified.size + newIds.length} recipients would be identified`,
          );
        }
        return [{ type: 'MealRecipientsRecorded', data: { mealId, participantIds: newIds } }];
      }
      case 'VoidMealRecipient': {
        const { mealId, participantId, reason } = command.data;
        if (state.status !== 'served') throw refuse.notFound('mealId', `meal serving ${mealId} does not exist`);
        if (reason.trim() === '') throw refuse.invalid('reason', 'isText', 'a void says why: reason is empty');
        if (state.identifiedRecipientIds?.has(participantId)) return [{ type: 'MealRecipientVoided', data: { mealId, participantId, reason } }];
        // Already voided: a retry, which records nothing (as for a voided attendance).
        if (state.voidedRecipientIds?.has(participantId)) return [];
        throw refuse.notFound('participantId', `${participantId} is not an identified recipient of meal serving ${mealId}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MealServed':
        return { status: 'served', ...event.data };
      case 'MealCountCorrected':
        return state.status === 'served' ? { ...state, meals: event.data.meals } : state;
      case 'MealRecipientsRecorded': {
        if (state.status !== 'served') return state;
        const { participantIds } = event.data;
        return {
          ...state,
          identifiedRecipientIds: withIds(state.identifiedRecipientIds, participantIds),
          ...(state.voidedRecipientIds && { voidedRecipientIds: withoutIds(state.voidedRecipientIds, participantIds) }),
        };
      }
      case 'MealRecipientVoided': {
        if (state.status !== 'served') return state;
        const ids = [event.data.participantId];
        return {
          ...state,
          identifiedRecipientIds: withoutIds(state.identifiedRecipientIds, ids),
          voidedRecipientIds: withIds(state.voidedRecipientIds, ids),
        };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

/** New sets, so that folding never mutates an earlier state. */
const withIds = (set: ReadonlySet<string> | undefined, ids: readonly string[]) => new Set([...(set ?? []), ...ids]);
const withoutIds = (set: ReadonlySet<string> | undefined, ids: readonly string[]) => {
  const left = new Set(set);
  ids.forEach((id) => left.delete(id));
  return left;
};
