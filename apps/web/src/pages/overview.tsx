import { useMemo } from 'preact/hooks';
import { query } from '../api/client';
import { CourseRow, OrganizationNode, OrganizationSummary, SummaryFigure, Targets } from '../api/types';
import { useApp } from '../app-context';
import { Column, DataTable } from '../components/data-table';
import { Loading, Problem } from '../components/problem';
import { ScopePanel } from '../components/scope-panel';
import { MessageKey } from '../i18n/zh-CN';
import { describePeriod, periodToParams, rangeOf, yearOf } from '../period';
import { href, Route } from '../router';
import { allOf, useAnswer } from '../use-answer';
import { useScope } from '../use-scope';

/** The summary's figures, grouped by the service they count. */
const GROUPS: ReadonlyArray<{ readonly group: MessageKey; readonly figures: readonly SummaryFigure[] }> = [
  { group: 'group.courses', figures: ['courseSessions', 'attendances', 'distinctParticipants', 'regulars'] },
  { group: 'group.clinics', figures: ['clinics', 'workersServed'] },
  { group: 'group.meals', figures: ['mealServings', 'meals'] },
  { group: 'group.members', figures: ['membersJoined'] },
  { group: 'group.trips', figures: ['trips', 'tripParticipants', 'tripDistinctParticipants', 'tripPersonDays'] },
  { group: 'group.cooling', figures: ['coolingDeliveries', 'coolingWorkersReached', 'coolingEquipmentInstalled'] },
  { group: 'group.feedback', figures: ['feedbackVisits', 'feedbackSuggestions'] },
  { group: 'group.programme', figures: ['programmeApplications', 'programmeAdmissions'] },
  { group: 'group.people', figures: ['multiServicePeople'] },
];

export function OverviewPage({ route, organizations }: { route: Route; organizations: readonly OrganizationNode[] }) {
  const { texts } = useApp();
  const { t } = texts;
  const scope = useScope(route, organizations);
  const { organizationId, period } = scope;
  const { from, to } = rangeOf(period);
  const summary = useAnswer<OrganizationSummary>(organizationId && `/projections/organizations/${encodeURIComponent(organizationId)}${query({ from, to })}`);
  const courses = useAnswer<CourseRow[]>(organizationId && `/projections/courses${query({ organizationId, from, to })}`);
  const targets = useAnswer<Targets>(organizationId && `/projections/targets${query({ organizationId, year: yearOf(period) })}`);
  const answers = allOf<[OrganizationSummary, CourseRow[], Targets]>(summary, courses, targets);
  return (
    <div class="with-scope">
      <ScopePanel organizations={organizations} {...scope} />
      <section class="page-body" aria-labelledby="page-title">
        <h1 id="page-title">{t('overview.heading', { organization: scope.name(organizationId), period: describePeriod(period, texts) })}</h1>
        {answers.state === 'loading' && <Loading />}
        {answers.state === 'failed' && <Problem error={answers.error} organization={scope.name(organizationId)} onRetry={summary.reload} />}
        {answers.state === 'answered' && (
          <>
            <Figures summary={answers.value[0]} />
            <TargetsProgress targets={answers.value[2]} year={yearOf(period)} />
            <CoursesTable
              courses={answers.value[1]}
              title={`${scope.name(organizationId)} ${describePeriod(period, texts)} ${t('overview.courses')}`}
              linkParams={{ org: organizationId, ...periodToParams(period) }}
            />
          </>
        )}
      </section>
    </div>
  );
}

function Figures({ summary }: { summary: OrganizationSummary }) {
  const { texts } = useApp();
  const { t } = texts;
  return (
    <div class="figure-groups">
      {GROUPS.map(({ group, figures }) => (
        <section class="figure-group" aria-label={t(group)}>
          <h2>{t(group)}</h2>
          <dl>
            {figures.map((figure) => (
              <div class="figure" data-figure={figure}>
                <dt>{t(`figure.${figure}` as MessageKey)}</dt>
                <dd>{texts.number(summary[figure])}</dd>
              </div>
            ))}
          </dl>
          {group === 'group.members' && summary.membersJoined > 0 && (
            <dl class="breakdown">
              {Object.entries(summary.membersByChannel).map(([channel, count]) => (
                <div>
                  <dt>{t(`channel.${channel}` as MessageKey)}</dt>
                  <dd>{texts.number(count)}</dd>
                </div>
              ))}
              {Object.entries(summary.membersByCategory).map(([category, count]) => (
                <div>
                  <dt>{t(`category.${category}` as MessageKey)}</dt>
                  <dd>{texts.number(count)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}

function TargetsProgress({ targets, year }: { targets: Targets; year: string }) {
  const { texts } = useApp();
  const { t } = texts;
  return (
    <section class="targets" aria-labelledby="targets-title">
      <h2 id="targets-title">{t('overview.targets')}</h2>
      {targets.targets.length === 0 ? (
        <p>{t('overview.noTargets', { year })}</p>
      ) : (
        targets.targets.map((target) => {
          const label = t(`figure.${target.measure}` as MessageKey);
          const progress = t('overview.targetProgress', {
            actual: texts.number(target.actual),
            target: texts.number(target.target),
            percentage: texts.number(target.percentage),
          });
          return (
            <div class="target" data-measure={target.measure}>
              <div class="target-label">
                <span>{label}</span>
                <span>{progress}</span>
              </div>
              <div
                class="progress"
                role="progressbar"
                aria-label={label}
                aria-valuemin={0}
                aria-valuemax={target.target}
                aria-valuenow={Math.min(target.actual, target.target)}
                aria-valuetext={progress}
              >
                <div class="progress-fill" style={{ width: `${Math.min(100, target.percentage)}%` }} />
              </div>
            </div>
          );
        })
      )}
    </section>
  );
}

function CoursesTable({ courses, title, linkParams }: { courses: CourseRow[]; title: string; linkParams: Record<string, string | undefined> }) {
  const { texts } = useApp();
  const { t } = texts;
  const columns = useMemo<Array<Column<CourseRow>>>(
    () => [
      {
        key: 'name',
        label: t('column.name'),
        value: (row) => row.name,
        render: (row) => (
          <a href={href(['course', row.courseId], linkParams)} data-course={row.courseId}>
            {row.name}
          </a>
        ),
      },
      { key: 'category', label: t('column.category'), value: (row) => row.category },
      { key: 'sessions', label: t('figure.sessions'), value: (row) => row.sessions, numeric: true },
      { key: 'attendances', label: t('figure.attendances'), value: (row) => row.attendances, numeric: true },
      { key: 'distinctParticipants', label: t('figure.distinctParticipants'), value: (row) => row.distinctParticipants, numeric: true },
      { key: 'averageAttendance', label: t('figure.averageAttendance'), value: (row) => row.averageAttendance, numeric: true },
      { key: 'regulars', label: t('figure.regulars'), value: (row) => row.regulars, numeric: true },
      {
        key: 'brand',
        label: t('brand.title'),
        value: (row) => row.brandId,
        render: (row) => (row.brandId ? <a href={href(['brand', row.brandId], linkParams)}>{row.brandId}</a> : '—'),
      },
    ],
    [texts, linkParams.org, linkParams.period, linkParams.from, linkParams.to],
  );
  return (
    <section aria-labelledby="courses-title">
      <h2 id="courses-title">{t('overview.courses')}</h2>
      <DataTable id="courses" title={title} caption={t('overview.courses')} columns={columns} rows={courses} />
    </section>
  );
}
