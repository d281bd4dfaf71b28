import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainDigest, nextChainHash } from './hash-chain';
import { VerificationReport, VerificationTally } from './verification-report';
import { ChunkResult, ChunkTask, chunkChecker, LedgerFiles, openForScan } from './verify-chunk';
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
 * chain hash its seal keeps against the seal before it), while this thread cuts the next chunks and
 * takes the answers in log order, folding in the chain over events not sealed yet. The first
 * finding in log order is the one verifyLog stops at. At most `capacity` chunks are out at once,
 * so memory does not grow with the log. The files are only read.
 */
export async function verifyFiles(files: LedgerFiles, options: VerifyFilesOptions = {}): Promise<VerificationReport> {
  const { digest, signal } = options;
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  signal?.throwIfAborted();
  const cutter = chunkCutter(files, chunkSize);
  const runner = (options.runner ?? defaultRunner)(files, chunkSize);
  try {
    const tally = new VerificationTally(digest);
    // In chunk order: each promise is handled at once, so that one failing while those before it
    // are awaited is not an unhandled rejection; it is thrown when its turn comes.
    const pending: Array<Promise<ChunkResult>> = [];
    for (;;) {
      while (pending.length < runner.capacity && !cutter.done) {
        signal?.throwIfAborted();
        const checked = runner.check(cutter.next(digest));
        checked.catch(() => undefined);
        pending.push(checked);
      }
      const next = pending.shift();
      if (!next) return tally.report();
      const result = await next;
      signal?.throwIfAborted();
      if (result.lastSealed) tally.passedSealed(result.sealedPassed, result.lastSealed, result.atDigest);
      for (const { link, position } of result.unsealed) tally.passed(position, nextChainHash(tally.chain, link), false);
      if (result.finding) return tally.report(result.finding);
      options.onProgress?.(tally.eventsChecked);
    }
  } finally {
    await runner.close();
    cutter.close();
  }
}

/**
 * Where each chunk starts, on both sides: the position of every `chunkSize`-th event and the seq of
 * every `chunkSize`-th seal, found by stepping over the rows without reading them.
 */
function chunkCutter(files: LedgerFiles, chunkSize: number) {
  const log = openForScan(files.log);
  const chain = openForScan(files.chain);
  const lastEvent = log.prepare(`SELECT position FROM events WHERE position > ? ORDER BY position LIMIT 1 OFFSET ${chunkSize - 1}`).pluck().safeIntegers(true);
  const lastSeal = chain.prepare(`SELECT seq FROM chain WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ${chunkSize - 1}`).pluck().safeIntegers(true);
  let index = 0;
  let eventsAfter: bigint | null = 0n;
  let sealsAfter: bigint | null = 0n;
  let done = false;
  return {
    /** No chunk is left: the last one given ends both the log and the chain. */
    get done() {
      return done;
    },
    next(digest: ChainDigest | undefined): ChunkTask {
      const digestPlace = digest && digest.eventCount - 1 - index * chunkSize;
      const task: ChunkTask = { index, eventsAfter, sealsAfter, ...(digestPlace !== undefined && digestPlace >= 0 && digestPlace < chunkSize && { digestPlace }) };
      eventsAfter = eventsAfter === null ? null : ((lastEvent.get(eventsAfter) as bigint | undefined) ?? null);
      sealsAfter = sealsAfter === null ? null : ((lastSeal.get(sealsAfter) as bigint | undefined) ?? null);
      // A side with fewer than a chunk's rows left ends in this chunk; when both do, it is the last.
      done = eventsAfter === null && sealsAfter === null;
      index++;
      return task;
    },
    close(): void {
      log.close();
      chain.close();
    },
  };
}

/** The compiled worker script; run from TypeScript sources (as under jest) there is none. */
const WORKER_SCRIPT = join(__dirname, 'verify-worker.js');

/**
 * A smaller young generation than V8's default for a worker (32 MB of it in use): a chunk's rows
 * die young either way, and with the default the old generation also grows for longer before it is
 * collected, which took each thread to twice the memory. No cap on the old generation: an event
 * of a megabyte must not run a thread out of memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

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
  const workers = Array.from({ length: threads }, () => {
    const worker = start({ files, chunkSize });
    const entry = { worker, out: 0, exited: new Promise((resolve) => worker.once('exit', resolve)) };
    worker.on('message', (message: FromVerifyWorker) => {
      entry.out--;
      const answer = answers.get(message.index);
      answers.delete(message.index);
      if ('error' in message) answer?.reject(new Error(`chunk ${message.index} could not be checked: ${message.error}`));
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
      return new Promise((resolve, reject) => {
        answers.set(task.index, { resolve, reject });
        least.worker.postMessage(task satisfies ToVerifyWorker);
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
