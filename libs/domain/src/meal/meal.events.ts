import { DomainEvent } from '../shared/decider';

export type MealServed = DomainEvent<
  'MealServed',
  { mealId: string; organizationId: string; partner: string; date: string; meals: number; recipientGroup: string }
>;

/** The number of meals as corrected (the new total for this serving, not a difference). */
export type MealCountCorrected = DomainEvent<
  'MealCountCorrected',
  { mealId: string; meals: number; previousMeals: number; reason: string }
>;

export type MealEvent = MealServed | MealCountCorrected;

export type MealState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'served';
      readonly mealId: string;
      readonly organizationId: string;
      readonly partner: string;
      readonly date: string;
      readonly meals: number;
      readonly recipientGroup: string;
    };
