import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertPastDate } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeIntakeState } from '../programme-intake/programme-intake.events';
import {
  ProgrammeAdmissionRecorded,
  ProgrammeApplicationEvent,
  ProgrammeApplicationRecorded,
  ProgrammeApplicationState,
} from './programme-application.events';

export type ProgrammeApplicationCommand =
  | {
      readonly type: 'RecordProgrammeApplication';
      readonly data: ProgrammeApplicationRecorded['data'];
      /** The intake's state, looked up by the handler. */
      readonly intake: ProgrammeIntakeState;
      /** The recommending organisation's state, looked up by the handler. */
      readonly recommendingOrganization: OrganizationState;
    }
  | {
      readonly type: 'RecordProgrammeAdmission';
      readonly data: ProgrammeAdmissionRecorded['data'];
      readonly intake: ProgrammeIntakeState;
    }
  | {
      readonly type: 'VoidProgrammeApplication';
      readonly data: { intakeId: string; applicantId: string; reason: string };
    }
  | {
      readonly type: 'VoidProgrammeAdmission';
      readonly data: { intakeId: string; applicantId: string; reason: string };
    };

/** One stream per applicant per intake. */
export const programmeApplicationDecider: Decider<ProgrammeApplicationCommand, ProgrammeApplicationEvent, ProgrammeApplicationState> = {
  initialState: { status: 'none' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordProgrammeApplication': {
        const { data } = command;
        if (state.status === 'applied') {
          const same =
            state.track === data.track &&
            state.recommendingOrganizationId === data.recommendingOrganizationId &&
            state.tuitionAid === data.tuitionAid &&
            state.date === data.date;
          if (same) return [];
          throw refuse.conflict('applicantId', 'unique', `${data.applicantId} already applied to intake ${data.intakeId} differently`);
        }
        const intake = openedIntake(command.intake, data.intakeId);
        assertInIntakeTracks(intake, data.track);
        if (command.recommendingOrganization.status !== 'registered') {
          throw refuse.notFound('recommendingOrganizationId', `organisation ${data.recommendingOrganizationId} does not exist`);
        }
        assertPastDate('date', data.date, today);
        if (data.date < intake.applicationOpens || data.date > intake.applicationCloses) {
          throw refuse.unprocessable(
            'date',
            'withinApplicationWindow',
            `applications to intake ${data.intakeId} run from ${intake.applicationOpens} to ${intake.applicationCloses}`,
          );
        }
        return [{ type: 'ProgrammeApplicationRecorded', data: { ...data } }];
      }
      case 'RecordProgrammeAdmission': {
        const { data } = command;
        if (state.status !== 'applied') {
          throw refuse.notFound('applicantId', `${data.applicantId} has no application to intake ${data.intakeId}`);
        }
        if (state.admission !== null) {
          const { track, tuitionAid, date } = state.admission;
          if (track === data.track && tuitionAid === data.tuitionAid && date === data.date) return [];
          throw refuse.conflict('applicantId', 'admittedOnce', `${data.applicantId} is already admitted to intake ${data.intakeId} differently`);
        }
        const intake = openedIntake(command.intake, data.intakeId);
        assertInIntakeTracks(intake, data.track);
        assertPastDate('date', data.date, today);
        if (data.date < state.date) {
          throw refuse.invalid('date', 'notBeforeApplication', `the admission on ${data.date} is before the application on ${state.date}`);
        }
        return [{ type: 'ProgrammeAdmissionRecorded', data: { ...data } }];
      }
      case 'VoidProgrammeApplication': {
        if (state.status === 'voided') return [];
        if (state.status === 'none') {
          throw refuse.notFound('applicantId', `${command.data.applicantId} has no application to intake ${command.data.intakeId}`);
        }
        return [{ type: 'ProgrammeApplicationVoided', data: { ...command.data } }];
      }
      case 'VoidProgrammeAdmission': {
        if (state.status === 'applied') {
          if (state.admission !== null) return [{ type: 'ProgrammeAdmissionVoided', data: { ...command.data } }];
          if (state.admissionVoided) return [];
        }
        throw refuse.notFound('applicantId', `${command.data.applicantId} is not admitted to intake ${command.data.intakeId}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProgrammeApplicationRecorded':
        return { status: 'applied', ...event.data, admission: null, admissionVoided: false };
      case 'ProgrammeAdmissionRecorded': {
        if (state.status !== 'applied') return state;
        const { track, tuitionAid, date } = event.data;
        return { ...state, admission: { track, tuitionAid, date }, admissionVoided: false };
      }
      case 'ProgrammeAdmissionVoided':
        return state.status === 'applied' ? { ...state, admission: null, admissionVoided: true } : state;
      case 'ProgrammeApplicationVoided':
        return state.status === 'none' ? state : { status: 'voided' };
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function openedIntake(intake: ProgrammeIntakeState, intakeId: string) {
  if (intake.status !== 'opened') throw refuse.notFound('intakeId', `intake ${intakeId} does not exist`);
  return intake;
}

function assertInIntakeTracks(intake: Extract<ProgrammeIntakeState, { status: 'opened' }>, track: string): void {
  if (!intake.tracks.includes(track)) {
    throw refuse.unprocessable('track', 'inIntakeTracks', `intake ${intake.intakeId} has no track ${track}`);
  }
}
