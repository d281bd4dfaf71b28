import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printDigest, verify } from '../../apps/cli/src/audit-commands';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { LOG_STORES, startTestLedgerOn, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';

/**
 * The audit chain over HTTP on each store: events carry their content hash, the sealer keeps the
 * chain, GET /audit/digest gives its head, GET /audit/verify replays the log against it and
 * against a digest kept from earlier.
 */
describe.each(LOG_STORES)('the audit chain on %s', (store) => {
  let ledger: TestLedger;
  const http = () => ledger.http;

  beforeAll(async () => {
    ledger = await startTestLedgerOn(store);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  async function sealedDigest(eventCount: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await http().get('/audit/digest').expect(200);
      if (body.eventCount === eventCount) return body;
      if (Date.now() > deadline) throw new Error(`the chain did not reach ${eventCount} events: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('has an empty digest before any event', async () => {
    expect((await http().get('/audit/digest').expect(200)).body).toEqual({ position: null, hash: null, eventCount: 0 });
  });

  it('seals every recorded event, verifies the log, and keeps an earlier digest consistent as the log grows', async () => {
    await http().post('/organizations').send({ id: 'audit-union', name: '审计工会', level: 'street' }).expect(201);
    await http().post('/courses').send({ id: 'audit-yoga', organizationId: 'audit-union', name: 'Yoga', category: 'sport' }).expect(201);
    await http().post('/courses/audit-yoga/sessions').send({ id: 's1', date: '2024-05-01' }).expect(201);
    await http().post('/courses/audit-yoga/sessions/s1/attendances').send({ participantIds: ['w1', 'w2'] }).expect(201);
    const kept = await sealedDigest(5);
    expect(kept).toMatchObject({ position: expect.any(String), hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });

    const { body: history } = await http().get('/audit/verify').expect(200);
    expect(history).toMatchObject({ ok: true, eventsChecked: 5, sealedEvents: 5, head: kept });

    await http().post('/courses/audit-yoga/sessions/s1/attendances').send({ participantIds: ['w3'] }).expect(201);
    const later = await sealedDigest(6);
    expect(later.hash).not.toBe(kept.hash);
    const { body: checked } = await http().get('/audit/verify').query(kept).expect(200);
    expect(checked).toMatchObject({ ok: true, eventsChecked: 6, digest: { consistent: true } });

    const forged = { ...kept, hash: `sha256:${'0'.repeat(64)}` };
    const { body: refuted } = await http().get('/audit/verify').query(forged).expect(200);
    expect(refuted).toMatchObject({ ok: false, digest: { consistent: false } });
  });

  it('refuses an incomplete or malformed digest, naming the field', async () => {
    const { body } = await http().get('/audit/verify').query({ hash: `sha256:${'a'.repeat(64)}` }).expect(400);
    expect(body.details).toEqual([
      { field: 'position', rule: 'digestComplete' },
      { field: 'eventCount', rule: 'digestComplete' },
    ]);
    const malformed = await http().get('/audit/verify').query({ position: '1', hash: 'md5:x', eventCount: 1 }).expect(400);
    expect(malformed.body.details).toEqual([expect.objectContaining({ field: 'hash' })]);
  });

  it('`ledger digest` and `ledger verify --digest`: exit 0 when the digest holds, 1 when it does not', async () => {
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    const client = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
    const dir = mkdtempSync(join(tmpdir(), 'ledger-digest-'));
    try {
      const printed: string[] = [];
      await printDigest(client, (line) => printed.push(line));
      const kept = join(dir, 'digest.json');
      writeFileSync(kept, printed.join('\n'));
      const lines: string[] = [];
      expect(await verify(client, kept, (line) => lines.push(line))).toBe(0);
      expect(lines).toContain('verified: nothing in the log was altered');

      const forged = join(dir, 'forged.json');
      writeFileSync(forged, JSON.stringify({ ...JSON.parse(printed.join('\n')), hash: `sha256:${'0'.repeat(64)}` }));
      const failed: string[] = [];
      expect(await verify(client, forged, (line) => failed.push(line))).toBe(1);
      expect(failed.some((line) => line.startsWith('DIGEST FAILED'))).toBe(true);
      await expect(verify(client, join(dir, 'missing.json'), () => undefined)).rejects.toThrow(/cannot read the digest/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
