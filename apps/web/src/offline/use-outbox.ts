import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { Entry } from './entries';
import { entries, onOutboxChange } from './outbox';
import { RETRY_MS, sendWaiting } from './sender';

/**
 * The device's entries, kept current, and sent whenever there is something waiting: at once when
 * an entry is made or the connection returns, and every RETRY_MS while anything waits (a browser
 * may think it is online when the ledger cannot be reached).
 */
export function useOutbox(): readonly Entry[] {
  const { session, online } = useApp();
  const [all, setAll] = useState<readonly Entry[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void entries().then((found) => live && setAll(found));
    load();
    const unsubscribe = onOutboxChange(load);
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  const waiting = all.some((entry) => entry.state === 'pending');
  useEffect(() => {
    if (!waiting) return;
    if (online) void sendWaiting(session.token);
    const timer = setInterval(() => void sendWaiting(session.token), RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, online, session.token]);
  return all;
}
