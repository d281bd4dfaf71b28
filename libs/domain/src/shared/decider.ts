/** A fact as the domain states it; the write path adds its id and metadata when it is stored. */
export interface DomainEvent<Type extends string = string, Data = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
}

/** What a decision may depend on besides the command and the stream: the clock, passed in. */
export interface DecisionContext {
  /** Today's date in the ledger's time zone; recorded dates may not be after it. */
  readonly today: string;
}

/**
 * An aggregate's logic as pure functions. `decide` refuses by throwing CommandRefused; `evolve`
 * never throws, so that replaying any history always succeeds.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  decide(command: Command, state: State, context: DecisionContext): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/**
 * The default branch of `evolve`'s exhaustive switch: the compiler proves every known event is
 * handled, and an event this code does not know (written by a newer version) leaves state alone.
 */
export function ignoreUnknownEvent<State>(_event: never, state: State): State {
  return state;
}
