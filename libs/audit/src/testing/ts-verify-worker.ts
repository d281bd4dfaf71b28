import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyWorkerData } from '../verify-worker';

/**
 * Starts verify-worker.ts itself on a worker thread, for tests run from the TypeScript sources: a
 * worker thread does not go through jest's transform, so this one compiles each .ts file it
 * requires with the TypeScript compiler (types dropped, nothing checked) before running it.
 */
export function startTsVerifyWorker(data: VerifyWorkerData): Worker {
  const bootstrap = `
    const { readFileSync } = require('node:fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (module, file) => {
      const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
      module._compile(ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText, file);
    };
    require(${JSON.stringify(join(__dirname, '..', 'verify-worker.ts'))});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
