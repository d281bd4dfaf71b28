import { refuse } from './errors';
import { LIMITS } from './values';

/**
 * The ids of a request that identifies the people a service reached (`participantIds`): checks the
 * list (1 to LIMITS.attendeesPerRequest ids, each once) and returns those not identified before, in
 * the order given.
 */
export function newParticipantIds(participantIds: readonly string[], identified: ReadonlySet<string>): string[] {
  if (participantIds.length === 0) throw refuse.invalid('participantIds', 'arrayNotEmpty', 'participantIds is empty');
  if (participantIds.length > LIMITS.attendeesPerRequest) {
    throw refuse.unprocessable(
      'participantIds',
      'arrayMaxSize',
      `at most ${LIMITS.attendeesPerRequest} participants per request; split the list`,
    );
  }
  const seen = new Set<string>();
  participantIds.forEach((participantId, i) => {
    if (seen.has(participantId)) throw refuse.unprocessable(`participantIds[${i}]`, 'unique', `${participantId} is listed twice`);
    seen.add(participantId);
  });
  return participantIds.filter((participantId) => !identified.has(participantId));
}
