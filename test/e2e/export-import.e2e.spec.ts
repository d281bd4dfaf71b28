import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { runExport, runImport } from '../../apps/cli/src/export-import';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { LOG_STORES, startTestLedger, startTestLedgerOn, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';

/**
 * An auditor's round trip: the seed recorded over HTTP, exported over HTTP, imported with the CLI
 * into an empty SQLite file, and a second ledger started on it gives the same figures and the same
 * audit chain.
 */
describe.each(LOG_STORES)('export over HTTP from a ledger on %s, import with the CLI', (store) => {
  let dir: string;
  let original: TestLedger;
  let client: LedgerClient;
  let copy: TestLedger | undefined;
  const year = { from: '2024-01-01', to: '2024-12-31' };
  const progress: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
    original = await startTestLedgerOn(store);
    await original.app.listen(0, '127.0.0.1');
    const { port } = original.app.getHttpServer().address() as AddressInfo;
    client = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
    await runDemo(client);
  }, 120_000);
  afterAll(async () => {
    await copy?.close();
    await original?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportLines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

  it('reproduces the log in an empty store: same figures, same audit chain', async () => {
    const file = join(dir, 'all.ndjson');
    const exported = await runExport(client, { out: file }, (line) => progress.push(line), { progress: { isTTY: false, write: () => true } });
    const digest = await client.get<{ hash: string; eventCount: number }>('/audit/digest');
    expect(exported).toBe(digest.eventCount);
    expect(progress).toContain(`exported ${exported.toLocaleString('en-US')} events into ${file}`);

    const dataDir = join(dir, 'copy');
    const imported = await runImport(file, { to: `sqlite:${join(dataDir, 'events.sqlite')}` }, (line) => progress.push(line));
    expect(imported).toEqual({ copied: exported, alreadyPresent: 0 });
    // Run again, as after an interruption: nothing more to append.
    expect(await runImport(file, { to: `sqlite:${join(dataDir, 'events.sqlite')}` }, () => undefined)).toEqual({
      copied: 0,
      alreadyPresent: exported,
    });

    copy = await startTestLedger({ config: { dataDir } });
    await copy.caughtUp(60_000);
    const figures = async (ledger: TestLedger) => ({
      beijing: (await ledger.http.get('/projections/organizations/beijing').query(year).expect(200)).body,
      chaowaiCourses: (await ledger.http.get('/projections/courses').query({ organizationId: 'chaowai', ...year }).expect(200)).body,
      digest: (await ledger.http.get('/audit/digest').expect(200)).body,
    });
    const [before, after] = [await figures(original), await figures(copy)];
    expect(after.beijing).toEqual(before.beijing);
    expect(after.chaowaiCourses).toEqual(before.chaowaiCourses);
    expect(after.beijing).toMatchObject({ courseSessions: 119, attendances: 1503 });
    expect({ hash: after.digest.hash, eventCount: after.digest.eventCount }).toEqual({ hash: digest.hash, eventCount: digest.eventCount });
    expect((await copy.http.get('/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  }, 120_000);

  it('exports only the listed types', async () => {
    const file = join(dir, 'clinics.ndjson');
    await runExport(client, { types: 'ClinicHeld,ClinicCorrected', out: file }, () => undefined);
    const [header, ...events] = exportLines(file);

    expect(header).toMatchObject({ format: 'activity-ledger/events', version: 1, filter: { types: ['ClinicHeld', 'ClinicCorrected'] } });
    expect(events.filter((e) => e.type === 'ClinicHeld')).toHaveLength(7);
    for (const { type } of events) expect(['ClinicHeld', 'ClinicCorrected']).toContain(type);
  });

  it("exports an organisation's subtree: its own streams, its courses' sessions, nothing of other unions", async () => {
    const response = await original.http.get('/audit/export').query({ organizationId: 'chaowai' }).buffer(true).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const [header, ...events] = response.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

    expect(header.filter).toEqual({ organizationId: 'chaowai' });
    const types = new Set(events.map((e) => e.type));
    for (const type of ['OrganizationRegistered', 'CourseRegistered', 'CourseSessionHeld', 'CourseSessionAttended']) expect(types).toContain(type);
    for (const type of ['ClinicHeld', 'MealServed', 'RecuperationTripOrganized']) expect(types).not.toContain(type); // fengtai's, yuquanying's, haidian's
    expect(events.filter((e) => e.type === 'OrganizationRegistered').map((e) => e.data.organizationId)).toEqual(['chaowai']);
    for (const { data } of events) {
      if ('organizationId' in data) expect(data.organizationId).toBe('chaowai');
      if ('recommendingOrganizationId' in data) expect(data.recommendingOrganizationId).toBe('chaowai');
      if ('courseId' in data) expect(['chaowai-painting', 'chaowai-yoga']).toContain(data.courseId);
    }
    // At least the attendances that count (voided ones are in the log too).
    expect(events.filter((e) => e.type === 'CourseSessionAttended').length).toBeGreaterThanOrEqual(1128 + 375);
  });

  it('refuses to import a filtered export', async () => {
    const file = join(dir, 'chaowai.ndjson');
    await runExport(client, { organization: 'chaowai', out: file }, () => undefined);
    await expect(runImport(file, { to: `sqlite:${join(dir, 'filtered.sqlite')}` }, () => undefined)).rejects.toThrow(/filtered export/);
  });

  it('refuses an export with a bad line, naming it', async () => {
    const file = join(dir, 'broken.ndjson');
    await runExport(client, { types: 'MealServed', out: file }, () => undefined);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0].replace(/"filter":\{[^}]*\}/, '"filter":{}');
    lines[3] = lines[3].replace('"revision":"0"', '"revision":"zero"');
    writeFileSync(file, lines.join('\n'));
    await expect(runImport(file, { to: `sqlite:${join(dir, 'broken.sqlite')}` }, () => undefined)).rejects.toThrow(
      'line 4: revision must be a decimal string',
    );
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['an unknown event type', { types: 'ClinicHeld,Nonsense' }, 400, 'types'],
    ['a date that is not one', { from: '2024-02-30' }, 400, 'from'],
    ['from after to', { from: '2024-06-01', to: '2024-05-01' }, 400, 'from'],
    ['a malformed organisation id', { organizationId: '../etc' }, 400, 'organizationId'],
    ['an unknown organisation', { organizationId: 'atlantis' }, 422, 'organizationId'],
    ['an unknown parameter', { limit: '10' }, 400, 'limit'],
  ])('answers a JSON error for %s, naming the field', async (_, query, status, field) => {
    const response = await original.http.get('/audit/export').query(query).expect(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.details).toEqual([expect.objectContaining({ field })]);
  });
});
