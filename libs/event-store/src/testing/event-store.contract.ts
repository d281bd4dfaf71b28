import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  EventStore,
  NewEvent,
  StoredEvent,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { comparePositions, decodePosition, encodePosition } from '../position';

/**
 * The one contract every EventStore adapter passes, unchanged. It never assumes an empty log (a
 * real EventStoreDB may hold other events): streams get fresh names and global reads start from
 * the head observed at the start of a test.
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<{ store: EventStore; dispose: () => Promise<void> }>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => dispose());

    const stream = () => `contract_test-${randomUUID()}`;
    const event = (type = 'ThingHappened', data: Record<string, unknown> = { n: 1 }): NewEvent => ({
      id: randomUUID(),
      type,
      data,
      metadata: {
        actor: 'contract-suite',
        correlationId: randomUUID(),
        causationId: randomUUID(),
        recordedAt: new Date().toISOString(),
        schemaVersion: 1,
      },
    });
    const collect = async (events: AsyncIterable<StoredEvent>) => {
      const out: StoredEvent[] = [];
      for await (const e of events) out.push(e);
      return out;
    };

    describe('expected revision', () => {
      it('creates a stream with no_stream, its first event at revision 0', async () => {
        const name = stream();
        const result = await store.appendToStream(name, [event()], { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(0n);
      });

      it('rejects no_stream when the stream exists, naming the actual revision', async () => {
        const name = stream();
        await store.appendToStream(name, [event(), event()], { expectedRevision: 'no_stream' });
        const error = await store
          .appendToStream(name, [event()], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(1n);
      });

      it('appends at the exact revision and rejects a stale one', async () => {
        const name = stream();
        await store.appendToStream(name, [event()], { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(name, [event()], { expectedRevision: 0n });
        expect(second.nextExpectedRevision).toBe(1n);
        await expect(store.appendToStream(name, [event()], { expectedRevision: 0n })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('rejects an exact revision on a stream that does not exist', async () => {
        const error = await store
          .appendToStream(stream(), [event()], { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe('no_stream');
      });

      it('appends with any whatever the stream holds', async () => {
        const name = stream();
        await store.appendToStream(name, [event()], { expectedRevision: 'any' });
        const result = await store.appendToStream(name, [event(), event()], { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('lets exactly one of several concurrent writers at one revision win: no lost update', async () => {
        const name = stream();
        await store.appendToStream(name, [event()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.appendToStream(name, [event()], { expectedRevision: 0n })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o) => o.status === 'rejected')) {
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await collect(store.readStream(name))).toHaveLength(2);
      });

      it('fails only the conflicting append among concurrent appends to different streams', async () => {
        const names = [stream(), stream(), stream()];
        await store.appendToStream(names[1], [event()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.appendToStream(names[0], [event()], { expectedRevision: 'no_stream' }),
          store.appendToStream(names[1], [event()], { expectedRevision: 'no_stream' }),
          store.appendToStream(names[2], [event()], { expectedRevision: 'no_stream' }),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      });

      it('writes nothing of a rejected multi-event append', async () => {
        const name = stream();
        const head = await store.headPosition();
        await expect(
          store.appendToStream(name, [event(), event(), event()], { expectedRevision: 5n }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(name))).toEqual([]);
        expect(await collect(store.readAll({ after: head }))).toEqual([]);
      });
    });

    describe('reading a stream', () => {
      it('returns events in revision order with type, data and metadata intact', async () => {
        const name = stream();
        const written = [event('OneHappened', { text: '朝外街道 lunch hour', list: [1, 2] }), event('TwoHappened')];
        await store.appendToStream(name, written, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(name));
        expect(read.map((e) => [e.id, e.type, e.data, e.metadata, e.streamName, e.revision])).toEqual(
          written.map((e, i) => [e.id, e.type, e.data, e.metadata, name, BigInt(i)]),
        );
      });

      it('reads from a revision, up to a count', async () => {
        const name = stream();
        await store.appendToStream(name, [event(), event(), event(), event()], { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(name, { fromRevision: 1n, maxCount: 2 }));
        expect(read.map((e) => e.revision)).toEqual([1n, 2n]);
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await collect(store.readStream(stream()))).toEqual([]);
      });
    });

    describe('the global log', () => {
      it('reads forwards, strictly after a position, across streams, in append order', async () => {
        const head = await store.headPosition();
        const [a, b] = [stream(), stream()];
        await store.appendToStream(a, [event()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [event()], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [event()], { expectedRevision: 0n });
        const read = await collect(store.readAll({ after: head }));
        expect(read.map((e) => [e.streamName, e.revision])).toEqual([
          [a, 0n],
          [b, 0n],
          [a, 1n],
        ]);
        for (let i = 1; i < read.length; i++) {
          expect(comparePositions(read[i - 1].position, read[i].position)).toBeLessThan(0);
        }
        const afterFirst = await collect(store.readAll({ after: read[0].position, maxCount: 1 }));
        expect(afterFirst.map((e) => e.id)).toEqual([read[1].id]);
      });

      it('reports the head position and counts the events after a position', async () => {
        const head = await store.headPosition();
        const result = await store.appendToStream(stream(), [event(), event()], { expectedRevision: 'no_stream' });
        const newHead = await store.headPosition();
        expect(newHead && comparePositions(newHead, result.position)).toBe(0);
        expect(await store.countEventsAfter(head)).toBe(2);
        expect(await store.countEventsAfter(newHead)).toBe(0);
      });

      it('has nothing after the largest position a position can name', async () => {
        await store.appendToStream(stream(), [event()], { expectedRevision: 'no_stream' });
        const last = { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n };
        expect(await collect(store.readAll({ after: last }))).toEqual([]);
        expect(await store.countEventsAfter(last)).toBe(0);
      });

      it('gives positions an opaque text form that round-trips and keeps order', async () => {
        const first = await store.appendToStream(stream(), [event()], { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(stream(), [event()], { expectedRevision: 'no_stream' });
        const decoded = decodePosition(encodePosition(second.position));
        expect(decoded && comparePositions(decoded, second.position)).toBe(0);
        expect(comparePositions(first.position, decoded!)).toBeLessThan(0);
      });
    });

    describe('idempotent appends', () => {
      it('treats a repeat of stored event ids as a no-op returning the original result', async () => {
        const name = stream();
        const events = [event(), event()];
        const original = await store.appendToStream(name, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const repeat = await store.appendToStream(name, events, { expectedRevision: 'no_stream' });
        expect(repeat.nextExpectedRevision).toBe(original.nextExpectedRevision);
        expect(comparePositions(repeat.position, original.position)).toBe(0);
        expect(await store.countEventsAfter(head)).toBe(0);
        expect(await collect(store.readStream(name))).toHaveLength(2);
      });

      it('rejects an append that repeats only some stored ids', async () => {
        const name = stream();
        const stored = event();
        await store.appendToStream(name, [stored], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(name, [event(), stored], { expectedRevision: 0n }),
        ).rejects.toBeInstanceOf(EventIdConflictError);
      });
    });

    describe('subscription to the global log', () => {
      it('catches up after a position, then delivers new events live, and ends on abort', async () => {
        const name = stream();
        const first = await store.appendToStream(name, [event()], { expectedRevision: 'no_stream' });
        await store.appendToStream(name, [event(), event()], { expectedRevision: 0n });
        const controller = new AbortController();
        const received: StoredEvent[] = [];
        const done = (async () => {
          for await (const e of store.subscribeToAll({ after: first.position, signal: controller.signal })) {
            if (e.streamName !== name) continue;
            received.push(e);
            if (received.length === 4) controller.abort();
          }
        })();
        await waitUntil(() => received.length === 2);
        await store.appendToStream(name, [event(), event()], { expectedRevision: 2n });
        await done;
        expect(received.map((e) => e.revision)).toEqual([1n, 2n, 3n, 4n]);
      });

      it('stops cleanly when the consumer breaks out of the loop', async () => {
        const name = stream();
        await store.appendToStream(name, [event()], { expectedRevision: 'no_stream' });
        for await (const e of store.subscribeToAll()) {
          if (e.streamName === name) break;
        }
      });
    });
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
