import { useEffect, useMemo, useState } from 'preact/hooks';
import { Digest, LedgerStatus, ProjectionStatus } from '../api/types';
import { useApp } from '../app-context';
import { Column, DataTable } from '../components/data-table';
import { Loading, Problem } from '../components/problem';
import { allOf, useAnswer } from '../use-answer';

const REFRESH_MS = 5000;

/** The projections' progress against the log's head, and the digest to keep outside the ledger. */
export function LedgerStatePage() {
  const { texts } = useApp();
  const { t } = texts;
  const status = useAnswer<LedgerStatus>('/projections/status');
  const digest = useAnswer<Digest>('/audit/digest');
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  useEffect(() => {
    const timer = setInterval(() => {
      status.reload();
      digest.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [status.reload, digest.reload]);
  const columns = useMemo<Array<Column<ProjectionStatus>>>(
    () => [
      { key: 'name', label: t('column.projection'), value: (p) => p.name },
      { key: 'generation', label: t('column.generation'), value: (p) => p.generation, numeric: true },
      { key: 'checkpoint', label: t('column.checkpoint'), value: (p) => p.checkpoint },
      { key: 'lag', label: t('column.lag'), value: (p) => p.lag, numeric: true },
      { key: 'runsHere', label: t('column.runsHere'), value: (p) => t(p.runsHere ? 'app.yes' : 'app.no') },
    ],
    [texts],
  );
  const answers = allOf<[LedgerStatus, Digest]>(status, digest);
  if (answers.state === 'loading') return <Loading />;
  if (answers.state === 'failed') return <Problem error={answers.error} onRetry={status.reload} />;
  const [{ headPosition, projections }, head] = answers.value;
  const digestText = JSON.stringify(head);
  const copy = () =>
    navigator.clipboard.writeText(digestText).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <section class="page-body" aria-labelledby="page-title">
      <h1 id="page-title">{t('ledger.title')}</h1>
      <section aria-labelledby="digest-title" class="digest">
        <h2 id="digest-title">{t('ledger.digest')}</h2>
        <p>{t('ledger.digestHelp')}</p>
        <dl class="facts">
          <div>
            <dt>{t('ledger.head')}</dt>
            <dd>{headPosition ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('report.eventCount')}</dt>
            <dd>{texts.number(head.eventCount)}</dd>
          </div>
        </dl>
        <pre class="hash" id="digest" tabIndex={0}>{digestText}</pre>
        <button type="button" onClick={() => void copy()} aria-describedby="copy-result">
          {t('ledger.copy')}
        </button>
        <span id="copy-result" role="status">
          {copied === 'copied' ? t('ledger.copied') : copied === 'failed' ? t('ledger.copyFailed') : ''}
        </span>
      </section>
      <section aria-labelledby="projections-title">
        <h2 id="projections-title">{t('ledger.projections')}</h2>
        <DataTable id="projections" title={t('ledger.projections')} columns={columns} rows={projections} />
      </section>
    </section>
  );
}
