import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configFromEnv, LedgerConfig } from '../apps/api/src/config';
import { configureApp } from '../apps/api/src/http/configure-app';
import { EVENT_STORE } from '../apps/api/src/ledger.providers';
import { EventStore } from '../libs/event-store/src/event-store.port';
import { BenchAppModule } from './http-app.module';
import { tempDir } from './support';

/**
 * The application under load, run as a child process of the bench (forked with an IPC channel):
 * started exactly as main.ts starts it, on a fresh data directory, listening on loopback only. The
 * log is always the embedded SQLite file; the read models are where LEDGER_READ_MODEL says.
 *
 * Messages in:  { type: 'stats' } → { type: 'stats', cpu, events }   (CPU used so far, events in the log)
 *               { type: 'stop' }  → closes the app (store, projections, read models), then exits 0.
 * Message out:  { type: 'ready', port }.
 */
export interface ServerStats {
  readonly type: 'stats';
  readonly cpu: NodeJS.CpuUsage;
  readonly events: number;
}

async function serve(): Promise<void> {
  // BENCH_DATA_DIR: a directory the bench owns (a copy of a kept city), left where it is at the end.
  const given = process.env.BENCH_DATA_DIR;
  const dir = given ? { path: given, remove: () => undefined } : tempDir('http');
  const config: LedgerConfig = {
    // The API's own settings, read as main.ts reads them, for whatever the bench does not pin below:
    // above all the read models, where LEDGER_READ_MODEL and DATABASE_URL say, the admin token
    // (LEDGER_BOOTSTRAP_TOKEN), the write rate limit and the vault key (all set by http.bench.ts),
    // and any setting the API gains later, at its default.
    ...configFromEnv(),
    port: 0,
    dataDir: dir.path,
    timeZone: 'Asia/Shanghai',
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    pollMs: 500,
    commandRetries: 5,
    store: { kind: 'sqlite' },
  };
  const app = await NestFactory.create(BenchAppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const store = app.get<EventStore>(EVENT_STORE);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    dir.remove();
    if (process.connected) process.disconnect();
  };
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'stats') {
      const stats: ServerStats = { type: 'stats', cpu: process.cpuUsage(), events: await store.countEventsAfter() };
      process.send!(stats);
    } else if (message.type === 'stop') {
      await stop();
    }
  });
  // The bench died without saying stop: do not outlive it.
  process.on('disconnect', () => void stop());
  process.send!({ type: 'ready', port: address.port });
}

serve().catch((error) => {
  console.error('bench http server failed to start', error);
  process.exit(1);
});
