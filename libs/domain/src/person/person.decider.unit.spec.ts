import { emits, given, refuses } from '../shared/given-when-then';
import { personDecider } from './person.decider';
import { PersonEvent } from './person.events';

const kept = (organizationId = 'chaowai'): PersonEvent => ({ type: 'ContactDetailsKept', data: { participantId: 'w-1', organizationId } });
const forgotten: PersonEvent = { type: 'PersonForgotten', data: { participantId: 'w-1', grounds: 'participant-request' } };
const keep = (organizationId = 'chaowai') => ({ type: 'KeepContactDetails' as const, data: { participantId: 'w-1', organizationId } });
const view = { type: 'RecordContactDetailsViewed' as const, data: { participantId: 'w-1' } };
const forget = { type: 'ForgetPerson' as const, data: { participantId: 'w-1', grounds: 'participant-request' as const } };

describe('person decider', () => {
  it('keeps contact details for one organisation, and records each replacement', () => {
    expect(given(personDecider).when(keep())).toEqual(emits(kept()));
    expect(given(personDecider, [kept()]).when(keep())).toEqual(emits(kept()));
  });

  it('does not let another organisation take the details over', () => {
    expect(given(personDecider, [kept()]).when(keep('haidian'))).toEqual(refuses('conflict', { field: 'organizationId', rule: 'sameOwner' }));
  });

  it('records every read of the details, naming the owning organisation', () => {
    expect(given(personDecider, [kept()]).when(view)).toEqual(
      emits({ type: 'ContactDetailsViewed', data: { participantId: 'w-1', organizationId: 'chaowai' } }),
    );
    expect(given(personDecider).when(view)).toEqual(refuses('not_found', { field: 'participantId', rule: 'exists' }));
  });

  it('forgets a person once, with or without details kept; forgetting again is a retry', () => {
    expect(given(personDecider, [kept()]).when(forget)).toEqual(emits(forgotten));
    expect(given(personDecider).when(forget)).toEqual(emits(forgotten));
    expect(given(personDecider, [kept(), forgotten]).when(forget)).toEqual(emits());
  });

  it('keeps and shows nothing more for a forgotten person', () => {
    expect(given(personDecider, [kept(), forgotten]).when(keep())).toEqual(refuses('conflict', { field: 'participantId', rule: 'notForgotten' }));
    expect(given(personDecider, [kept(), forgotten]).when(view)).toEqual(refuses('conflict', { field: 'participantId', rule: 'notForgotten' }));
  });
});
