import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { LedgerConfig } from '../../apps/api/src/config';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { Clock } from '../../apps/api/src/ledger.providers';
import { startEsdbTestServer } from './esdb-test-server';
import { bearer, TEST_ADMIN_TOKEN, TEST_VAULT_KEY } from './test-tokens';

export { bearer, TEST_ADMIN_TOKEN, TEST_VAULT_KEY } from './test-tokens';

/** The date the tests' clock shows by default: the seed year is over, 2025 has begun. */
export const TEST_NOW = new Date('2025-03-01T04:00:00Z');

export type Role = 'staff' | 'analyst' | 'auditor' | 'admin';

export interface TestLedger {
  readonly app: INestApplication;
  /** Requests as the test admin (scoped to every organisation): set another Authorization to act as someone else. */
  readonly http: ReturnType<typeof request.agent>;
  /** Requests with no Authorization at all. */
  readonly anonymous: ReturnType<typeof request>;
  readonly dataDir: string;
  /** The log's head position as the status endpoint reports it (null while empty). */
  headPosition(): Promise<string | null>;
  /** Issues a token through the admin API; `organizationId` null scopes it to every organisation. */
  issueToken(role: Role, organizationId: string | null, extra?: { expiresAt?: string; label?: string }): Promise<{ id: string; token: string }>;
  /** Waits until every projection has processed the whole log. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the real application (same configureApp as main.ts) on a fresh data directory. */
export async function startTestLedger(
  options: { clock?: Clock; config?: Partial<LedgerConfig>; notice?: (text: string) => void } = {},
): Promise<TestLedger> {
  const dataDir = options.config?.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const config: LedgerConfig = {
    port: 0,
    dataDir,
    timeZone: 'Asia/Shanghai',
    logLevel: 'silent',
    pollMs: 50,
    leaseCheckMs: 50,
    corsOrigins: [],
    requestTimeoutMs: 30_000,
    commandRetries: 5,
    bootstrapToken: TEST_ADMIN_TOKEN,
    // Off unless a test is about it: suites record hundreds of facts as one principal in a second.
    writeRateLimit: { perSecond: 0, burst: 0 },
    store: { kind: 'sqlite' },
    readModel: { kind: 'sqlite' },
    webDir: resolve('dist/web'),
    ...(options.config?.readModel?.kind === 'postgres' && { vaultKey: TEST_VAULT_KEY }),
    ...options.config,
  };
  const app = await NestFactory.create(AppModule.forRoot(config, options.clock ?? (() => TEST_NOW), options.notice ?? (() => undefined)), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.init();
  const anonymous = request(app.getHttpServer());
  const http = request.agent(app.getHttpServer()).set('Authorization', bearer(TEST_ADMIN_TOKEN));

  const status = async () => (await http.get('/projections/status').expect(200)).body as {
    headPosition: string | null;
    projections: Array<{ lag: number }>;
  };
  return {
    app,
    http,
    anonymous,
    dataDir,
    issueToken: async (role, organizationId, extra = {}) =>
      (await http.post('/admin/tokens').send({ role, organizationId, ...extra }).expect(201)).body as { id: string; token: string },
    headPosition: async () => (await status()).headPosition,
    caughtUp: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while ((await status()).projections.some((p) => p.lag > 0)) {
        if (Date.now() > deadline) throw new Error('projections did not catch up in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await app.close();
      if (!options.config?.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The log stores the audit and report tests run on: the embedded one, and EventStoreDB through its gRPC test server. */
export const LOG_STORES = ['sqlite', 'eventstoredb'] as const;
export type LogStore = (typeof LOG_STORES)[number];

/** startTestLedger with its log on `store`; closing it also stops the EventStoreDB test server it started. */
export async function startTestLedgerOn(store: LogStore, options: { clock?: Clock } = {}): Promise<TestLedger> {
  if (store === 'sqlite') return startTestLedger(options);
  const esdb = await startEsdbTestServer();
  try {
    const ledger = await startTestLedger({ ...options, config: { store: { kind: 'eventstoredb', connectionString: esdb.connectionString } } });
    const close = async () => {
      await ledger.close();
      await esdb.stop();
    };
    return { ...ledger, close };
  } catch (error) {
    await esdb.stop();
    throw error;
  }
}
