import { emits, given, refuses } from '../shared/given-when-then';
import { LIMITS } from '../shared/values';
import { CourseState } from '../course/course.events';
import { CourseSessionCommand, courseSessionDecider } from './course-session.decider';
import {
  AttendanceVoided,
  CourseSessionAttended,
  CourseSessionEvent,
  CourseSessionHeld,
  CourseSessionVoided,
} from './course-session.events';

const course: CourseState = {
  status: 'registered',
  courseId: 'course-1',
  organizationId: 'org-1',
  name: 'Labour law basics',
  category: 'legal',
};

const ids = { courseId: 'course-1', sessionId: 'session-1' };

const held: CourseSessionHeld = {
  type: 'CourseSessionHeld',
  data: { ...ids, date: '2024-06-01', venue: 'Union hall' },
};

const attended = (participantId: string): CourseSessionAttended => ({
  type: 'CourseSessionAttended',
  data: { ...ids, participantId },
});

const attendanceVoided = (participantId: string): AttendanceVoided => ({
  type: 'AttendanceVoided',
  data: { ...ids, participantId, reason: 'recorded by mistake' },
});

const sessionVoided: CourseSessionVoided = {
  type: 'CourseSessionVoided',
  data: { ...ids, reason: 'never took place' },
};

function hold(data: Partial<CourseSessionHeld['data']> = {}, courseState: CourseState = course): CourseSessionCommand {
  return { type: 'HoldCourseSession', data: { ...held.data, ...data }, course: courseState };
}

function recordAttendance(participantIds: readonly string[]): CourseSessionCommand {
  return { type: 'RecordAttendance', data: { ...ids, participantIds } };
}

function voidAttendance(participantId: string): CourseSessionCommand {
  return { type: 'VoidAttendance', data: { ...ids, participantId, reason: 'recorded by mistake' } };
}

const voidSession: CourseSessionCommand = { type: 'VoidCourseSession', data: { ...ids, reason: 'never took place' } };

describe('course session decider', () => {
  describe('HoldCourseSession', () => {
    it('records a session of a registered course', () => {
      expect(given(courseSessionDecider).when(hold())).toEqual(emits(held));
    });

    it('records a session without a venue', () => {
      expect(given(courseSessionDecider).when(hold({ venue: null }))).toEqual(
        emits({ ...held, data: { ...held.data, venue: null } }),
      );
    });

    it('records a session held today', () => {
      expect(given(courseSessionDecider).when(hold({ date: '2024-12-31' }))).toEqual(
        emits({ ...held, data: { ...held.data, date: '2024-12-31' } }),
      );
    });

    it('refuses a session on a course that does not exist', () => {
      expect(given(courseSessionDecider).when(hold({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'courseId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-6-1', 'yesterday', ''])(
      'refuses a session on %p, which is not a real calendar date',
      (date) => {
        expect(given(courseSessionDecider).when(hold({ date }))).toEqual(
          refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
        );
      },
    );

    it('accepts 29 February in a leap year', () => {
      expect(given(courseSessionDecider).when(hold({ date: '2024-02-29' }))).toEqual(
        emits({ ...held, data: { ...held.data, date: '2024-02-29' } }),
      );
    });

    it('refuses a session dated after today', () => {
      expect(given(courseSessionDecider).when(hold({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
      expect(given(courseSessionDecider).when(hold({ date: '2024-06-02' }), { today: '2024-06-01' })).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it('treats a retried session with the same date and venue as a repeat and records nothing', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(hold())).toEqual(emits());
    });

    it.each([
      ['date', { date: '2024-06-02' }],
      ['venue', { venue: 'Elsewhere' }],
      ['missing venue', { venue: null }],
    ])('refuses the same session id again with a different %s', (_what, change) => {
      expect(given(courseSessionDecider, [held]).when(hold(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });

    it('refuses to hold again a session that was voided', () => {
      expect(given(courseSessionDecider, [held, sessionVoided]).when(hold())).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('RecordAttendance', () => {
    it('records one attendance per participant', () => {
      expect(given(courseSessionDecider, [held]).when(recordAttendance(['w-1', 'w-2']))).toEqual(
        emits(attended('w-1'), attended('w-2')),
      );
    });

    it('skips participants whose attendance is already recorded', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(recordAttendance(['w-1', 'w-2']))).toEqual(
        emits(attended('w-2')),
      );
    });

    it('records nothing when every participant is already recorded', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(recordAttendance(['w-1']))).toEqual(emits());
    });

    it('records a participant again after their attendance was voided', () => {
      const past = [held, attended('w-1'), attendanceVoided('w-1')];
      expect(given(courseSessionDecider, past).when(recordAttendance(['w-1']))).toEqual(emits(attended('w-1')));
    });

    it('refuses attendance at a session that does not exist', () => {
      expect(given(courseSessionDecider).when(recordAttendance(['w-1']))).toEqual(
        refuses('not_found', { field: 'sessionId', rule: 'exists' }),
      );
    });

    it('refuses attendance at a session that was voided', () => {
      expect(given(courseSessionDecider, [held, sessionVoided]).when(recordAttendance(['w-1']))).toEqual(
        refuses('conflict', { field: 'sessionId', rule: 'notVoided' }),
      );
    });

    it('refuses an empty list of participants', () => {
      expect(given(courseSessionDecider, [held]).when(recordAttendance([]))).toEqual(
        refuses('invalid', { field: 'participantIds', rule: 'arrayNotEmpty' }),
      );
    });

    it('refuses a participant listed twice, naming the second occurrence', () => {
      expect(given(courseSessionDecider, [held]).when(recordAttendance(['w-1', 'w-2', 'w-3', 'w-2']))).toEqual(
        refuses('unprocessable', { field: 'participantIds[3]', rule: 'unique' }),
      );
    });

    it('refuses a duplicate even when that participant is already recorded, recording no one', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(recordAttendance(['w-1', 'w-1']))).toEqual(
        refuses('unprocessable', { field: 'participantIds[1]', rule: 'unique' }),
      );
    });

    it(`accepts exactly ${LIMITS.attendeesPerRequest} participants in one request`, () => {
      const participantIds = Array.from({ length: LIMITS.attendeesPerRequest }, (_, i) => `w-${i}`);
      const outcome = given(courseSessionDecider, [held]).when(recordAttendance(participantIds));
      expect(outcome).toEqual(emits(...participantIds.map(attended)));
    });

    it(`refuses more than ${LIMITS.attendeesPerRequest} participants in one request`, () => {
      const participantIds = Array.from({ length: LIMITS.attendeesPerRequest + 1 }, (_, i) => `w-${i}`);
      expect(given(courseSessionDecider, [held]).when(recordAttendance(participantIds))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'arrayMaxSize' }),
      );
    });
  });

  describe('VoidAttendance', () => {
    it('voids a recorded attendance', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(voidAttendance('w-1'))).toEqual(
        emits(attendanceVoided('w-1')),
      );
    });

    it('records nothing when the attendance was already voided', () => {
      const past = [held, attended('w-1'), attendanceVoided('w-1')];
      expect(given(courseSessionDecider, past).when(voidAttendance('w-1'))).toEqual(emits());
    });

    it('voids an attendance recorded again after a void', () => {
      const past = [held, attended('w-1'), attendanceVoided('w-1'), attended('w-1')];
      expect(given(courseSessionDecider, past).when(voidAttendance('w-1'))).toEqual(emits(attendanceVoided('w-1')));
    });

    it('refuses to void the attendance of someone who did not attend', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(voidAttendance('w-2'))).toEqual(
        refuses('not_found', { field: 'participantId', rule: 'exists' }),
      );
    });

    it('refuses to void an attendance at a session that does not exist', () => {
      expect(given(courseSessionDecider).when(voidAttendance('w-1'))).toEqual(
        refuses('not_found', { field: 'sessionId', rule: 'exists' }),
      );
    });

    it('refuses to void an attendance at a session that was voided', () => {
      const past = [held, attended('w-1'), sessionVoided];
      expect(given(courseSessionDecider, past).when(voidAttendance('w-1'))).toEqual(
        refuses('conflict', { field: 'sessionId', rule: 'notVoided' }),
      );
    });
  });

  describe('VoidCourseSession', () => {
    it('voids a held session', () => {
      expect(given(courseSessionDecider, [held, attended('w-1')]).when(voidSession)).toEqual(emits(sessionVoided));
    });

    it('records nothing when the session was already voided', () => {
      expect(given(courseSessionDecider, [held, sessionVoided]).when(voidSession)).toEqual(emits());
    });

    it('refuses to void a session that does not exist', () => {
      expect(given(courseSessionDecider).when(voidSession)).toEqual(
        refuses('not_found', { field: 'sessionId', rule: 'exists' }),
      );
    });
  });

  describe('evolve', () => {
    it('keeps track of who currently attends and whose attendance was voided', () => {
      const past = [held, attended('w-1'), attended('w-2'), attendanceVoided('w-1')];
      expect(given(courseSessionDecider, past).state).toEqual({
        status: 'held',
        ...held.data,
        attendees: new Set(['w-2']),
        voidedAttendees: new Set(['w-1']),
      });
    });

    it('does not mutate earlier states while folding', () => {
      const before = given(courseSessionDecider, [held, attended('w-1')]).state;
      courseSessionDecider.evolve(before, attendanceVoided('w-1'));
      expect(before).toMatchObject({ attendees: new Set(['w-1']), voidedAttendees: new Set() });
    });

    it('never throws on an unknown event or on events before the session was held', () => {
      const unknown = { type: 'CourseSessionMovedInSomeFutureVersion', data: {} } as never;
      const history: CourseSessionEvent[] = [
        unknown,
        attended('w-1'),
        attendanceVoided('w-1'),
        sessionVoided,
        held,
        unknown,
        attendanceVoided('w-2'),
      ];
      expect(() => given(courseSessionDecider, history)).not.toThrow();
      expect(given(courseSessionDecider, history.slice(0, 4)).state).toEqual({ status: 'unknown' });
      expect(given(courseSessionDecider, history).state).toMatchObject({ status: 'held', ...held.data });
    });
  });
});
