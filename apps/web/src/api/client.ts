/**
 * The ledger's HTTP API, as the app calls it: same origin, the bearer token on every request, and
 * the ledger's error shape ({statusCode, message, details: [{field, rule}]}) turned into ApiError.
 */

export interface ErrorDetail {
  readonly field: string;
  readonly rule: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** A 4xx the same request would get again: retrying cannot help (429 and 408 can wait and retry). */
  get final(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The request never got an answer: no connection, or the server is down. */
export class Unreachable extends Error {}

export interface Request {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  /** Makes a POST safe to send again: the ledger answers a repeat with the first answer and records nothing. */
  readonly idempotencyKey?: string;
  readonly token?: string;
  readonly signal?: AbortSignal;
}

/** Called on every 401: the token stopped working (revoked or expired), so the user signs in again. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function call<Answer>(path: string, request: Request = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new Unreachable(error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return body as Answer;
  const { message, details } = (body ?? {}) as { message?: unknown; details?: unknown };
  const error = new ApiError(
    response.status,
    typeof message === 'string' ? message : response.statusText,
    Array.isArray(details) ? (details as ErrorDetail[]) : [],
  );
  if (response.status === 401 && request.token) onUnauthorized();
  throw error;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

/** A query string from the values that are set. */
export function query(values: Readonly<Record<string, string | number | boolean | undefined | null>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
