import { streamName } from '../../../../libs/event-store/src/stream-name';

/** Where each aggregate's events live. One stream per consistency boundary. */
export const streams = {
  organization: (organizationId: string) => streamName('organization', organizationId),
  course: (courseId: string) => streamName('course', courseId),
  courseSession: (courseId: string, sessionId: string) => streamName('course_session', courseId, sessionId),
  clinic: (clinicId: string) => streamName('clinic', clinicId),
  meal: (mealId: string) => streamName('meal', mealId),
  membership: (organizationId: string, workerId: string) => streamName('membership', organizationId, workerId),
};
