import { randomUUID } from 'node:crypto';
import { newEventId } from '../../../../libs/event-store/src/event-id';
import {
  EventStore,
  ExpectedRevision,
  NewEvent,
  WrongExpectedRevisionError,
} from '../../../../libs/event-store/src/event-store.port';
import { Decider, DomainEvent } from '../../../../libs/domain/src/shared/decider';
import { EVENT_SCHEMA_VERSIONS, LedgerEvent } from '../../../../libs/domain/src/ledger-events';
import { dateIn } from '../../../../libs/domain/src/shared/values';
import { contentHashOf } from '../../../../libs/audit/src/content-hash';

/** Who asked, and which conversation the request belongs to: stored in every event's metadata. */
export interface CommandMeta {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface Outcome<State, Event> {
  readonly state: State;
  /** Empty when the command changed nothing (a retry of something already recorded). */
  readonly events: readonly Event[];
}

/** Every attempt met a concurrent writer. */
export class ConcurrencyExhaustedError extends Error {
  constructor(readonly streamName: string, attempts: number) {
    super(`stream ${streamName} kept changing under ${attempts} attempts`);
    this.name = 'ConcurrencyExhaustedError';
  }
}

/**
 * The write path's one loop: read the stream, fold it into state, decide, and append with the
 * revision that was read. A concurrent writer makes the append fail; then it reads and decides
 * again, a bounded number of times.
 */
export class CommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
    private readonly timeZone: string,
    private readonly attempts: number,
  ) {}

  async load<State, Event extends DomainEvent>(
    streamName: string,
    decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  ): Promise<{ state: State; revision: ExpectedRevision }> {
    let state = decider.initialState;
    let revision: ExpectedRevision = 'no_stream';
    for await (const stored of this.store.readStream(streamName)) {
      state = decider.evolve(state, { type: stored.type, data: stored.data } as Event);
      revision = stored.revision;
    }
    return { state, revision };
  }

  async execute<Command, Event extends LedgerEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    meta: CommandMeta,
  ): Promise<Outcome<State, Event>> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(streamName, decider);
      const now = this.clock();
      const events = decider.decide(command, state, { today: dateIn(this.timeZone, now) });
      if (events.length === 0) return { state, events };
      try {
        await this.store.appendToStream(streamName, events.map((e) => this.toNewEvent(e, meta, now)), {
          expectedRevision: revision,
        });
        return { state: events.reduce(decider.evolve, state), events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= this.attempts) throw new ConcurrencyExhaustedError(streamName, attempt);
      }
    }
  }

  /** The event as recorded, carrying the hash of its content for the audit chain. */
  private toNewEvent(event: LedgerEvent, meta: CommandMeta, now: Date): NewEvent {
    const recorded = {
      id: newEventId(now.getTime()),
      type: event.type,
      data: event.data,
      metadata: { ...meta, recordedAt: now.toISOString(), schemaVersion: EVENT_SCHEMA_VERSIONS[event.type] },
    };
    return { ...recorded, metadata: { ...recorded.metadata, contentHash: contentHashOf(recorded) } };
  }
}

export function newCausationId(): string {
  return randomUUID();
}
