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

/**
 * Recipients identified by pseudonymous id, so that people who used several services can be counted:
 * only the ids not recorded for this serving before. Identifying recipients is optional.
 */
export type MealRecipientsRecorded = DomainEvent<'MealRecipientsRecorded', { mealId: string; participantIds: string[] }>;

/**
 * An identified recipient taken off a serving (identified by mistake, or at the wrong serving): they
 * no longer count as having used the service there. They may be identified again afterwards.
 */
export type MealRecipientVoided = DomainEvent<'MealRecipientVoided', { mealId: string; participantId: string; reason: string }>;

export type MealEvent = MealServed | MealCountCorrected | MealRecipientsRecorded | MealRecipientVoided;

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
      /**
       * The recipients identified and not voided since. Absent until the first are recorded, so that a view built by
       * spreading the state stays as it was; a view must not expose these ids.
       */
      readonly identifiedRecipientIds?: ReadonlySet<string>;
      /** Recipients voided and not identified again since: voiding them again records nothing. Absent until the first void. */
      readonly voidedRecipientIds?: ReadonlySet<string>;
    };
