import { configFromEnv } from './config';

describe('configuration from the environment', () => {
  it('allows no cross-origin access and bounds request time by default', () => {
    expect(configFromEnv({})).toMatchObject({ corsOrigins: [], requestTimeoutMs: 30_000, leaseCheckMs: 1000 });
  });

  it('reads the allowed origins as a comma-separated list, and refuses what is not an origin', () => {
    expect(configFromEnv({ LEDGER_CORS_ORIGINS: 'https://ledger.example.org, http://localhost:5173' }).corsOrigins).toEqual([
      'https://ledger.example.org',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'ledger.example.org', 'https://ledger.example.org/app']) {
      expect(() => configFromEnv({ LEDGER_CORS_ORIGINS: bad })).toThrow(/LEDGER_CORS_ORIGINS/);
    }
  });

  it('refuses a request timeout that is not a non-negative integer', () => {
    expect(() => configFromEnv({ LEDGER_REQUEST_TIMEOUT_MS: '-5' })).toThrow(/LEDGER_REQUEST_TIMEOUT_MS/);
    expect(configFromEnv({ LEDGER_REQUEST_TIMEOUT_MS: '0' }).requestTimeoutMs).toBe(0);
  });
});
