import { useMemo } from 'preact/hooks';
import { ChangeSince, Difference, ReportListing, Reproduction } from '../api/types';
import { useApp } from '../app-context';
import { Column, DataTable } from '../components/data-table';
import { Loading, Problem } from '../components/problem';
import { MessageKey } from '../i18n/zh-CN';
import { href, Route } from '../router';
import { allOf, useAnswer } from '../use-answer';

/** The published reports, newest first, each opening on its receipt and its reproduction. */
export function ReportsPage() {
  const { texts } = useApp();
  const { t } = texts;
  const reports = useAnswer<ReportListing[]>('/reports');
  const columns = useMemo<Array<Column<ReportListing>>>(
    () => [
      { key: 'title', label: t('column.title'), value: (r) => r.title, render: (r) => <a href={href(['reports', r.reportId])}>{r.title}</a> },
      { key: 'query', label: t('column.query'), value: (r) => r.query },
      { key: 'organization', label: t('column.organization'), value: (r) => r.parameters.organizationId ?? null },
      { key: 'publishedAt', label: t('column.publishedAt'), value: (r) => r.publishedAt, render: (r) => texts.instant(r.publishedAt) },
      { key: 'publishedBy', label: t('column.publishedBy'), value: (r) => r.publishedBy },
      { key: 'position', label: t('column.position'), value: (r) => r.position },
    ],
    [texts],
  );
  return (
    <section class="page-body" aria-labelledby="page-title">
      <h1 id="page-title">{t('reports.title')}</h1>
      {reports.state === 'loading' && <Loading />}
      {reports.state === 'failed' && <Problem error={reports.error} onRetry={reports.reload} />}
      {reports.state === 'answered' &&
        (reports.value.length === 0 ? (
          <p>{t('reports.none')}</p>
        ) : (
          <DataTable id="reports" title={t('reports.title')} columns={columns} rows={[...reports.value].reverse()} />
        ))}
    </section>
  );
}

/** One report: its receipt, whether it reproduces, its figures as published beside as restated, and what changed since. */
export function ReportPage({ route }: { route: Route }) {
  const { texts } = useApp();
  const { t } = texts;
  const id = route.path[1] ?? '';
  const listing = useAnswer<ReportListing[]>('/reports');
  const reproduction = useAnswer<Reproduction>(`/reports/${encodeURIComponent(id)}/reproduce`);
  const answers = allOf<[ReportListing[], Reproduction]>(listing, reproduction);
  if (answers.state === 'loading') return <Loading />;
  if (answers.state === 'failed') return <Problem error={answers.error} onRetry={reproduction.reload} />;
  const [reports, report] = answers.value;
  const listed = reports.find((r) => r.reportId === id);
  return (
    <section class="page-body" aria-labelledby="page-title">
      <h1 id="page-title">{report.title}</h1>
      <section aria-labelledby="receipt-title" class="receipt">
        <h2 id="receipt-title">{t('report.receipt')}</h2>
        <dl class="facts">
          <div>
            <dt>{t('column.position')}</dt>
            <dd>{report.receipt.position}</dd>
          </div>
          <div>
            <dt>{t('report.eventCount')}</dt>
            <dd>{texts.number(report.receipt.eventCount)}</dd>
          </div>
          <div>
            <dt>{t('report.chainHash')}</dt>
            <dd>
              <code class="hash">{report.receipt.chainHash}</code>
            </dd>
          </div>
          <div>
            <dt>{t('report.resultHash')}</dt>
            <dd>
              <code class="hash">{report.receipt.resultHash}</code>
            </dd>
          </div>
          {listed && (
            <>
              <div>
                <dt>{t('column.publishedAt')}</dt>
                <dd>{texts.instant(listed.publishedAt)}</dd>
              </div>
              <div>
                <dt>{t('column.publishedBy')}</dt>
                <dd>{listed.publishedBy}</dd>
              </div>
            </>
          )}
        </dl>
        <p class={report.reproduced ? 'verdict good' : 'verdict bad'} data-reproduced={String(report.reproduced)}>
          {report.reproduced ? t('report.reproduced') : t('report.notReproduced', { hash: report.recomputedHash })}
        </p>
      </section>
      <Figures report={report} />
      <Changes report={report} />
    </section>
  );
}

/** Every figure of the report, as published and as restated; the rows that differ are marked. */
function Figures({ report }: { report: Reproduction }) {
  const { texts } = useApp();
  const { t } = texts;
  const rows = useMemo(() => figureRows(report.asPublished, report.asRestated), [report]);
  const differing = useMemo(() => new Set(report.differences.map((d: Difference) => d.path)), [report]);
  const columns = useMemo<Array<Column<FigureRow>>>(
    () => [
      { key: 'path', label: t('column.figure'), value: (r) => r.path, render: (r) => (differing.has(r.path) ? <strong>{r.path}</strong> : r.path) },
      { key: 'asPublished', label: t('column.asPublished'), value: (r) => r.asPublished, numeric: true },
      { key: 'asRestated', label: t('column.asRestated'), value: (r) => r.asRestated, numeric: true },
    ],
    [texts, differing],
  );
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t('report.figures')}</h2>
      <p>{report.differences.length === 0 ? t('report.noDifferences') : `${t('report.differences')}: ${texts.number(report.differences.length)}`}</p>
      <DataTable id="report-figures" title={report.title} columns={columns} rows={rows} />
    </section>
  );
}

function Changes({ report }: { report: Reproduction }) {
  const { texts } = useApp();
  const { t } = texts;
  const columns = useMemo<Array<Column<ChangeSince>>>(
    () => [
      { key: 'position', label: t('column.position'), value: (c) => c.position },
      { key: 'event', label: t('column.event'), value: (c) => c.type },
      { key: 'kind', label: t('column.kind'), value: (c) => t(`kind.${c.kind}` as MessageKey) },
      { key: 'recordedAt', label: t('column.recordedAt'), value: (c) => c.metadata.recordedAt, render: (c) => texts.instant(c.metadata.recordedAt) },
      { key: 'actor', label: t('column.actor'), value: (c) => c.metadata.actor },
    ],
    [texts],
  );
  const restated = [...new Set(report.changesSince.flatMap((c) => c.restates.map((r) => `${r.organizationId} ${r.period}`)))];
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">{t('report.changes')}</h2>
      {report.changesSince.length === 0 ? (
        <p>{t('report.noChanges')}</p>
      ) : (
        <>
          {restated.length > 0 && <p>{t('report.restatement', { periods: restated.join(', ') })}</p>}
          <DataTable id="changes" title={`${report.title} ${t('report.changes')}`} columns={columns} rows={report.changesSince} />
          {report.moreChanges && <p>{t('report.moreChanges')}</p>}
        </>
      )}
    </section>
  );
}

interface FigureRow {
  readonly path: string;
  readonly asPublished: string | number | null;
  readonly asRestated: string | number | null;
}

/**
 * A report's figures are any JSON (a list of courses, a summary): flattened to one row per leaf,
 * named by its path (courses[0].attendances), so that both versions line up in one table.
 */
export function figureRows(published: unknown, restated: unknown): FigureRow[] {
  const a = leaves(published);
  const b = leaves(restated);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => ({ path, asPublished: a.get(path) ?? null, asRestated: b.get(path) ?? null }));
}

function leaves(value: unknown, path = '', into = new Map<string, string | number | null>()): Map<string, string | number | null> {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) leaves(inner, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, into);
  } else {
    into.set(path || '.', typeof value === 'number' || typeof value === 'string' ? value : value === null || value === undefined ? null : String(value));
  }
  return into;
}
