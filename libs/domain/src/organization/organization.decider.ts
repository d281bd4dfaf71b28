import { refuse } from '../shared/errors';
import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { assertPastDate } from '../shared/values';
import { OrganizationEvent, OrganizationLevel, OrganizationState } from './organization.events';

export type OrganizationCommand =
  | {
      readonly type: 'RegisterOrganization';
      readonly data: { organizationId: string; name: string; level: OrganizationLevel; parentId: string | null };
      /** The parent's state, looked up by the handler; the root of a tree has none. */
      readonly parent: OrganizationState | null;
    }
  | {
      readonly type: 'MoveOrganization';
      readonly data: { organizationId: string; newParentId: string; effectiveDate: string };
      /** The new parent's state, looked up by the handler. */
      readonly newParent: OrganizationState;
      /** Ids from the new parent's parent up to the root, in today's tree, looked up by the handler. */
      readonly newParentAncestors: readonly string[];
    }
  | {
      readonly type: 'RenameOrganization';
      readonly data: { organizationId: string; name: string; effectiveDate: string };
    };

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RegisterOrganization': {
        const { data, parent } = command;
        if (state.status === 'registered') {
          const same = state.name === data.name && state.level === data.level && state.parentId === data.parentId;
          if (same) return []; // a retried registration
          throw refuse.conflict('id', 'unique', `organisation ${data.organizationId} is already registered differently`);
        }
        if (data.parentId !== null) {
          // A parent registered before its child, and never the child itself, keeps the tree acyclic.
          if (data.parentId === data.organizationId) throw refuse.invalid('parentId', 'notSelf', 'an organisation cannot be its own parent');
          if (parent?.status !== 'registered') throw refuse.notFound('parentId', `parent organisation ${data.parentId} does not exist`);
        }
        return [{ type: 'OrganizationRegistered', data: { ...data } }];
      }
      case 'MoveOrganization': {
        const { organizationId, newParentId, effectiveDate } = command.data;
        if (state.status !== 'registered') throw refuse.notFound('organizationId', `organisation ${organizationId} does not exist`);
        if (newParentId === organizationId) throw refuse.invalid('newParentId', 'notSelf', 'an organisation cannot be its own parent');
        if (command.newParent.status !== 'registered') {
          throw refuse.notFound('newParentId', `parent organisation ${newParentId} does not exist`);
        }
        if (command.newParentAncestors.includes(organizationId)) {
          throw refuse.conflict('newParentId', 'noCycle', `${newParentId} is below ${organizationId}: the move would make a cycle`);
        }
        assertPastDate('effectiveDate', effectiveDate, today);
        const lastChangedOn = state.lastChangedOn ?? null;
        if (lastChangedOn !== null && effectiveDate < lastChangedOn) {
          throw refuse.conflict(
            'effectiveDate',
            'notBeforeLastMove',
            `organisation ${organizationId} last moved on ${lastChangedOn}; a move cannot take effect before it`,
          );
        }
        if (state.parentId === newParentId) return []; // already there: a retried move
        return [{ type: 'OrganizationMoved', data: { organizationId, fromParentId: state.parentId, toParentId: newParentId, effectiveDate } }];
      }
      case 'RenameOrganization': {
        const { organizationId, name, effectiveDate } = command.data;
        if (state.status !== 'registered') throw refuse.notFound('organizationId', `organisation ${organizationId} does not exist`);
        assertPastDate('effectiveDate', effectiveDate, today);
        if (state.name === name) return [];
        return [{ type: 'OrganizationRenamed', data: { organizationId, name, previousName: state.name, effectiveDate } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationRegistered':
        return { status: 'registered', ...event.data, lastChangedOn: null };
      case 'OrganizationMoved':
        return state.status === 'registered'
          ? { ...state, parentId: event.data.toParentId, lastChangedOn: event.data.effectiveDate }
          : state;
      case 'OrganizationRenamed':
        return state.status === 'registered' ? { ...state, name: event.data.name } : state;
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
