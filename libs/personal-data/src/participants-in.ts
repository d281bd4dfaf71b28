/**
 * The fields through which event data names people, by their pseudonymous ids: attendees, visitors,
 * meal recipients and their voids (`participantId`, `participantIds`), trip participants (`participants[].participantId`),
 * members (`workerId`) and programme applicants (`applicantId`). A new event naming people by
 * another field must be added here, or history and exports will not mark it when they are forgotten.
 */
const SINGLE = ['participantId', 'workerId', 'applicantId'] as const;

/** The pseudonymous ids of the people an event's data names, each once. */
export function participantIdsIn(data: Readonly<Record<string, unknown>>): string[] {
  const ids = new Set<string>();
  for (const field of SINGLE) if (typeof data[field] === 'string') ids.add(data[field]);
  if (Array.isArray(data.participantIds)) for (const id of data.participantIds) if (typeof id === 'string') ids.add(id);
  if (Array.isArray(data.participants)) {
    for (const participant of data.participants) {
      const id = (participant as { participantId?: unknown } | null)?.participantId;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}

/**
 * For each event, the people it names who were forgotten, asking `forgottenAmong` once for the
 * whole batch: what history and exports show beside the event, whose data stays as recorded
 * (its hash is in the audit chain; the pseudonymous id is what keeps the person counted).
 */
export async function forgottenIn<Event extends { readonly data: Readonly<Record<string, unknown>> }>(
  events: readonly Event[],
  forgottenAmong: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
): Promise<string[][]> {
  const named = events.map((event) => participantIdsIn(event.data));
  const all = [...new Set(named.flat())];
  const forgotten = all.length === 0 ? new Set<string>() : await forgottenAmong(all);
  return named.map((ids) => ids.filter((id) => forgotten.has(id)));
}
