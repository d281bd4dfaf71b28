import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken } from '../../libs/access/src/token';
import { bearer, startTestLedger, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';
import { createTestDatabase, TestDatabase } from '../support/postgres';

/**
 * Tokens over HTTP: issued by admins within their scope and shown once, revoked and expired ones
 * refused at once on every instance sharing the registry, the first start's bootstrap token, and
 * the write rate limit per principal.
 */
describe('access tokens', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger();
    await ledger.http.post('/organizations').send({ id: 'beijing', name: '北京市总工会', level: 'federation' }).expect(201);
    await ledger.http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' }).expect(201);
    await ledger.http.post('/organizations').send({ id: 'haidian', name: '海淀区总工会', level: 'district', parentId: 'beijing' }).expect(201);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('issues a token once: the answer holds it, the list never does, and an Idempotency-Key is refused', async () => {
    const { body: issued } = await ledger.http.post('/admin/tokens').send({ role: 'analyst', organizationId: 'chaoyang', label: 'district office' }).expect(201);
    expect(issued).toEqual({
      id: expect.stringMatching(/^tok-[0-9a-f]{12}$/),
      token: expect.stringMatching(/^ledger_[A-Za-z0-9_-]{43}$/),
      role: 'analyst',
      organizationId: 'chaoyang',
      label: 'district office',
      createdAt: expect.any(String),
      createdBy: 'env-bootstrap',
    });
    const { body: list } = await ledger.http.get('/admin/tokens').expect(200);
    expect(list.tokens).toContainEqual({ ...issued, token: undefined });
    expect(JSON.stringify(list)).not.toContain(issued.token);
    await ledger.anonymous.get('/projections/organizations/chaoyang').set('Authorization', bearer(issued.token)).expect(200);

    const keyed = await ledger.http.post('/admin/tokens').set('Idempotency-Key', 'k1').send({ role: 'staff', organizationId: 'chaoyang' }).expect(400);
    expect(keyed.body.details).toEqual([{ field: 'Idempotency-Key', rule: 'notAccepted' }]);
  });

  it('refuses bad requests for tokens, naming the field', async () => {
    const refused = async (body: object, field: string, rule: string, status = 400) => {
      const res = await ledger.http.post('/admin/tokens').send(body).expect(status);
      expect(res.body.details).toContainEqual({ field, rule });
    };
    await refused({ role: 'clerk', organizationId: 'chaoyang' }, 'role', 'isIn');
    await refused({ role: 'staff' }, 'organizationId', 'isLedgerId');
    await refused({ role: 'staff', organizationId: 'chaoyang', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', 'isFutureInstant');
    await refused({ role: 'staff', organizationId: 'chaoyang', expiresAt: '2099-01-01' }, 'expiresAt', 'isFutureInstant');
    await refused({ role: 'staff', organizationId: 'nowhere' }, 'organizationId', 'exists', 422);
    await ledger.http.delete('/admin/tokens/tok-000000000000').expect(404);
  });

  it('lets an admin issue and revoke tokens within its scope only, and list only those', async () => {
    const districtAdmin = await ledger.issueToken('admin', 'chaoyang');
    const as = (path: string) => ledger.anonymous.post(path).set('Authorization', bearer(districtAdmin.token));
    const inside = await as('/admin/tokens').send({ role: 'staff', organizationId: 'chaoyang' }).expect(201);
    for (const organizationId of ['haidian', null]) {
      const res = await as('/admin/tokens').send({ role: 'staff', organizationId }).expect(403);
      expect(res.body.details).toEqual([{ field: 'organizationId', rule: 'scope' }]);
    }
    const outside = await ledger.issueToken('staff', 'haidian');
    await ledger.anonymous.delete(`/admin/tokens/${outside.id}`).set('Authorization', bearer(districtAdmin.token)).expect(403);
    const { body } = await ledger.anonymous.get('/admin/tokens').set('Authorization', bearer(districtAdmin.token)).expect(200);
    expect(body.tokens.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([districtAdmin.id, inside.body.id]));
    expect(body.tokens.every((t: { organizationId: string | null }) => t.organizationId === 'chaoyang')).toBe(true);
    await ledger.anonymous.delete(`/admin/tokens/${inside.body.id}`).set('Authorization', bearer(districtAdmin.token)).expect(200);
  });

  it('refuses an expired token the moment it expires', async () => {
    const expiresAt = new Date(Date.now() + 1_000).toISOString();
    const { token } = await ledger.issueToken('analyst', null, { expiresAt });
    await ledger.anonymous.get('/projections/status').set('Authorization', bearer(token)).expect(200);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 20));
    const res = await ledger.anonymous.get('/projections/status').set('Authorization', bearer(token)).expect(401);
    expect(res.body.details).toEqual([{ field: 'Authorization', rule: 'tokenExpired' }]);
  });
});

describe('a revoked token on every instance sharing the registry', () => {
  let database: TestDatabase;
  const instances: TestLedger[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('tokens_instances');
    for (let i = 0; i < 2; i++) instances.push(await startTestLedger({ config: { readModel: { kind: 'postgres', databaseUrl: database.url } } }));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await database?.drop();
  });

  it('stops working at once on both, whichever revoked it', async () => {
    const [a, b] = instances;
    const { id, token } = await a.issueToken('analyst', null);
    for (const instance of instances) await instance.anonymous.get('/projections/status').set('Authorization', bearer(token)).expect(200);
    await b.http.delete(`/admin/tokens/${id}`).expect(200);
    for (const instance of instances) {
      const res = await instance.anonymous.get('/projections/status').set('Authorization', bearer(token)).expect(401);
      expect(res.body.details).toEqual([{ field: 'Authorization', rule: 'tokenRevoked' }]);
    }
  });
});

describe('the bootstrap admin token', () => {
  it('is printed on the first start only, works as an admin scoped to every organisation, and is kept only as a hash', async () => {
    const notices: string[] = [];
    const first = await startTestLedger({ config: { bootstrapToken: undefined }, notice: (text) => notices.push(text) });
    const dataDir = first.dataDir;
    try {
      expect(notices).toHaveLength(1);
      const token = /ledger_[A-Za-z0-9_-]{43}/.exec(notices[0])?.[0];
      expect(token).toBeDefined();
      await first.anonymous.post('/organizations').set('Authorization', bearer(token!)).send({ id: 'beijing', name: '北京', level: 'federation' }).expect(201);
      const { body } = await first.anonymous.get('/admin/tokens').set('Authorization', bearer(token!)).expect(200);
      expect(body.tokens).toEqual([expect.objectContaining({ id: 'tok-bootstrap', role: 'admin', organizationId: null })]);
      // The test admin secret is not configured on this ledger: it is just an unknown token.
      await first.anonymous.get('/admin/tokens').set('Authorization', bearer(TEST_ADMIN_TOKEN)).expect(401);
      await first.app.close();
      const registry = readFileSync(join(dataDir, 'access.sqlite'));
      expect(registry.includes(Buffer.from(token!))).toBe(false);
      expect(registry.includes(Buffer.from(hashToken(token!)))).toBe(true);

      const second = await startTestLedger({ config: { bootstrapToken: undefined, dataDir }, notice: (text) => notices.push(text) });
      await second.anonymous.get('/admin/tokens').set('Authorization', bearer(token!)).expect(200);
      await second.close();
      expect(notices).toHaveLength(1);
    } finally {
      await first.close().catch(() => undefined);
    }
  });
});

describe('the write rate limit', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger({ config: { writeRateLimit: { perSecond: 1, burst: 3 } } });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('answers 429 with Retry-After once a principal has spent its burst, records nothing, and limits each principal on its own', async () => {
    for (const id of ['a', 'b', 'c']) await ledger.http.post('/organizations').send({ id, name: id, level: 'federation' }).expect(201);
    const head = await ledger.headPosition();
    const limited = await ledger.http.post('/organizations').send({ id: 'd', name: 'd', level: 'federation' }).expect(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({ statusCode: 429, details: [{ field: 'Authorization', rule: 'writeRate' }] });
    expect(await ledger.headPosition()).toBe(head);
    // Reads are not limited; another principal has its own burst.
    await ledger.http.get('/organizations/a').expect(200);
    // Issuing a token is a write too: the test admin is still limited until its bucket refills.
    await ledger.http.post('/admin/tokens').send({ role: 'admin', organizationId: null }).expect(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { token } = await ledger.issueToken('admin', null);
    await ledger.anonymous.post('/organizations').set('Authorization', bearer(token)).send({ id: 'd', name: 'd', level: 'federation' }).expect(201);
  });
});
