import { ClinicEvent } from './clinic/clinic.events';
import { CourseSessionEvent } from './course-session/course-session.events';
import { CourseEvent } from './course/course.events';
import { MealEvent } from './meal/meal.events';
import { MembershipEvent } from './membership/membership.events';
import { OrganizationEvent } from './organization/organization.events';

export type LedgerEvent =
  | OrganizationEvent
  | CourseEvent
  | CourseSessionEvent
  | ClinicEvent
  | MealEvent
  | MembershipEvent;

/**
 * The schema version of each event type's data. A change to a shape is a new version (with an
 * upcaster for the old one), never an edit of what was written.
 */
export const EVENT_SCHEMA_VERSIONS: Record<LedgerEvent['type'], number> = {
  OrganizationRegistered: 1,
  CourseRegistered: 1,
  CourseDetailsCorrected: 1,
  CourseSessionHeld: 1,
  CourseSessionAttended: 1,
  AttendanceVoided: 1,
  CourseSessionVoided: 1,
  ClinicHeld: 1,
  ClinicCorrected: 1,
  MealServed: 1,
  MealCountCorrected: 1,
  MemberJoined: 1,
  MembershipVoided: 1,
};
