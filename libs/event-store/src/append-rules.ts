import {
  AppendResult,
  EventIdConflictError,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  WrongExpectedRevisionError,
} from './event-store.port';

export type AppendPlan =
  | { readonly kind: 'append'; readonly firstRevision: bigint }
  | { readonly kind: 'repeat'; readonly original: AppendResult };

/**
 * The rules every single-log store applies to an append, in EventStoreDB's order: a repeat of
 * stored event ids returns the original result before the expected revision is looked at (so a
 * retry after a lost acknowledgement succeeds), then the expected revision must match.
 */
export function planAppend(args: {
  streamName: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  current: bigint | 'no_stream';
  findStored: (eventId: string) => StoredEvent | undefined;
}): AppendPlan {
  const { streamName, events, expected, current, findStored } = args;
  if (events.length === 0) throw new Error('an append needs at least one event');

  const first = findStored(events[0].id);
  if (first) return { kind: 'repeat', original: originalResult(streamName, events, first, findStored) };
  for (const event of events) {
    if (findStored(event.id)) throw new EventIdConflictError(streamName, event.id);
  }

  const matches =
    expected === 'any' ||
    (expected === 'no_stream' ? current === 'no_stream' : current !== 'no_stream' && current === expected);
  if (!matches) throw new WrongExpectedRevisionError(streamName, expected, current);
  return { kind: 'append', firstRevision: current === 'no_stream' ? 0n : current + 1n };
}

function originalResult(
  streamName: string,
  events: readonly NewEvent[],
  first: StoredEvent,
  findStored: (eventId: string) => StoredEvent | undefined,
): AppendResult {
  let last = first;
  for (let i = 0; i < events.length; i++) {
    const stored = i === 0 ? first : findStored(events[i].id);
    if (!stored || stored.streamName !== streamName || stored.revision !== first.revision + BigInt(i)) {
      throw new EventIdConflictError(streamName, events[i].id);
    }
    last = stored;
  }
  return { nextExpectedRevision: last.revision, position: last.position };
}
