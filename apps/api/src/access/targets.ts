import { ID_PATTERN } from '../../../../libs/domain/src/shared/values';
import { Target, TargetSource } from './access-rule';

const LEDGER: Target = { kind: 'ledger' };
const UNDETERMINED: Target = { kind: 'undetermined' };

/** An organisation id as a request carries it; anything else (absent, malformed) is for validation to refuse. */
function organization(value: unknown, whenAbsent: Target): Target {
  if (value === undefined || value === null) return whenAbsent;
  return typeof value === 'string' && ID_PATTERN.test(value) ? { kind: 'organization', id: value } : UNDETERMINED;
}

export function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((inner, key) => (inner !== null && typeof inner === 'object' && Object.hasOwn(inner, key) ? (inner as Record<string, unknown>)[key] : undefined), value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && ID_PATTERN.test(value) ? value : undefined;
}

/**
 * Where each endpoint finds the organisation it acts on. Ids in the body, query and path are read
 * before validation (guards run first), so each source reads defensively and leaves a malformed
 * value to the validation that follows.
 */
export const target = {
  /** The whole ledger: rebuilds, history, ledger-wide figures. */
  ledger: (): TargetSource => async () => LEDGER,

  /** An organisation id in the body, at `path` (`['parameters', 'organizationId']`); absent or null means `whenAbsent`. */
  body: (path: readonly string[], whenAbsent: 'ledger' | 'undetermined' = 'undetermined'): TargetSource => async (request) =>
    organization(at(request.body, path), whenAbsent === 'ledger' ? LEDGER : UNDETERMINED),

  /**
   * An organisation id in the query string; when absent, what `otherwise` finds, or else the whole
   * ledger (every figure query without an organisation counts over all of them).
   */
  query: (name: string, otherwise?: TargetSource): TargetSource => async (request, lookups) =>
    request.query[name] === undefined && otherwise ? otherwise(request, lookups) : organization(request.query[name], LEDGER),

  /** An organisation id in the path. */
  param: (name: string): TargetSource => async (request) => organization(request.params[name], UNDETERMINED),

  /**
   * The organisation named by the event that created a stream (a course's CourseRegistered, a
   * meal's MealServed): what a course, a meal or a trip belongs to never changes. The stream is
   * `stream(...)` of the path parameters `params`; `pick` reads the organisation from that event's
   * data. A stream that does not exist (or a malformed id, so it cannot) is `whenMissing`.
   */
  owner: (
    stream: (...ids: string[]) => string,
    params: readonly string[],
    pick: (data: Readonly<Record<string, unknown>>) => unknown = (data) => data.organizationId,
    whenMissing: 'ledger' | 'undetermined' = 'undetermined',
  ): TargetSource => async (request, lookups) => {
    const missing = whenMissing === 'ledger' ? LEDGER : UNDETERMINED;
    const values = params.map((name) => text(request.params[name]));
    if (values.some((value) => value === undefined)) return missing;
    const data = await lookups.firstEventData(stream(...(values as string[])));
    return data === undefined ? missing : organization(pick(data), LEDGER);
  },

  /** The organisation keeping a participant's contact details in the vault; undetermined when nobody keeps any. */
  contactOwner: (param: string): TargetSource => async (request, lookups) => {
    const participantId = text(request.params[param]);
    const owner = participantId === undefined ? undefined : await lookups.contactOwner(participantId);
    return owner === undefined ? UNDETERMINED : { kind: 'organization', id: owner };
  },

  /** The scope of an access token: revoking one is administering its organisation. */
  tokenScope: (param: string): TargetSource => async (request, lookups) => {
    const tokenId = text(request.params[param]);
    const token = tokenId === undefined ? undefined : await lookups.tokenScope(tokenId);
    if (token === undefined) return UNDETERMINED;
    return token.organizationId === null ? LEDGER : { kind: 'organization', id: token.organizationId };
  },
};
