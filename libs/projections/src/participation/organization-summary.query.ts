import { MEMBER_CHANNELS, WORKER_CATEGORIES } from '../../../domain/src/membership/membership.events';
import { rolledUpFigures, rolledUpPeople, rolledUpPeriod } from './rollup.query';
import { ALL_PERIODS, byPeriod, GroupBy, periodOf, QueryRunner, ScopeFilter, scopeCondition } from './scope';

export interface OrganizationFigures {
  courseSessions: number;
  attendances: number;
  distinctParticipants: number;
  regulars: number;
  clinics: number;
  workersServed: number;
  mealServings: number;
  meals: number;
  membersJoined: number;
  membersByChannel: Record<string, number>;
  membersByCategory: Record<string, number>;
  trips: number;
  tripParticipants: number;
  tripDistinctParticipants: number;
  tripPersonDays: number;
  coolingDeliveries: number;
  coolingWorkersReached: number;
  coolingEquipmentInstalled: number;
  feedbackVisits: number;
  feedbackSuggestions: number;
  programmeApplications: number;
  programmeAdmissions: number;
  /** Identified people who used two or more different services in the period. */
  multiServicePeople: number;
}

export interface OrganizationSummary extends OrganizationFigures {
  organizationId: string;
  subtree: boolean;
  tree: string;
  periods?: Array<{ period: string } & OrganizationFigures>;
}

/** Each fact table and the sums it gives; the aliases are the figures' names. */
const TABLE_FIGURES: ReadonlyArray<{ table: string; select: string }> = [
  { table: 'sessions', select: 'count(*) AS "courseSessions"' },
  { table: 'attendances', select: 'count(*) AS "attendances", count(DISTINCT participant_id) AS "distinctParticipants"' },
  { table: 'clinics', select: 'count(*) AS "clinics", sum(workers_served) AS "workersServed"' },
  { table: 'meals', select: 'count(*) AS "mealServings", sum(meals) AS "meals"' },
  { table: 'members', select: 'count(*) AS "membersJoined"' },
  { table: 'trips', select: 'count(*) AS "trips"' },
  {
    table: 'trip_participants',
    select: 'count(*) AS "tripParticipants", count(DISTINCT participant_id) AS "tripDistinctParticipants", sum(days) AS "tripPersonDays"',
  },
  { table: 'cooling_deliveries', select: 'count(*) AS "coolingDeliveries", sum(workers_reached) AS "coolingWorkersReached"' },
  { table: 'cooling_equipment', select: 'sum(quantity) AS "coolingEquipmentInstalled"' },
  { table: 'feedback', select: 'count(*) AS "feedbackVisits", sum(suggestions) AS "feedbackSuggestions"' },
  { table: 'programme_applications', select: 'count(*) AS "programmeApplications", sum(admitted) AS "programmeAdmissions"' },
];

type SummaryFilter = ScopeFilter & { organizationId: string; regularMin: number; groupBy?: GroupBy };

/**
 * Totals of an organisation and its subtree (dated tree) for a month or a calendar year, the
 * figures dashboards and reports ask for most, read from the roll-ups: a few rows however long the
 * log. Anything else (another period, no subtree, today's tree, a breakdown) is counted from the
 * fact rows, which give the same figures (rollups.int.spec.ts compares them).
 */
export async function organizationSummary(run: QueryRunner, filter: SummaryFilter): Promise<OrganizationSummary> {
  const period = filter.subtree && filter.tree === 'dated' && !filter.groupBy ? rolledUpPeriod(filter.from, filter.to) : undefined;
  if (!period?.presencePeriod) return scannedOrganizationSummary(run, filter);
  const figures = emptyFigures();
  const [, people] = await Promise.all([
    rolledUpFigures(run, filter.organizationId, period, figures),
    rolledUpPeople(run, filter.organizationId, period.presencePeriod, filter.regularMin),
  ]);
  return { organizationId: filter.organizationId, subtree: filter.subtree, tree: filter.tree, ...figures, ...people };
}

/**
 * Totals of an organisation (and its subtree) in a period, counted from the fact rows. Distinct
 * people over a subtree are counted over the subtree's rows, never summed per organisation; with a
 * breakdown, the totals are asked for once more rather than summed from the periods.
 */
export async function scannedOrganizationSummary(
  run: QueryRunner,
  filter: SummaryFilter,
): Promise<OrganizationSummary> {
  const where = scopeCondition(filter);
  const p = periodOf(filter.groupBy);
  const figures = new Map<string, OrganizationFigures>();
  const at = (period: string) => {
    let f = figures.get(period);
    if (!f) figures.set(period, (f = emptyFigures()));
    return f;
  };
  const numbers = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'period').map(([key, value]) => [key, Number(value ?? 0)]));

  await Promise.all([
    ...TABLE_FIGURES.map(async ({ table, select }) => {
      const rows = await run<Record<string, unknown> & { period: string }>(
        `SELECT ${p} AS period, ${select} FROM ${table} t WHERE ${where.sql} GROUP BY 1`,
        where.params,
      );
      for (const row of rows) Object.assign(at(row.period), numbers(row));
    }),
    run<{ period: string; n: number }>(
      `SELECT period, count(*) AS n FROM (
         SELECT ${p} AS period, t.participant_id FROM attendances t WHERE ${where.sql}
         GROUP BY 1, t.participant_id HAVING count(*) >= ?) AS regular GROUP BY period`,
      [...where.params, filter.regularMin],
    ).then((rows) => rows.forEach((r) => (at(r.period).regulars = Number(r.n)))),
    run<{ period: string; channel: string; category: string; n: number }>(
      `SELECT ${p} AS period, channel, category, count(*) AS n FROM members t WHERE ${where.sql} GROUP BY 1, channel, category`,
      where.params,
    ).then((rows) =>
      rows.forEach((r) => {
        const f = at(r.period);
        f.membersByChannel[r.channel] = (f.membersByChannel[r.channel] ?? 0) + Number(r.n);
        f.membersByCategory[r.category] = (f.membersByCategory[r.category] ?? 0) + Number(r.n);
      }),
    ),
    run<{ period: string; n: number }>(
      `SELECT period, count(*) AS n FROM (
         SELECT ${p} AS period, t.person_id FROM person_service_uses t WHERE ${where.sql}
         GROUP BY 1, t.person_id HAVING count(DISTINCT t.service) >= 2) AS multi GROUP BY period`,
      where.params,
    ).then((rows) => rows.forEach((r) => (at(r.period).multiServicePeople = Number(r.n)))),
  ]);

  const base = { organizationId: filter.organizationId, subtree: filter.subtree, tree: filter.tree };
  if (!filter.groupBy) return { ...base, ...(figures.get(ALL_PERIODS) ?? emptyFigures()) };
  const total = await scannedOrganizationSummary(run, { ...filter, groupBy: undefined });
  return { ...total, periods: byPeriod(figures) };
}

function emptyFigures(): OrganizationFigures {
  return {
    courseSessions: 0,
    attendances: 0,
    distinctParticipants: 0,
    regulars: 0,
    clinics: 0,
    workersServed: 0,
    mealServings: 0,
    meals: 0,
    membersJoined: 0,
    membersByChannel: Object.fromEntries(MEMBER_CHANNELS.map((channel) => [channel, 0])),
    membersByCategory: Object.fromEntries(WORKER_CATEGORIES.map((category) => [category, 0])),
    trips: 0,
    tripParticipants: 0,
    tripDistinctParticipants: 0,
    tripPersonDays: 0,
    coolingDeliveries: 0,
    coolingWorkersReached: 0,
    coolingEquipmentInstalled: 0,
    feedbackVisits: 0,
    feedbackSuggestions: 0,
    programmeApplications: 0,
    programmeAdmissions: 0,
    multiServicePeople: 0,
  };
}
