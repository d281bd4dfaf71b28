import { AddressInfo } from 'node:net';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { startEsdbTestServer, EsdbTestServer } from '../support/esdb-test-server';
import { startTestLedger, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';
import { createTestDatabase, TestDatabase } from '../support/postgres';

/**
 * The production profile, chosen by configuration alone: the log on EventStoreDB (here our gRPC
 * test server, spoken to by the real client) and read models on PostgreSQL. The seed gives the
 * same figures as on the embedded profile.
 */
describe('the seed on EventStoreDB and PostgreSQL', () => {
  let esdb: EsdbTestServer;
  let database: TestDatabase;
  let ledger: TestLedger;
  let client: LedgerClient;
  const year = { from: '2024-01-01', to: '2024-12-31' };

  beforeAll(async () => {
    esdb = await startEsdbTestServer();
    database = await createTestDatabase('production_profile');
    ledger = await startTestLedger({
      config: {
        store: { kind: 'eventstoredb', connectionString: esdb.connectionString },
        readModel: { kind: 'postgres', databaseUrl: database.url },
      },
    });
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    client = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
    await runDemo(client);
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
    await esdb?.stop();
  });

  it('gives the reported course, clinic, meal and member figures', async () => {
    const courses = await client.get<Array<Record<string, unknown>>>('/projections/courses', { organizationId: 'chaowai', ...year });
    expect(courses.map((c) => [c.courseId, c.sessions, c.attendances])).toEqual([
      ['chaowai-painting', 94, 1128],
      ['chaowai-yoga', 25, 375],
    ]);
    const beijing = await client.get<Record<string, unknown>>('/projections/organizations/beijing', year);
    expect(beijing).toMatchObject({
      courseSessions: 119,
      attendances: 1503,
      clinics: 7,
      workersServed: 220,
      meals: 900,
      membersJoined: 36,
      tripParticipants: 42,
      tripPersonDays: 168,
      programmeApplications: 12,
      programmeAdmissions: 9,
      multiServicePeople: 36,
    });
  });

  it('gives the same figures as the embedded profile, field for field', async () => {
    const embedded = await startTestLedger();
    try {
      await embedded.app.listen(0, '127.0.0.1');
      const { port } = embedded.app.getHttpServer().address() as AddressInfo;
      const local = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
      await runDemo(local);
      for (const path of ['/projections/organizations/beijing', '/projections/organizations/fengtai', '/projections/courses', '/projections/trips', '/projections/cooling', '/projections/programme', '/projections/frequency']) {
        const query = { ...year, ...(path.includes('organizations') ? {} : { organizationId: 'beijing' }) };
        expect({ path, body: await client.get(path, query) }).toEqual({ path, body: await local.get(path, query) });
      }
      expect(await client.get('/projections/targets', { organizationId: 'haidian', year: 2024 })).toEqual(
        await local.get('/projections/targets', { organizationId: 'haidian', year: 2024 }),
      );
    } finally {
      await embedded.close();
    }
  }, 120_000);

  it('reports the store position as an opaque string and the projection caught up', async () => {
    const status = await client.get<{ headPosition: string; projections: Array<{ lag: number }> }>('/projections/status');
    expect(status.headPosition).toMatch(/^\d+(:\d+)?$/);
    expect(status.projections.every((p) => p.lag === 0)).toBe(true);
  });
});
