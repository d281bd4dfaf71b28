import { randomUUID } from 'node:crypto';
import { NewEvent, StoreUnavailableError, StoredEvent } from '../../libs/event-store/src/event-store.port';
import { EventStoreDbEventStore } from '../../libs/event-store/src/eventstoredb/eventstoredb-event-store';
import { comparePositions } from '../../libs/event-store/src/position';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';

/**
 * The server goes away under a live subscription: writes and reads fail fast with
 * StoreUnavailableError (the API answers 503), and once the server is back the subscription resumes
 * after the last event it delivered: nothing lost, nothing twice.
 */
describe.each([
  ['BatchAppend', true],
  ['unary Append', false],
])('EventStoreDB adapter across a server restart (%s)', (_name, batchAppend) => {
  let server: EsdbTestServer;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    server = await startEsdbTestServer({ batchAppend });
    store = new EventStoreDbEventStore(server.connectionString, { reconnectDelayMs: { initial: 50, max: 500 } });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('fails calls while the server is down and resumes the subscription after the last delivered event', async () => {
    const name = `reconnect_test-${randomUUID()}`;
    // The test server starts with system events only: the subscription sees just what this test writes.
    expect(await store.headPosition()).toBeUndefined();

    const before = [event(), event(), event()];
    await store.appendToStream(name, before, { expectedRevision: 'no_stream' });
    const controller = new AbortController();
    const received: StoredEvent[] = [];
    const consuming = (async () => {
      for await (const e of store.subscribeToAll({ signal: controller.signal })) received.push(e);
    })();
    await waitUntil(() => received.length === before.length);

    await server.stop();
    await expect(store.appendToStream(name, [event()], { expectedRevision: 2n })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    // Long enough for the subscription to notice and retry (and fail) a few times.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(before.length);

    await server.restart();
    const after = [event(), event()];
    await store.appendToStream(name, after.slice(0, 1), { expectedRevision: 2n });
    server.appendSystemEvent();
    const last = await store.appendToStream(name, after.slice(1), { expectedRevision: 3n });
    server.appendSystemEvent();

    await waitUntil(() => received.length >= before.length + after.length);
    // Room for a duplicate to arrive, if the resumption were to deliver one.
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await consuming;

    expect(received.map((e) => e.id)).toEqual([...before, ...after].map((e) => e.id));
    expect(received.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    for (let i = 1; i < received.length; i++) {
      expect(comparePositions(received[i - 1].position, received[i].position)).toBeLessThan(0);
    }
    // The head is the last user event, not the system event written after it.
    const head = await store.headPosition();
    expect(head && comparePositions(head, last.position)).toBe(0);
  });

  it('fails an append whose answer is lost with the server, and recognises its retry', async () => {
    const name = `reconnect_test-${randomUUID()}`;
    const created = event();
    const first = await store.appendToStream(name, [created], { expectedRevision: 'no_stream' });
    const events = [event(), event()];

    // Written, but the server goes down before it answers: the caller cannot tell, so it retries.
    server.crashAfterNextAppend();
    await expect(store.appendToStream(name, events, { expectedRevision: 0n })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await server.restart();
    const retried = await store.appendToStream(name, events, { expectedRevision: 0n });

    expect(retried.nextExpectedRevision).toBe(2n);
    const stored: StoredEvent[] = [];
    for await (const e of store.readStream(name)) stored.push(e);
    expect(stored.map((e) => e.id)).toEqual([created, ...events].map((e) => e.id));
    expect(comparePositions(retried.position, stored[2].position)).toBe(0);
    expect(await store.countEventsAfter(first.position)).toBe(2);
  });
});

function event(): NewEvent {
  return {
    id: randomUUID(),
    type: 'ThingHappened',
    data: { n: 1 },
    metadata: {
      actor: 'reconnect-test',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
