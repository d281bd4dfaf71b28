/** A small HTTP client of the ledger's API, for the CLI and the demo. */
export class LedgerClient {
  constructor(
    readonly baseUrl: string,
    private readonly actor = 'ledger-cli',
  ) {}

  async post<T = unknown>(path: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: T; replayed: boolean }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-actor': this.actor,
        ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
    const answer = {
      status: response.status,
      body: (await response.json()) as T,
      /** The answer kept for this Idempotency-Key: the request had been recorded before. */
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
    if (response.status >= 300) {
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }

  async get<T = unknown>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}: ${JSON.stringify(body)}`);
    return body as T;
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
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
