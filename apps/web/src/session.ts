import { call } from './api/client';
import { IssuedToken, Principal } from './api/types';

/**
 * Who is signed in on this device. The token and the principal are kept in localStorage, so that
 * a tablet that reloads the page at an event with no connection still knows who records.
 */
export interface Session {
  readonly token: string;
  readonly principal: Principal;
}

const STORAGE_KEY = 'ledger.session';

export function storedSession(): Session | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return stored && typeof stored.token === 'string' && stored.principal ? stored : undefined;
  } catch {
    return undefined;
  }
}

function keep(session: Session): Session {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function forgetSession(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** Asks the ledger who the token is; a refused token throws ApiError 401. */
export async function signInWithToken(token: string): Promise<Session> {
  const principal = await call<Principal>('/auth/me', { token });
  return keep({ token, principal });
}

/** Trades a one-time device code for a token of its own. */
export async function signInWithDeviceCode(code: string): Promise<Session> {
  const { token, id, role, organizationId, label, expiresAt } = await call<IssuedToken>('/auth/device-codes/redeem', {
    method: 'POST',
    body: { code },
  });
  return keep({ token, principal: { id, role, organizationId, label, expiresAt } });
}

/** Who records at the door, as the API decides it: the app only hides what would be refused anyway. */
export const mayRecord = (principal: Principal) => principal.role === 'staff' || principal.role === 'admin';
