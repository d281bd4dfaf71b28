import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCalendarDate, assertDistinct, assertPlannedDate, sameList } from '../shared/rules';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeIntakeDetails, ProgrammeIntakeEvent, ProgrammeIntakeState } from './programme-intake.events';

export const PROGRAMME_INTAKE_LIMITS = { tracks: 20 } as const;

export type ProgrammeIntakeCommand =
  | {
      readonly type: 'OpenProgrammeIntake';
      readonly data: { intakeId: string; organizationId: string } & ProgrammeIntakeDetails;
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectProgrammeIntake';
      readonly data: { intakeId: string; reason: string } & Partial<ProgrammeIntakeDetails>;
    };

export const programmeIntakeDecider: Decider<ProgrammeIntakeCommand, ProgrammeIntakeEvent, ProgrammeIntakeState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'OpenProgrammeIntake': {
        const { data } = command;
        if (state.status === 'opened') {
          if (state.organizationId === data.organizationId && sameDetails(state, data)) return [];
          throw refuse.conflict('id', 'unique', `intake ${data.intakeId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertDetails(data, today);
        return [{ type: 'ProgrammeIntakeOpened', data: { ...data } }];
      }
      case 'CorrectProgrammeIntake': {
        const { intakeId, reason, ...changes } = command.data;
        if (state.status !== 'opened') throw refuse.notFound('intakeId', `intake ${intakeId} does not exist`);
        const corrected: ProgrammeIntakeDetails = {
          programme: changes.programme ?? state.programme,
          tracks: changes.tracks ?? state.tracks,
          applicationOpens: changes.applicationOpens ?? state.applicationOpens,
          applicationCloses: changes.applicationCloses ?? state.applicationCloses,
        };
        if (sameDetails(state, corrected)) return [];
        assertDetails(corrected, today);
        return [{ type: 'ProgrammeIntakeCorrected', data: { intakeId, reason, ...corrected } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProgrammeIntakeOpened':
        return { status: 'opened', ...event.data };
      case 'ProgrammeIntakeCorrected': {
        if (state.status !== 'opened') return state;
        const { intakeId: _id, reason: _reason, ...details } = event.data;
        return { ...state, ...details };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function assertDetails(details: ProgrammeIntakeDetails, today: string): void {
  const { tracks, applicationOpens, applicationCloses } = details;
  if (tracks.length === 0) throw refuse.invalid('tracks', 'arrayNotEmpty', 'an intake offers at least one track');
  if (tracks.length > PROGRAMME_INTAKE_LIMITS.tracks) {
    throw refuse.unprocessable('tracks', 'arrayMaxSize', `at most ${PROGRAMME_INTAKE_LIMITS.tracks} tracks per intake`);
  }
  assertDistinct('tracks', tracks, (track) => `track ${track} is listed twice`);
  assertCalendarDate('applicationOpens', applicationOpens);
  assertCalendarDate('applicationCloses', applicationCloses);
  if (applicationCloses < applicationOpens) {
    throw refuse.invalid('applicationCloses', 'notBeforeOpens', `applications close on ${applicationCloses}, before they open on ${applicationOpens}`);
  }
  assertPlannedDate('applicationOpens', applicationOpens, today);
}

function sameDetails(a: ProgrammeIntakeDetails, b: ProgrammeIntakeDetails): boolean {
  return (
    a.programme === b.programme &&
    a.applicationOpens === b.applicationOpens &&
    a.applicationCloses === b.applicationCloses &&
    sameList(a.tracks, b.tracks)
  );
}
