import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCalendarDate, assertPlannedDate, daysIncluding, sameList } from '../shared/rules';
import { assertPeopleList } from '../shared/identified-participants';
import { OrganizationState } from '../organization/organization.events';
import { RecuperationTripDetails, RecuperationTripEvent, RecuperationTripState } from './recuperation-trip.events';

/** The longest trip, in calendar days with the first and the last both counted. */
export const MAX_TRIP_DAYS = 31;

export type TripParticipant = { participantId: string; eligibilityCategory: string };

export type RecuperationTripCommand =
  | {
      readonly type: 'OrganizeRecuperationTrip';
      readonly data: { tripId: string; organizationId: string } & RecuperationTripDetails;
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectRecuperationTrip';
      readonly data: { tripId: string; reason: string } & Partial<RecuperationTripDetails>;
    }
  | {
      readonly type: 'RecordTripParticipation';
      readonly data: { tripId: string; participants: readonly TripParticipant[] };
    }
  | {
      readonly type: 'VoidTripParticipation';
      readonly data: { tripId: string; participantId: string; reason: string };
    };

export const recuperationTripDecider: Decider<RecuperationTripCommand, RecuperationTripEvent, RecuperationTripState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'OrganizeRecuperationTrip': {
        const { data } = command;
        if (state.status === 'organized') {
          if (state.organizationId === data.organizationId && sameDetails(state, data)) return [];
          throw refuse.conflict('id', 'unique', `trip ${data.tripId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertDetails(data, today);
        return [{ type: 'RecuperationTripOrganized', data: { ...data } }];
      }
      case 'CorrectRecuperationTrip': {
        const { tripId, reason, ...changes } = command.data;
        if (state.status !== 'organized') throw refuse.notFound('tripId', `trip ${tripId} does not exist`);
        const corrected: RecuperationTripDetails = {
          destination: changes.destination ?? state.destination,
          startDate: changes.startDate ?? state.startDate,
          endDate: changes.endDate ?? state.endDate,
          eligibility: changes.eligibility ?? state.eligibility,
        };
        if (sameDetails(state, corrected)) return [];
        assertDetails(corrected, today);
        return [{ type: 'RecuperationTripCorrected', data: { tripId, reason, ...corrected } }];
      }
      case 'RecordTripParticipation': {
        const { tripId, participants } = command.data;
        if (state.status !== 'organized') throw refuse.notFound('tripId', `trip ${tripId} does not exist`);
        if (state.startDate > today) {
          throw refuse.conflict('tripId', 'tripStarted', `trip ${tripId} starts on ${state.startDate}; record participants once it has started`);
        }
        assertPeopleList(
          'participants',
          participants.map((p) => p.participantId),
          (i) => `participants[${i}].participantId`,
        );
        participants.forEach(({ eligibilityCategory }, i) => {
          if (!state.eligibility.includes(eligibilityCategory)) {
            throw refuse.unprocessable(
              `participants[${i}].eligibilityCategory`,
              'inTripEligibility',
              `${eligibilityCategory} is not eligible for trip ${tripId}`,
            );
          }
        });
        return participants
          .filter(({ participantId }) => !state.participants.has(participantId))
          .map(({ participantId, eligibilityCategory }) => ({
            type: 'TripParticipationRecorded' as const,
            data: { tripId, participantId, eligibilityCategory },
          }));
      }
      case 'VoidTripParticipation': {
        const { tripId, participantId } = command.data;
        if (state.status !== 'organized') throw refuse.notFound('tripId', `trip ${tripId} does not exist`);
        if (state.participants.has(participantId)) return [{ type: 'TripParticipationVoided', data: { ...command.data } }];
        if (state.voidedParticipants.has(participantId)) return [];
        throw refuse.notFound('participantId', `${participantId} has no participation in trip ${tripId}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RecuperationTripOrganized':
        return {
          status: 'organized',
          ...event.data,
          participants: new Set<string>(),
          voidedParticipants: new Set<string>(),
        };
      case 'RecuperationTripCorrected': {
        if (state.status !== 'organized') return state;
        const { tripId: _id, reason: _reason, ...details } = event.data;
        return { ...state, ...details };
      }
      case 'TripParticipationRecorded': {
        if (state.status !== 'organized') return state;
        const voidedParticipants = new Set(state.voidedParticipants);
        voidedParticipants.delete(event.data.participantId);
        return { ...state, participants: new Set(state.participants).add(event.data.participantId), voidedParticipants };
      }
      case 'TripParticipationVoided': {
        if (state.status !== 'organized') return state;
        const participants = new Set(state.participants);
        participants.delete(event.data.participantId);
        return { ...state, participants, voidedParticipants: new Set(state.voidedParticipants).add(event.data.participantId) };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function assertDetails(details: RecuperationTripDetails, today: string): void {
  assertCalendarDate('startDate', details.startDate);
  assertCalendarDate('endDate', details.endDate);
  const days = daysIncluding(details.startDate, details.endDate);
  if (days < 1) throw refuse.invalid('endDate', 'notBeforeStartDate', `endDate ${details.endDate} is before startDate ${details.startDate}`);
  if (days > MAX_TRIP_DAYS) throw refuse.invalid('endDate', 'maxDays', `a trip lasts at most ${MAX_TRIP_DAYS} days; this one lasts ${days}`);
  assertPlannedDate('startDate', details.startDate, today);
  if (details.eligibility.length === 0) throw refuse.invalid('eligibility', 'arrayNotEmpty', 'a trip is open to at least one category of workers');
}

function sameDetails(a: RecuperationTripDetails, b: RecuperationTripDetails): boolean {
  return (
    a.destination === b.destination &&
    a.startDate === b.startDate &&
    a.endDate === b.endDate &&
    sameList(a.eligibility, b.eligibility)
  );
}
