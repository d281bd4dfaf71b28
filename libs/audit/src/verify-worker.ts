import { parentPort, workerData } from 'node:worker_threads';
import { ChunkResult, ChunkTask, chunkChecker, LedgerFiles } from './verify-chunk';

/** What verifyFiles starts each worker thread with. */
export interface VerifyWorkerData {
  readonly files: LedgerFiles;
  readonly chunkSize: number;
}

/** A worker's answer to the message `id`: the chunk's result, or why it could not be checked. */
export type FromVerifyWorker = { readonly id: number; readonly result: ChunkResult } | { readonly id: number; readonly error: string };

/** Messages to a worker: a chunk to check (`id` names the message: a chunk may be given twice), or `close` once no more will come. */
export type ToVerifyWorker = { readonly id: number; readonly task: ChunkTask } | 'close';

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
    const { id, task } = message;
    let answer: FromVerifyWorker;
    try {
      answer = { id, result: checker.check(task) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
  });
}
