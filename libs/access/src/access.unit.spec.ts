import { authorize, Principal, Requirement, ROLES } from './authorize';
import { bearerToken, hashToken, issueToken, tokenMatches } from './token';

const NOW = new Date('2025-03-01T04:00:00Z');
/** beijing ⊃ chaoyang ⊃ chaowai; haidian is a sibling of chaoyang. */
const PARENT: Record<string, string | undefined> = { chaoyang: 'beijing', haidian: 'beijing', chaowai: 'chaoyang' };
const within = (scope: string, organizationId: string): boolean =>
  organizationId === scope || (PARENT[organizationId] !== undefined && within(scope, PARENT[organizationId]!));
const principal = (role: Principal['role'], organizationId: string | null = 'chaoyang', extra: Partial<Principal> = {}): Principal => ({
  id: `${role}-1`,
  role,
  organizationId,
  ...extra,
});
const decide = (who: Principal, what: Requirement) => authorize(who, what, within, NOW);

describe('access decisions', () => {
  it('lets staff record in their subtree only, and never lets analysts or auditors write', () => {
    expect(decide(principal('staff'), { action: 'record', organizationId: 'chaowai' })).toEqual({ allowed: true });
    expect(decide(principal('staff'), { action: 'record', organizationId: 'haidian' })).toMatchObject({ allowed: false, status: 403, rule: 'scope' });
    for (const role of ['analyst', 'auditor'] as const) {
      expect(decide(principal(role, null), { action: 'record', organizationId: 'chaowai' })).toMatchObject({ allowed: false, status: 403, rule: 'role' });
    }
  });

  it('lets analysts read figures of their subtree, all of them when scoped to all; auditors read everything', () => {
    expect(decide(principal('analyst'), { action: 'read-figures', organizationId: 'chaowai' })).toEqual({ allowed: true });
    expect(decide(principal('analyst'), { action: 'read-figures', organizationId: 'beijing' })).toMatchObject({ status: 403, rule: 'scope' });
    expect(decide(principal('analyst'), { action: 'read-figures', organizationId: null })).toMatchObject({ status: 403, rule: 'scope' });
    expect(decide(principal('analyst', null), { action: 'read-figures', organizationId: null })).toEqual({ allowed: true });
    expect(decide(principal('auditor', 'chaowai'), { action: 'read-figures', organizationId: 'haidian' })).toEqual({ allowed: true });
    expect(decide(principal('auditor', 'chaowai'), { action: 'read-history', organizationId: null })).toEqual({ allowed: true });
  });

  it('keeps contact details for staff of the owning subtree: not even admins or auditors read them', () => {
    expect(decide(principal('staff'), { action: 'read-contacts', organizationId: 'chaowai' })).toEqual({ allowed: true });
    expect(decide(principal('staff'), { action: 'read-contacts', organizationId: 'haidian' })).toMatchObject({ status: 403, rule: 'scope' });
    for (const role of ['analyst', 'auditor', 'admin'] as const) {
      expect(decide(principal(role, null), { action: 'read-contacts', organizationId: 'chaowai' })).toMatchObject({ status: 403, rule: 'role' });
    }
  });

  it('lets any known principal see what needs only authentication', () => {
    for (const role of ROLES) expect(decide(principal(role, 'chaowai'), { action: 'authenticated' })).toEqual({ allowed: true });
  });

  it('keeps history for auditors and admins, and administration for admins', () => {
    for (const role of ROLES) {
      expect(decide(principal(role, null), { action: 'read-history', organizationId: null }).allowed).toBe(role === 'auditor' || role === 'admin');
      expect(decide(principal(role, null), { action: 'administer' }).allowed).toBe(role === 'admin');
    }
    // The whole history is the whole ledger: an admin of one district does not read it.
    expect(decide(principal('admin', 'chaoyang'), { action: 'read-history', organizationId: null })).toMatchObject({ status: 403, rule: 'scope' });
    expect(decide(principal('admin', 'chaoyang'), { action: 'administer', organizationId: 'haidian' })).toMatchObject({ status: 403, rule: 'scope' });
  });

  it('refuses revoked and expired principals as unauthenticated, whatever their role', () => {
    const anything: Requirement = { action: 'read-figures', organizationId: 'chaowai' };
    expect(decide(principal('admin', null, { revokedAt: '2025-01-01T00:00:00Z' }), anything)).toMatchObject({ status: 401, rule: 'tokenRevoked' });
    expect(decide(principal('admin', null, { expiresAt: NOW.toISOString() }), anything)).toMatchObject({ status: 401, rule: 'tokenExpired' });
    expect(decide(principal('admin', null, { expiresAt: '2025-03-02T00:00:00Z' }), anything)).toEqual({ allowed: true });
  });
});

describe('tokens', () => {
  it('are new each time, stored only as a hash, and matched against it', () => {
    const first = issueToken();
    const second = issueToken();
    expect(first.token).not.toBe(second.token);
    expect(first.token).toMatch(/^ledger_[A-Za-z0-9_-]{43}$/);
    expect(first.hash).toBe(hashToken(first.token));
    expect(first.hash).not.toContain(first.token);
    expect(tokenMatches(first.hash, first.token)).toBe(true);
    expect(tokenMatches(first.hash, second.token)).toBe(false);
    expect(tokenMatches(first.hash, '')).toBe(false);
  });

  it('are read from a Bearer Authorization header only', () => {
    expect(bearerToken('Bearer ledger_abc-_1')).toBe('ledger_abc-_1');
    for (const header of [undefined, '', 'ledger_abc', 'Basic dXNlcjpwdw==', 'Bearer', 'Bearer a b', 'bearer x']) {
      expect(bearerToken(header)).toBeUndefined();
    }
  });
});
