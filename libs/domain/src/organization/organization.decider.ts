import { refuse } from '../shared/errors';
import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { OrganizationEvent, OrganizationLevel, OrganizationState } from './organization.events';

export type OrganizationCommand = {
  readonly type: 'RegisterOrganization';
  readonly data: { organizationId: string; name: string; level: OrganizationLevel; parentId: string | null };
  /** The parent's state, looked up by the handler; the root of a tree has none. */
  readonly parent: OrganizationState | null;
};

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
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
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationRegistered':
        return { status: 'registered', ...event.data };
      default:
        return ignoreUnknownEvent(event.type, state);
    }
  },
};
