import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { call } from './api/client';
import { useApp } from './app-context';

export type Answer<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'answered'; readonly value: T }
  | { readonly state: 'failed'; readonly error: unknown };

/**
 * GETs `path` with the session's token, again whenever `path` changes; undefined asks nothing.
 * An answer that arrives after the page moved on is dropped, so a slow reply never overwrites a newer one.
 * A reload keeps showing the last answer until the new one arrives.
 */
export function useAnswer<T>(path: string | undefined): Answer<T> & { reload(): void } {
  const { session } = useApp();
  const [answer, setAnswer] = useState<Answer<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const asked = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (path === undefined) return;
    const aborter = new AbortController();
    if (asked.current !== path) setAnswer({ state: 'loading' });
    asked.current = path;
    call<T>(path, { token: session.token, signal: aborter.signal }).then(
      (value) => !aborter.signal.aborted && setAnswer({ state: 'answered', value }),
      (error: unknown) => !aborter.signal.aborted && setAnswer({ state: 'failed', error }),
    );
    return () => aborter.abort();
  }, [path, session.token, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...answer, reload };
}

/** Several answers at once: answered when all are, failed as soon as one fails. */
export function allOf<T extends readonly unknown[]>(...answers: { [K in keyof T]: Answer<T[K]> }): Answer<T> {
  const failed = answers.find((answer) => answer.state === 'failed');
  if (failed) return failed as Answer<T>;
  if (answers.some((answer) => answer.state === 'loading')) return { state: 'loading' };
  return { state: 'answered', value: answers.map((answer) => (answer as { value: unknown }).value) as unknown as T };
}
