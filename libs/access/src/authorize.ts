/** The roles a principal can have: one each. */
export const ROLES = ['staff', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: one role and one organisation scope (null: every organisation). */
export interface Principal {
  readonly id: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
}

/**
 * What an endpoint does. `authenticated` is anything a known principal may see whatever its role
 * (the ledger's status, its digest); `read-contacts` is the one action only staff have.
 */
export const ACTIONS = ['record', 'read-figures', 'read-history', 'read-contacts', 'administer', 'authenticated'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What an endpoint needs: an action, and the organisation it acts on: an id, `null` for the whole
 * ledger (every organisation at once), or absent when no organisation is involved.
 */
export interface Requirement {
  readonly action: Action;
  readonly organizationId?: string | null;
}

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly status: 401 | 403; readonly rule: string; readonly reason: string };

/** Which roles may do what. Auditors read everything and write nothing; analysts never write; only staff read contact details. */
export const MAY: Readonly<Record<Action, readonly Role[]>> = {
  record: ['staff', 'admin'],
  'read-figures': ['staff', 'analyst', 'auditor', 'admin'],
  'read-history': ['auditor', 'admin'],
  'read-contacts': ['staff'],
  administer: ['admin'],
  authenticated: ROLES,
};

/** An auditor's work spans the ledger: its scope does not narrow what it may read. */
const READS_EVERYTHING: readonly Action[] = ['read-figures', 'read-history'];

/**
 * The access decision, as a pure function: `within(scope, organizationId)` says whether an
 * organisation is the scope or in its subtree (the caller reads the tree). Expired and revoked
 * principals are refused as if unknown (401); a known principal outside its role or scope gets 403.
 */
export function authorize(
  principal: Principal,
  requirement: Requirement,
  within: (scope: string, organizationId: string) => boolean,
  now: Date,
): Decision {
  if (principal.revokedAt !== undefined) return deny(401, 'tokenRevoked', 'the token was revoked');
  if (principal.expiresAt !== undefined && Date.parse(principal.expiresAt) <= now.getTime()) {
    return deny(401, 'tokenExpired', `the token expired at ${principal.expiresAt}`);
  }
  const { action, organizationId: target } = requirement;
  if (!MAY[action].includes(principal.role)) {
    return deny(403, 'role', `${withArticle(principal.role)} may not ${action.replace('-', ' ')}; that needs ${MAY[action].join(' or ')}`);
  }
  if (principal.organizationId === null || target === undefined) return { allowed: true };
  if (principal.role === 'auditor' && READS_EVERYTHING.includes(action)) return { allowed: true };
  if (target === null) {
    return deny(403, 'scope', `this needs a principal scoped to every organisation; this one is scoped to ${principal.organizationId}`);
  }
  if (!within(principal.organizationId, target)) {
    return deny(403, 'scope', `organisation ${target} is outside this principal's scope (${principal.organizationId} and its subtree)`);
  }
  return { allowed: true };
}

function withArticle(role: Role): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

function deny(status: 401 | 403, rule: string, reason: string): Decision {
  return { allowed: false, status, rule, reason };
}
