import { DomainEvent } from '../shared/decider';

export type CourseRegistered = DomainEvent<
  'CourseRegistered',
  { courseId: string; organizationId: string; name: string; category: string }
>;

/** A correction of a course's name or category; the course keeps its id and organisation. */
export type CourseDetailsCorrected = DomainEvent<
  'CourseDetailsCorrected',
  { courseId: string; name: string; category: string; reason: string }
>;

export type CourseEvent = CourseRegistered | CourseDetailsCorrected;

export type CourseState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'registered';
      readonly courseId: string;
      readonly organizationId: string;
      readonly name: string;
      readonly category: string;
    };
