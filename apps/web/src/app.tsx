import { useEffect, useMemo, useState } from 'preact/hooks';
import { whenUnauthorized } from './api/client';
import { App, AppContext, useApp } from './app-context';
import { Loading, Problem } from './components/problem';
import { DoorPage } from './door/door-page';
import { DEFAULT_LANGUAGE, isLanguage, Language, textsOf, Texts } from './i18n/language';
import { MessageKey } from './i18n/zh-CN';
import { ComparePage } from './pages/compare';
import { CoursePage } from './pages/course';
import { DevicesPage } from './pages/devices';
import { LedgerStatePage } from './pages/ledger-state';
import { OverviewPage } from './pages/overview';
import { ReportPage, ReportsPage } from './pages/reports';
import { SignInPage } from './pages/sign-in';
import { href, navigate, Route, useRoute } from './router';
import { forgetSession, mayRecord, Session, storedSession } from './session';
import { useOrganizations } from './use-scope';

const LANGUAGE_KEY = 'ledger.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const follow = () => setOnline(navigator.onLine);
    window.addEventListener('online', follow);
    window.addEventListener('offline', follow);
    return () => {
      window.removeEventListener('online', follow);
      window.removeEventListener('offline', follow);
    };
  }, []);
  return online;
}

export function LedgerApp() {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const texts = useMemo(() => textsOf(language), [language]);
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [ended, setEnded] = useState(false);
  const online = useOnline();
  const route = useRoute();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = texts.t('app.title');
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language, texts]);
  // A token that stops working (revoked, expired) sends the user back to sign in; what the door kept stays kept.
  useEffect(
    () =>
      whenUnauthorized(() => {
        forgetSession();
        setSession(undefined);
        setEnded(true);
      }),
    [],
  );
  const languageSwitch = <LanguageSwitch texts={texts} onSwitch={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')} />;
  if (!session) {
    return (
      <SignInPage
        texts={texts}
        ended={ended}
        languageSwitch={languageSwitch}
        onSignedIn={(signedIn) => {
          setSession(signedIn);
          setEnded(false);
          navigate([mayRecord(signedIn.principal) && signedIn.principal.role === 'staff' ? 'door' : 'overview'], {}, true);
        }}
      />
    );
  }
  const app: App = { texts, setLanguage, session, online };
  return (
    <AppContext.Provider value={app}>
      <Shell
        route={route}
        languageSwitch={languageSwitch}
        onSignOut={() => {
          forgetSession();
          setSession(undefined);
        }}
      />
    </AppContext.Provider>
  );
}

function LanguageSwitch({ texts, onSwitch }: { texts: Texts; onSwitch: () => void }) {
  return (
    <button type="button" class="secondary language" lang={texts.language === 'zh-CN' ? 'en' : 'zh-CN'} aria-label={texts.t('app.switchLanguageLabel')} onClick={onSwitch}>
      {texts.t('app.switchLanguage')}
    </button>
  );
}

type Page = 'overview' | 'compare' | 'reports' | 'ledger' | 'door' | 'devices';

function Shell({ route, languageSwitch, onSignOut }: { route: Route; languageSwitch: preact.ComponentChildren; onSignOut: () => void }) {
  const { texts, session, online } = useApp();
  const { t } = texts;
  const { principal } = session;
  const pages: Page[] = [
    ...(mayRecord(principal) ? (['door'] as const) : []),
    'overview',
    'compare',
    'reports',
    'ledger',
    ...(principal.role === 'admin' ? (['devices'] as const) : []),
  ];
  const page = route.path[0] ?? (principal.role === 'staff' ? 'door' : 'overview');
  const scope = principal.organizationId ?? t('scope.everyOrganization');
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header class="app-header">
        <span class="app-title">{t('app.title')}</span>
        <nav aria-label={t('app.mainNavigation')}>
          <ul>
            {pages.map((p) => (
              <li>
                <a href={href([p], p === 'overview' || p === 'compare' ? Object.fromEntries(route.params) : {})} aria-current={page === p || (p === 'overview' && (page === 'course' || page === 'brand')) ? 'page' : undefined}>
                  {t(`nav.${p}` as MessageKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class={online ? 'online' : 'offline'} role="status">
            {t(online ? 'app.online' : 'app.offline')}
          </span>
          <span class="principal">{t('app.signedInAs', { role: t(`role.${principal.role}` as MessageKey), scope })}</span>
          {languageSwitch}
          <button type="button" class="secondary" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PageFor page={page} route={route} />
      </main>
    </>
  );
}

function PageFor({ page, route }: { page: string; route: Route }) {
  switch (page) {
    case 'door':
      return <DoorPage />;
    case 'reports':
      return route.path[1] ? <ReportPage route={route} /> : <ReportsPage />;
    case 'ledger':
      return <LedgerStatePage />;
    default:
      return <FiguresPage page={page} route={route} />;
  }
}

/** The pages that need the organisation tree: it is asked for once, then handed to each. */
function FiguresPage({ page, route }: { page: string; route: Route }) {
  const organizations = useOrganizations();
  if (organizations.state === 'loading') return <Loading />;
  if (organizations.state === 'failed') return <Problem error={organizations.error} onRetry={organizations.reload} />;
  const tree = organizations.value.organizations;
  if (page === 'compare') return <ComparePage route={route} organizations={tree} />;
  if (page === 'devices') return <DevicesPage organizations={tree} />;
  if (page === 'course' || page === 'brand') return <CoursePage route={route} organizations={tree} kind={page} />;
  return <OverviewPage route={route} organizations={tree} />;
}
