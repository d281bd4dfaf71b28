import { streamName } from '../../../../libs/event-store/src/stream-name';

/** Where each aggregate's events live. One stream per consistency boundary. */
export const streams = {
  organization: (organizationId: string) => streamName('organization', organizationId),
  programmeBrand: (brandId: string) => streamName('programme_brand', brandId),
  course: (courseId: string) => streamName('course', courseId),
  courseSession: (courseId: string, sessionId: string) => streamName('course_session', courseId, sessionId),
  clinic: (clinicId: string) => streamName('clinic', clinicId),
  meal: (mealId: string) => streamName('meal', mealId),
  membership: (organizationId: string, workerId: string) => streamName('membership', organizationId, workerId),
  recuperationTrip: (tripId: string) => streamName('recuperation_trip', tripId),
  coolingDelivery: (deliveryId: string) => streamName('cooling_delivery', deliveryId),
  coolingInstallation: (installationId: string) => streamName('cooling_installation', installationId),
  workerFeedback: (feedbackId: string) => streamName('worker_feedback', feedbackId),
  programmeIntake: (intakeId: string) => streamName('programme_intake', intakeId),
  programmeApplication: (intakeId: string, applicantId: string) => streamName('programme_application', intakeId, applicantId),
  target: (organizationId: string, measure: string, period: string) => streamName('target', organizationId, measure, period),
  report: (reportId: string) => streamName('report', reportId),
  reportingPeriod: (organizationId: string, period: string) => streamName('reporting_period', organizationId, period),
  person: (participantId: string) => streamName('person', participantId),
};
