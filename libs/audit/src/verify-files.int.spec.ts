import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../event-store/src/sqlite-event-store';
import { SqliteReadModelStore } from '../../projections/src/sqlite-read-model-store';
import { ChainDigest } from './hash-chain';
import { recorded, SEALED_NAMESPACE, sealedLedger } from './testing/sealed-ledger';
import { startTsVerifyWorker } from './testing/ts-verify-worker';
import { inThreadRunner, verifyFiles, workerRunner } from './verify-files';
import { LedgerFiles } from './verify-chunk';
import { verifyLedger } from './verify-ledger';
import { VerificationReport } from './verify-log';

const NAMESPACE = SEALED_NAMESPACE;
const SEALED = 23;

/**
 * verifyFiles checks the log in chunks, on worker threads, against the seal before each place
 * rather than the chain recomputed from the start: whatever was done to the files, it must report
 * exactly what verifyLedger (one stream, in order) reports, at every chunk size.
 */
describe('verification of the files in chunks, on worker threads', () => {
  let template: string;
  let dir: string;
  let digest: ChainDigest;

  beforeAll(async () => {
    template = mkdtempSync(join(tmpdir(), 'ledger-verify-files-'));
    digest = await sealedLedger(template, async (store) => {
      for (let n = 1; n <= SEALED; n++) {
        // Some strings need escaping in canonical JSON, some do not: both ways of writing them are taken.
        const note = n % 4 === 0 ? `line\n"${n}" \\ é` : `plain ${n} 北京`;
        await store.appendToStream(`meal-m${n % 5}`, [recorded('MealServed', { n, meals: n * 10, note })], { expectedRevision: 'any' });
      }
    });
  });
  afterAll(() => rmSync(template, { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-verify-files-'));
    cpSync(template, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = () => ({ log: join(dir, 'events.sqlite'), chain: join(dir, 'read-models', `${NAMESPACE}.sqlite`) });

  function run(file: string, ...statements: string[]) {
    const db = new Database(file);
    try {
      db.transaction(() => statements.forEach((statement) => db.exec(statement)))();
    } finally {
      db.close();
    }
  }
  const tamperLog = (...statements: string[]) => run(files().log, ...statements);
  const tamperSeals = (...statements: string[]) => run(files().chain, ...statements);
  const swap = (a: number, b: number) => [
    `UPDATE events SET position = -1 WHERE position = ${a}`,
    `UPDATE events SET position = ${a} WHERE position = ${b}`,
    `UPDATE events SET position = ${b} WHERE position = -1`,
  ];

  async function appendUnsealed(count: number) {
    const store = new SqliteEventStore(files().log);
    for (let n = 1; n <= count; n++) await store.appendToStream(`meal-late${n}`, [recorded('MealServed', { late: n })], { expectedRevision: 'no_stream' });
    await store.close();
  }

  async function sequential(given: ChainDigest | undefined): Promise<VerificationReport> {
    const store = new SqliteEventStore(files().log);
    const readModels = new SqliteReadModelStore(join(dir, 'read-models'));
    try {
      return await verifyLedger(store, readModels, NAMESPACE, { digest: given });
    } finally {
      await readModels.close();
      await store.close();
    }
  }

  /** The same report from every way of reading the files as from verifyLedger, which leave the files as they were; returns it. */
  async function expectSameReports(given: ChainDigest | undefined = digest): Promise<VerificationReport> {
    const before = snapshot();
    const expected = await sequential(given);
    for (const chunkSize of [1, 2, 5, 500]) {
      expect(await verifyFiles(files(), { digest: given, chunkSize, runner: inThreadRunner })).toEqual(expected);
    }
    const onThreads = (f: LedgerFiles, size: number) => workerRunner(f, size, 2, startTsVerifyWorker);
    expect(await verifyFiles(files(), { digest: given, chunkSize: 4, runner: onThreads })).toEqual(expected);
    expect(snapshot()).toEqual(before);
    return expected;
  }

  /** Every file of the ledger, with its size and when it was last written: no -wal or -shm left beside a database. */
  const snapshot = () =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const { size, mtimeMs } = statSync(join(entry.parentPath, entry.name));
        return `${join(entry.parentPath, entry.name)} ${size} ${mtimeMs}`;
      })
      .sort();

  it('finds nothing wrong in an untouched ledger', async () => {
    expect(await expectSameReports()).toMatchObject({ ok: true, eventsChecked: SEALED, sealedEvents: SEALED, head: digest, digest: { consistent: true } });
  });

  it('folds the chain over events not sealed yet, and checks a digest that reaches into them', async () => {
    await appendUnsealed(6);
    const { head } = await expectSameReports();
    expect(head!.eventCount).toBe(SEALED + 6);
    expect(await expectSameReports(head!)).toMatchObject({ ok: true, sealedEvents: SEALED, digest: { consistent: true } });
    expect(await expectSameReports({ ...head!, hash: `sha256:${'2'.repeat(64)}` })).toMatchObject({ ok: false, digest: { consistent: false } });
  });

  it('names an unsealed event whose content no longer matches its hash', async () => {
    await appendUnsealed(6);
    tamperLog(`UPDATE events SET data = '{"late":99}' WHERE position = ${SEALED + 4}`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'altered_content', eventNumber: SEALED + 4 });
  });

  it.each([1, 2, 4, 5, 10, SEALED])('names a payload altered at event %i', async (position) => {
    tamperLog(`UPDATE events SET data = json_set(data, '$.meals', 1) WHERE position = ${position}`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'altered_payload', eventNumber: position });
  });

  it('names altered metadata', async () => {
    tamperLog(`UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE position = 11`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'altered_metadata', position: '11' });
  });

  it('names deleted events, in the middle and at the end across chunks', async () => {
    tamperLog('DELETE FROM events WHERE position = 10');
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'missing_event', position: '10' });
    tamperLog(`DELETE FROM events WHERE position > ${SEALED - 7}`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'missing_event', position: '10' });
  });

  it('names the first of the last events deleted', async () => {
    tamperLog(`DELETE FROM events WHERE position > ${SEALED - 7}`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'missing_event', position: String(SEALED - 6) });
  });

  it.each([
    [5, 6],
    [4, 5],
    [2, 19],
  ])('names events %i and %i swapped', async (a, b) => {
    tamperLog(...swap(a, b));
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'reordered_events', position: String(a) });
  });

  it('names an event inserted in the past', async () => {
    const forged = recorded('MealServed', { n: 99 });
    tamperLog(
      'UPDATE events SET position = -position WHERE position >= 6',
      'UPDATE events SET position = 1 - position WHERE position < 0',
      `INSERT INTO events (position, id, stream, revision, type, data, metadata) VALUES (6, '${forged.id}', 'meal-forged', 0, 'MealServed',
        '${JSON.stringify(forged.data)}', '${JSON.stringify(forged.metadata)}')`,
    );
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'inserted_event', position: '6' });
  });

  it('names altered seals: a chain hash, a payload hash, a seal gone from the middle', async () => {
    tamperSeals(`UPDATE chain SET chain_hash = 'sha256:${'1'.repeat(64)}' WHERE seq = 9`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'altered_seal', position: '9' });
    tamperSeals(`UPDATE chain SET payload_hash = 'sha256:${'1'.repeat(64)}' WHERE seq = 8`);
    expect((await expectSameReports()).problem).toMatchObject({ kind: 'altered_payload', position: '8' });
    tamperSeals('DELETE FROM chain WHERE seq = 3');
    expect((await expectSameReports()).problem).toMatchObject({ position: '3' });
  });

  it('takes the events after the last seals left as not sealed yet, whose chain still gives the digest', async () => {
    tamperSeals(`DELETE FROM chain WHERE seq > ${SEALED - 8}`);
    expect(await expectSameReports()).toMatchObject({ ok: true, sealedEvents: SEALED - 8, eventsChecked: SEALED, digest: { consistent: true } });
  });
});
