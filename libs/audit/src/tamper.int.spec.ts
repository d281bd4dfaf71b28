import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../event-store/src/sqlite-event-store';
import { SqliteReadModelStore } from '../../projections/src/sqlite-read-model-store';
import { ChainDigest } from './hash-chain';
import { recorded, SEALED_NAMESPACE, sealedLedger } from './testing/sealed-ledger';
import { inThreadRunner, verifyFiles } from './verify-files';
import { verifyLedger } from './verify-ledger';
import { ProblemKind, VerificationReport } from './verify-log';

const NAMESPACE = SEALED_NAMESPACE;
const EVENTS = 10;

/**
 * Given a sealed embedded ledger, when someone edits events.sqlite directly, then verification
 * names the first bad position and what was done there.
 */
describe('verification of an embedded ledger whose file was altered', () => {
  let dir: string;
  let digest: ChainDigest;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
    digest = await sealedLedger(dir, async (store) => {
      for (let n = 1; n <= EVENTS; n++) {
        await store.appendToStream(`meal-m${n % 3}`, [recorded('MealServed', { n, meals: n * 10 })], { expectedRevision: 'any' });
      }
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Opens the files as they are now and verifies them against the digest kept before: through the
   * stores, and on the files directly in chunks (of 3 places, so that findings fall at, before and
   * after chunk boundaries), which must report exactly the same.
   */
  async function verify(): Promise<VerificationReport> {
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    const readModels = new SqliteReadModelStore(join(dir, 'read-models'));
    try {
      const report = await verifyLedger(store, readModels, NAMESPACE, { digest });
      const files = { log: store.file, chain: readModels.fileOf(NAMESPACE) };
      expect(await verifyFiles(files, { digest, chunkSize: 3, runner: inThreadRunner })).toEqual(report);
      return report;
    } finally {
      await readModels.close();
      await store.close();
    }
  }

  function tamper(...statements: string[]) {
    const db = new Database(join(dir, 'events.sqlite'));
    try {
      db.transaction(() => statements.forEach((statement) => db.exec(statement)))();
    } finally {
      db.close();
    }
  }

  async function expectProblem(kind: ProblemKind, position: string) {
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind, position });
    expect(report.digest?.consistent).toBe(false);
    return report;
  }

  it('finds nothing wrong in an untouched ledger, and the digest still holds', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, eventsChecked: EVENTS, sealedEvents: EVENTS, head: digest });
    expect(report.digest).toMatchObject({ consistent: true });
    expect(digest).toMatchObject({ position: String(EVENTS), eventCount: EVENTS, hash: expect.stringMatching(/^sha256:/) });
  });

  it('names an altered payload byte', async () => {
    tamper(`UPDATE events SET data = replace(data, '"meals":50', '"meals":58') WHERE position = 5`);
    const report = await expectProblem('altered_payload', '5');
    expect(report.problem!.eventNumber).toBe(5);
  });

  it('names an altered actor, even when the altered event carries a recomputed content hash', async () => {
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE position = 6`);
    await expectProblem('altered_metadata', '6');
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory', '$.contentHash', 'sha256:${'0'.repeat(64)}') WHERE position = 6`);
    await expectProblem('altered_metadata', '6');
  });

  it('names a deleted event', async () => {
    tamper('DELETE FROM events WHERE position = 4');
    await expectProblem('missing_event', '4');
  });

  it('names the last event deleted', async () => {
    tamper(`DELETE FROM events WHERE position = ${EVENTS}`);
    await expectProblem('missing_event', String(EVENTS));
  });

  it('names two events swapped, next to each other or apart', async () => {
    const swap = (a: number, b: number) => [
      `UPDATE events SET position = -1 WHERE position = ${a}`,
      `UPDATE events SET position = ${a} WHERE position = ${b}`,
      `UPDATE events SET position = ${b} WHERE position = -1`,
    ];
    tamper(...swap(3, 4));
    await expectProblem('reordered_events', '3');
    tamper(...swap(3, 4), ...swap(2, 8));
    await expectProblem('reordered_events', '2');
  });

  it('names an event inserted in the past, with a well-formed content hash', async () => {
    const forged = recorded('MealServed', { n: 99, meals: 1000 });
    tamper(
      'UPDATE events SET position = -position WHERE position >= 5',
      'UPDATE events SET position = 1 - position WHERE position < 0', // 5..10 → 6..11
      `INSERT INTO events (position, id, stream, revision, type, data, metadata) VALUES (5, '${forged.id}', 'meal-forged', 0, 'MealServed',
        '${JSON.stringify(forged.data)}', '${JSON.stringify(forged.metadata)}')`,
    );
    const report = await expectProblem('inserted_event', '5');
    expect(report.problem!.eventId).toBe(forged.id);
  });

  it('names a seal altered to match an altered event', async () => {
    const db = new Database(join(dir, 'read-models', `${NAMESPACE}.sqlite`));
    db.prepare("UPDATE chain SET chain_hash = ? WHERE seq = 7").run(`sha256:${'1'.repeat(64)}`);
    db.close();
    await expectProblem('altered_seal', '7');
  });

  it('accepts events appended after the digest: the digest covers its part of the log', async () => {
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await store.appendToStream('meal-later', [recorded('MealServed', { n: 11, meals: 5 })], { expectedRevision: 'no_stream' });
    await store.close();
    const report = await verify();
    expect(report).toMatchObject({ ok: true, eventsChecked: EVENTS + 1, sealedEvents: EVENTS, digest: { consistent: true } });
  });
});
