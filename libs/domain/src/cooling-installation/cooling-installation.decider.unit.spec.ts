import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { COOLING_INSTALLATION_LIMITS, CoolingInstallationCommand, coolingInstallationDecider } from './cooling-installation.decider';
import {
  CoolingEquipmentInstallationCorrected,
  CoolingEquipmentInstalled,
  CoolingInstallationDetails,
  CoolingInstallationEvent,
} from './cooling-installation.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const installed: CoolingEquipmentInstalled = {
  type: 'CoolingEquipmentInstalled',
  data: { installationId: 'inst-1', organizationId: 'org-1', site: 'Riders rest stop', date: '2024-06-20', kind: 'air conditioner', quantity: 4 },
};

const { installationId: _installationId, organizationId: _organizationId, ...installedDetails } = installed.data;

const correctedEvent = (changes: Partial<CoolingInstallationDetails>): CoolingEquipmentInstallationCorrected => ({
  type: 'CoolingEquipmentInstallationCorrected',
  data: { installationId: 'inst-1', reason: 'miscounted', ...installedDetails, ...changes },
});

function record(data: Partial<CoolingEquipmentInstalled['data']> = {}, org: OrganizationState = organization): CoolingInstallationCommand {
  return { type: 'RecordCoolingEquipmentInstalled', data: { ...installed.data, ...data }, organization: org };
}

function correct(changes: Partial<CoolingInstallationDetails>): CoolingInstallationCommand {
  return { type: 'CorrectCoolingEquipmentInstallation', data: { installationId: 'inst-1', reason: 'miscounted', ...changes } };
}

describe('cooling installation decider', () => {
  describe('RecordCoolingEquipmentInstalled', () => {
    it('records an installation by a registered organisation', () => {
      expect(given(coolingInstallationDecider).when(record())).toEqual(emits(installed));
    });

    it('refuses an installation of an organisation that does not exist', () => {
      expect(given(coolingInstallationDecider).when(record({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '20-06-2024'])('refuses an installation on %p, which is not a real calendar date', (date) => {
      expect(given(coolingInstallationDecider).when(record({ date }))).toEqual(refuses('invalid', { field: 'date', rule: 'isCalendarDate' }));
    });

    it('refuses an installation dated after today', () => {
      expect(given(coolingInstallationDecider).when(record({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each([
      [0, 'min'],
      [-1, 'min'],
      [1.5, 'isInt'],
      [COOLING_INSTALLATION_LIMITS.quantity + 1, 'max'],
    ])('refuses a quantity of %p (rule %s)', (quantity, rule) => {
      expect(given(coolingInstallationDecider).when(record({ quantity }))).toEqual(refuses('invalid', { field: 'quantity', rule }));
    });

    it.each([1, COOLING_INSTALLATION_LIMITS.quantity])('accepts a quantity of %p', (quantity) => {
      expect(given(coolingInstallationDecider).when(record({ quantity }))).toEqual(emits({ ...installed, data: { ...installed.data, quantity } }));
    });

    it('treats a retried record with the same data as a repeat and records nothing', () => {
      expect(given(coolingInstallationDecider, [installed]).when(record())).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['site', { site: 'Elsewhere' }],
      ['date', { date: '2024-06-21' }],
      ['kind', { kind: 'fan' }],
      ['quantity', { quantity: 5 }],
    ])('refuses the same installation id again with a different %s', (_what, change) => {
      expect(given(coolingInstallationDecider, [installed]).when(record(change))).toEqual(refuses('conflict', { field: 'id', rule: 'unique' }));
    });
  });

  describe('CorrectCoolingEquipmentInstallation', () => {
    it('corrects the quantity and restates every other detail', () => {
      expect(given(coolingInstallationDecider, [installed]).when(correct({ quantity: 6 }))).toEqual(emits(correctedEvent({ quantity: 6 })));
    });

    it('corrects several details at once', () => {
      const changes = { site: 'Depot', date: '2024-06-19', kind: 'fan' };
      expect(given(coolingInstallationDecider, [installed]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects on top of an earlier correction', () => {
      const past = [installed, correctedEvent({ quantity: 6 })];
      expect(given(coolingInstallationDecider, past).when(correct({ kind: 'fan' }))).toEqual(emits(correctedEvent({ quantity: 6, kind: 'fan' })));
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(coolingInstallationDecider, [installed]).when(correct({}))).toEqual(emits());
      expect(given(coolingInstallationDecider, [installed]).when(correct({ quantity: 4 }))).toEqual(emits());
      expect(given(coolingInstallationDecider, [installed, correctedEvent({ quantity: 6 })]).when(correct({ quantity: 6 }))).toEqual(emits());
    });

    it('refuses to correct an installation that does not exist', () => {
      expect(given(coolingInstallationDecider).when(correct({ quantity: 6 }))).toEqual(
        refuses('not_found', { field: 'installationId', rule: 'exists' }),
      );
    });

    it.each([
      ['a date that does not exist', { date: '2024-06-31' }, 'date', 'isCalendarDate'],
      ['a date after today', { date: '2025-01-01' }, 'date', 'notInFuture'],
      ['a quantity of zero', { quantity: 0 }, 'quantity', 'min'],
      ['too large a quantity', { quantity: COOLING_INSTALLATION_LIMITS.quantity + 1 }, 'quantity', 'max'],
    ])('refuses a correction to %s', (_what, changes, field, rule) => {
      expect(given(coolingInstallationDecider, [installed]).when(correct(changes))).toEqual(refuses('invalid', { field, rule }));
    });
  });

  describe('evolve', () => {
    it('folds an installation and its correction into the corrected details', () => {
      expect(given(coolingInstallationDecider, [installed, correctedEvent({ quantity: 6, kind: 'fan' })]).state).toEqual({
        status: 'installed',
        ...installed.data,
        quantity: 6,
        kind: 'fan',
      });
    });

    it('never throws on an unknown event or a correction before the installation was recorded', () => {
      const unknown = { type: 'CoolingEquipmentRemovedInSomeFutureVersion', data: {} } as never;
      const history: CoolingInstallationEvent[] = [unknown, correctedEvent({ quantity: 6 }), installed, unknown];
      expect(() => given(coolingInstallationDecider, history)).not.toThrow();
      expect(given(coolingInstallationDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(coolingInstallationDecider, history).state).toEqual({ status: 'installed', ...installed.data });
    });
  });
});
