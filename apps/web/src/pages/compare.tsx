import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, query } from '../api/client';
import { OrganizationNode, OrganizationSummary, SummaryFigure } from '../api/types';
import { useApp } from '../app-context';
import { SeriesChart } from '../components/chart';
import { Column, DataTable } from '../components/data-table';
import { Loading, Problem } from '../components/problem';
import { ScopePanel } from '../components/scope-panel';
import { MessageKey } from '../i18n/zh-CN';
import { describePeriod, rangeOf } from '../period';
import { navigate, Route } from '../router';
import { Answer } from '../use-answer';
import { useScope } from '../use-scope';

/** The measures a comparison offers, in the order the overview shows them. */
const MEASURES: readonly SummaryFigure[] = [
  'courseSessions',
  'attendances',
  'distinctParticipants',
  'regulars',
  'clinics',
  'workersServed',
  'meals',
  'membersJoined',
  'tripParticipants',
  'tripPersonDays',
  'coolingWorkersReached',
  'programmeApplications',
];

type Row = { readonly organization: OrganizationNode; readonly summary: OrganizationSummary };

/** The organisations directly under the chosen one, side by side: a bar chart of one measure and a table of all. */
export function ComparePage({ route, organizations }: { route: Route; organizations: readonly OrganizationNode[] }) {
  const { texts, session } = useApp();
  const { t } = texts;
  const scope = useScope(route, organizations);
  const { organizationId, period } = scope;
  const { from, to } = rangeOf(period);
  const measure = MEASURES.find((m) => m === route.params.get('measure')) ?? 'attendances';
  const children = useMemo(() => organizations.filter((o) => o.parentId === organizationId), [organizations, organizationId]);
  const [answer, setAnswer] = useState<Answer<Row[]>>({ state: 'loading' });
  useEffect(() => {
    const aborter = new AbortController();
    setAnswer({ state: 'loading' });
    Promise.all(
      children.map(async (organization) => ({
        organization,
        summary: await call<OrganizationSummary>(`/projections/organizations/${encodeURIComponent(organization.id)}${query({ from, to })}`, {
          token: session.token,
          signal: aborter.signal,
        }),
      })),
    ).then(
      (value) => !aborter.signal.aborted && setAnswer({ state: 'answered', value }),
      (error: unknown) => !aborter.signal.aborted && setAnswer({ state: 'failed', error }),
    );
    return () => aborter.abort();
  }, [children, from, to, session.token]);

  const columns = useMemo<Array<Column<Row>>>(
    () => [
      { key: 'organization', label: t('column.organization'), value: (row) => row.organization.name },
      ...MEASURES.map((m) => ({ key: m, label: t(`figure.${m}` as MessageKey), value: (row: Row) => row.summary[m], numeric: true })),
    ],
    [texts],
  );
  const rows = answer.state === 'answered' ? answer.value : [];
  const chart = useMemo(
    () => ({
      categories: rows.map((row) => row.organization.name),
      series: [{ label: t(`figure.${measure}` as MessageKey), values: rows.map((row) => row.summary[measure]) }],
    }),
    [rows, measure, texts],
  );
  const heading = t('compare.heading', { organization: scope.name(organizationId), period: describePeriod(period, texts) });
  return (
    <div class="with-scope">
      <ScopePanel organizations={organizations} {...scope} />
      <section class="page-body" aria-labelledby="page-title">
        <h1 id="page-title">{heading}</h1>
        {children.length === 0 ? (
          <p>{t('compare.noChildren')}</p>
        ) : (
          <>
            <label class="inline-field">
              {t('compare.measure')}
              <select
                name="measure"
                value={measure}
                onChange={(e) => navigate(route.path, { ...Object.fromEntries(route.params), measure: e.currentTarget.value }, true)}
              >
                {MEASURES.map((m) => (
                  <option value={m}>{t(`figure.${m}` as MessageKey)}</option>
                ))}
              </select>
            </label>
            {answer.state === 'loading' && <Loading />}
            {answer.state === 'failed' && <Problem error={answer.error} organization={scope.name(organizationId)} />}
            {answer.state === 'answered' && (
              <>
                <SeriesChart label={`${heading}: ${t(`figure.${measure}` as MessageKey)}`} categories={chart.categories} series={chart.series} formatNumber={texts.number} />
                <DataTable id="comparison" title={heading} columns={columns} rows={rows} />
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}
