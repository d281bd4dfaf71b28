import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainDigest, nextChainHash } from './hash-chain';
import { VerificationReport, VerificationTally } from './verification-report';
import { ChunkResult, ChunkTask, chunkChecker, LedgerFiles } from './verify-chunk';
import type { FromVerifyWorker, ToVerifyWorker, VerifyWorkerData } from './verify-worker';

/** Places per chunk: big enough that a chunk's queries and messages cost little beside its hashing. */
export const CHUNK_SIZE = 500;

/** Checks chunks, somewhere: on worker threads, or on this thread. */
export interface ChunkRunner {
  /** How many chunks may be given to it before the first is answered: what bounds the memory. */
  readonly capacity: number;
  check(task: ChunkTask): Promise<ChunkResult>;
  close(): Promise<void>;
}

export interface VerifyFilesOptions {
  readonly digest?: ChainDigest;
  readonly onProgress?: (eventsChecked: number) => void;
  /** Aborting it stops the verification at the next chunk, which then throws the signal's reason. */
  readonly signal?: AbortSignal;
  readonly chunkSize?: number;
  /** Where the chunks are checked: by default on worker threads (see defaultRunner). */
  readonly runner?: (files: LedgerFiles, chunkSize: number) => ChunkRunner;
}

/**
 * What verifyLog finds, found on an embedded ledger's files, faster: the log is cut into chunks of
 * places, which worker threads check side by side (each event's canonical JSON and hashes, and the
 * chain hash its seal keeps against the seal before it), while this thread takes their answers in
 * log order, folding in the chain over events not sealed yet. The first finding in log order is
 * the one verifyLog stops at. At most `capacity` chunks are out at once, so memory does not grow
 * with the log. The files are only read.
 *
 * Where a chunk ends is only known once it is read, so the next chunks are given out before, on
 * the guess that positions and seqs run without gaps (the log and the sealer only ever append). A
 * chunk counts only if it started where the one before it ended: when a guess was wrong (rows were
 * deleted, or the end of the log came) the chunks given out after it are dropped and given again.
 */
export async function verifyFiles(files: LedgerFiles, options: VerifyFilesOptions = {}): Promise<VerificationReport> {
  const { digest, signal } = options;
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  signal?.throwIfAborted();
  for (const file of [files.log, files.chain]) if (!existsSync(file)) throw new Error(`cannot verify: ${file} does not exist`);
  const holders = [files.log, files.chain].map(holdOpen);
  const runner = (options.runner ?? defaultRunner)(files, chunkSize);
  try {
    const tally = new VerificationTally(digest);
    let next: Omit<ChunkTask, 'digestPlace'> = { index: 0, eventsAfter: 0n, sealsAfter: 0n };
    // In chunk order. Each promise is handled at once, so that one failing while those before it
    // are awaited (or after it was dropped) is not an unhandled rejection; it throws in its turn.
    let pending: Array<{ task: ChunkTask; checked: Promise<ChunkResult> }> = [];
    for (;;) {
      while (pending.length < runner.capacity) {
        signal?.throwIfAborted();
        const task = { ...next, ...digestPlace(digest, next.index, chunkSize) };
        const checked = runner.check(task);
        checked.catch(() => undefined);
        pending.push({ task, checked });
        next = { index: next.index + 1, eventsAfter: guessEnd(next.eventsAfter, chunkSize), sealsAfter: guessEnd(next.sealsAfter, chunkSize) };
      }
      const result = await pending.shift()!.checked;
      signal?.throwIfAborted();
      if (result.lastSealed) tally.passedSealed(result.sealedPassed, result.lastSealed, result.atDigest);
      for (const { link, position } of result.unsealed) tally.passed(position, nextChainHash(tally.chain, link), false);
      if (result.finding || (result.eventsEnd === null && result.sealsEnd === null)) return tally.report(result.finding);
      options.onProgress?.(tally.eventsChecked);
      const following = pending[0]?.task;
      if (following?.eventsAfter !== result.eventsEnd || following.sealsAfter !== result.sealsEnd) {
        pending = [];
        next = { index: result.index + 1, eventsAfter: result.eventsEnd, sealsAfter: result.sealsEnd };
      }
    }
  } finally {
    await runner.close();
    for (const db of holders) db.close();
  }
}

/**
 * A connection that may write, to close after the chunks' read-only ones: SQLite removes the -wal
 * and -shm files beside a database in WAL mode when its last connection closes, but only if that
 * one may write and has read (a read-only one leaves them behind). Nothing is written through it.
 */
function holdOpen(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('schema_version');
  return db;
}

/** Where a side of a chunk ends if its rows run without gaps. */
function guessEnd(after: bigint | null, chunkSize: number): bigint | null {
  return after === null ? null : after + BigInt(chunkSize);
}

/** Which place of chunk `index` is the saved digest's last event, if one is. */
function digestPlace(digest: ChainDigest | undefined, index: number, chunkSize: number): { digestPlace?: number } {
  const place = digest && digest.eventCount - 1 - index * chunkSize;
  return place !== undefined && place >= 0 && place < chunkSize ? { digestPlace: place } : {};
}

/** The compiled worker script; run from TypeScript sources (as under jest) there is none. */
const WORKER_SCRIPT = join(__dirname, 'verify-worker.js');

/**
 * A smaller young generation than V8's default for a worker (32 MB of it in use): a chunk's rows
 * die young either way. With the default, each thread also let its old generation grow for longer
 * before collecting it: 1M events peaked some 30 MB higher for both threads, and 5M events (the
 * same threads verifying 1M five times) higher still, against 5-7% less CPU. No cap on the old
 * generation: an event of a megabyte must not run a thread out of memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * A worker thread per core that the machine offers this process, when the compiled worker script
 * is there; otherwise the same checks on this thread.
 */
export function defaultRunner(files: LedgerFiles, chunkSize: number): ChunkRunner {
  return existsSync(WORKER_SCRIPT) ? workerRunner(files, chunkSize) : inThreadRunner(files, chunkSize);
}

/** The chunks checked on this thread, one at a time. */
export function inThreadRunner(files: LedgerFiles, chunkSize: number): ChunkRunner {
  const checker = chunkChecker(files, chunkSize);
  return {
    capacity: 1,
    check: async (task) => checker.check(task),
    close: async () => checker.close(),
  };
}

/**
 * The chunks checked on `threads` worker threads, each chunk given to the one with the fewest out,
 * two out per thread at most: one being checked, one waiting, so that no thread idles between them.
 */
export function workerRunner(
  files: LedgerFiles,
  chunkSize: number,
  threads = availableParallelism(),
  start: (data: VerifyWorkerData) => Worker = (data) => new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits: WORKER_LIMITS }),
): ChunkRunner {
  const answers = new Map<number, { resolve: (result: ChunkResult) => void; reject: (error: Error) => void }>();
  // A thread that failed (its script did not load, say) answers nothing more: every chunk out, and any given later, fails with its error.
  let failure: Error | undefined;
  let sent = 0;
  const workers = Array.from({ length: threads }, () => {
    const worker = start({ files, chunkSize });
    const entry = { worker, out: 0, exited: new Promise((resolve) => worker.once('exit', resolve)) };
    worker.on('message', (message: FromVerifyWorker) => {
      entry.out--;
      const answer = answers.get(message.id);
      answers.delete(message.id);
      if ('error' in message) answer?.reject(new Error(`a chunk could not be checked: ${message.error}`));
      else answer?.resolve(message.result);
    });
    worker.on('error', (error) => {
      failure ??= error;
      for (const { reject } of answers.values()) reject(error);
      answers.clear();
    });
    return entry;
  });
  return {
    capacity: threads * 2,
    check(task) {
      if (failure) return Promise.reject(failure);
      const least = workers.reduce((a, b) => (b.out < a.out ? b : a));
      least.out++;
      const id = sent++;
      return new Promise((resolve, reject) => {
        answers.set(id, { resolve, reject });
        least.worker.postMessage({ id, task } satisfies ToVerifyWorker);
      });
    },
    async close() {
      // Chunks still out when a finding stops the verification are checked for nothing, then each thread closes its files.
      await Promise.all(
        workers.map(({ worker, exited }) => {
          worker.postMessage('close' satisfies ToVerifyWorker);
          return exited;
        }),
      );
    },
  };
}
