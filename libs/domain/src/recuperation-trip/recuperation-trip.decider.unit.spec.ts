import { emits, given, refuses } from '../shared/given-when-then';
import { LIMITS } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { MAX_TRIP_DAYS, RecuperationTripCommand, recuperationTripDecider, TripParticipant } from './recuperation-trip.decider';
import {
  RecuperationTripCorrected,
  RecuperationTripDetails,
  RecuperationTripEvent,
  RecuperationTripOrganized,
  TripParticipationRecorded,
  TripParticipationVoided,
} from './recuperation-trip.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const organized: RecuperationTripOrganized = {
  type: 'RecuperationTripOrganized',
  data: {
    tripId: 'trip-1',
    organizationId: 'org-1',
    destination: 'Beidaihe',
    startDate: '2024-07-01',
    endDate: '2024-07-05',
    eligibility: ['model-worker', 'frontline'],
  },
};

const { tripId: _tripId, organizationId: _organizationId, ...organizedDetails } = organized.data;

const correctedEvent = (changes: Partial<RecuperationTripDetails>): RecuperationTripCorrected => ({
  type: 'RecuperationTripCorrected',
  data: { tripId: 'trip-1', reason: 'dates moved', ...organizedDetails, ...changes },
});

const recorded = (participantId: string, eligibilityCategory = 'frontline'): TripParticipationRecorded => ({
  type: 'TripParticipationRecorded',
  data: { tripId: 'trip-1', participantId, eligibilityCategory },
});

const voided = (participantId: string): TripParticipationVoided => ({
  type: 'TripParticipationVoided',
  data: { tripId: 'trip-1', participantId, reason: 'did not go' },
});

function organize(
  data: Partial<RecuperationTripOrganized['data']> = {},
  org: OrganizationState = organization,
): RecuperationTripCommand {
  return { type: 'OrganizeRecuperationTrip', data: { ...organized.data, ...data }, organization: org };
}

function correct(changes: Partial<RecuperationTripDetails>): RecuperationTripCommand {
  return { type: 'CorrectRecuperationTrip', data: { tripId: 'trip-1', reason: 'dates moved', ...changes } };
}

const participant = (participantId: string, eligibilityCategory = 'frontline'): TripParticipant => ({ participantId, eligibilityCategory });

function record(participants: readonly TripParticipant[]): RecuperationTripCommand {
  return { type: 'RecordTripParticipation', data: { tripId: 'trip-1', participants } };
}

function voidParticipation(participantId: string): RecuperationTripCommand {
  return { type: 'VoidTripParticipation', data: { tripId: 'trip-1', participantId, reason: 'did not go' } };
}

describe('recuperation trip decider', () => {
  describe('OrganizeRecuperationTrip', () => {
    it('records a trip organised by a registered organisation', () => {
      expect(given(recuperationTripDecider).when(organize())).toEqual(emits(organized));
    });

    it('records a trip that is still ahead, up to 366 days after today', () => {
      const ahead = { startDate: '2026-01-01', endDate: '2026-01-03' };
      expect(given(recuperationTripDecider).when(organize(ahead))).toEqual(emits({ ...organized, data: { ...organized.data, ...ahead } }));
    });

    it('refuses a trip that starts more than 366 days after today', () => {
      expect(given(recuperationTripDecider).when(organize({ startDate: '2026-01-02', endDate: '2026-01-03' }))).toEqual(
        refuses('invalid', { field: 'startDate', rule: 'maxDaysAhead' }),
      );
      expect(
        given(recuperationTripDecider).when(organize({ startDate: '2024-06-02', endDate: '2024-06-03' }), { today: '2023-06-01' }),
      ).toEqual(refuses('invalid', { field: 'startDate', rule: 'maxDaysAhead' }));
    });

    it('refuses a trip of an organisation that does not exist', () => {
      expect(given(recuperationTripDecider).when(organize({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-7-1', ''])('refuses a start date %p, which is not a real calendar date', (startDate) => {
      expect(given(recuperationTripDecider).when(organize({ startDate }))).toEqual(
        refuses('invalid', { field: 'startDate', rule: 'isCalendarDate' }),
      );
    });

    it.each(['2024-06-31', '2024-07-5', 'soon'])('refuses an end date %p, which is not a real calendar date', (endDate) => {
      expect(given(recuperationTripDecider).when(organize({ endDate }))).toEqual(
        refuses('invalid', { field: 'endDate', rule: 'isCalendarDate' }),
      );
    });

    it('refuses a trip that ends before it starts', () => {
      expect(given(recuperationTripDecider).when(organize({ endDate: '2024-06-30' }))).toEqual(
        refuses('invalid', { field: 'endDate', rule: 'notBeforeStartDate' }),
      );
    });

    it('records a one-day trip', () => {
      expect(given(recuperationTripDecider).when(organize({ endDate: '2024-07-01' }))).toEqual(
        emits({ ...organized, data: { ...organized.data, endDate: '2024-07-01' } }),
      );
    });

    it(`records a trip of ${MAX_TRIP_DAYS} days, counting the first and the last, and refuses a longer one`, () => {
      expect(given(recuperationTripDecider).when(organize({ endDate: '2024-07-31' }))).toEqual(
        emits({ ...organized, data: { ...organized.data, endDate: '2024-07-31' } }),
      );
      expect(given(recuperationTripDecider).when(organize({ endDate: '2024-08-01' }))).toEqual(
        refuses('invalid', { field: 'endDate', rule: 'maxDays' }),
      );
      // across a leap-year February: 29 days of February and 2 of March are 31
      const february = { startDate: '2024-02-01', endDate: '2024-03-02' };
      expect(given(recuperationTripDecider).when(organize(february))).toEqual(emits({ ...organized, data: { ...organized.data, ...february } }));
      expect(given(recuperationTripDecider).when(organize({ startDate: '2024-02-01', endDate: '2024-03-03' }))).toEqual(
        refuses('invalid', { field: 'endDate', rule: 'maxDays' }),
      );
    });

    it('refuses a trip open to no category of workers', () => {
      expect(given(recuperationTripDecider).when(organize({ eligibility: [] }))).toEqual(
        refuses('invalid', { field: 'eligibility', rule: 'arrayNotEmpty' }),
      );
    });

    it('treats a retried trip with the same data as a repeat and records nothing', () => {
      expect(given(recuperationTripDecider, [organized, recorded('w-1')]).when(organize())).toEqual(emits());
      expect(given(recuperationTripDecider, [organized]).when(organize({ eligibility: [...organized.data.eligibility] }))).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['destination', { destination: 'Qinhuangdao' }],
      ['start date', { startDate: '2024-07-02' }],
      ['end date', { endDate: '2024-07-06' }],
      ['eligibility', { eligibility: ['model-worker'] }],
    ])('refuses the same trip id again with a different %s', (_what, change) => {
      expect(given(recuperationTripDecider, [organized]).when(organize(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('CorrectRecuperationTrip', () => {
    it('corrects the dates and restates every other detail', () => {
      const changes = { startDate: '2024-07-02', endDate: '2024-07-06' };
      expect(given(recuperationTripDecider, [organized]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects the destination and the eligibility', () => {
      const changes = { destination: 'Qinhuangdao', eligibility: ['frontline', 'retired'] };
      expect(given(recuperationTripDecider, [organized]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects on top of an earlier correction', () => {
      const past = [organized, correctedEvent({ destination: 'Qinhuangdao' })];
      expect(given(recuperationTripDecider, past).when(correct({ endDate: '2024-07-04' }))).toEqual(
        emits(correctedEvent({ destination: 'Qinhuangdao', endDate: '2024-07-04' })),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(recuperationTripDecider, [organized]).when(correct({}))).toEqual(emits());
      expect(given(recuperationTripDecider, [organized]).when(correct({ ...organizedDetails, eligibility: ['model-worker', 'frontline'] }))).toEqual(
        emits(),
      );
      const past = [organized, correctedEvent({ destination: 'Qinhuangdao' })];
      expect(given(recuperationTripDecider, past).when(correct({ destination: 'Qinhuangdao' }))).toEqual(emits());
    });

    it('refuses to correct a trip that does not exist', () => {
      expect(given(recuperationTripDecider).when(correct({ destination: 'x' }))).toEqual(
        refuses('not_found', { field: 'tripId', rule: 'exists' }),
      );
    });

    it.each([
      ['a start date that does not exist', { startDate: '2024-06-31' }, 'startDate', 'isCalendarDate'],
      ['an end date that does not exist', { endDate: '2024-07-32' }, 'endDate', 'isCalendarDate'],
      ['an end before the start', { startDate: '2024-07-06' }, 'endDate', 'notBeforeStartDate'],
      ['a trip that is too long', { endDate: '2024-08-01' }, 'endDate', 'maxDays'],
      ['a start too far ahead', { startDate: '2026-01-02', endDate: '2026-01-05' }, 'startDate', 'maxDaysAhead'],
      ['no eligible category', { eligibility: [] }, 'eligibility', 'arrayNotEmpty'],
    ])('refuses a correction to %s', (_what, changes, field, rule) => {
      expect(given(recuperationTripDecider, [organized]).when(correct(changes))).toEqual(refuses('invalid', { field, rule }));
    });
  });

  describe('RecordTripParticipation', () => {
    it('records one participation per participant, under their eligibility category', () => {
      expect(given(recuperationTripDecider, [organized]).when(record([participant('w-1'), participant('w-2', 'model-worker')]))).toEqual(
        emits(recorded('w-1'), recorded('w-2', 'model-worker')),
      );
    });

    it('records participants on the day the trip starts', () => {
      expect(given(recuperationTripDecider, [organized]).when(record([participant('w-1')]), { today: '2024-07-01' })).toEqual(
        emits(recorded('w-1')),
      );
    });

    it('refuses participants before the trip has started', () => {
      expect(given(recuperationTripDecider, [organized]).when(record([participant('w-1')]), { today: '2024-06-30' })).toEqual(
        refuses('conflict', { field: 'tripId', rule: 'tripStarted' }),
      );
    });

    it('goes by the corrected start date', () => {
      const past = [organized, correctedEvent({ startDate: '2024-07-03' })];
      expect(given(recuperationTripDecider, past).when(record([participant('w-1')]), { today: '2024-07-02' })).toEqual(
        refuses('conflict', { field: 'tripId', rule: 'tripStarted' }),
      );
    });

    it('skips participants already recorded', () => {
      expect(given(recuperationTripDecider, [organized, recorded('w-1')]).when(record([participant('w-1'), participant('w-2')]))).toEqual(
        emits(recorded('w-2')),
      );
    });

    it('records nothing when every participant is already recorded', () => {
      expect(given(recuperationTripDecider, [organized, recorded('w-1')]).when(record([participant('w-1')]))).toEqual(emits());
    });

    it('records a participant again after their participation was voided', () => {
      const past = [organized, recorded('w-1'), voided('w-1')];
      expect(given(recuperationTripDecider, past).when(record([participant('w-1')]))).toEqual(emits(recorded('w-1')));
    });

    it('refuses participants on a trip that does not exist', () => {
      expect(given(recuperationTripDecider).when(record([participant('w-1')]))).toEqual(
        refuses('not_found', { field: 'tripId', rule: 'exists' }),
      );
    });

    it('refuses an empty list of participants', () => {
      expect(given(recuperationTripDecider, [organized]).when(record([]))).toEqual(
        refuses('invalid', { field: 'participants', rule: 'arrayNotEmpty' }),
      );
    });

    it('refuses a participant listed twice, naming the second occurrence', () => {
      const participants = [participant('w-1'), participant('w-2'), participant('w-1', 'model-worker')];
      expect(given(recuperationTripDecider, [organized]).when(record(participants))).toEqual(
        refuses('unprocessable', { field: 'participants[2].participantId', rule: 'unique' }),
      );
    });

    it('refuses a participant under a category the trip is not open to, recording no one', () => {
      const participants = [participant('w-1'), participant('w-2', 'retired')];
      expect(given(recuperationTripDecider, [organized]).when(record(participants))).toEqual(
        refuses('unprocessable', { field: 'participants[1].eligibilityCategory', rule: 'inTripEligibility' }),
      );
    });

    it('goes by the corrected eligibility', () => {
      const past = [organized, correctedEvent({ eligibility: ['retired'] })];
      expect(given(recuperationTripDecider, past).when(record([participant('w-1', 'retired')]))).toEqual(emits(recorded('w-1', 'retired')));
      expect(given(recuperationTripDecider, past).when(record([participant('w-1', 'frontline')]))).toEqual(
        refuses('unprocessable', { field: 'participants[0].eligibilityCategory', rule: 'inTripEligibility' }),
      );
    });

    it(`accepts exactly ${LIMITS.attendeesPerRequest} participants in one request`, () => {
      const participants = Array.from({ length: LIMITS.attendeesPerRequest }, (_, i) => participant(`w-${i}`));
      expect(given(recuperationTripDecider, [organized]).when(record(participants))).toEqual(
        emits(...participants.map(({ participantId }) => recorded(participantId))),
      );
    });

    it(`refuses more than ${LIMITS.attendeesPerRequest} participants in one request`, () => {
      const participants = Array.from({ length: LIMITS.attendeesPerRequest + 1 }, (_, i) => participant(`w-${i}`));
      expect(given(recuperationTripDecider, [organized]).when(record(participants))).toEqual(
        refuses('unprocessable', { field: 'participants', rule: 'arrayMaxSize' }),
      );
    });
  });

  describe('VoidTripParticipation', () => {
    it('voids a recorded participation', () => {
      expect(given(recuperationTripDecider, [organized, recorded('w-1')]).when(voidParticipation('w-1'))).toEqual(emits(voided('w-1')));
    });

    it('records nothing when the participation was already voided', () => {
      const past = [organized, recorded('w-1'), voided('w-1')];
      expect(given(recuperationTripDecider, past).when(voidParticipation('w-1'))).toEqual(emits());
    });

    it('voids a participation recorded again after a void', () => {
      const past = [organized, recorded('w-1'), voided('w-1'), recorded('w-1')];
      expect(given(recuperationTripDecider, past).when(voidParticipation('w-1'))).toEqual(emits(voided('w-1')));
    });

    it('refuses to void the participation of someone who was not recorded', () => {
      expect(given(recuperationTripDecider, [organized, recorded('w-1')]).when(voidParticipation('w-2'))).toEqual(
        refuses('not_found', { field: 'participantId', rule: 'exists' }),
      );
    });

    it('refuses to void a participation on a trip that does not exist', () => {
      expect(given(recuperationTripDecider).when(voidParticipation('w-1'))).toEqual(
        refuses('not_found', { field: 'tripId', rule: 'exists' }),
      );
    });
  });

  describe('evolve', () => {
    it('folds a trip, its correction and its participations', () => {
      const past = [organized, correctedEvent({ destination: 'Qinhuangdao' }), recorded('w-1'), recorded('w-2'), voided('w-1')];
      expect(given(recuperationTripDecider, past).state).toEqual({
        status: 'organized',
        ...organized.data,
        destination: 'Qinhuangdao',
        participants: new Set(['w-2']),
        voidedParticipants: new Set(['w-1']),
      });
    });

    it('does not mutate earlier states while folding', () => {
      const before = given(recuperationTripDecider, [organized, recorded('w-1')]).state;
      recuperationTripDecider.evolve(before, voided('w-1'));
      expect(before).toMatchObject({ participants: new Set(['w-1']), voidedParticipants: new Set() });
    });

    it('never throws on an unknown event or on events before the trip was organised', () => {
      const unknown = { type: 'RecuperationTripCancelledInSomeFutureVersion', data: {} } as never;
      const history: RecuperationTripEvent[] = [
        unknown,
        correctedEvent({ destination: 'Qinhuangdao' }),
        recorded('w-1'),
        voided('w-1'),
        organized,
        unknown,
        voided('w-2'),
      ];
      expect(() => given(recuperationTripDecider, history)).not.toThrow();
      expect(given(recuperationTripDecider, history.slice(0, 4)).state).toEqual({ status: 'unknown' });
      expect(given(recuperationTripDecider, history).state).toMatchObject({ status: 'organized', ...organized.data });
    });
  });
});
