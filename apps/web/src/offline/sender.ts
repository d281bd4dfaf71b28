import { ApiError, call } from '../api/client';
import { Entry } from './entries';
import { entries, settle } from './outbox';

/** How often waiting entries are tried again while the connection seems down. */
export const RETRY_MS = 5000;

let sending: Promise<void> | undefined;

/**
 * Sends the waiting entries in the order they were made, one at a time, each with its own
 * Idempotency-Key: an entry whose answer was lost is sent again and the ledger records it once.
 * Stops at the first that gets no answer (offline, server down, rate-limited, token refused) and
 * leaves it and those after it waiting; an entry the ledger refuses (4xx) is marked refused and not sent again.
 * One sending at a time: a call while one runs joins it.
 */
export function sendWaiting(token: string): Promise<void> {
  sending ??= sendInOrder(token).finally(() => (sending = undefined));
  return sending;
}

async function sendInOrder(token: string): Promise<void> {
  for (const entry of (await entries()).filter((e) => e.state === 'pending')) {
    try {
      await call(entry.path, { method: 'POST', body: entry.body, idempotencyKey: entry.key, token });
      await settle(entry, 'sent');
    } catch (error) {
      if (error instanceof ApiError && alreadyThere(entry, error)) await settle(entry, 'sent');
      // A 401 is about the token, not the entry: it waits for the next sign-in.
      else if (error instanceof ApiError && error.final && error.status !== 401) await settle(entry, 'refused', error.message);
      else return;
    }
  }
}

/** Opening today's session when someone already has: the session is there, which is what was asked. */
function alreadyThere(entry: Entry, error: ApiError): boolean {
  return entry.action === 'open' && error.status === 409;
}
