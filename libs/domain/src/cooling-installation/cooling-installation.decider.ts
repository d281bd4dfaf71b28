import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount, assertPastDate } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { CoolingInstallationDetails, CoolingInstallationEvent, CoolingInstallationState } from './cooling-installation.events';

export const COOLING_INSTALLATION_LIMITS = { quantity: 100_000 } as const;

export type CoolingInstallationCommand =
  | {
      readonly type: 'RecordCoolingEquipmentInstalled';
      readonly data: { installationId: string; organizationId: string } & CoolingInstallationDetails;
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectCoolingEquipmentInstallation';
      readonly data: { installationId: string; reason: string } & Partial<CoolingInstallationDetails>;
    };

export const coolingInstallationDecider: Decider<CoolingInstallationCommand, CoolingInstallationEvent, CoolingInstallationState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordCoolingEquipmentInstalled': {
        const { data } = command;
        if (state.status === 'installed') {
          if (state.organizationId === data.organizationId && sameDetails(state, data)) return [];
          throw refuse.conflict('id', 'unique', `cooling installation ${data.installationId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertDetails(data, today);
        return [{ type: 'CoolingEquipmentInstalled', data: { ...data } }];
      }
      case 'CorrectCoolingEquipmentInstallation': {
        const { installationId, reason, ...changes } = command.data;
        if (state.status !== 'installed') {
          throw refuse.notFound('installationId', `cooling installation ${installationId} does not exist`);
        }
        const corrected: CoolingInstallationDetails = {
          site: changes.site ?? state.site,
          date: changes.date ?? state.date,
          kind: changes.kind ?? state.kind,
          quantity: changes.quantity ?? state.quantity,
        };
        if (sameDetails(state, corrected)) return [];
        assertDetails(corrected, today);
        return [{ type: 'CoolingEquipmentInstallationCorrected', data: { installationId, reason, ...corrected } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CoolingEquipmentInstalled':
        return { status: 'installed', ...event.data };
      case 'CoolingEquipmentInstallationCorrected': {
        if (state.status !== 'installed') return state;
        const { installationId: _id, reason: _reason, ...details } = event.data;
        return { ...state, ...details };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function assertDetails(details: CoolingInstallationDetails, today: string): void {
  assertPastDate('date', details.date, today);
  assertCount('quantity', details.quantity, COOLING_INSTALLATION_LIMITS.quantity);
}

function sameDetails(a: CoolingInstallationDetails, b: CoolingInstallationDetails): boolean {
  return a.site === b.site && a.date === b.date && a.kind === b.kind && a.quantity === b.quantity;
}
