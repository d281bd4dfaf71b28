import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_ALTERED, EXIT_VERIFIED, verifyStores } from '../../apps/cli/src/audit-commands';
import { EXIT_INTERRUPTED } from '../../apps/cli/src/interrupt';
import { startTestLedger } from '../support/ledger-app';

/** `ledger verify --store --read-models` on what a real ledger wrote, its API stopped: no HTTP involved. */
describe('ledger verify, on the stores directly', () => {
  let dataDir: string;
  let digestFile: string;
  const quiet = { isTTY: false, write: () => true };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-verify-'));
    const ledger = await startTestLedger({ config: { dataDir } });
    try {
      const post = (path: string, body: object) => ledger.http.post(path).send(body).expect((res) => expect(res.status).toBeLessThan(300));
      await post('/organizations', { id: 'city', name: 'City', level: 'federation' });
      await post('/organizations', { id: 'street', name: 'Street', level: 'street', parentId: 'city' });
      await post('/meals', { id: 'meal-1', organizationId: 'street', partner: 'p', date: '2024-01-18', meals: 75, recipientGroup: 'riders' });
      await post('/meals/meal-1/corrections', { meals: 74, reason: 'counted twice' });
      // Verification compares the log with the seals: wait until the sealer has sealed all of it.
      const head = await ledger.headPosition();
      const deadline = Date.now() + 10_000;
      let digest: { position: string | null };
      while ((digest = (await ledger.http.get('/audit/digest').expect(200)).body).position !== head) {
        if (Date.now() > deadline) throw new Error(`the audit chain did not reach ${head} in time`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      digestFile = join(dataDir, 'digest.json');
      writeFileSync(digestFile, JSON.stringify(digest));
    } finally {
      await ledger.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const command = () => ({ store: `sqlite:${join(dataDir, 'events.sqlite')}`, readModels: `sqlite:${join(dataDir, 'read-models')}` });

  /** Every file of the data directory with the hash of its bytes. */
  const snapshot = () =>
    readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `${join(entry.parentPath, entry.name)} ${createHash('sha256').update(readFileSync(join(entry.parentPath, entry.name))).digest('hex')}`)
      .sort();

  it('verifies the untouched log against its seals and a saved digest, and exits 0', async () => {
    const lines: string[] = [];
    expect(await verifyStores({ ...command(), digest: digestFile }, (line) => lines.push(line), { progress: quiet })).toBe(EXIT_VERIFIED);
    expect(lines).toContain('4 events checked, 4 of them sealed');
    expect(lines.some((line) => line.startsWith('digest holds'))).toBe(true);
    expect(lines.at(-1)).toBe('verified: nothing in the log was altered');
  });

  it('stops at once when aborted, exits 130, and writes nothing', async () => {
    const before = snapshot();
    const controller = new AbortController();
    controller.abort();
    const lines: string[] = [];
    const started = Date.now();
    expect(await verifyStores(command(), (line) => lines.push(line), { signal: controller.signal, progress: quiet })).toBe(EXIT_INTERRUPTED);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines).toEqual([expect.stringMatching(/^interrupted: /)]);
    expect(snapshot()).toEqual(before);
  });

  it('shows progress with the total on standard error, apart from the result', async () => {
    const written: string[] = [];
    await verifyStores(command(), () => undefined, { progress: { isTTY: false, write: (text: string) => written.push(text) } });
    expect(written.at(-1)).toMatch(/^verifying the log: 4 of 4 events \(100\.0%\), .* done in /);
  });

  it('exits 1 and names the kind when a payload was altered in the log', async () => {
    const events = new Database(join(dataDir, 'events.sqlite'));
    try {
      events.prepare(`UPDATE events SET data = replace(data, '"meals":74', '"meals":80') WHERE type = 'MealCountCorrected'`).run();
    } finally {
      events.close();
    }
    const lines: string[] = [];
    expect(await verifyStores(command(), (line) => lines.push(line), { progress: quiet })).toBe(EXIT_ALTERED);
    expect(lines).toContainEqual(expect.stringMatching(/^FAILED: altered_payload at position 4 \(event 4, /));
    expect(lines).not.toContain('verified: nothing in the log was altered');
  });

  it('refuses read models that do not exist rather than verify against no seals', async () => {
    await expect(verifyStores({ ...command(), readModels: `sqlite:${join(dataDir, 'nowhere')}` }, () => undefined)).rejects.toThrow(/no read models/);
  });
});
