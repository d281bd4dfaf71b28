import { Client } from 'pg';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';
import { startTestLedger, TestLedger } from '../support/ledger-app';
import { createTestDatabase, TestDatabase } from '../support/postgres';

/**
 * EventStoreDB goes away under a running API: /health says the store is unreachable, writes answer
 * 503 with the ledger's JSON error (not 500) and record nothing, queries go on from the read
 * models. When the server is back, the same write succeeds and the projection resumes from its
 * checkpoint, counting it once.
 */
describe('the API while EventStoreDB is down', () => {
  let esdb: EsdbTestServer;
  let ledger: TestLedger;
  const http = () => ledger.http;
  const attend = (participantIds: string[], key: string) =>
    http().post('/courses/outage-yoga/sessions/s1/attendances').set('Idempotency-Key', key).send({ participantIds });

  beforeAll(async () => {
    esdb = await startEsdbTestServer();
    ledger = await startTestLedger({ config: { store: { kind: 'eventstoredb', connectionString: esdb.connectionString } } });
    await http().post('/organizations').send({ id: 'outage-union', name: 'Outage union', level: 'street' }).expect(201);
    await http().post('/courses').send({ id: 'outage-yoga', organizationId: 'outage-union', name: 'Yoga', category: 'sport' }).expect(201);
    await http().post('/courses/outage-yoga/sessions').send({ id: 's1', date: '2024-05-01' }).expect(201);
    await attend(['w1', 'w2'], 'before').expect(201);
  });
  afterAll(async () => {
    await ledger?.close();
    await esdb?.stop();
  });

  async function attendances(): Promise<number> {
    const { body } = await http().get('/projections/organizations/outage-union').expect(200);
    return body.attendances;
  }

  async function eventually(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports the store unreachable, answers writes 503, keeps answering queries, and recovers', async () => {
    await eventually(async () => (await attendances()) === 2);
    await http().get('/health').expect(200).expect((res) => expect(res.body.store.reachable).toBe(true));

    await esdb.stop();
    const health = await http().get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'unavailable', ready: false, store: { reachable: false } });

    const refused = await attend(['w3'], 'during').expect(503);
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(typeof refused.body.message).toBe('string');
    expect(await attendances()).toBe(2); // the read models still answer

    await esdb.restart();
    await eventually(async () => (await http().get('/health')).status === 200);
    await attend(['w3'], 'during').expect(201); // the same request, its key not spent by the 503
    await eventually(async () => (await attendances()) === 3);
    await attend(['w3'], 'during').expect(201).expect('Idempotent-Replayed', 'true');
    expect(await attendances()).toBe(3);
  });
});

/** PostgreSQL refuses connections under a running API: /health names the read models, not the log. */
describe('the API while PostgreSQL is unreachable', () => {
  let database: TestDatabase;
  let ledger: TestLedger;

  beforeAll(async () => {
    database = await createTestDatabase('read_model_outage');
    ledger = await startTestLedger({ config: { readModel: { kind: 'postgres', databaseUrl: database.url } } });
  });
  afterAll(async () => {
    await ledger?.close();
    await setConnectionLimit(-1);
    await database?.drop();
  });

  /** CONNECTION LIMIT 0 and the open sessions ended: what a PostgreSQL gone away looks like to the pool. */
  async function setConnectionLimit(limit: number) {
    const admin = new Client({ connectionString: database.url.replace(`/${database.name}`, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database.name} CONNECTION LIMIT ${limit}`);
      if (limit === 0) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]);
      }
    } finally {
      await admin.end();
    }
  }

  it('answers /health and writes that need the read models 503, and 200 again once PostgreSQL is back', async () => {
    const http = () => ledger.http;
    await http().get('/health').expect(200).expect((res) => expect(res.body.readModels).toEqual({ reachable: true }));

    await setConnectionLimit(0);
    const health = await http().get('/health').expect(503);
    expect(health.body).toMatchObject({ ready: false, store: { reachable: true }, readModels: { reachable: false } });
    // A write with an Idempotency-Key needs the read models (the key's answer lives there): 503, not 500.
    const write = await http()
      .post('/organizations')
      .set('Idempotency-Key', 'during-outage')
      .send({ id: 'outage-org', name: 'Outage', level: 'street' })
      .expect(503);
    expect(write.body.details).toEqual([{ field: 'body', rule: 'readModelsAvailable' }]);

    await setConnectionLimit(-1);
    const deadline = Date.now() + 10_000;
    while ((await http().get('/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('/health did not recover');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
