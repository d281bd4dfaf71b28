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

  it('takes a bootstrap token only when it is long enough not to be guessed', () => {
    const token = 'ledger_' + 'a'.repeat(43);
    expect(configFromEnv({ LEDGER_BOOTSTRAP_TOKEN: token }).bootstrapToken).toBe(token);
    expect(configFromEnv({}).bootstrapToken).toBeUndefined();
    for (const bad of ['secret', 'a'.repeat(31), 'a'.repeat(40) + ' b']) {
      expect(() => configFromEnv({ LEDGER_BOOTSTRAP_TOKEN: bad })).toThrow(/LEDGER_BOOTSTRAP_TOKEN/);
    }
  });

  it('limits writes per principal by default, and reads the limit', () => {
    expect(configFromEnv({}).writeRateLimit).toEqual({ perSecond: 50, burst: 500 });
    expect(configFromEnv({ LEDGER_WRITE_RATE_PER_SECOND: '0', LEDGER_WRITE_RATE_BURST: '1' }).writeRateLimit).toEqual({ perSecond: 0, burst: 1 });
  });

  it('needs the vault key shared by every instance when read models are on PostgreSQL', () => {
    const postgres = { LEDGER_READ_MODEL: 'postgres', DATABASE_URL: 'postgres://ledger@localhost/ledger' };
    expect(() => configFromEnv(postgres)).toThrow(/LEDGER_VAULT_KEY/);
    expect(configFromEnv({ ...postgres, LEDGER_VAULT_KEY: 'a2V5' }).vaultKey).toBe('a2V5');
  });
});
