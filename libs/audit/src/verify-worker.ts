import { parentPort, workerData } from 'node:worker_threads';
import { ChunkResult, ChunkTask, chunkChecker, LedgerFiles } from './verify-chunk';

/** What verifyFiles starts each worker thread with. */
export interface VerifyWorkerData {
  readonly files: LedgerFiles;
  readonly chunkSize: number;
}

/** A worker's answer to one task: the chunk's result, or why it could not be checked. */
export type FromVerifyWorker = { readonly index: number; readonly result: ChunkResult } | { readonly index: number; readonly error: string };

/** Messages to a worker: a chunk to check, or `close` once no more will come. */
export type ToVerifyWorker = ChunkTask | 'close';

// A worker thread of verifyFiles: checks the chunks it is sent, in the order they come, on its own
// connections to the files, and closes them when told.
if (parentPort) {
  const port = parentPort;
  const { files, chunkSize } = workerData as VerifyWorkerData;
  const checker = chunkChecker(files, chunkSize);
  port.on('message', (message: ToVerifyWorker) => {
    if (message === 'close') {
      checker.close();
      port.close();
      return;
    }
    let answer: FromVerifyWorker;
    try {
      answer = { index: message.index, result: checker.check(message) };
    } catch (error) {
      answer = { index: message.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
  });
}
