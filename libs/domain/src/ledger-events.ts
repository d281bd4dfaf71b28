import { ClinicEvent } from './clinic/clinic.events';
import { CoolingDeliveryEvent } from './cooling-delivery/cooling-delivery.events';
import { CoolingInstallationEvent } from './cooling-installation/cooling-installation.events';
import { CourseSessionEvent } from './course-session/course-session.events';
import { CourseEvent } from './course/course.events';
import { MealEvent } from './meal/meal.events';
import { MembershipEvent } from './membership/membership.events';
import { OrganizationEvent } from './organization/organization.events';
import { ProgrammeApplicationEvent } from './programme-application/programme-application.events';
import { ProgrammeBrandEvent } from './programme-brand/programme-brand.events';
import { ProgrammeIntakeEvent } from './programme-intake/programme-intake.events';
import { RecuperationTripEvent } from './recuperation-trip/recuperation-trip.events';
import { PersonEvent } from './person/person.events';
import { ReportEvent } from './report/report.events';
import { ReportingPeriodEvent } from './reporting-period/reporting-period.events';
import { TargetEvent } from './target/target.events';
import { WorkerFeedbackEvent } from './worker-feedback/worker-feedback.events';

export type LedgerEvent =
  | OrganizationEvent
  | ProgrammeBrandEvent
  | CourseEvent
  | CourseSessionEvent
  | ClinicEvent
  | MealEvent
  | MembershipEvent
  | RecuperationTripEvent
  | CoolingDeliveryEvent
  | CoolingInstallationEvent
  | WorkerFeedbackEvent
  | ProgrammeIntakeEvent
  | ProgrammeApplicationEvent
  | TargetEvent
  | ReportEvent
  | ReportingPeriodEvent
  | PersonEvent;

/**
 * The schema version of each event type's data. A change to a shape is a new version (with an
 * upcaster for the old one), never an edit of what was written.
 */
export const EVENT_SCHEMA_VERSIONS: Record<LedgerEvent['type'], number> = {
  OrganizationRegistered: 1,
  OrganizationMoved: 1,
  OrganizationRenamed: 1,
  ProgrammeBrandRegistered: 1,
  ProgrammeBrandCorrected: 1,
  CourseRegistered: 1,
  CourseDetailsCorrected: 1,
  CourseAssignedToBrand: 1,
  CourseRemovedFromBrand: 1,
  CourseSessionHeld: 1,
  CourseSessionAttended: 1,
  AttendanceVoided: 1,
  CourseSessionVoided: 1,
  ClinicHeld: 1,
  ClinicCorrected: 1,
  ClinicVisitorsRecorded: 1,
  MealServed: 1,
  MealCountCorrected: 1,
  MealRecipientsRecorded: 1,
  MealRecipientVoided: 1,
  MemberJoined: 1,
  MembershipVoided: 1,
  RecuperationTripOrganized: 1,
  RecuperationTripCorrected: 1,
  TripParticipationRecorded: 1,
  TripParticipationVoided: 1,
  CoolingSuppliesDelivered: 1,
  CoolingSuppliesDeliveryCorrected: 1,
  CoolingEquipmentInstalled: 1,
  CoolingEquipmentInstallationCorrected: 1,
  WorkerFeedbackRecorded: 1,
  WorkerFeedbackCorrected: 1,
  ProgrammeIntakeOpened: 1,
  ProgrammeIntakeCorrected: 1,
  ProgrammeApplicationRecorded: 1,
  ProgrammeAdmissionRecorded: 1,
  ProgrammeApplicationVoided: 1,
  ProgrammeAdmissionVoided: 1,
  TargetSet: 1,
  ReportPublished: 1,
  PeriodClosed: 1,
  ContactDetailsKept: 1,
  ContactDetailsViewed: 1,
  PersonForgotten: 1,
};
