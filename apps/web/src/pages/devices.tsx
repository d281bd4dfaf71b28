import { useState } from 'preact/hooks';
import { call } from '../api/client';
import { OrganizationNode } from '../api/types';
import { useApp } from '../app-context';
import { Problem } from '../components/problem';
import { MessageKey } from '../i18n/zh-CN';

interface IssuedCode {
  readonly code: string;
  readonly expiresAt: string;
  readonly organizationId: string;
  readonly role: string;
}

/** For admins: a one-time code that signs a tablet in, so nobody types a token at the door. */
export function DevicesPage({ organizations }: { organizations: readonly OrganizationNode[] }) {
  const { texts, session } = useApp();
  const { t } = texts;
  const [issued, setIssued] = useState<IssuedCode>();
  const [problem, setProblem] = useState<unknown>();
  const issue = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setProblem(undefined);
    try {
      setIssued(
        await call<IssuedCode>('/admin/device-codes', {
          method: 'POST',
          token: session.token,
          body: {
            organizationId: form.get('organizationId'),
            role: form.get('role'),
            validForHours: Number(form.get('validForHours')),
            ...(form.get('label') && { label: form.get('label') }),
          },
        }),
      );
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <section class="page-body devices" aria-labelledby="page-title">
      <h1 id="page-title">{t('devices.title')}</h1>
      <p>{t('devices.intro')}</p>
      <form class="card" onSubmit={(e) => void issue(e)}>
        <label>
          {t('picker.organization')}
          <select name="organizationId" required>
            {organizations.map((organization) => (
              <option value={organization.id}>{organization.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.role')}
          <select name="role">
            {(['staff', 'analyst'] as const).map((role) => (
              <option value={role}>{t(`role.${role}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.label')}
          <input name="label" maxLength={200} />
        </label>
        <label>
          {t('devices.hours')}
          <input name="validForHours" type="number" min="1" max="168" defaultValue="12" required />
        </label>
        <button type="submit" class="big">
          {t('devices.issue')}
        </button>
      </form>
      {problem !== undefined && <Problem error={problem} />}
      {issued && (
        <section class="issued-code" aria-labelledby="code-title" role="status">
          <h2 id="code-title">{t('devices.code')}</h2>
          <p class="code" data-code={issued.code}>
            {issued.code}
          </p>
          <p>{t('devices.codeHelp', { expiresAt: texts.instant(issued.expiresAt) })}</p>
        </section>
      )}
    </section>
  );
}
