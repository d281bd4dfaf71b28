import { MemoryEventStore } from '../../../../libs/event-store/src/memory-event-store';
import { positionAt } from '../../../../libs/event-store/src/position';
import { fact } from '../../../../libs/event-store/src/testing/log-fixtures';
import { auditedEvent, causedBy, readLogPage, readStreamPage, scanLog } from './history-paging';

/** Ten events in two streams; every third one (positions 3, 6, 9) was caused by request `r`. */
async function tenEvents(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  for (let i = 1; i <= 10; i++) {
    const event = fact('Happened', { i });
    const caused = i % 3 === 0 ? { ...event, metadata: { ...event.metadata, correlationId: 'r' } } : event;
    await store.appendToStream(i % 2 ? 'odd-s' : 'even-s', [caused], { expectedRevision: 'any' });
  }
  return store;
}

const numbers = (events: readonly { data: Readonly<Record<string, unknown>> }[]) => events.map((e) => e.data.i);

describe('readLogPage', () => {
  it('says where the next page starts, and that a page ending at the head is the last', async () => {
    const store = await tenEvents();
    const first = await readLogPage(store, undefined, 4);
    expect({ events: numbers(first.events), next: first.next }).toEqual({ events: [1, 2, 3, 4], next: positionAt(4n) });
    const last = await readLogPage(store, positionAt(5n), 5);
    expect({ events: numbers(last.events), next: last.next }).toEqual({ events: [6, 7, 8, 9, 10], next: undefined });
    expect(await readLogPage(store, positionAt(10n), 5)).toEqual({ events: [], next: undefined });
  });
});

describe('scanLog', () => {
  const scan = { matches: causedBy('r'), readSize: 2, maxScanned: 100 };

  it('stops at the limit-th match, across reads, and goes on from it', async () => {
    const store = await tenEvents();
    const first = await scanLog(store, { ...scan, limit: 2 });
    expect({ events: numbers(first.events), next: first.next }).toEqual({ events: [3, 6], next: positionAt(6n) });
    const rest = await scanLog(store, { ...scan, limit: 2, after: first.next });
    expect({ events: numbers(rest.events), next: rest.next }).toEqual({ events: [9], next: undefined });
  });

  it('answers what it found after examining maxScanned events, with the place to go on from', async () => {
    const store = await tenEvents();
    const page = await scanLog(store, { ...scan, limit: 10, maxScanned: 5 });
    expect({ events: numbers(page.events), next: page.next }).toEqual({ events: [3], next: positionAt(5n) });
  });

  it('says the scan reached the end when the limit-th match is the last event of the log', async () => {
    const store = await tenEvents();
    const page = await scanLog(store, { ...scan, matches: (e) => e.data.i === 10, limit: 1 });
    expect({ events: numbers(page.events), next: page.next }).toEqual({ events: [10], next: undefined });
  });

  it('matches causation ids as well as correlation ids', async () => {
    const store = await tenEvents();
    const [, second] = (await readLogPage(store, undefined, 2)).events;
    const page = await scanLog(store, { ...scan, matches: causedBy(second.metadata.causationId), limit: 5 });
    expect(numbers(page.events)).toEqual([2]);
  });
});

describe('readStreamPage', () => {
  it('pages a stream by revision and tells a missing stream from a page past its end', async () => {
    const store = await tenEvents();
    const first = await readStreamPage(store, 'even-s', 0n, 3);
    expect({ events: first && numbers(first.events), next: first?.next }).toEqual({ events: [2, 4, 6], next: 3n });
    const rest = await readStreamPage(store, 'even-s', 3n, 3);
    expect({ events: rest && numbers(rest.events), next: rest?.next }).toEqual({ events: [8, 10], next: undefined });
    expect(await readStreamPage(store, 'even-s', 9n, 3)).toEqual({ events: [], next: undefined });
    expect(await readStreamPage(store, 'missing-s', 0n, 3)).toBeUndefined();
    expect(await readStreamPage(store, 'missing-s', 4n, 3)).toBeUndefined();
  });
});

describe('auditedEvent', () => {
  it('writes 64-bit positions and revisions as decimal strings and publishes only the known metadata', () => {
    const big = 2n ** 63n + 1n;
    const event = fact('Happened', { i: 1 });
    const stored = {
      ...event,
      metadata: { ...event.metadata, contentHash: 'sha256:ab', extra: 'kept private' },
      streamName: 'odd-s',
      revision: big,
      position: { commit: big, prepare: big - 1n },
    };
    const { actor, recordedAt, correlationId, causationId, schemaVersion } = event.metadata;
    expect(auditedEvent(stored)).toEqual({
      position: `${big}:${big - 1n}`,
      streamName: 'odd-s',
      revision: '9223372036854775809',
      id: event.id,
      type: 'Happened',
      data: { i: 1 },
      metadata: { actor, recordedAt, correlationId, causationId, schemaVersion, contentHash: 'sha256:ab' },
    });
    expect(auditedEvent({ ...stored, metadata: event.metadata }).metadata).not.toHaveProperty('contentHash');
  });
});
