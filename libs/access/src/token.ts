import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token starts with: lets secret scanners and people recognise one. */
const PREFIX = 'ledger_';

/**
 * A new opaque bearer token and the hash to store: the token itself is shown once and never kept.
 * 32 random bytes, base64url: guessing one is not a concern; storing only the SHA-256 means a leaked
 * registry gives nobody a usable token.
 */
export function issueToken(): { token: string; hash: string } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a stored hash in constant time (no early exit on the first differing byte). */
export function tokenMatches(storedHash: string, presented: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashToken(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none or it is malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(header ?? '');
  return match?.[1];
}
