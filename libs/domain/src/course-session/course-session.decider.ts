import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { newParticipantIds } from '../shared/identified-participants';
import { assertPastDate } from '../shared/values';
import { CourseState } from '../course/course.events';
import { CourseSessionEvent, CourseSessionState } from './course-session.events';

export type CourseSessionCommand =
  | {
      readonly type: 'HoldCourseSession';
      readonly data: { courseId: string; sessionId: string; date: string; venue: string | null };
      readonly course: CourseState;
    }
  | {
      readonly type: 'RecordAttendance';
      readonly data: { courseId: string; sessionId: string; participantIds: readonly string[] };
    }
  | {
      readonly type: 'VoidAttendance';
      readonly data: { courseId: string; sessionId: string; participantId: string; reason: string };
    }
  | {
      readonly type: 'VoidCourseSession';
      readonly data: { courseId: string; sessionId: string; reason: string };
    };

export const courseSessionDecider: Decider<CourseSessionCommand, CourseSessionEvent, CourseSessionState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'HoldCourseSession': {
        const { data } = command;
        if (command.course.status !== 'registered') throw refuse.notFound('courseId', `course ${data.courseId} does not exist`);
        if (state.status !== 'unknown') {
          if (state.status === 'voided') {
            throw refuse.conflict('id', 'unique', `session ${data.sessionId} of course ${data.courseId} was voided; record it under a new id`);
          }
          if (state.date === data.date && state.venue === data.venue) return [];
          throw refuse.conflict('id', 'unique', `session ${data.sessionId} of course ${data.courseId} already exists differently`);
        }
        assertPastDate('date', data.date, today);
        return [{ type: 'CourseSessionHeld', data: { ...data } }];
      }
      case 'RecordAttendance': {
        const { courseId, sessionId, participantIds } = command.data;
        const session = heldSession(state, sessionId);
        return newParticipantIds(participantIds, session.attendees).map((participantId) => ({
          type: 'CourseSessionAttended' as const,
          data: { courseId, sessionId, participantId },
        }));
      }
      case 'VoidAttendance': {
        const { participantId } = command.data;
        const session = heldSession(state, command.data.sessionId);
        if (session.attendees.has(participantId)) return [{ type: 'AttendanceVoided', data: { ...command.data } }];
        if (session.voidedAttendees.has(participantId)) return [];
        throw refuse.notFound('participantId', `${participantId} has no attendance at this session`);
      }
      case 'VoidCourseSession': {
        if (state.status === 'voided') return [];
        heldSession(state, command.data.sessionId);
        return [{ type: 'CourseSessionVoided', data: { ...command.data } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CourseSessionHeld':
        return {
          status: 'held',
          ...event.data,
          attendees: new Set<string>(),
          voidedAttendees: new Set<string>(),
        };
      case 'CourseSessionAttended': {
        if (state.status === 'unknown') return state;
        const voidedAttendees = new Set(state.voidedAttendees);
        voidedAttendees.delete(event.data.participantId);
        return { ...state, attendees: new Set(state.attendees).add(event.data.participantId), voidedAttendees };
      }
      case 'AttendanceVoided': {
        if (state.status === 'unknown') return state;
        const attendees = new Set(state.attendees);
        attendees.delete(event.data.participantId);
        return { ...state, attendees, voidedAttendees: new Set(state.voidedAttendees).add(event.data.participantId) };
      }
      case 'CourseSessionVoided':
        return state.status === 'unknown' ? state : { ...state, status: 'voided' };
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function heldSession(state: CourseSessionState, sessionId: string) {
  if (state.status === 'unknown') throw refuse.notFound('sessionId', `session ${sessionId} does not exist`);
  if (state.status === 'voided') throw refuse.conflict('sessionId', 'notVoided', `session ${sessionId} was voided`);
  return state;
}
