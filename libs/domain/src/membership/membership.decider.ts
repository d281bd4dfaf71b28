import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertPastDate } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { MemberJoined, MembershipEvent, MembershipState } from './membership.events';

export type MembershipCommand =
  | {
      readonly type: 'RecordMemberJoined';
      readonly data: MemberJoined['data'];
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'VoidMembership';
      readonly data: { organizationId: string; workerId: string; reason: string };
    };

export const membershipDecider: Decider<MembershipCommand, MembershipEvent, MembershipState> = {
  initialState: { status: 'none' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordMemberJoined': {
        const { data } = command;
        if (state.status === 'member') {
          const same = state.date === data.date && state.channel === data.channel && state.category === data.category;
          if (same) return [];
          throw refuse.conflict('workerId', 'uniqueMembership', `worker ${data.workerId} already joined ${data.organizationId}`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertPastDate('date', data.date, today);
        return [{ type: 'MemberJoined', data: { ...data } }];
      }
      case 'VoidMembership': {
        if (state.status === 'voided') return [];
        if (state.status === 'none') {
          throw refuse.notFound('workerId', `worker ${command.data.workerId} is not a member of ${command.data.organizationId}`);
        }
        return [{ type: 'MembershipVoided', data: { ...command.data } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MemberJoined':
        return { status: 'member', ...event.data };
      case 'MembershipVoided':
        return { status: 'voided' };
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
