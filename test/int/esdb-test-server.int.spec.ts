import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, Position } from '@eventstore/db-client';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';

/**
 * The test server speaks for EventStoreDB in CI, so its own semantics are checked here with the
 * client itself (the adapter hides some of them, e.g. it finds most repeats before the server does).
 */
describe.each([
  ['BatchAppend', true],
  ['unary Append', false],
])('EventStoreDB test server (%s)', (_name, batchAppend) => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startEsdbTestServer({ batchAppend });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  const stream = () => `server_test-${randomUUID()}`;
  const event = () => jsonEvent({ id: randomUUID(), type: 'ThingHappened', data: { n: 1 }, metadata: { m: 1 } });

  it('numbers revisions from 0 and reports the actual revision on a conflict', async () => {
    const name = stream();
    const created = await client.appendToStream(name, [event(), event()], { expectedRevision: NO_STREAM });
    expect(created.nextExpectedRevision).toBe(1n);
    const error = await client.appendToStream(name, event(), { expectedRevision: 5n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe(5n);
    const missing = await client.appendToStream(stream(), event(), { expectedRevision: 0n }).catch((e: unknown) => e);
    expect((missing as WrongExpectedVersionError).actualVersion).toBe('no_stream');
  });

  it('deduplicates a repeated append, at its expected revision or with any', async () => {
    const name = stream();
    const events = [event(), event()];
    const original = await client.appendToStream(name, events, { expectedRevision: NO_STREAM });
    const again = await client.appendToStream(name, events, { expectedRevision: NO_STREAM });
    const anyAgain = await client.appendToStream(name, events, { expectedRevision: ANY });
    for (const repeat of [again, anyAgain]) {
      expect(repeat.nextExpectedRevision).toBe(original.nextExpectedRevision);
      expect(repeat.position).toEqual(original.position);
    }
    const read = [];
    for await (const e of client.readStream(name)) read.push(e);
    expect(read).toHaveLength(2);
    // Only the first id repeated: not a retry, and not appended either.
    await expect(client.appendToStream(name, [events[0], event()], { expectedRevision: NO_STREAM })).rejects.toThrow();
  });

  it('positions $all events with exact 64-bit (commit, prepare) pairs, created in ticks', async () => {
    const before = Date.now();
    const result = await client.appendToStream(stream(), event(), { expectedRevision: NO_STREAM });
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(result.position!.commit > 2n ** 53n).toBe(true);
    expect(last.event!.position).toEqual(result.position);
    expect(last.commitPosition).toBe(result.position!.commit);
    expect(last.event!.created.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(last.event!.created.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('holds system events, reads $all from a position inclusively and subscribes after it', async () => {
    const all = await collect(client.readAll({ fromPosition: START }));
    expect(all.some((e) => e.event!.streamId.startsWith('$'))).toBe(true);
    const name = stream();
    await client.appendToStream(name, [event(), event()], { expectedRevision: NO_STREAM });
    const [first, second] = (await collect(client.readAll())).filter((e) => e.event!.streamId === name);
    const from = first.event!.position as Position;
    const read = await collect(client.readAll({ fromPosition: from, maxCount: 2 }));
    expect(read.map((e) => e.event!.id)).toEqual([first.event!.id, second.event!.id]);

    const subscription = client.subscribeToAll({ fromPosition: from });
    const caughtUp = new Promise((resolve) => subscription.once('caughtUp', resolve));
    const received: string[] = [];
    subscription.on('data', (e: AllStreamResolvedEvent) => received.push(e.event!.id));
    await caughtUp;
    expect(received).toEqual([second.event!.id]);
    const live = event();
    await client.appendToStream(name, live, { expectedRevision: 1n });
    await waitUntil(() => received.length === 2);
    expect(received[1]).toBe(live.id);
    await subscription.unsubscribe();
  });
});

async function collect(read: AsyncIterable<AllStreamResolvedEvent>): Promise<AllStreamResolvedEvent[]> {
  const out: AllStreamResolvedEvent[] = [];
  for await (const e of read) out.push(e);
  return out;
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
