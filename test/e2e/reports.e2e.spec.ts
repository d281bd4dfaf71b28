import { AddressInfo } from 'node:net';
import { reproduce } from '../../apps/cli/src/audit-commands';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { runRebuild } from '../../apps/cli/src/rebuild';
import { printStats } from '../../apps/cli/src/stats';
import { LOG_STORES, startTestLedgerOn, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';

/**
 * Published reports: the figures and a receipt (position, chain hash, projection, result hash) go
 * into a ReportPublished event; reproduce recomputes them at that position, and shows the same
 * report now with the corrections recorded since.
 */
describe.each(LOG_STORES)('published reports on %s', (store) => {
  let ledger: TestLedger;
  const http = () => ledger.http;
  const report = {
    id: 'chaowai-courses-2024',
    title: '朝外街道 2024 年午间课程',
    query: 'courses',
    parameters: { organizationId: 'chaowai', from: '2024-01-01', to: '2024-12-31' },
  };

  beforeAll(async () => {
    ledger = await startTestLedgerOn(store);
    await http().post('/organizations').send({ id: 'chaowai', name: '朝外街道', level: 'street' }).expect(201);
    await http().post('/courses').send({ id: 'painting', organizationId: 'chaowai', name: '彩绘', category: 'art' }).expect(201);
    for (const [id, date] of [['s1', '2024-03-04'], ['s2', '2024-03-11']]) {
      await http().post('/courses/painting/sessions').send({ id, date }).expect(201);
      await http().post(`/courses/painting/sessions/${id}/attendances`).send({ participantIds: ['w1', 'w2', 'w3'] }).expect(201);
    }
    await ledger.caughtUp();
  });
  afterAll(async () => {
    await ledger?.close();
  });

  async function sealedThrough(eventCount: number) {
    const deadline = Date.now() + 10_000;
    while ((await http().get('/audit/digest')).body.eventCount < eventCount) {
      if (Date.now() > deadline) throw new Error('the chain did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (await http().get('/audit/digest')).body;
  }

  it('publishes the figures with a receipt, once; a retry answers the same publication', async () => {
    const digest = await sealedThrough(10);
    const { body: published } = await http().post('/reports').send(report).expect(201);
    expect(published).toMatchObject({
      reportId: report.id,
      figures: [expect.objectContaining({ courseId: 'painting', sessions: 2, attendances: 6, distinctParticipants: 3 })],
      receipt: { position: digest.position, chainHash: digest.hash, eventCount: 10, projection: 'participation_v6', resultHash: expect.stringMatching(/^sha256:/) },
    });
    expect((await http().post('/reports').send(report).expect(200)).body).toEqual(published);
    expect((await http().get(`/reports/${report.id}`).expect(200)).body).toEqual(published);
    await ledger.caughtUp();
    expect((await http().get('/reports').expect(200)).body).toEqual([
      { reportId: report.id, title: report.title, query: 'courses', parameters: report.parameters, position: digest.position, publishedAt: expect.any(String), publishedBy: expect.any(String) },
    ]);
    await http()
      .post('/reports')
      .send({ ...report, parameters: { organizationId: 'chaowai' } })
      .expect(409);
  });

  it('reproduces the report as published, and beside it the report as restated by a later correction', async () => {
    const { body: before } = await http().get(`/reports/${report.id}/reproduce`).expect(200);
    expect(before).toMatchObject({ reproduced: true, differences: [], changesSince: [] });

    // A correction outside the report's scope (another union's course) explains nothing in it.
    await http().post('/organizations').send({ id: 'jianwai', name: '建外街道', level: 'street' }).expect(201);
    await http().post('/courses').send({ id: 'chess', organizationId: 'jianwai', name: '象棋', category: 'games' }).expect(201);
    await http().post('/courses/chess/sessions').send({ id: 'c1', date: '2024-03-05' }).expect(201);
    await http().post('/courses/chess/sessions/c1/attendances').send({ participantIds: ['j1'] }).expect(201);
    await http().post('/courses/chess/sessions/c1/attendances/j1/void').send({ reason: 'wrong session' }).expect(201);

    await http().post('/courses/painting/sessions/s2/attendances/w3/void').send({ reason: 'signed in for a colleague' }).expect(201);
    await ledger.caughtUp();
    const { body: after } = await http().get(`/reports/${report.id}/reproduce`).expect(200);
    expect(after.reproduced).toBe(true); // the events up to the receipt's position still give the published figures
    expect(after.asPublished).toEqual(before.asPublished);
    expect(after.differences).toEqual([
      { path: '[0].attendances', asPublished: 6, asRestated: 5 },
      expect.objectContaining({ path: '[0].averageAttendance' }),
    ]);
    expect(after.changesSince).toEqual([
      expect.objectContaining({ kind: 'correction', type: 'AttendanceVoided', streamName: 'course_session-painting/s2', data: expect.objectContaining({ participantId: 'w3' }) }),
    ]);
  });

  it('marks corrections recorded after the period was closed as restatements of it', async () => {
    await http().post('/periods').send({ organizationId: 'chaowai', period: '2024-03' }).expect(201);
    await http().post('/periods').send({ organizationId: 'chaowai', period: '2024-03' }).expect(200); // a retry
    await http().post('/courses/painting/sessions/s1/attendances/w1/void').send({ reason: 'recorded at the wrong session' }).expect(201);
    await ledger.caughtUp();

    const { body } = await http().get(`/reports/${report.id}/reproduce`).expect(200);
    expect(body).toMatchObject({ reproduced: true, restatement: true });
    expect(body.closedPeriods).toEqual([expect.objectContaining({ organizationId: 'chaowai', period: '2024-03', closedBy: expect.any(String) })]);
    // The void before the closing corrected an open period; the one after restates the closed one.
    expect(body.changesSince.map((c: { data: { participantId: string }; restates: unknown[] }) => [c.data.participantId, c.restates])).toEqual([
      ['w3', []],
      ['w1', [{ organizationId: 'chaowai', period: '2024-03' }]],
    ]);
    expect(body.differences[0]).toEqual({ path: '[0].attendances', asPublished: 6, asRestated: 4 });
  });

  it('refuses to close a period that has not ended, or is not a period', async () => {
    expect((await http().post('/periods').send({ organizationId: 'chaowai', period: '2025' }).expect(422)).body.details).toEqual([
      { field: 'period', rule: 'hasEnded' },
    ]);
    expect((await http().post('/periods').send({ organizationId: 'chaowai', period: '2024-13' }).expect(400)).body.details).toEqual([
      expect.objectContaining({ field: 'period' }),
    ]);
    await http().post('/periods').send({ organizationId: 'nowhere', period: '2024' }).expect(422);
  });

  it('`ledger reproduce` exits 0 for a reproduced report and lists what changed; `ledger stats` prints the figures', async () => {
    await ledger.app.listen(0, '127.0.0.1');
    const client = new LedgerClient(`http://127.0.0.1:${(ledger.app.getHttpServer().address() as AddressInfo).port}`, { token: TEST_ADMIN_TOKEN });
    const lines: string[] = [];
    expect(await reproduce(client, report.id, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^reproduced: the events up to \d+ give the published figures/),
        '  [0].attendances: published 6, now 4',
        expect.stringMatching(/^  correction at \S+: AttendanceVoided in course_session-painting\/s1 \(restates closed chaowai 2024-03\)$/),
      ]),
    );
    await expect(reproduce(client, 'never-published', () => undefined)).rejects.toThrow(/404/);

    const tables: object[] = [];
    await printStats(client, { organization: 'chaowai', from: '2024-01-01', to: '2024-12-31' }, (rows) => tables.push(rows), () => undefined);
    expect(tables[0]).toMatchObject({ courseSessions: 2, attendances: 4, distinctParticipants: 3 });
    expect(tables[1]).toEqual([expect.objectContaining({ courseId: 'painting', sessions: 2, attendances: 4 })]);

    const rebuilt: string[] = [];
    await runRebuild(client, 'participation_v6', (line) => rebuilt.push(line));
    expect(rebuilt).toEqual([
      'rebuilding participation_v6 into generation 2 ...',
      expect.stringMatching(/^participation_v6 generation 2 serves now/),
      "no published report's figures changed with the rebuild (1 checked)",
    ]);
  });

  it('refuses bad reports, naming the field, and an unknown report with 404', async () => {
    const refused = async (body: object, status: number) => (await http().post('/reports').send(body).expect(status)).body.details;
    expect(await refused({ ...report, id: 'r2', query: 'everything' }, 400)).toEqual([expect.objectContaining({ field: 'query' })]);
    const badParameter = await refused({ ...report, id: 'r2', parameters: { regularMin: 'many' } }, 400);
    expect(badParameter.map((d: { field: string }) => d.field)).toEqual(['parameters.regularMin', 'parameters.regularMin', 'parameters.regularMin']);
    expect(await refused({ ...report, id: 'r2', parameters: { organizationId: 7 } }, 400)).toEqual([{ field: 'parameters.organizationId', rule: 'isString' }]);
    expect(await refused({ ...report, id: 'r2', parameters: { asOf: '3' } }, 400)).toEqual([{ field: 'parameters.asOf', rule: 'notAllowed' }]);
    expect(await refused({ ...report, id: 'r2', parameters: { organizationId: 'nowhere' } }, 422)).toEqual([{ field: 'parameters', rule: 'exists' }]);
    await http().get('/reports/never-published/reproduce').expect(404);
  });
});
