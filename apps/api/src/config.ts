import { resolve } from 'node:path';

/** Every setting comes from the environment, with a default that runs the ledger on one machine. */
export interface LedgerConfig {
  /** HTTP port (PORT, default 3000). */
  readonly port: number;
  /** Where the embedded store keeps its files (LEDGER_DATA_DIR, default ./data). */
  readonly dataDir: string;
  /** The unions' time zone: a recorded date may not be after today there (LEDGER_TIME_ZONE). */
  readonly timeZone: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent (LOG_LEVEL, default info). */
  readonly logLevel: string;
  /** How often a subscription looks for appends made by another process (LEDGER_POLL_MS). */
  readonly pollMs: number;
  /**
   * How often each process takes or confirms a projection's lease and re-reads which generation
   * serves (LEDGER_LEASE_CHECK_MS, default 1000): a projection whose process died is taken over
   * within about this long.
   */
  readonly leaseCheckMs: number;
  /**
   * Browser origins allowed to call the API from another origin (LEDGER_CORS_ORIGINS, comma-separated,
   * e.g. `https://ledger.example.org`). Empty by default: no cross-origin access at all.
   */
  readonly corsOrigins: readonly string[];
  /** How long a client may take to send a whole request, headers and body (LEDGER_REQUEST_TIMEOUT_MS, default 30000). */
  readonly requestTimeoutMs: number;
  /** Attempts at an append that meets a concurrent writer before answering 409 (LEDGER_COMMAND_RETRIES). */
  readonly commandRetries: number;
  /**
   * A secret accepted as an admin token scoped to every organisation (LEDGER_BOOTSTRAP_TOKEN), for
   * local development and first set-up. Without it, the first start prints a bootstrap admin token once.
   */
  readonly bootstrapToken?: string;
  /** Writes each principal may make, per API process (LEDGER_WRITE_RATE_PER_SECOND, default 50, 0 = no limit; LEDGER_WRITE_RATE_BURST, default 500). */
  readonly writeRateLimit: { readonly perSecond: number; readonly burst: number };
  /**
   * The master key wrapping each person's contact-details key (LEDGER_VAULT_KEY, base64 of 32 bytes).
   * Required with PostgreSQL read models (every instance must share it); the embedded profile makes
   * one in the data directory (vault.key) when absent.
   */
  readonly vaultKey?: string;
  /** Where the log lives: the embedded SQLite file, or EventStoreDB (LEDGER_STORE=sqlite|eventstoredb). */
  readonly store: { kind: 'sqlite' } | { kind: 'eventstoredb'; connectionString: string };
  /** Where read models live: SQLite files, or PostgreSQL (LEDGER_READ_MODEL=sqlite|postgres). */
  readonly readModel: { kind: 'sqlite' } | { kind: 'postgres'; databaseUrl: string };
  /** The built web app, served at /app (LEDGER_WEB_DIR, default ./dist/web, where `npm run build` puts it). */
  readonly webDir: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return {
    port: integer(env, 'PORT', 3000),
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    timeZone: timeZone(env.LEDGER_TIME_ZONE ?? 'Asia/Shanghai'),
    logLevel: env.LOG_LEVEL ?? 'info',
    pollMs: integer(env, 'LEDGER_POLL_MS', 500),
    leaseCheckMs: integer(env, 'LEDGER_LEASE_CHECK_MS', 1000),
    commandRetries: integer(env, 'LEDGER_COMMAND_RETRIES', 5),
    corsOrigins: corsOrigins(env.LEDGER_CORS_ORIGINS),
    requestTimeoutMs: integer(env, 'LEDGER_REQUEST_TIMEOUT_MS', 30_000),
    store: storeFromEnv(env),
    readModel: readModelFromEnv(env),
    ...(env.LEDGER_BOOTSTRAP_TOKEN && { bootstrapToken: bootstrapToken(env.LEDGER_BOOTSTRAP_TOKEN) }),
    writeRateLimit: { perSecond: integer(env, 'LEDGER_WRITE_RATE_PER_SECOND', 50), burst: integer(env, 'LEDGER_WRITE_RATE_BURST', 500) },
    ...(env.LEDGER_VAULT_KEY && { vaultKey: env.LEDGER_VAULT_KEY }),
    webDir: resolve(env.LEDGER_WEB_DIR ?? './dist/web'),
  };
}

/** A bootstrap secret short enough to guess would make the whole ledger guessable. */
function bootstrapToken(token: string): string {
  if (!/^[A-Za-z0-9_\-.~+/]{32,}=*$/.test(token)) {
    throw new Error('LEDGER_BOOTSTRAP_TOKEN must be at least 32 characters of letters, digits and -._~+/ (e.g. the output of `openssl rand -base64 32`)');
  }
  return token;
}

function storeFromEnv(env: NodeJS.ProcessEnv): LedgerConfig['store'] {
  const kind = env.LEDGER_STORE ?? 'sqlite';
  if (kind === 'sqlite') return { kind };
  if (kind !== 'eventstoredb') throw new Error(`LEDGER_STORE must be sqlite or eventstoredb, got ${kind}`);
  const connectionString = env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) throw new Error('LEDGER_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  return { kind, connectionString };
}

function readModelFromEnv(env: NodeJS.ProcessEnv): LedgerConfig['readModel'] {
  const kind = env.LEDGER_READ_MODEL ?? 'sqlite';
  if (kind === 'sqlite') return { kind };
  if (kind !== 'postgres') throw new Error(`LEDGER_READ_MODEL must be sqlite or postgres, got ${kind}`);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('LEDGER_READ_MODEL=postgres needs DATABASE_URL (e.g. postgres://ledger:ledger@localhost:5432/ledger)');
  if (!env.LEDGER_VAULT_KEY) {
    throw new Error('LEDGER_READ_MODEL=postgres needs LEDGER_VAULT_KEY, the same on every instance (e.g. the output of `openssl rand -base64 32`)');
  }
  return { kind, databaseUrl };
}

function corsOrigins(text: string | undefined): string[] {
  const origins = (text ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`LEDGER_CORS_ORIGINS holds ${origin}: each must be an origin such as https://ledger.example.org`);
  }
  return origins;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${text}`);
  return value;
}

function timeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new Error(`LEDGER_TIME_ZONE is not a known time zone: ${name}`);
  }
  return name;
}
