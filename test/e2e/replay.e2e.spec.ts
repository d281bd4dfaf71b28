import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_INTERRUPTED } from '../../apps/cli/src/interrupt';
import { EXIT_DIFFERENT, EXIT_IDENTICAL, runReplay } from '../../apps/cli/src/replay';
import { startTestLedger } from '../support/ledger-app';

/** `ledger replay` against what a real ledger wrote: its log and its read models, the API stopped. */
describe('ledger replay', () => {
  let dataDir: string;
  const quiet = { isTTY: false, write: () => true };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    const ledger = await startTestLedger({ config: { dataDir } });
    try {
      const post = (path: string, body: object) => ledger.http.post(path).send(body).expect((res) => expect(res.status).toBeLessThan(300));
      await post('/organizations', { id: 'city', name: 'City', level: 'federation' });
      await post('/organizations', { id: 'street', name: 'Street', level: 'street', parentId: 'city' });
      await post('/courses', { id: 'painting', organizationId: 'street', name: 'Painting', category: 'art' });
      await post('/courses/painting/sessions', { id: 's1', date: '2024-03-04', venue: 'hall' });
      await post('/courses/painting/sessions/s1/attendances', { participantIds: ['w-1', 'w-2', 'w-3'] });
      await post('/meals', { id: 'meal-1', organizationId: 'street', partner: 'p', date: '2024-01-18', meals: 75, recipientGroup: 'riders' });
      await post('/meals/meal-1/corrections', { meals: 74, reason: 'counted twice' });
      await ledger.caughtUp();
    } finally {
      await ledger.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const command = () => ({ store: `sqlite:${join(dataDir, 'events.sqlite')}`, readModels: `sqlite:${join(dataDir, 'read-models')}` });
  const replayNamespaces = () => readdirSync(join(dataDir, 'read-models')).filter((file) => file.includes('_replay_'));

  it('finds every table identical, exits 0, and leaves no replay namespace behind', async () => {
    const lines: string[] = [];
    expect(await runReplay(command(), (line) => lines.push(line), { progress: quiet })).toBe(EXIT_IDENTICAL);
    expect(lines).toContain('  attendances: identical (3 rows)');
    expect(lines).toContain('  meals: identical (1 row)');
    expect(lines).toContain('  chain: identical (9 rows)');
    expect(lines).toContain('participation_v6: identical');
    expect(lines).toContain('audit_chain_v1: identical');
    expect(lines.some((line) => line.startsWith('participation_v6: compared at position 9,'))).toBe(true);
    expect(replayNamespaces()).toEqual([]);
  });

  it('exits 1 naming the table when one row of the live read model was altered', async () => {
    const live = new Database(join(dataDir, 'read-models', 'participation_v6_g1.sqlite'));
    try {
      live.prepare("UPDATE meals SET meals = 75 WHERE id = 'meal-1'").run();
    } finally {
      live.close();
    }
    const lines: string[] = [];
    expect(await runReplay({ ...command(), projection: 'participation_v6' }, (line) => lines.push(line), { progress: quiet })).toBe(EXIT_DIFFERENT);
    expect(lines.filter((line) => line.includes('DIFFERS'))).toEqual([
      expect.stringMatching(/^ {2}meals: DIFFERS: live 1 row sha256:[0-9a-f]{64}, replay 1 row sha256:[0-9a-f]{64}$/),
    ]);
    expect(lines).toContain('participation_v6: 1 of 30 tables differ');
    expect(lines).not.toContain('audit_chain_v1: identical'); // --projection: that one only
    expect(replayNamespaces()).toEqual([]);
  });

  it('stops when aborted, drops the replay namespace, and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const lines: string[] = [];
    expect(await runReplay(command(), (line) => lines.push(line), { signal: controller.signal, progress: quiet })).toBe(EXIT_INTERRUPTED);
    expect(lines.at(-1)).toMatch(/^interrupted/);
    expect(replayNamespaces()).toEqual([]);
  });

  it('refuses read models that do not exist rather than compare nothing', async () => {
    await expect(runReplay({ ...command(), readModels: `sqlite:${join(dataDir, 'nowhere')}` }, () => undefined)).rejects.toThrow(/no read models/);
  });
});
