import { emits, given, refuses } from '../shared/given-when-then';
import { LIMITS } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { ClinicCommand, clinicDecider } from './clinic.decider';
import { ClinicCorrected, ClinicDetails, ClinicEvent, ClinicHeld } from './clinic.events';

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

  describe('evolve', () => {
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
