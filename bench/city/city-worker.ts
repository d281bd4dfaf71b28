import { parentPort, workerData } from 'node:worker_threads';
import { CityAppend, CityExpected, CityOptions, CityShape, CityYear } from './city-generator';

/**
 * The generator in a worker thread, so that generating and hashing the next events overlaps with
 * the store's inserts and fsyncs on the main thread, and the load measures the port, not the
 * generator. It makes a batch each time the main thread asks for one ('more'), so at most the few
 * batches asked for sit in memory.
 */

export type FromCityWorker =
  | { readonly kind: 'shape'; readonly shape: CityShape }
  | { readonly kind: 'batch'; readonly appends: CityAppend[] }
  | { readonly kind: 'end'; readonly expected: CityExpected };

/** Events per batch: about a group commit's worth several times over, and a cheap message. */
export const BATCH_EVENTS = 4_000;

if (parentPort) {
  const port = parentPort;
  const city = new CityYear(workerData as CityOptions);
  const appends = city[Symbol.iterator]();
  port.postMessage({ kind: 'shape', shape: city.shape } satisfies FromCityWorker);
  let ended = false;
  port.on('message', (message: unknown) => {
    if (message !== 'more' || ended) return;
    const batch: CityAppend[] = [];
    for (let events = 0; events < BATCH_EVENTS; ) {
      const next = appends.next();
      if (next.done) {
        if (batch.length > 0) port.postMessage({ kind: 'batch', appends: batch } satisfies FromCityWorker);
        port.postMessage({ kind: 'end', expected: city.expected() } satisfies FromCityWorker);
        ended = true;
        return;
      }
      batch.push(next.value);
      events += next.value.events.length;
    }
    port.postMessage({ kind: 'batch', appends: batch } satisfies FromCityWorker);
  });
}
