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

/** The course is run under a programme brand; a course belongs to at most one brand at a time. */
export type CourseAssignedToBrand = DomainEvent<'CourseAssignedToBrand', { courseId: string; brandId: string }>;

export type CourseRemovedFromBrand = DomainEvent<
  'CourseRemovedFromBrand',
  { courseId: string; brandId: string; reason: string }
>;

export type CourseEvent = CourseRegistered | CourseDetailsCorrected | CourseAssignedToBrand | CourseRemovedFromBrand;

export type CourseState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'registered';
      readonly courseId: string;
      readonly organizationId: string;
      readonly name: string;
      readonly category: string;
      /**
       * The brand the course currently belongs to, null if none. Always set by evolve; optional only
       * so that a state written out by hand (a lookup in a test) need not name it.
       */
      readonly brandId?: string | null;
      /** The brand it was last removed from, while it belongs to none: a repeated removal is a retry. */
      readonly removedFromBrandId?: string | null;
    };
