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
  /** Attempts at an append that meets a concurrent writer before answering 409 (LEDGER_COMMAND_RETRIES). */
  readonly commandRetries: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return {
    port: integer(env, 'PORT', 3000),
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    timeZone: timeZone(env.LEDGER_TIME_ZONE ?? 'Asia/Shanghai'),
    logLevel: env.LOG_LEVEL ?? 'info',
    pollMs: integer(env, 'LEDGER_POLL_MS', 500),
    commandRetries: integer(env, 'LEDGER_COMMAND_RETRIES', 5),
  };
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
