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
});
