import { DomainEvent } from '../shared/decider';

export type CourseSessionHeld = DomainEvent<
  'CourseSessionHeld',
  { courseId: string; sessionId: string; date: string; venue: string | null }
>;

/** One attendee at one session: one event per person, so each can be voided on its own. */
export type CourseSessionAttended = DomainEvent<
  'CourseSessionAttended',
  { courseId: string; sessionId: string; participantId: string }
>;

export type AttendanceVoided = DomainEvent<
  'AttendanceVoided',
  { courseId: string; sessionId: string; participantId: string; reason: string }
>;

/** The session was recorded by mistake: it and its attendances no longer count. */
export type CourseSessionVoided = DomainEvent<
  'CourseSessionVoided',
  { courseId: string; sessionId: string; reason: string }
>;

export type CourseSessionEvent = CourseSessionHeld | CourseSessionAttended | AttendanceVoided | CourseSessionVoided;

export type CourseSessionState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'held' | 'voided';
      readonly courseId: string;
      readonly sessionId: string;
      readonly date: string;
      readonly venue: string | null;
      /** Participants whose attendance currently counts. */
      readonly attendees: ReadonlySet<string>;
      /** Participants whose attendance was voided (and not recorded again since). */
      readonly voidedAttendees: ReadonlySet<string>;
    };
