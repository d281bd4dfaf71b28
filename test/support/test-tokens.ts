/**
 * The admin secret every test ledger accepts (LEDGER_BOOTSTRAP_TOKEN): scoped to every organisation.
 * Test-only: never a value for a real ledger.
 */
export const TEST_ADMIN_TOKEN = 'ledger_test-admin-0000000000000000000000000000000000';

/** The contact vault's master key for test ledgers on PostgreSQL (embedded ones make a key file). */
export const TEST_VAULT_KEY = Buffer.alloc(32, 7).toString('base64');

/** An Authorization header value. */
export const bearer = (token: string) => `Bearer ${token}`;

/** What a test's child API process needs beside its store settings: the admin secret, and no write rate limit. */
export const TEST_SERVER_ENV: Readonly<Record<string, string>> = {
  LEDGER_BOOTSTRAP_TOKEN: TEST_ADMIN_TOKEN,
  LEDGER_WRITE_RATE_PER_SECOND: '0',
};
