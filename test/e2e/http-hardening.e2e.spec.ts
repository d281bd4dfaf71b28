import { Server } from 'node:http';
import request from 'supertest';
import { startTestLedger, TestLedger } from '../support/ledger-app';

/** Security headers on every answer, no cross-origin access unless configured, and bounded request time. */
describe('HTTP hardening', () => {
  let ledger: TestLedger;
  let open: TestLedger;
  const allowed = 'https://ledger.example.org';

  beforeAll(async () => {
    ledger = await startTestLedger({ config: { requestTimeoutMs: 12_000 } });
    open = await startTestLedger({ config: { corsOrigins: [allowed] } });
  });
  afterAll(async () => {
    await ledger?.close();
    await open?.close();
  });

  it('sends security headers and no X-Powered-By, on answers and on errors', async () => {
    for (const response of [await ledger.http.get('/health'), await ledger.http.post('/organizations').send({})]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.any(String),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      expect(response.headers).not.toHaveProperty('x-powered-by');
    }
    expect((await ledger.http.post('/organizations').send({})).body).not.toHaveProperty('stack');
  });

  it('still serves the OpenAPI page under its content security policy: scripts from its own origin only', async () => {
    const page = await ledger.http.get('/docs/').expect(200);
    const inlineScripts = [...page.text.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter(([, body]) => body.trim() !== '');
    expect(inlineScripts).toEqual([]);
  });

  it('allows no cross-origin access by default', async () => {
    const preflight = await ledger.http
      .options('/meals')
      .set('Origin', allowed)
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    expect((await ledger.http.get('/health').set('Origin', allowed)).headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('allows the configured origins, and only those', async () => {
    const http = () => request(open.app.getHttpServer());
    const preflight = await http().options('/meals').set('Origin', allowed).set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
    const answer = await http().get('/health').set('Origin', allowed);
    expect(answer.headers['access-control-allow-origin']).toBe(allowed);
    expect(answer.headers['access-control-expose-headers']).toContain('X-Correlation-Id');
    expect((await http().get('/health').set('Origin', 'https://elsewhere.example')).headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('bounds the time a client may take to send its request', () => {
    const server = ledger.app.getHttpServer() as Server;
    expect(server.requestTimeout).toBe(12_000);
    expect(server.headersTimeout).toBe(4_000);
  });

  describe('bodies the fuzz run found answered wrongly, each now refused with a 4xx naming the rule', () => {
    const post = (body: string | Buffer, headers: Record<string, string> = {}) => {
      let call = ledger.http.post('/organizations').set('content-type', 'application/json');
      for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
      // As bytes: superagent would otherwise serialise a Buffer as JSON ({"type":"Buffer",...}).
      return call.serialize((raw: unknown) => raw as string).send(body as string);
    };
    const refused = async (response: { status: number; body: { details: unknown } }, status: number, field: string, rule: string) => {
      expect({ status: response.status, details: response.body.details }).toEqual({ status, details: [{ field, rule }] });
    };

    it('a body that claims gzip but is not', async () => {
      const before = await ledger.headPosition();
      await refused(await post('{"id":"x"}', { 'content-encoding': 'gzip' }), 400, 'body', 'readable');
      expect(await ledger.headPosition()).toBe(before);
    });

    it('a body nested 1,500 levels deep', async () => {
      await refused(await post(`{"id":${'['.repeat(1500)}${']'.repeat(1500)}}`), 400, `id${'[0]'.repeat(31)}`, 'maxDepth');
    });

    it('invalid UTF-8 bytes, a lone surrogate, and a charset other than UTF-8', async () => {
      await refused(await post(Buffer.from([...Buffer.from('{"id":"a'), 0xff, ...Buffer.from('b","name":"n","level":"street"}')])), 400, 'body', 'isUtf8');
      await refused(await post('{"id":"ok","name":"a\\ud800b","level":"street"}'), 400, 'name', 'isWellFormedText');
      await refused(await post('{"id":"x"}', { 'content-type': 'application/json; charset=utf-16' }), 415, 'body', 'isUtf8');
    });

    it('object machinery keys in a free map, and inherited member names in a query string', async () => {
      const report = { id: 'r1', title: 'T', query: 'courses', parameters: { organizationId: 'x', constructor: null } };
      const answer = await ledger.http.post('/reports').set('content-type', 'application/json').send(JSON.stringify(report));
      await refused(answer, 400, 'parameters.constructor', 'unknownField');
      const query = await ledger.http.get('/projections/courses').query({ toString: 'x' });
      expect(query.status).toBe(400);
      expect(query.body.details).toEqual([{ field: 'toString', rule: 'unknownField' }]);
    });
  });
});
