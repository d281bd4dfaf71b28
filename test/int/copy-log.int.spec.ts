import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCopyLog } from '../../apps/cli/src/copy-log';
import { copyLog } from '../../libs/event-store/src/copy-log';
import { EventStore, NewEvent } from '../../libs/event-store/src/event-store.port';
import { EventStoreDbEventStore } from '../../libs/event-store/src/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite-event-store';
import { fact as newFact, logOf } from '../../libs/event-store/src/testing/log-fixtures';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';

/**
 * The migration from the embedded profile to the production one: an embedded SQLite log copied into
 * EventStoreDB (our gRPC test server, through the real client), by the library and by the CLI.
 */
describe('copying the embedded log into EventStoreDB', () => {
  const STREAMS = 5;
  const EVENTS_PER_STREAM = 24;
  const HISTORY_SIZE = STREAMS * EVENTS_PER_STREAM;

  let dir: string;
  let sqliteFile: string;
  let server: EsdbTestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-copy-log-int-'));
    sqliteFile = join(dir, 'events.sqlite');
    const embedded = new SqliteEventStore(sqliteFile);
    await recordHistory(embedded, STREAMS, EVENTS_PER_STREAM);
    await embedded.close();
  });
  beforeEach(async () => {
    server = await startEsdbTestServer();
  });
  afterEach(async () => server.stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the log with its ids, types, data, metadata, revisions and order, and only once', async () => {
    const source = new SqliteEventStore(sqliteFile);
    const target = new EventStoreDbEventStore(server.connectionString, { pageSize: 50 });
    try {
      expect(await copyLog(source, target, { batchSize: 32 })).toEqual({ copied: HISTORY_SIZE, alreadyPresent: 0 });
      expect(await logOf(target)).toEqual(await logOf(source));

      // EventStoreDB writes events of its own: they are not history that conflicts with the copy.
      server.appendSystemEvent();
      expect(await copyLog(source, target, { batchSize: 32 })).toEqual({ copied: 0, alreadyPresent: HISTORY_SIZE });
      expect(await logOf(target)).toEqual(await logOf(source));
    } finally {
      await target.close();
      await source.close();
    }
  });

  it('runs as `ledger copy-log`, printing progress and the counts', async () => {
    const lines: string[] = [];
    const command = { from: `sqlite:${sqliteFile}`, to: server.connectionString, progressEvery: 50 };

    expect(await runCopyLog(command, (line) => lines.push(line))).toEqual({ copied: HISTORY_SIZE, alreadyPresent: 0 });
    expect(lines).toEqual([
      `copying the log of sqlite:${sqliteFile} into ${server.connectionString} ...`,
      'copied 50 of 120 events',
      'copied 100 of 120 events',
      'copied 120 of 120 events',
      'copied 120 events (0 were already in the target)',
    ]);

    lines.length = 0;
    await runCopyLog(command, (line) => lines.push(line));
    expect(lines.at(-1)).toBe('copied 0 events (120 were already in the target)');

    const source = new SqliteEventStore(sqliteFile);
    const target = new EventStoreDbEventStore(server.connectionString);
    try {
      expect(await logOf(target)).toEqual(await logOf(source));
    } finally {
      await target.close();
      await source.close();
    }
  });

  it('refuses a source file that does not exist, without creating it', async () => {
    const missing = join(dir, 'no-such-events.sqlite');
    await expect(runCopyLog({ from: `sqlite:${missing}`, to: server.connectionString }, () => undefined)).rejects.toThrow(
      `the source sqlite:${missing} does not exist: there is no log there to read`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a store address it does not know, without printing a password', async () => {
    await expect(
      runCopyLog({ from: `sqlite:${sqliteFile}`, to: 'postgres://ledger:secret@localhost/ledger' }, () => undefined),
    ).rejects.toThrow(
      'unknown target store postgres://ledger:***@localhost/ledger: expected sqlite:<path>, esdb://... or esdb+discover://...',
    );
  });
});

/** Streams written in turns, a small append each, as the ledger's appends interleave. */
async function recordHistory(store: EventStore, streams: number, eventsPerStream: number): Promise<void> {
  for (let n = 0; n < eventsPerStream; n += EVENTS_PER_APPEND) {
    for (let s = 0; s < streams; s++) {
      const events = Array.from({ length: EVENTS_PER_APPEND }, (_, i) => fact(n + i));
      await store.appendToStream(`course_session-c${s}/2024-03-04`, events, { expectedRevision: 'any' });
    }
  }
}

const EVENTS_PER_APPEND = 2;

function fact(n: number): NewEvent {
  return newFact('CourseSessionAttended', { participantId: `w-${String(n).padStart(4, '0')}`, venue: '职工之家' });
}
