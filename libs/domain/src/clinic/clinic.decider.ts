import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount, assertPastDate, LIMITS } from '../shared/values';
import { newParticipantIds } from '../shared/identified-participants';
import { OrganizationState } from '../organization/organization.events';
import { ClinicDetails, ClinicEvent, ClinicState } from './clinic.events';

export type ClinicCommand =
  | {
      readonly type: 'RecordClinic';
      readonly data: { clinicId: string; organizationId: string } & ClinicDetails;
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectClinic';
      readonly data: { clinicId: string; reason: string } & Partial<ClinicDetails>;
    }
  | {
      readonly type: 'RecordClinicVisitors';
      readonly data: { clinicId: string; participantIds: readonly string[] };
    };

export const clinicDecider: Decider<ClinicCommand, ClinicEvent, ClinicState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordClinic': {
        const { data } = command;
        if (state.status === 'held') {
          if (state.organizationId === data.organizationId && sameDetails(state, data)) return [];
          throw refuse.conflict('id', 'unique', `clinic ${data.clinicId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertDetails(data, today);
        return [{ type: 'ClinicHeld', data: { ...data } }];
      }
      case 'CorrectClinic': {
        const { clinicId, reason, ...changes } = command.data;
        if (state.status !== 'held') throw refuse.notFound('clinicId', `clinic ${clinicId} does not exist`);
        const corrected: ClinicDetails = {
          venue: changes.venue ?? state.venue,
          date: changes.date ?? state.date,
          services: changes.services ?? state.services,
          workersServed: changes.workersServed ?? state.workersServed,
          targetGroups: changes.targetGroups ?? state.targetGroups,
        };
        if (sameDetails(state, corrected)) return [];
        assertDetails(corrected, today);
        const identified = state.identifiedVisitorIds?.size ?? 0;
        if (corrected.workersServed < identified) {
          throw refuse.conflict(
            'workersServed',
            'notLessThanIdentified',
            `${identified} visitors of clinic ${clinicId} are identified; workersServed cannot be fewer`,
          );
        }
        return [{ type: 'ClinicCorrected', data: { clinicId, reason, ...corrected } }];
      }
      case 'RecordClinicVisitors': {
        const { clinicId, participantIds } = command.data;
        if (state.status !== 'held') throw refuse.notFound('clinicId', `clinic ${clinicId} does not exist`);
        const identified = state.identifiedVisitorIds ?? new Set<string>();
        const newIds = newParticipantIds(participantIds, identified);
        if (newIds.length === 0) return [];
        if (identified.size + newIds.length > state.workersServed) {
          throw refuse.unprocessable(
            'participantIds',
            'notMoreThanServed',
            `clinic ${clinicId} served ${state.workersServed} workers; ${identified.size + newIds.length} would be identified`,
          );
        }
        return [{ type: 'ClinicVisitorsRecorded', data: { clinicId, participantIds: newIds } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ClinicHeld':
        return { status: 'held', ...event.data };
      case 'ClinicCorrected': {
        if (state.status !== 'held') return state;
        const { clinicId: _id, reason: _reason, ...details } = event.data;
        return { ...state, ...details };
      }
      case 'ClinicVisitorsRecorded': {
        if (state.status !== 'held') return state;
        const identifiedVisitorIds = new Set(state.identifiedVisitorIds);
        event.data.participantIds.forEach((participantId) => identifiedVisitorIds.add(participantId));
        return { ...state, identifiedVisitorIds };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function assertDetails(details: ClinicDetails, today: string): void {
  assertPastDate('date', details.date, today);
  assertCount('workersServed', details.workersServed, LIMITS.workersServedPerClinic);
  if (details.services.length === 0) throw refuse.invalid('services', 'arrayNotEmpty', 'a clinic offers at least one service');
}

function sameDetails(a: ClinicDetails, b: ClinicDetails): boolean {
  return (
    a.venue === b.venue &&
    a.date === b.date &&
    a.workersServed === b.workersServed &&
    sameList(a.services, b.services) &&
    sameList(a.targetGroups, b.targetGroups)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
