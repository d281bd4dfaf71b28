import { emits, given, refuses } from '../shared/given-when-then';
import { LIMITS } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { ClinicCommand, clinicDecider } from './clinic.decider';
import { ClinicCorrected, ClinicDetails, ClinicEvent, ClinicHeld, ClinicVisitorsRecorded } from './clinic.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const held: ClinicHeld = {
  type: 'ClinicHeld',
  data: {
    clinicId: 'clinic-1',
    organizationId: 'org-1',
    venue: 'Union hall',
    date: '2024-06-01',
    services: ['blood pressure', 'eye test'],
    workersServed: 40,
    targetGroups: ['delivery riders'],
  },
};

const { clinicId: _clinicId, organizationId: _organizationId, ...heldDetails } = held.data;

const correctedEvent = (changes: Partial<ClinicDetails>): ClinicCorrected => ({
  type: 'ClinicCorrected',
  data: { clinicId: 'clinic-1', reason: 'miscounted', ...heldDetails, ...changes },
});

function record(data: Partial<ClinicHeld['data']> = {}, org: OrganizationState = organization): ClinicCommand {
  return { type: 'RecordClinic', data: { ...held.data, ...data }, organization: org };
}

function correct(changes: Partial<ClinicDetails>): ClinicCommand {
  return { type: 'CorrectClinic', data: { clinicId: 'clinic-1', reason: 'miscounted', ...changes } };
}

const visitorsRecorded = (...participantIds: string[]): ClinicVisitorsRecorded => ({
  type: 'ClinicVisitorsRecorded',
  data: { clinicId: 'clinic-1', participantIds },
});

function recordVisitors(participantIds: readonly string[]): ClinicCommand {
  return { type: 'RecordClinicVisitors', data: { clinicId: 'clinic-1', participantIds } };
}

const workers = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w-${from + i}`);

describe('clinic decider', () => {
  describe('RecordClinic', () => {
    it('records a clinic held by a registered organisation', () => {
      expect(given(clinicDecider).when(record())).toEqual(emits(held));
    });

    it('records a clinic without target groups', () => {
      expect(given(clinicDecider).when(record({ targetGroups: [] }))).toEqual(
        emits({ ...held, data: { ...held.data, targetGroups: [] } }),
      );
    });

    it('refuses a clinic of an organisation that does not exist', () => {
      expect(given(clinicDecider).when(record({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-04-31', '01-06-2024'])(
      'refuses a clinic on %p, which is not a real calendar date',
      (date) => {
        expect(given(clinicDecider).when(record({ date }))).toEqual(
          refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
        );
      },
    );

    it('refuses a clinic dated after today', () => {
      expect(given(clinicDecider).when(record({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each([
      [0, 'min'],
      [-5, 'min'],
      [2.5, 'isInt'],
      [Number.NaN, 'isInt'],
      [LIMITS.workersServedPerClinic + 1, 'max'],
    ])('refuses %p workers served (rule %s)', (workersServed, rule) => {
      expect(given(clinicDecider).when(record({ workersServed }))).toEqual(
        refuses('invalid', { field: 'workersServed', rule }),
      );
    });

    it.each([1, LIMITS.workersServedPerClinic])('accepts %p workers served', (workersServed) => {
      expect(given(clinicDecider).when(record({ workersServed }))).toEqual(
        emits({ ...held, data: { ...held.data, workersServed } }),
      );
    });

    it('refuses a clinic that offers no service', () => {
      expect(given(clinicDecider).when(record({ services: [] }))).toEqual(
        refuses('invalid', { field: 'services', rule: 'arrayNotEmpty' }),
      );
    });

    it('treats a retried record with the same data as a repeat and records nothing', () => {
      expect(given(clinicDecider, [held]).when(record())).toEqual(emits());
      expect(given(clinicDecider, [held]).when(record({ services: [...held.data.services] }))).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['venue', { venue: 'Elsewhere' }],
      ['date', { date: '2024-06-02' }],
      ['list of services', { services: ['blood pressure'] }],
      ['order of services', { services: ['eye test', 'blood pressure'] }],
      ['number of workers', { workersServed: 41 }],
      ['list of target groups', { targetGroups: [] }],
    ])('refuses the same clinic id again with a different %s', (_what, change) => {
      expect(given(clinicDecider, [held]).when(record(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('CorrectClinic', () => {
    it('corrects the number of workers served and restates every other detail', () => {
      expect(given(clinicDecider, [held]).when(correct({ workersServed: 45 }))).toEqual(
        emits(correctedEvent({ workersServed: 45 })),
      );
    });

    it('corrects several details at once', () => {
      const changes = { venue: 'Canteen', date: '2024-05-31', services: ['eye test'], targetGroups: ['cleaners'] };
      expect(given(clinicDecider, [held]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects on top of an earlier correction', () => {
      const past = [held, correctedEvent({ workersServed: 45 })];
      expect(given(clinicDecider, past).when(correct({ venue: 'Canteen' }))).toEqual(
        emits(correctedEvent({ workersServed: 45, venue: 'Canteen' })),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(clinicDecider, [held]).when(correct({}))).toEqual(emits());
      expect(given(clinicDecider, [held]).when(correct({ ...heldDetails, services: [...heldDetails.services] }))).toEqual(
        emits(),
      );
      const past = [held, correctedEvent({ workersServed: 45 })];
      expect(given(clinicDecider, past).when(correct({ workersServed: 45 }))).toEqual(emits());
    });

    it('refuses to correct a clinic that does not exist', () => {
      expect(given(clinicDecider).when(correct({ workersServed: 45 }))).toEqual(
        refuses('not_found', { field: 'clinicId', rule: 'exists' }),
      );
    });

    it('refuses a correction to a date that is not a real calendar date', () => {
      expect(given(clinicDecider, [held]).when(correct({ date: '2024-02-30' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
      );
    });

    it('refuses a correction to a date after today', () => {
      expect(given(clinicDecider, [held]).when(correct({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each([
      [0, 'min'],
      [-1, 'min'],
      [44.5, 'isInt'],
      [LIMITS.workersServedPerClinic + 1, 'max'],
    ])('refuses a correction to %p workers served (rule %s)', (workersServed, rule) => {
      expect(given(clinicDecider, [held]).when(correct({ workersServed }))).toEqual(
        refuses('invalid', { field: 'workersServed', rule }),
      );
    });

    it('refuses a correction that removes every service', () => {
      expect(given(clinicDecider, [held]).when(correct({ services: [] }))).toEqual(
        refuses('invalid', { field: 'services', rule: 'arrayNotEmpty' }),
      );
    });
  });

  describe('RecordClinicVisitors', () => {
    it('identifies visitors of a clinic', () => {
      expect(given(clinicDecider, [held]).when(recordVisitors(['w-1', 'w-2']))).toEqual(emits(visitorsRecorded('w-1', 'w-2')));
    });

    it('records only the visitors not identified before', () => {
      expect(given(clinicDecider, [held, visitorsRecorded('w-1')]).when(recordVisitors(['w-2', 'w-1', 'w-3']))).toEqual(
        emits(visitorsRecorded('w-2', 'w-3')),
      );
    });

    it('records nothing when every visitor is already identified', () => {
      expect(given(clinicDecider, [held, visitorsRecorded('w-1', 'w-2')]).when(recordVisitors(['w-2', 'w-1']))).toEqual(emits());
    });

    it('refuses visitors of a clinic that does not exist', () => {
      expect(given(clinicDecider).when(recordVisitors(['w-1']))).toEqual(refuses('not_found', { field: 'clinicId', rule: 'exists' }));
    });

    it('refuses an empty list', () => {
      expect(given(clinicDecider, [held]).when(recordVisitors([]))).toEqual(
        refuses('invalid', { field: 'participantIds', rule: 'arrayNotEmpty' }),
      );
    });

    it(`refuses more than ${LIMITS.attendeesPerRequest} visitors in one request`, () => {
      const big: ClinicHeld = { ...held, data: { ...held.data, workersServed: LIMITS.workersServedPerClinic } };
      expect(given(clinicDecider, [big]).when(recordVisitors(workers(LIMITS.attendeesPerRequest)))).toEqual(
        emits(visitorsRecorded(...workers(LIMITS.attendeesPerRequest))),
      );
      expect(given(clinicDecider, [big]).when(recordVisitors(workers(LIMITS.attendeesPerRequest + 1)))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'arrayMaxSize' }),
      );
    });

    it('refuses a visitor listed twice, naming the second occurrence, even if already identified', () => {
      expect(given(clinicDecider, [held]).when(recordVisitors(['w-1', 'w-2', 'w-1']))).toEqual(
        refuses('unprocessable', { field: 'participantIds[2]', rule: 'unique' }),
      );
      expect(given(clinicDecider, [held, visitorsRecorded('w-1')]).when(recordVisitors(['w-1', 'w-1']))).toEqual(
        refuses('unprocessable', { field: 'participantIds[1]', rule: 'unique' }),
      );
    });

    it('identifies as many visitors as workers served, and no more', () => {
      expect(given(clinicDecider, [held, visitorsRecorded(...workers(30))]).when(recordVisitors(workers(10, 30)))).toEqual(
        emits(visitorsRecorded(...workers(10, 30))),
      );
      expect(given(clinicDecider, [held, visitorsRecorded(...workers(30))]).when(recordVisitors(workers(11, 30)))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'notMoreThanServed' }),
      );
    });

    it('does not count visitors already identified twice against the workers served', () => {
      const past = [held, visitorsRecorded(...workers(40))];
      expect(given(clinicDecider, past).when(recordVisitors(workers(5)))).toEqual(emits());
    });

    it('goes by the corrected number of workers served', () => {
      const past = [held, correctedEvent({ workersServed: 2 })];
      expect(given(clinicDecider, past).when(recordVisitors(['w-1', 'w-2', 'w-3']))).toEqual(
        refuses('unprocessable', { field: 'participantIds', rule: 'notMoreThanServed' }),
      );
    });
  });

  describe('CorrectClinic with identified visitors', () => {
    it('refuses to correct workers served below the number of identified visitors', () => {
      const past = [held, visitorsRecorded('w-1', 'w-2', 'w-3')];
      expect(given(clinicDecider, past).when(correct({ workersServed: 2 }))).toEqual(
        refuses('conflict', { field: 'workersServed', rule: 'notLessThanIdentified' }),
      );
      expect(given(clinicDecider, past).when(correct({ workersServed: 3 }))).toEqual(emits(correctedEvent({ workersServed: 3 })));
    });

    it('keeps the identified visitors through a correction and a retried record', () => {
      const past = [held, visitorsRecorded('w-1'), correctedEvent({ venue: 'Canteen' })];
      expect(given(clinicDecider, past).state).toMatchObject({ venue: 'Canteen', identifiedVisitorIds: new Set(['w-1']) });
      expect(given(clinicDecider, [held, visitorsRecorded('w-1')]).when(record())).toEqual(emits());
    });
  });

  describe('evolve', () => {
    it('adds identified visitors to the state, which has none until the first are recorded', () => {
      expect(given(clinicDecider, [held]).state).not.toHaveProperty('identifiedVisitorIds');
      expect(given(clinicDecider, [held, visitorsRecorded('w-1', 'w-2'), visitorsRecorded('w-3')]).state).toEqual({
        status: 'held',
        ...held.data,
        identifiedVisitorIds: new Set(['w-1', 'w-2', 'w-3']),
      });
    });

    it('does not mutate earlier states while folding', () => {
      const before = given(clinicDecider, [held, visitorsRecorded('w-1')]).state;
      clinicDecider.evolve(before, visitorsRecorded('w-2'));
      expect(before).toMatchObject({ identifiedVisitorIds: new Set(['w-1']) });
    });

    it('never throws on visitors recorded before the clinic', () => {
      expect(() => given(clinicDecider, [visitorsRecorded('w-1'), held])).not.toThrow();
      expect(given(clinicDecider, [visitorsRecorded('w-1')]).state).toEqual({ status: 'unknown' });
      expect(given(clinicDecider, [visitorsRecorded('w-1'), held]).state).toEqual({ status: 'held', ...held.data });
    });

    it('folds a clinic and its correction into the corrected details', () => {
      const past = [held, correctedEvent({ workersServed: 45, venue: 'Canteen' })];
      expect(given(clinicDecider, past).state).toEqual({
        status: 'held',
        ...held.data,
        workersServed: 45,
        venue: 'Canteen',
      });
    });

    it('never throws on an unknown event or a correction before the clinic was recorded', () => {
      const unknown = { type: 'ClinicCancelledInSomeFutureVersion', data: {} } as never;
      const history: ClinicEvent[] = [unknown, correctedEvent({ workersServed: 45 }), held, unknown];
      expect(() => given(clinicDecider, history)).not.toThrow();
      expect(given(clinicDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(clinicDecider, history).state).toEqual({ status: 'held', ...held.data });
    });
  });
});
