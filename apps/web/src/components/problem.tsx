import { ApiError, Unreachable } from '../api/client';
import { useApp } from '../app-context';
import { MessageKey } from '../i18n/zh-CN';

/**
 * What went wrong, in the reader's words: a 403 says what the token lacks (its role, or an
 * organisation outside its scope), a 404 what is missing, no connection that there is none.
 */
export function Problem({ error, organization, onRetry }: { error: unknown; organization?: string; onRetry?: () => void }) {
  const { texts, session } = useApp();
  const { t } = texts;
  const scope = session.principal.organizationId ?? t('scope.everyOrganization');
  const role = t(`role.${session.principal.role}` as MessageKey);
  if (error instanceof ApiError && error.status === 403) {
    const rule = error.details[0]?.rule;
    const explanation =
      rule === 'role'
        ? t('error.forbiddenRole', { role })
        : organization
          ? t('error.forbiddenScope', { organization, scope })
          : t('error.forbiddenLedger', { scope });
    return (
      <section class="problem forbidden" role="alert" aria-labelledby="forbidden-title">
        <h2 id="forbidden-title">{t('error.forbiddenTitle')}</h2>
        <p>{explanation}</p>
        <p class="detail">
          <code>{error.message}</code>
        </p>
      </section>
    );
  }
  const message =
    error instanceof Unreachable
      ? t('error.offline')
      : error instanceof ApiError && error.status === 404
        ? t('error.notFound', { message: error.message })
        : error instanceof ApiError && error.status === 503
          ? t('error.unavailable')
          : t('error.failed', { message: error instanceof Error ? error.message : String(error) });
  return (
    <section class="problem" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </section>
  );
}

export function Loading() {
  const { texts } = useApp();
  return (
    <p class="loading" role="status">
      {texts.t('app.loading')}
    </p>
  );
}
