import { DecisionContext, Decider, DomainEvent, fold } from './decider';
import { CommandRefused, RefusalDetail, RefusalKind } from './errors';

/**
 * Given/when/then for deciders, free of any test framework: `when` returns the outcome as plain
 * data, so a spec compares it with `emits(...)` or `refuses(...)` using its own assertion library,
 * and a failure diffs events against a refusal (or one refusal against another) readably.
 *
 *   expect(given(decider, past).when(command)).toEqual(emits(event));
 *   expect(given(decider, past).when(command)).toEqual(refuses('not_found', { field: 'courseId', rule: 'exists' }));
 */
export type Outcome<Event> =
  | { readonly events: Event[] }
  | { readonly refused: { readonly kind: RefusalKind; readonly details: readonly RefusalDetail[] } };

export const DEFAULT_CONTEXT: DecisionContext = { today: '2024-12-31' };

export function given<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  past: readonly Event[] = [],
) {
  const state = fold(decider, past);
  return {
    /** The state the past events fold to. */
    state,
    when(command: Command, context: DecisionContext = DEFAULT_CONTEXT): Outcome<Event> {
      try {
        return { events: decider.decide(command, state, context) };
      } catch (error) {
        if (!(error instanceof CommandRefused)) throw error; // a crash is not a refusal: let it fail loudly
        return { refused: { kind: error.kind, details: error.details } };
      }
    },
  };
}

export function emits<Event>(...events: Event[]): Outcome<Event> {
  return { events };
}

export function refuses(kind: RefusalKind, ...details: RefusalDetail[]): Outcome<never> {
  return { refused: { kind, details } };
}
