import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeBrandEvent, ProgrammeBrandRegistered, ProgrammeBrandState } from './programme-brand.events';

export type ProgrammeBrandCommand =
  | {
      readonly type: 'RegisterProgrammeBrand';
      readonly data: ProgrammeBrandRegistered['data'];
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectProgrammeBrand';
      /** An omitted field keeps its value; a description of null removes it. */
      readonly data: { brandId: string; name?: string; description?: string | null; reason: string };
    };

export const programmeBrandDecider: Decider<ProgrammeBrandCommand, ProgrammeBrandEvent, ProgrammeBrandState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterProgrammeBrand': {
        const { data } = command;
        if (state.status === 'registered') {
          const same =
            state.organizationId === data.organizationId && state.name === data.name && state.description === data.description;
          if (same) return [];
          throw refuse.conflict('id', 'unique', `programme brand ${data.brandId} is already registered differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        return [{ type: 'ProgrammeBrandRegistered', data: { ...data } }];
      }
      case 'CorrectProgrammeBrand': {
        const { data } = command;
        if (state.status !== 'registered') throw refuse.notFound('brandId', `programme brand ${data.brandId} does not exist`);
        const name = data.name ?? state.name;
        const description = data.description === undefined ? state.description : data.description;
        if (name === state.name && description === state.description) return [];
        return [{ type: 'ProgrammeBrandCorrected', data: { brandId: data.brandId, name, description, reason: data.reason } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProgrammeBrandRegistered':
        return { status: 'registered', ...event.data };
      case 'ProgrammeBrandCorrected':
        return state.status === 'registered' ? { ...state, name: event.data.name, description: event.data.description } : state;
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
