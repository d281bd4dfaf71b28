import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeIntakeState } from '../programme-intake/programme-intake.events';
import { ProgrammeApplicationCommand, programmeApplicationDecider } from './programme-application.decider';
import {
  ProgrammeAdmissionRecorded,
  ProgrammeAdmissionVoided,
  ProgrammeApplicationEvent,
  ProgrammeApplicationRecorded,
  ProgrammeApplicationVoided,
  TUITION_AID,
} from './programme-application.events';

const recommending: OrganizationState = {
  status: 'registered',
  organizationId: 'org-7',
  name: 'Riders Union',
  level: 'grassroots',
  parentId: null,
};

const intake: ProgrammeIntakeState = {
  status: 'opened',
  intakeId: 'intake-2024',
  organizationId: 'org-1',
  programme: 'Skills for delivery riders',
  tracks: ['electrician', 'e-commerce'],
  applicationOpens: '2024-03-01',
  applicationCloses: '2024-04-30',
};

const ids = { intakeId: 'intake-2024', applicantId: 'w-42' };

const applied: ProgrammeApplicationRecorded = {
  type: 'ProgrammeApplicationRecorded',
  data: { ...ids, track: 'electrician', recommendingOrganizationId: 'org-7', tuitionAid: 'partial', date: '2024-03-15' },
};

const admitted: ProgrammeAdmissionRecorded = {
  type: 'ProgrammeAdmissionRecorded',
  data: { ...ids, track: 'electrician', tuitionAid: 'full', date: '2024-05-10' },
};

const applicationVoided: ProgrammeApplicationVoided = {
  type: 'ProgrammeApplicationVoided',
  data: { ...ids, reason: 'recorded by mistake' },
};

const admissionVoided: ProgrammeAdmissionVoided = {
  type: 'ProgrammeAdmissionVoided',
  data: { ...ids, reason: 'recorded by mistake' },
};

function apply(
  data: Partial<ProgrammeApplicationRecorded['data']> = {},
  intakeState: ProgrammeIntakeState = intake,
  recommendingOrganization: OrganizationState = recommending,
): ProgrammeApplicationCommand {
  return { type: 'RecordProgrammeApplication', data: { ...applied.data, ...data }, intake: intakeState, recommendingOrganization };
}

function admit(data: Partial<ProgrammeAdmissionRecorded['data']> = {}, intakeState: ProgrammeIntakeState = intake): ProgrammeApplicationCommand {
  return { type: 'RecordProgrammeAdmission', data: { ...admitted.data, ...data }, intake: intakeState };
}

const voidApplication: ProgrammeApplicationCommand = { type: 'VoidProgrammeApplication', data: { ...applicationVoided.data } };
const voidAdmission: ProgrammeApplicationCommand = { type: 'VoidProgrammeAdmission', data: { ...admissionVoided.data } };

describe('programme application decider', () => {
  describe('RecordProgrammeApplication', () => {
    it('records an application to a track of an intake, recommended by a registered organisation', () => {
      expect(given(programmeApplicationDecider).when(apply())).toEqual(emits(applied));
    });

    it.each(TUITION_AID)('records an application asking for %s tuition aid', (tuitionAid) => {
      expect(given(programmeApplicationDecider).when(apply({ tuitionAid }))).toEqual(emits({ ...applied, data: { ...applied.data, tuitionAid } }));
    });

    it.each(['2024-03-01', '2024-04-30'])('records an application on %p, at the edge of the window', (date) => {
      expect(given(programmeApplicationDecider).when(apply({ date }))).toEqual(emits({ ...applied, data: { ...applied.data, date } }));
    });

    it('refuses an application to an intake that does not exist', () => {
      expect(given(programmeApplicationDecider).when(apply({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'intakeId', rule: 'exists' }),
      );
    });

    it('refuses an application to a track the intake does not offer', () => {
      expect(given(programmeApplicationDecider).when(apply({ track: 'plumbing' }))).toEqual(
        refuses('unprocessable', { field: 'track', rule: 'inIntakeTracks' }),
      );
    });

    it('refuses an application recommended by an organisation that does not exist', () => {
      expect(given(programmeApplicationDecider).when(apply({}, intake, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'recommendingOrganizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '15/03/2024'])('refuses an application on %p, which is not a real calendar date', (date) => {
      expect(given(programmeApplicationDecider).when(apply({ date }))).toEqual(refuses('invalid', { field: 'date', rule: 'isCalendarDate' }));
    });

    it('refuses an application dated after today', () => {
      expect(given(programmeApplicationDecider).when(apply(), { today: '2024-03-14' })).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each(['2024-02-29', '2024-05-01'])('refuses an application on %p, outside the application window', (date) => {
      expect(given(programmeApplicationDecider).when(apply({ date }))).toEqual(
        refuses('unprocessable', { field: 'date', rule: 'withinApplicationWindow' }),
      );
    });

    it('goes by the intake as corrected: its tracks and its window', () => {
      const corrected: ProgrammeIntakeState = { ...intake, tracks: ['plumbing'], applicationCloses: '2024-05-31' };
      expect(given(programmeApplicationDecider).when(apply({ track: 'plumbing', date: '2024-05-20' }, corrected))).toEqual(
        emits({ ...applied, data: { ...applied.data, track: 'plumbing', date: '2024-05-20' } }),
      );
    });

    it('treats a retried application with the same data as a repeat and records nothing', () => {
      expect(given(programmeApplicationDecider, [applied]).when(apply())).toEqual(emits());
      expect(given(programmeApplicationDecider, [applied, admitted]).when(apply())).toEqual(emits());
    });

    it.each([
      ['track', { track: 'e-commerce' }],
      ['recommending organisation', { recommendingOrganizationId: 'org-8' }],
      ['tuition aid', { tuitionAid: 'none' as const }],
      ['date', { date: '2024-03-16' }],
    ])('refuses a second application by the same applicant with a different %s', (_what, change) => {
      expect(given(programmeApplicationDecider, [applied]).when(apply(change))).toEqual(
        refuses('conflict', { field: 'applicantId', rule: 'unique' }),
      );
    });

    it('records an application again after the first was voided, checking it anew', () => {
      const again = { ...applied, data: { ...applied.data, track: 'e-commerce' } };
      expect(given(programmeApplicationDecider, [applied, applicationVoided]).when(apply({ track: 'e-commerce' }))).toEqual(emits(again));
      expect(given(programmeApplicationDecider, [applied, applicationVoided]).when(apply({ date: '2024-05-01' }))).toEqual(
        refuses('unprocessable', { field: 'date', rule: 'withinApplicationWindow' }),
      );
    });
  });

  describe('RecordProgrammeAdmission', () => {
    it('admits an applicant, to a track and with tuition aid of its own', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit())).toEqual(emits(admitted));
    });

    it('admits an applicant on the day of the application, after the window has closed', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit({ date: '2024-03-15' }))).toEqual(
        emits({ ...admitted, data: { ...admitted.data, date: '2024-03-15' } }),
      );
    });

    it('refuses to admit someone who did not apply', () => {
      expect(given(programmeApplicationDecider).when(admit())).toEqual(refuses('not_found', { field: 'applicantId', rule: 'exists' }));
    });

    it('refuses to admit someone whose application was voided', () => {
      expect(given(programmeApplicationDecider, [applied, applicationVoided]).when(admit())).toEqual(
        refuses('not_found', { field: 'applicantId', rule: 'exists' }),
      );
    });

    it('refuses an admission to a track the intake does not offer', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit({ track: 'plumbing' }))).toEqual(
        refuses('unprocessable', { field: 'track', rule: 'inIntakeTracks' }),
      );
    });

    it('refuses an admission to an intake that does not exist', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'intakeId', rule: 'exists' }),
      );
    });

    it('refuses an admission on a day that does not exist or after today', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit({ date: '2024-04-31' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
      );
      expect(given(programmeApplicationDecider, [applied]).when(admit({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it('refuses an admission dated before the application', () => {
      expect(given(programmeApplicationDecider, [applied]).when(admit({ date: '2024-03-14' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notBeforeApplication' }),
      );
    });

    it('treats a retried admission with the same data as a repeat and records nothing', () => {
      expect(given(programmeApplicationDecider, [applied, admitted]).when(admit())).toEqual(emits());
    });

    it.each([
      ['track', { track: 'e-commerce' }],
      ['tuition aid', { tuitionAid: 'partial' as const }],
      ['date', { date: '2024-05-11' }],
    ])('refuses a second admission with a different %s', (_what, change) => {
      expect(given(programmeApplicationDecider, [applied, admitted]).when(admit(change))).toEqual(
        refuses('conflict', { field: 'applicantId', rule: 'admittedOnce' }),
      );
    });

    it('admits again after the admission was voided', () => {
      const again = { ...admitted, data: { ...admitted.data, track: 'e-commerce' } };
      expect(given(programmeApplicationDecider, [applied, admitted, admissionVoided]).when(admit({ track: 'e-commerce' }))).toEqual(emits(again));
    });
  });

  describe('VoidProgrammeApplication', () => {
    it('voids an application', () => {
      expect(given(programmeApplicationDecider, [applied]).when(voidApplication)).toEqual(emits(applicationVoided));
    });

    it('voids an application together with its admission', () => {
      expect(given(programmeApplicationDecider, [applied, admitted]).when(voidApplication)).toEqual(emits(applicationVoided));
      expect(given(programmeApplicationDecider, [applied, admitted, applicationVoided]).state).toEqual({ status: 'voided' });
    });

    it('records nothing when the application was already voided', () => {
      expect(given(programmeApplicationDecider, [applied, applicationVoided]).when(voidApplication)).toEqual(emits());
    });

    it('refuses to void an application that was never recorded', () => {
      expect(given(programmeApplicationDecider).when(voidApplication)).toEqual(refuses('not_found', { field: 'applicantId', rule: 'exists' }));
    });
  });

  describe('VoidProgrammeAdmission', () => {
    it('voids an admission and keeps the application', () => {
      expect(given(programmeApplicationDecider, [applied, admitted]).when(voidAdmission)).toEqual(emits(admissionVoided));
    });

    it('records nothing when the admission was already voided', () => {
      expect(given(programmeApplicationDecider, [applied, admitted, admissionVoided]).when(voidAdmission)).toEqual(emits());
    });

    it('voids an admission recorded again after a void', () => {
      const past = [applied, admitted, admissionVoided, admitted];
      expect(given(programmeApplicationDecider, past).when(voidAdmission)).toEqual(emits(admissionVoided));
    });

    it('refuses to void the admission of an applicant who was not admitted', () => {
      expect(given(programmeApplicationDecider, [applied]).when(voidAdmission)).toEqual(refuses('not_found', { field: 'applicantId', rule: 'exists' }));
      expect(given(programmeApplicationDecider).when(voidAdmission)).toEqual(refuses('not_found', { field: 'applicantId', rule: 'exists' }));
      expect(given(programmeApplicationDecider, [applied, admitted, applicationVoided]).when(voidAdmission)).toEqual(
        refuses('not_found', { field: 'applicantId', rule: 'exists' }),
      );
    });
  });

  describe('evolve', () => {
    it('folds an application and its admission', () => {
      expect(given(programmeApplicationDecider, [applied, admitted]).state).toEqual({
        status: 'applied',
        ...applied.data,
        admission: { track: 'electrician', tuitionAid: 'full', date: '2024-05-10' },
        admissionVoided: false,
      });
    });

    it('folds a voided admission, keeping the application', () => {
      expect(given(programmeApplicationDecider, [applied, admitted, admissionVoided]).state).toEqual({
        status: 'applied',
        ...applied.data,
        admission: null,
        admissionVoided: true,
      });
    });

    it('folds an application recorded again after a void', () => {
      expect(given(programmeApplicationDecider, [applied, admitted, applicationVoided, applied]).state).toEqual({
        status: 'applied',
        ...applied.data,
        admission: null,
        admissionVoided: false,
      });
    });

    it('never throws on an unknown event or on events before the application', () => {
      const unknown = { type: 'ProgrammeApplicationWithdrawnInSomeFutureVersion', data: {} } as never;
      const history: ProgrammeApplicationEvent[] = [unknown, admitted, admissionVoided, applicationVoided, unknown, applied, unknown];
      expect(() => given(programmeApplicationDecider, history)).not.toThrow();
      expect(given(programmeApplicationDecider, history.slice(0, 4)).state).toEqual({ status: 'none' });
      expect(given(programmeApplicationDecider, history).state).toEqual({
        status: 'applied',
        ...applied.data,
        admission: null,
        admissionVoided: false,
      });
    });
  });
});
