export interface LedgerClientOptions {
  /**
   * The bearer token sent with every request (`Authorization: Bearer <token>`): who asks, with which
   * role and organisation scope. The API records its principal as the actor of what it writes.
   * Without one, only GET /health answers.
   */
  readonly token?: string;
  /**
   * How long one request keeps waiting out 429 answers (the API's write rate limit) before it gives
   * up; 0 answers the 429 at once. A 429 is answered before anything is recorded, so sending the
   * same request again is safe.
   */
  readonly rateLimitWaitMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/** An answer other than 2xx: its status and body stay in the message, and on the error for callers to look at. */
export class LedgerApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'LedgerApiError';
  }
}

/** A small HTTP client of the ledger's API, for the CLI and the demo. */
export class LedgerClient {
  private readonly token: string | undefined;
  private readonly rateLimitWaitMs: number;

  constructor(
    readonly baseUrl: string,
    options: LedgerClientOptions = {},
  ) {
    this.token = options.token;
    this.rateLimitWaitMs = options.rateLimitWaitMs ?? 120_000;
  }

  /** The same API, asked by another principal (e.g. the demo's staff of one organisation). */
  withToken(token: string): LedgerClient {
    return new LedgerClient(this.baseUrl, { token, rateLimitWaitMs: this.rateLimitWaitMs });
  }

  async post<T = unknown>(path: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: T; replayed: boolean }> {
    const response = await this.send('POST', new URL(path, this.baseUrl), {
      headers: { 'content-type': 'application/json', ...(idempotencyKey && { 'idempotency-key': idempotencyKey }) },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await answerBody(response)) as T,
      /** The answer kept for this Idempotency-Key: the request had been recorded before. */
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  }

  async get<T = unknown>(path: string, query: Query = {}): Promise<T> {
    return (await answerBody(await this.send('GET', withQuery(new URL(path, this.baseUrl), query)))) as T;
  }

  async delete<T = unknown>(path: string): Promise<T> {
    return (await answerBody(await this.send('DELETE', new URL(path, this.baseUrl)))) as T;
  }

  /** A GET whose answer is read as a stream (e.g. an export), not parsed: the caller reads the body. */
  async open(path: string, query: Query = {}, signal?: AbortSignal): Promise<Response> {
    return this.send('GET', withQuery(new URL(path, this.baseUrl), query), { signal });
  }

  /** Waits until the API answers /health, e.g. right after it was started. */
  async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.get('/health');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`the ledger at ${this.baseUrl} did not answer: ${String(error)}`);
        await sleep(250);
      }
    }
  }

  /** Waits until every projection has processed the whole log, so that reads show every write. */
  async waitForProjections(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.get<{ projections: Array<{ lag: number; rebuilding?: unknown }> }>('/projections/status');
      if (status.projections.every((p) => p.lag === 0)) return;
      if (Date.now() > deadline) throw new Error('projections did not catch up in time');
      await sleep(100);
    }
  }

  /**
   * Sends the request with the token, waits out 429s (as long as Retry-After says, within
   * rateLimitWaitMs in all), and answers the response when 2xx; anything else throws LedgerApiError.
   */
  private async send(method: string, url: URL, init: { headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<Response> {
    const headers = { ...init.headers, ...(this.token !== undefined && { authorization: `Bearer ${this.token}` }) };
    const giveUpAt = Date.now() + this.rateLimitWaitMs;
    for (;;) {
      const response = await fetch(url, { method, headers, body: init.body, signal: init.signal }).catch((error: unknown) => {
        if (init.signal?.aborted) throw error;
        // fetch says only "fetch failed": say which API, and the cause (ECONNREFUSED, ENOTFOUND ...).
        const cause = (error as { cause?: { message?: unknown } }).cause?.message ?? String(error);
        throw new Error(`the ledger API at ${this.baseUrl} did not answer (${cause}): is it running, and are --url and LEDGER_URL right?`);
      });
      if (response.ok) return response;
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      if (response.status !== 429 || Date.now() + wait > giveUpAt) {
        throw new LedgerApiError(method, url.pathname, response.status, await answerBody(response));
      }
      await response.body?.cancel();
      await sleep(wait);
    }
  }
}

/** How long a 429's Retry-After asks to wait (seconds or an HTTP date); a second when it says nothing usable. */
export function retryAfterMs(header: string | null, now: number): number {
  const fallback = 1_000;
  if (header === null || header.trim() === '') return fallback;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallback : Math.max(0, at - now);
}

/** The body as JSON, or as text when it is not JSON (a proxy's error page, say). */
async function answerBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function withQuery(url: URL, query: Query): URL {
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
