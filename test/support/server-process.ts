/**
 * The real API as a child process (dist/apps/api/src/main.js), for the tests about processes:
 * SIGKILL, restarts, several instances. Loopback only; every wait has a deadline.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { TEST_SERVER_ENV } from './test-tokens';

const ROOT = resolve(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const START_TIMEOUT_MS = 15_000;

export class LedgerServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private output = '';
  starts = 0;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    /** More settings for the process (the store, the read models, ...), beside PORT and LEDGER_DATA_DIR. */
    private readonly env: Record<string, string> = {},
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the process without waiting for it to listen. */
  spawn(): void {
    if (this.running) throw new Error('the server is already running');
    this.starts++;
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...TEST_SERVER_ENV, ...this.env, PORT: String(this.port), LEDGER_DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  async start(): Promise<void> {
    this.spawn();
    await this.waitForHealth();
  }

  async waitForHealth(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (!this.running) throw new Error(`the server exited during start:\n${this.output}`);
      try {
        const res = await fetch(this.url('/health'), { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`no /health 200 within ${START_TIMEOUT_MS} ms:\n${this.output}`);
      await sleep(20);
    }
  }

  /** SIGKILL, now: no shutdown hook runs. Returns once the signal is sent; `waitForExit` to reap. */
  killNow(): void {
    if (this.running) process.kill(this.child!.pid!, 'SIGKILL');
  }

  async kill(): Promise<void> {
    this.killNow();
    await this.waitForExit();
  }

  /** SIGTERM (the application's shutdown hooks close the stores), SIGKILL if it does not exit in time. */
  async stop(): Promise<void> {
    if (!this.running) return;
    process.kill(this.child!.pid!, 'SIGTERM');
    try {
      await this.waitForExit(5_000);
    } catch {
      await this.kill();
    }
  }

  async waitForExit(timeoutMs = 5_000): Promise<void> {
    if (!this.exited) return;
    await withTimeout(this.exited, timeoutMs, 'the server did not exit');
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  log(): string {
    return this.output;
  }
}


export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}


/**
 * Linux hands out local ports from 32768 up for outgoing connections (a PostgreSQL client, a fetch),
 * so a port found free there may be taken again before the server binds it. The ports below that
 * range are only ever bound on purpose: one of them, found free, stays free.
 */
const BELOW_EPHEMERAL = { from: 20_000, to: 32_000 };

export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = BELOW_EPHEMERAL.from + Math.floor(Math.random() * (BELOW_EPHEMERAL.to - BELOW_EPHEMERAL.from));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${BELOW_EPHEMERAL.from} and ${BELOW_EPHEMERAL.to}`);
}

/** Whether the server could listen on the port: probed on every address, as it listens. */
function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

export function buildOnce(): void {
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    const { status, stdout, stderr } = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
    const output = `${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`
      .split('\n')
      .filter((line) => !line.startsWith('npm warn'))
      .join('\n');
    // 2: type errors, but the JavaScript was emitted. The type check is `npm run typecheck`'s job;
    // the suites that spawn servers are about processes, so they run what was emitted and say so.
    if (status === 2 && existsSync(ENTRY)) {
      console.warn(`tsc reported type errors; running the emitted build anyway:\n${output}`);
      return;
    }
    throw new Error(`the build failed (tsc exit ${String(status)}):\n${output}`);
  }
  if (!existsSync(ENTRY)) throw new Error(`the build did not produce ${ENTRY}`);
}
