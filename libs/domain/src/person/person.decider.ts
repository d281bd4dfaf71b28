import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { ForgettingGrounds, PersonEvent, PersonState } from './person.events';

export type PersonCommand =
  | { readonly type: 'KeepContactDetails'; readonly data: { participantId: string; organizationId: string } }
  | { readonly type: 'RecordContactDetailsViewed'; readonly data: { participantId: string } }
  | { readonly type: 'ForgetPerson'; readonly data: { participantId: string; grounds: ForgettingGrounds } };

/**
 * One stream per participant who has contact details kept, or was forgotten. Details belong to one
 * organisation: another may not take them over. Once forgotten, a person stays forgotten: nothing
 * more is kept for them, and forgetting again is a retry.
 */
export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    const { participantId } = command.data;
    if (command.type === 'ForgetPerson') {
      return state.status === 'forgotten' ? [] : [{ type: 'PersonForgotten', data: { participantId, grounds: command.data.grounds } }];
    }
    if (state.status === 'forgotten') {
      throw refuse.conflict('participantId', 'notForgotten', `participant ${participantId} was forgotten: no contact details are kept or shown for them`);
    }
    if (command.type === 'KeepContactDetails') {
      const { organizationId } = command.data;
      if (state.status === 'kept' && state.organizationId !== organizationId) {
        throw refuse.conflict('organizationId', 'sameOwner', `the contact details of ${participantId} belong to ${state.organizationId}`);
      }
      return [{ type: 'ContactDetailsKept', data: { participantId, organizationId } }];
    }
    if (state.status !== 'kept') throw refuse.notFound('participantId', `no contact details are kept for participant ${participantId}`);
    return [{ type: 'ContactDetailsViewed', data: { participantId, organizationId: state.organizationId } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ContactDetailsKept':
        return { status: 'kept', organizationId: event.data.organizationId };
      case 'ContactDetailsViewed':
        return state;
      case 'PersonForgotten':
        return { status: 'forgotten', grounds: event.data.grounds };
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
