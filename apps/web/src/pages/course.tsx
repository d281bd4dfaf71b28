import { useMemo } from 'preact/hooks';
import { query } from '../api/client';
import { BrandSummary, CourseFigures, CourseRow, Frequency, FREQUENCY_BANDS, OrganizationNode, SessionRow } from '../api/types';
import { useApp } from '../app-context';
import { SeriesChart } from '../components/chart';
import { Column, DataTable } from '../components/data-table';
import { Loading, Problem } from '../components/problem';
import { ScopePanel } from '../components/scope-panel';
import { MessageKey } from '../i18n/zh-CN';
import { describePeriod, rangeOf } from '../period';
import { Route } from '../router';
import { allOf, useAnswer } from '../use-answer';
import { useScope } from '../use-scope';

type Monthly = { readonly period: string } & CourseFigures;

/** One course, or one brand (a family of courses): per month, per session, and how often people came. */
export function CoursePage({ route, organizations, kind }: { route: Route; organizations: readonly OrganizationNode[]; kind: 'course' | 'brand' }) {
  const { texts } = useApp();
  const { t } = texts;
  const scope = useScope(route, organizations);
  const { organizationId, period } = scope;
  const id = route.path[1] ?? '';
  const { from, to } = rangeOf(period);
  const figuresPath =
    kind === 'course'
      ? `/projections/courses${query({ organizationId, from, to, groupBy: 'month' })}`
      : `/projections/brands/${encodeURIComponent(id)}${query({ organizationId, from, to, groupBy: 'month' })}`;
  const figures = useAnswer<CourseRow[] | BrandSummary>(figuresPath);
  const frequency = useAnswer<Frequency>(`/projections/frequency${query({ organizationId, from, to, [kind === 'course' ? 'courseId' : 'brandId']: id })}`);
  const sessions = useAnswer<{ sessions: SessionRow[] }>(kind === 'course' ? `/courses/${encodeURIComponent(id)}/sessions${query({ from, to })}` : undefined);
  const answers = allOf<[CourseRow[] | BrandSummary, Frequency]>(figures, frequency);
  const subject = answers.state === 'answered' ? subjectOf(answers.value[0], id) : undefined;
  return (
    <div class="with-scope">
      <ScopePanel organizations={organizations} {...scope} />
      <section class="page-body" aria-labelledby="page-title">
        <h1 id="page-title">
          {t(kind === 'course' ? 'course.title' : 'brand.title')}: {subject?.name ?? id} · {describePeriod(period, texts)}
        </h1>
        {answers.state === 'loading' && <Loading />}
        {answers.state === 'failed' && <Problem error={answers.error} organization={scope.name(organizationId)} onRetry={figures.reload} />}
        {answers.state === 'answered' && !subject && <p>{t('course.notFound')}</p>}
        {answers.state === 'answered' && subject && (
          <>
            <dl class="figure-row">
              {(['sessions', 'attendances', 'distinctParticipants', 'averageAttendance', 'regulars'] as const).map((figure) => (
                <div class="figure" data-figure={figure}>
                  <dt>{t(`figure.${figure}` as MessageKey)}</dt>
                  <dd>{texts.number(subject[figure])}</dd>
                </div>
              ))}
            </dl>
            <PerMonth months={subject.periods ?? []} title={`${subject.name} ${describePeriod(period, texts)}`} />
            {kind === 'course' && sessions.state === 'answered' && (
              <PerSession sessions={sessions.value.sessions} title={`${subject.name} ${describePeriod(period, texts)}`} />
            )}
            {kind === 'course' && sessions.state === 'failed' && <Problem error={sessions.error} onRetry={sessions.reload} />}
            <Bands frequency={answers.value[1]} title={`${subject.name} ${describePeriod(period, texts)}`} />
          </>
        )}
      </section>
    </div>
  );
}

function subjectOf(figures: CourseRow[] | BrandSummary, id: string): (CourseFigures & { name: string; periods?: readonly Monthly[] }) | undefined {
  return Array.isArray(figures) ? figures.find((course) => course.courseId === id) : figures;
}

function PerMonth({ months, title }: { months: readonly Monthly[]; title: string }) {
  const { texts } = useApp();
  const { t } = texts;
  const chart = useMemo(
    () => ({
      categories: months.map((m) => texts.month(m.period)),
      series: [
        { label: t('figure.attendances'), values: months.map((m) => m.attendances) },
        { label: t('figure.sessions'), values: months.map((m) => m.sessions), kind: 'line' as const },
      ],
    }),
    [months, texts],
  );
  const columns = useMemo<Array<Column<Monthly>>>(
    () => [
      { key: 'month', label: t('column.month'), value: (m) => m.period, render: (m) => texts.month(m.period) },
      { key: 'sessions', label: t('figure.sessions'), value: (m) => m.sessions, numeric: true },
      { key: 'attendances', label: t('figure.attendances'), value: (m) => m.attendances, numeric: true },
      { key: 'distinctParticipants', label: t('figure.distinctParticipants'), value: (m) => m.distinctParticipants, numeric: true },
      { key: 'averageAttendance', label: t('figure.averageAttendance'), value: (m) => m.averageAttendance, numeric: true },
    ],
    [texts],
  );
  return (
    <section aria-labelledby="per-month-title">
      <h2 id="per-month-title">{t('course.perMonth')}</h2>
      <SeriesChart label={t('course.perMonth')} categories={chart.categories} series={chart.series} formatNumber={texts.number} />
      <DataTable id="per-month" title={`${title} ${t('course.perMonth')}`} caption={t('course.perMonth')} columns={columns} rows={months} />
    </section>
  );
}

function PerSession({ sessions, title }: { sessions: readonly SessionRow[]; title: string }) {
  const { texts } = useApp();
  const { t } = texts;
  const chart = useMemo(
    () => ({
      categories: sessions.map((s) => texts.date(s.date)),
      series: [{ label: t('figure.attendances'), values: sessions.map((s) => s.attendances) }],
    }),
    [sessions, texts],
  );
  const columns = useMemo<Array<Column<SessionRow>>>(
    () => [
      { key: 'date', label: t('column.date'), value: (s) => s.date, render: (s) => texts.date(s.date) },
      { key: 'session', label: t('column.session'), value: (s) => s.sessionId },
      { key: 'attendances', label: t('figure.attendances'), value: (s) => s.attendances, numeric: true },
    ],
    [texts],
  );
  return (
    <section aria-labelledby="per-session-title">
      <h2 id="per-session-title">{t('course.perSession')}</h2>
      <SeriesChart label={t('course.perSession')} categories={chart.categories} series={chart.series} formatNumber={texts.number} />
      <DataTable id="per-session" title={`${title} ${t('course.perSession')}`} caption={t('course.perSession')} columns={columns} rows={sessions} />
    </section>
  );
}

function Bands({ frequency, title }: { frequency: Frequency; title: string }) {
  const { texts } = useApp();
  const { t } = texts;
  const rows = useMemo(() => FREQUENCY_BANDS.map((band) => ({ band, people: frequency.bands[band] ?? 0 })), [frequency]);
  const chart = useMemo(
    () => ({
      categories: rows.map((r) => t(`band.${r.band}` as MessageKey)),
      series: [{ label: t('figure.people'), values: rows.map((r) => r.people) }],
    }),
    [rows, texts],
  );
  const columns = useMemo<Array<Column<{ band: string; people: number }>>>(
    () => [
      { key: 'band', label: t('column.band'), value: (r) => t(`band.${r.band}` as MessageKey) },
      { key: 'people', label: t('figure.people'), value: (r) => r.people, numeric: true },
    ],
    [texts],
  );
  return (
    <section aria-labelledby="bands-title">
      <h2 id="bands-title">{t('course.bands')}</h2>
      <SeriesChart label={t('course.bands')} categories={chart.categories} series={chart.series} formatNumber={texts.number} />
      <DataTable id="bands" title={`${title} ${t('course.bands')}`} caption={t('course.bands')} columns={columns} rows={rows} />
    </section>
  );
}
