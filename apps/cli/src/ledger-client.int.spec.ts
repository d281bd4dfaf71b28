import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { LedgerApiError, LedgerClient, retryAfterMs } from './ledger-client';

/** The client against a small HTTP server that records what it was sent and answers as told. */
describe('LedgerClient over HTTP', () => {
  let server: Server;
  let baseUrl: string;
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }> = [];
  let answers: Array<{ status: number; body?: string; headers?: Record<string, string> }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers });
      request.resume();
      const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    answers = [];
  });

  it('sends the bearer token with every request, GET and DELETE too, and no X-Actor', async () => {
    const client = new LedgerClient(baseUrl, { token: 'ledger_abc' });
    await client.get('/projections/status', { organizationId: 'chaowai', asOf: undefined });
    await client.post('/meals', { id: 'm1' }, 'key-1');
    await client.delete('/admin/tokens/tok-1');
    await (await client.open('/audit/export', { types: 'MealServed' })).text();
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /projections/status?organizationId=chaowai',
      'POST /meals',
      'DELETE /admin/tokens/tok-1',
      'GET /audit/export?types=MealServed',
    ]);
    for (const { headers } of received) {
      expect(headers.authorization).toBe('Bearer ledger_abc');
      expect(headers['x-actor']).toBeUndefined();
    }
    expect(received[1].headers['idempotency-key']).toBe('key-1');
  });

  it('sends no Authorization without a token', async () => {
    await new LedgerClient(baseUrl).get('/health');
    expect(received[0].headers.authorization).toBeUndefined();
  });

  it('asks as another principal with withToken', async () => {
    await new LedgerClient(baseUrl, { token: 'ledger_admin' }).withToken('ledger_staff').get('/health');
    expect(received[0].headers.authorization).toBe('Bearer ledger_staff');
  });

  it('keeps the status and the body in the error', async () => {
    const body = { statusCode: 403, error: 'Forbidden', message: 'a analyst may not record', details: [{ field: 'role', rule: 'role' }] };
    answers = [{ status: 403, body: JSON.stringify(body) }];
    const error = await new LedgerClient(baseUrl, { token: 't' }).post('/meals', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerApiError);
    expect((error as LedgerApiError).status).toBe(403);
    expect((error as LedgerApiError).body).toEqual(body);
    expect((error as Error).message).toBe(`POST /meals answered 403: ${JSON.stringify(body)}`);
  });

  it('keeps a body that is not JSON as text', async () => {
    answers = [{ status: 502, body: 'Bad Gateway' }];
    await expect(new LedgerClient(baseUrl, { token: 't' }).get('/health')).rejects.toThrow('GET /health answered 502: Bad Gateway');
  });

  it('names the API and the cause when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(new LedgerClient(url).get('/projections/status')).rejects.toThrow(
      new RegExp(`^the ledger API at ${url}/? did not answer \\(connect ECONNREFUSED [^)]+\\): is it running`),
    );
  });

  it('waits out a 429 as Retry-After says, and sends the same request again', async () => {
    answers = [{ status: 429, body: '{}', headers: { 'retry-after': '0' } }, { status: 201, body: '{"id":"m1"}' }];
    const answer = await new LedgerClient(baseUrl, { token: 't' }).post('/meals', { id: 'm1' }, 'key-1');
    expect(answer).toEqual({ status: 201, body: { id: 'm1' }, replayed: false });
    expect(received).toHaveLength(2);
    expect(received[1].headers['idempotency-key']).toBe('key-1');
  });

  it('answers the 429 when waiting would take longer than it may', async () => {
    answers = [{ status: 429, body: '{"message":"too many writes"}', headers: { 'retry-after': '5' } }];
    await expect(new LedgerClient(baseUrl, { token: 't', rateLimitWaitMs: 1_000 }).post('/meals', {})).rejects.toThrow(/answered 429/);
    expect(received).toHaveLength(1);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-03-01T00:00:00Z');

  it('reads seconds or an HTTP date, and waits a second when the header says nothing usable', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Sat, 01 Mar 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Fri, 28 Feb 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(1_000);
    expect(retryAfterMs('soon', now)).toBe(1_000);
  });
});
