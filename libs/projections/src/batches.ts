const TURN_ENDED = Symbol('turn ended');

/**
 * Groups what an async source has ready into arrays of at most `max`: items that arrive within one
 * turn of the event loop share a batch (a catch-up page fills whole batches), and a live item that
 * arrives alone is delivered alone, without waiting for company.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = iterator.next();
      const turn = new Promise<typeof TURN_ENDED>((resolve) => setImmediate(resolve, TURN_ENDED));
      while (batch.length < max) {
        const next = await Promise.race([pending, turn]);
        if (next === TURN_ENDED) break;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
    }
  } finally {
    await iterator.return?.();
  }
}
