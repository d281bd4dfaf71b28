import { refuse } from './errors';
import { LIMITS } from './values';

/**
 * A request's list of the people a service reached: 1 to LIMITS.attendeesPerRequest ids, each
 * once. `elementField` names an element in refusals (`participantIds[3]`, `participants[3].participantId`).
 */
export function assertPeopleList(
  field: string,
  ids: readonly string[],
  elementField: (index: number) => string = (i) => `${field}[${i}]`,
): void {
  if (ids.length === 0) throw refuse.invalid(field, 'arrayNotEmpty', `${field} is empty`);
  if (ids.length > LIMITS.attendeesPerRequest) {
    throw refuse.unprocessable(field, 'arrayMaxSize', `at most ${LIMITS.attendeesPerRequest} people per request; split the list`);
  }
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw refuse.unprocessable(elementField(i), 'unique', `${id} is listed twice`);
    seen.add(id);
  });
}

/** The ids of a valid `participantIds` list that were not identified before, in the order given. */
export function newParticipantIds(participantIds: readonly string[], identified: ReadonlySet<string>): string[] {
  assertPeopleList('participantIds', participantIds);
  return participantIds.filter((participantId) => !identified.has(participantId));
}
