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

/** What an endpoint needs: what it does, and the organisation it does it for, when it names one. */
export type Requirement =
  | { readonly action: 'record'; readonly organizationId: string }
  | { readonly action: 'read-figures'; readonly organizationId: string | null }
  | { readonly action: 'read-history' }
  | { readonly action: 'administer'; readonly organizationId?: string };

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly status: 401 | 403; readonly rule: string; readonly reason: string };

/** Which roles may do what. Auditors read everything and write nothing; analysts never write. */
const MAY: Record<Requirement['action'], readonly Role[]> = {
  record: ['staff', 'admin'],
  'read-figures': ['staff', 'analyst', 'auditor', 'admin'],
  'read-history': ['auditor', 'admin'],
  administer: ['admin'],
};

/** Auditors' and admins' work spans the ledger: their scope does not narrow what they may read. */
const READS_EVERYTHING: readonly Role[] = ['auditor'];

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
  if (!MAY[requirement.action].includes(principal.role)) {
    return deny(403, 'role', `a ${principal.role} may not ${requirement.action.replace('-', ' ')}`);
  }
  const target = 'organizationId' in requirement ? requirement.organizationId : undefined;
  if (principal.organizationId === null || READS_EVERYTHING.includes(principal.role) || target === undefined) return { allowed: true };
  if (target === null) {
    return deny(403, 'scope', `figures across every organisation need a principal scoped to all; this one is scoped to ${principal.organizationId}`);
  }
  if (!within(principal.organizationId, target)) {
    return deny(403, 'scope', `organisation ${target} is outside this principal's scope (${principal.organizationId} and its subtree)`);
  }
  return { allowed: true };
}

function deny(status: 401 | 403, rule: string, reason: string): Decision {
  return { allowed: false, status, rule, reason };
}
