import { hashDeviceCode } from '../../libs/access/src/device-code';
import { TokenRegistry } from '../../libs/access/src/token-registry.port';
import { TOKEN_REGISTRY } from '../../apps/api/src/ledger.providers';
import { bearer, startTestLedger, TestLedger } from '../support/ledger-app';

/**
 * Device sign-in codes over HTTP: an admin issues a short one-time code within its scope, a tablet
 * redeems it, without a token, for a token of the code's organisation and role; a code works once
 * and for ten minutes; redemption attempts are limited per address. And GET /auth/me, which tells
 * a token who it is.
 */

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `iso` is `offsetMs` after some moment between `from` and `to` (the request's own), as Date#toISOString writes it. */
function expectOffset(iso: string, from: number, to: number, offsetMs: number): void {
  expect(new Date(Date.parse(iso)).toISOString()).toBe(iso);
  expect(Date.parse(iso)).toBeGreaterThanOrEqual(from + offsetMs);
  expect(Date.parse(iso)).toBeLessThanOrEqual(to + offsetMs);
}

describe('device sign-in codes', () => {
  let ledger: TestLedger;
  let districtAdmin: { id: string; token: string };
  // Redemptions that reach the ledger count against this process's 10 a minute from 127.0.0.1:
  // the tests in this block make fewer; the limit has a ledger of its own below.
  const redeem = (code: unknown) => ledger.anonymous.post('/auth/device-codes/redeem').send({ code });
  const asDistrictAdmin = () => ledger.anonymous.post('/admin/device-codes').set('Authorization', bearer(districtAdmin.token));
  const tokenIds = async () => ((await ledger.http.get('/admin/tokens').expect(200)).body.tokens as Array<{ id: string }>).map((t) => t.id);

  beforeAll(async () => {
    ledger = await startTestLedger();
    await ledger.http.post('/organizations').send({ id: 'beijing', name: '北京市总工会', level: 'federation' }).expect(201);
    await ledger.http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' }).expect(201);
    await ledger.http.post('/organizations').send({ id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' }).expect(201);
    await ledger.http.post('/organizations').send({ id: 'haidian', name: '海淀区总工会', level: 'district', parentId: 'beijing' }).expect(201);
    districtAdmin = await ledger.issueToken('admin', 'chaoyang');
  });
  afterAll(async () => {
    jest.useRealTimers();
    await ledger?.close();
  });

  it('lets an admin issue a code within its scope, which a tablet redeems once for a token of its organisation and role, until the token expires', async () => {
    const issuedFrom = Date.now();
    const { body: issued } = await asDistrictAdmin().send({ organizationId: 'chaowai', label: 'door tablet', validForHours: 8 }).expect(201);
    expect(issued).toEqual({ code: expect.stringMatching(CODE), expiresAt: expect.any(String), organizationId: 'chaowai', role: 'staff', label: 'door tablet' });
    expectOffset(issued.expiresAt, issuedFrom, Date.now(), 10 * MINUTE);

    // Typed loosely on the tablet: lower case, a space for the hyphen.
    const redeemedFrom = Date.now();
    const { body: redeemed } = await redeem(issued.code.toLowerCase().replace('-', ' ')).expect(201);
    expect(redeemed).toEqual({
      id: expect.stringMatching(/^tok-[0-9a-f]{12}$/),
      token: expect.stringMatching(/^ledger_[A-Za-z0-9_-]{43}$/),
      role: 'staff',
      organizationId: 'chaowai',
      label: 'device: door tablet',
      expiresAt: expect.any(String),
    });
    expectOffset(redeemed.expiresAt, redeemedFrom, Date.now(), 8 * HOUR);

    // A staff token of Chaowai, issued in the admin's name.
    const tablet = (request: ReturnType<TestLedger['anonymous']['get']>) => request.set('Authorization', bearer(redeemed.token));
    const { body: me } = await tablet(ledger.anonymous.get('/auth/me')).expect(200);
    expect(me).toEqual({ id: redeemed.id, role: 'staff', organizationId: 'chaowai', label: 'device: door tablet', expiresAt: redeemed.expiresAt });
    await tablet(ledger.anonymous.post('/members'))
      .send({ workerId: 'rider-0001', organizationId: 'chaowai', date: '2024-01-18', channel: 'online', category: 'new-form-worker' })
      .expect(201);
    await tablet(ledger.anonymous.get('/projections/organizations/chaowai')).expect(200);
    await tablet(ledger.anonymous.get('/projections/organizations/haidian')).expect(403);
    await tablet(ledger.anonymous.post('/admin/device-codes')).send({ organizationId: 'chaowai' }).expect(403);
    const { body: list } = await ledger.http.get('/admin/tokens').expect(200);
    expect(list.tokens).toContainEqual({
      id: redeemed.id,
      role: 'staff',
      organizationId: 'chaowai',
      label: 'device: door tablet',
      createdAt: expect.any(String),
      createdBy: districtAdmin.id,
      expiresAt: redeemed.expiresAt,
    });

    // Once only: the second redemption is refused, and issues nothing.
    const before = await tokenIds();
    const again = await redeem(issued.code).expect(401);
    expect(again.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), details: [{ field: 'code', rule: 'knownCode' }] });
    expect(await tokenIds()).toEqual(before);

    // The token stops at its expiry: the machine's clock moved there, nothing else.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(Date.parse(redeemed.expiresAt) - 1_000);
      await tablet(ledger.anonymous.get('/auth/me')).expect(200);
      jest.setSystemTime(Date.parse(redeemed.expiresAt));
      const expired = await tablet(ledger.anonymous.get('/auth/me')).expect(401);
      expect(expired.body.details).toEqual([{ field: 'Authorization', rule: 'tokenExpired' }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('issues a staff code for 12 hours by default, labels its token "device", and gives an analyst code an analyst token', async () => {
    const { body: plain } = await ledger.http.post('/admin/device-codes').send({ organizationId: 'chaowai' }).expect(201);
    expect(plain).toMatchObject({ role: 'staff', organizationId: 'chaowai', label: null });
    const from = Date.now();
    const { body: staff } = await redeem(plain.code).expect(201);
    expect(staff).toMatchObject({ role: 'staff', organizationId: 'chaowai', label: 'device' });
    expectOffset(staff.expiresAt, from, Date.now(), 12 * HOUR);

    const { body: reading } = await ledger.http.post('/admin/device-codes').send({ organizationId: 'chaoyang', role: 'analyst', label: '朝阳 office', validForHours: 168 }).expect(201);
    const { body: analyst } = await redeem(reading.code).expect(201);
    expect(analyst).toMatchObject({ role: 'analyst', organizationId: 'chaoyang', label: 'device: 朝阳 office' });
    await ledger.anonymous.get('/projections/organizations/chaowai').set('Authorization', bearer(analyst.token)).expect(200);
    const refused = await ledger.anonymous
      .post('/members')
      .set('Authorization', bearer(analyst.token))
      .send({ workerId: 'rider-0002', organizationId: 'chaowai', date: '2024-01-18', channel: 'online', category: 'new-form-worker' })
      .expect(403);
    expect(refused.body.details).toEqual([{ field: 'role', rule: 'role' }]);
  });

  it('refuses an unknown code, and a code past its ten minutes, with 401, issuing nothing', async () => {
    // A code that expires in a second, put in the registry directly: the API's codes live ten minutes.
    const registry = ledger.app.get<TokenRegistry>(TOKEN_REGISTRY);
    const now = Date.now();
    await registry.registerDeviceCode(
      { role: 'staff', organizationId: 'chaowai', validForHours: 12, createdAt: new Date(now).toISOString(), createdBy: districtAdmin.id, expiresAt: new Date(now + 1_000).toISOString() },
      hashDeviceCode('EXP1-RED0')!,
    );
    const before = await tokenIds();
    await new Promise((resolve) => setTimeout(resolve, now + 1_000 - Date.now() + 20));
    for (const code of ['EXP1-RED0', 'ZZZZ-ZZZZ']) {
      const res = await redeem(code).expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), details: [{ field: 'code', rule: 'knownCode' }] });
    }
    expect(await tokenIds()).toEqual(before);
  });

  it('gives one token when two tablets redeem one code at once', async () => {
    const { body: issued } = await ledger.http.post('/admin/device-codes').send({ organizationId: 'chaowai' }).expect(201);
    const answers = await Promise.all([redeem(issued.code), redeem(issued.code)]);
    expect(answers.map((res) => res.status).sort()).toEqual([201, 401]);
  });

  it('lets only an admin whose scope holds the organisation issue a code, and refuses bad requests naming the field', async () => {
    const outside = await asDistrictAdmin().send({ organizationId: 'haidian' }).expect(403);
    expect(outside.body.details).toEqual([{ field: 'organizationId', rule: 'scope' }]);
    const staff = await ledger.issueToken('staff', 'chaowai');
    const notAdmin = await ledger.anonymous.post('/admin/device-codes').set('Authorization', bearer(staff.token)).send({ organizationId: 'chaowai' }).expect(403);
    expect(notAdmin.body.details).toEqual([{ field: 'role', rule: 'role' }]);
    await ledger.anonymous.post('/admin/device-codes').send({ organizationId: 'chaowai' }).expect(401);

    const refused = async (body: object, field: string, rule: string, status = 400) => {
      const res = await asDistrictAdmin().send(body).expect(status);
      expect(res.body.details).toContainEqual({ field, rule });
    };
    await refused({}, 'organizationId', 'isLedgerId');
    await refused({ organizationId: null }, 'organizationId', 'isLedgerId');
    await refused({ organizationId: 'chaowai', role: 'admin' }, 'role', 'isIn');
    await refused({ organizationId: 'chaowai', role: 'auditor' }, 'role', 'isIn');
    await refused({ organizationId: 'chaowai', validForHours: 0 }, 'validForHours', 'min');
    await refused({ organizationId: 'chaowai', validForHours: 169 }, 'validForHours', 'max');
    await refused({ organizationId: 'chaowai', validForHours: 1.5 }, 'validForHours', 'isInt');
    await refused({ organizationId: 'chaowai', validForHours: '12' }, 'validForHours', 'isInt');
    await refused({ organizationId: 'chaowai', label: '  ' }, 'label', 'isText');
    await refused({ organizationId: 'chaowai', expiresAt: '2030-01-01T00:00:00Z' }, 'expiresAt', 'unknownField');
    // An organisation that does not exist is in no district's subtree; an admin of every organisation learns it does not exist.
    await refused({ organizationId: 'nowhere' }, 'organizationId', 'scope', 403);
    const unknown = await ledger.http.post('/admin/device-codes').send({ organizationId: 'nowhere' }).expect(422);
    expect(unknown.body.details).toEqual([{ field: 'organizationId', rule: 'exists' }]);
    const keyed = await asDistrictAdmin().set('Idempotency-Key', 'k1').send({ organizationId: 'chaowai' }).expect(400);
    expect(keyed.body.details).toEqual([{ field: 'Idempotency-Key', rule: 'notAccepted' }]);
  });

  it('reads a redemption body from anyone, up to a kilobyte, and refuses what is not a code before looking it up', async () => {
    const refused = async (send: () => ReturnType<TestLedger['anonymous']['post']>, status: number, field: string, rule: string) => {
      const res = await send().expect(status);
      expect(res.body).toMatchObject({ statusCode: status, details: expect.arrayContaining([{ field, rule }]) });
    };
    const post = () => ledger.anonymous.post('/auth/device-codes/redeem');
    await refused(() => post().send({}), 400, 'code', 'isDeviceCode');
    await refused(() => post().send({ code: 'K7QM-4TZ' }), 400, 'code', 'isDeviceCode');
    await refused(() => post().send({ code: 'K7QM-4TZU' }), 400, 'code', 'isDeviceCode');
    await refused(() => post().send({ code: 12345678 }), 400, 'code', 'isDeviceCode');
    await refused(() => post().send({ code: 'K7QM-4TZP', organizationId: 'beijing' }), 400, 'organizationId', 'unknownField');
    await refused(() => post().set('Content-Type', 'application/json').send('{"code":'), 400, 'body', 'isJson');
    await refused(() => post().send({ code: 'K7QM-4TZP', padding: 'x'.repeat(1_100) }), 413, 'body', 'maxBytes');
    await refused(() => post().set('Idempotency-Key', 'k1').send({ code: 'K7QM-4TZP' }), 400, 'Idempotency-Key', 'notAccepted');
    // The API's description says so too, for generated clients.
    expect((await ledger.http.get('/docs-json').expect(200)).body.paths['/auth/device-codes/redeem'].post.security).toEqual([]);
    // Every other route still refuses a request from nobody before reading its body: malformed JSON gets 401, not 400.
    const unread = await ledger.anonymous.post('/members').set('Content-Type', 'application/json').send('{"workerId":').expect(401);
    expect(unread.body.details).toEqual([{ field: 'Authorization', rule: 'bearerToken' }]);
  });

  it('tells a token who it is: GET /auth/me', async () => {
    expect((await ledger.http.get('/auth/me').expect(200)).body).toEqual({ id: 'env-bootstrap', role: 'admin', organizationId: null, label: null, expiresAt: null });
    const expiresAt = new Date(Date.now() + HOUR).toISOString();
    const labelled = await ledger.issueToken('auditor', 'haidian', { label: 'Haidian auditor', expiresAt });
    const { body: auditor } = await ledger.anonymous.get('/auth/me').set('Authorization', bearer(labelled.token)).expect(200);
    expect(auditor).toEqual({ id: labelled.id, role: 'auditor', organizationId: 'haidian', label: 'Haidian auditor', expiresAt });
    const plain = await ledger.issueToken('analyst', null);
    const { body: analyst } = await ledger.anonymous.get('/auth/me').set('Authorization', bearer(plain.token)).expect(200);
    expect(analyst).toEqual({ id: plain.id, role: 'analyst', organizationId: null, label: null, expiresAt: null });
    const nobody = await ledger.anonymous.get('/auth/me').expect(401);
    expect(nobody.body.details).toEqual([{ field: 'Authorization', rule: 'bearerToken' }]);
  });
});

describe('redemption attempts per address', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger();
    await ledger.http.post('/organizations').send({ id: 'beijing', name: '北京市总工会', level: 'federation' }).expect(201);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('answers 429 with Retry-After after 10 attempts, even for a good code, which then still works once the wait is over', async () => {
    const { body: issued } = await ledger.http.post('/admin/device-codes').send({ organizationId: 'beijing' }).expect(201);
    for (let i = 0; i < 10; i++) await ledger.anonymous.post('/auth/device-codes/redeem').send({ code: `WR0N-G00${i}` }).expect(401);
    const limited = await ledger.anonymous.post('/auth/device-codes/redeem').send({ code: issued.code }).expect(429);
    expect(limited.headers['retry-after']).toBe('6');
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String), details: [{ field: 'code', rule: 'redeemRate' }] });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await ledger.anonymous.post('/auth/device-codes/redeem').send({ code: issued.code }).expect(201);
  }, 20_000);
});
