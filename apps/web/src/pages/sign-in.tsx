import { useState } from 'preact/hooks';
import { ApiError, Unreachable } from '../api/client';
import { Texts } from '../i18n/language';
import { MessageKey } from '../i18n/zh-CN';
import { Session, signInWithDeviceCode, signInWithToken } from '../session';

/** The two ways in: a token typed (or pasted) once, or a one-time code an admin issued for this device. */
const SIGN_IN_WAYS = [
  {
    name: 'token',
    signIn: signInWithToken,
    input: { type: 'password', autoComplete: 'off' },
    label: 'signIn.token',
    help: 'signIn.tokenHelp',
    submit: 'signIn.submitToken',
    refused: 'signIn.tokenRefused',
  },
  {
    name: 'code',
    signIn: signInWithDeviceCode,
    input: { autoComplete: 'one-time-code', autoCapitalize: 'characters' },
    label: 'signIn.code',
    help: 'signIn.codeHelp',
    submit: 'signIn.submitCode',
    refused: 'signIn.codeRefused',
  },
] as const satisfies ReadonlyArray<{ name: string; signIn: (text: string) => Promise<Session>; label: MessageKey; help: MessageKey; submit: MessageKey; refused: MessageKey; input: object }>;

/** Signing in, with an access token or a one-time device code; it works before any session exists, so it takes its texts directly. */
export function SignInPage({ texts, ended, onSignedIn, languageSwitch }: {
  texts: Texts;
  ended: boolean;
  onSignedIn: (session: Session) => void;
  languageSwitch: preact.ComponentChildren;
}) {
  const { t } = texts;
  const [problem, setProblem] = useState<MessageKey | undefined>(ended ? 'signIn.ended' : undefined);
  const [busy, setBusy] = useState(false);
  const attempt = (how: () => Promise<Session>, refused: MessageKey) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await how());
    } catch (error) {
      setProblem(
        error instanceof Unreachable
          ? 'signIn.offline'
          : error instanceof ApiError && error.status === 429
            ? 'signIn.tooManyAttempts'
            : refused,
      );
    } finally {
      setBusy(false);
    }
  };
  const field = (form: EventTarget | null, name: string) => ((form as HTMLFormElement).elements.namedItem(name) as HTMLInputElement).value.trim();
  return (
    <main id="main" class="sign-in">
      <header class="sign-in-header">
        <h1>{t('app.title')}</h1>
        {languageSwitch}
      </header>
      <h2>{t('signIn.title')}</h2>
      <p>{t('signIn.intro')}</p>
      {problem && (
        <p class="notice bad" role="alert">
          {t(problem)}
        </p>
      )}
      {SIGN_IN_WAYS.map((way) => (
        <form class="card" onSubmit={(e) => void attempt(() => way.signIn(field(e.currentTarget, way.name)), way.refused)(e)}>
          <label for={way.name}>{t(way.label)}</label>
          <input id={way.name} name={way.name} required aria-describedby={`${way.name}-help`} {...way.input} />
          <p id={`${way.name}-help`} class="help">
            {t(way.help)}
          </p>
          <button type="submit" class="big" disabled={busy}>
            {t(way.submit)}
          </button>
        </form>
      ))}
    </main>
  );
}
