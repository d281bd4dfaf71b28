import { MEMBER_CHANNELS, WORKER_CATEGORIES } from '../../../domain/src/membership/membership.events';

/** Runs one SQL query against the active generation of the participation read model. */
export type QueryRunner = <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>;

export type GroupBy = 'month' | 'year';

export interface ParticipationFilter {
  /** The organisation whose figures are asked for; every organisation when absent. */
  readonly organizationId?: string;
  /** Include the organisation's whole subtree (the default), or the organisation alone. */
  readonly subtree: boolean;
  /** Inclusive date bounds, `YYYY-MM-DD`. */
  readonly from?: string;
  readonly to?: string;
  readonly groupBy?: GroupBy;
  /** A regular attended at least this many sessions in the period. */
  readonly regularMin: number;
}

export interface CourseFigures {
  sessions: number;
  attendances: number;
  distinctParticipants: number;
  averageAttendance: number;
  regulars: number;
}

export interface CourseRow extends CourseFigures {
  courseId: string;
  organizationId: string;
  name: string;
  category: string;
  periods?: Array<{ period: string } & CourseFigures>;
}

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
}

export interface OrganizationSummary extends OrganizationFigures {
  organizationId: string;
  subtree: boolean;
  periods?: Array<{ period: string } & OrganizationFigures>;
}

const ALL = 'all';

/**
 * The participation queries. Distinct people over a subtree are counted over the subtree's rows
 * (never summed per organisation), and every figure comes from the rows in the period.
 */
export class ParticipationQueries {
  constructor(private readonly run: QueryRunner) {}

  async organizationExists(organizationId: string): Promise<boolean> {
    const rows = await this.run('SELECT 1 AS found FROM organizations WHERE id = ?', [organizationId]);
    return rows.length > 0;
  }

  async organizationSummary(filter: ParticipationFilter & { organizationId: string }): Promise<OrganizationSummary | undefined> {
    const scope = await this.scope(filter);
    if (!scope) return undefined;
    const w = this.where(scope, filter);
    const p = periodOf(filter.groupBy);
    const [sessions, attendances, regulars, clinics, meals, members] = await Promise.all([
      this.run<{ period: string; n: number }>(`SELECT ${p} AS period, count(*) AS n FROM sessions WHERE ${w.sql} GROUP BY 1`, w.params),
      this.run<{ period: string; n: number; distinctN: number }>(
        `SELECT ${p} AS period, count(*) AS n, count(DISTINCT participant_id) AS "distinctN" FROM attendances WHERE ${w.sql} GROUP BY 1`,
        w.params,
      ),
      this.run<{ period: string; n: number }>(
        `SELECT period, count(*) AS n FROM (
           SELECT ${p} AS period, participant_id FROM attendances WHERE ${w.sql}
           GROUP BY 1, participant_id HAVING count(*) >= ?) AS regular GROUP BY period`,
        [...w.params, filter.regularMin],
      ),
      this.run<{ period: string; n: number; served: number }>(
        `SELECT ${p} AS period, count(*) AS n, sum(workers_served) AS served FROM clinics WHERE ${w.sql} GROUP BY 1`,
        w.params,
      ),
      this.run<{ period: string; n: number; meals: number }>(
        `SELECT ${p} AS period, count(*) AS n, sum(meals) AS meals FROM meals WHERE ${w.sql} GROUP BY 1`,
        w.params,
      ),
      this.run<{ period: string; channel: string; category: string; n: number }>(
        `SELECT ${p} AS period, channel, category, count(*) AS n FROM members WHERE ${w.sql} GROUP BY 1, channel, category`,
        w.params,
      ),
    ]);

    const byPeriod = new Map<string, OrganizationFigures>();
    const figures = (period: string) => {
      let f = byPeriod.get(period);
      if (!f) {
        f = emptyOrganizationFigures();
        byPeriod.set(period, f);
      }
      return f;
    };
    for (const r of sessions) figures(r.period).courseSessions = Number(r.n);
    for (const r of attendances) Object.assign(figures(r.period), { attendances: Number(r.n), distinctParticipants: Number(r.distinctN) });
    for (const r of regulars) figures(r.period).regulars = Number(r.n);
    for (const r of clinics) Object.assign(figures(r.period), { clinics: Number(r.n), workersServed: Number(r.served) });
    for (const r of meals) Object.assign(figures(r.period), { mealServings: Number(r.n), meals: Number(r.meals) });
    for (const r of members) {
      const f = figures(r.period);
      const n = Number(r.n);
      f.membersJoined += n;
      f.membersByChannel[r.channel] = (f.membersByChannel[r.channel] ?? 0) + n;
      f.membersByCategory[r.category] = (f.membersByCategory[r.category] ?? 0) + n;
    }

    const base = { organizationId: filter.organizationId, subtree: filter.subtree };
    if (!filter.groupBy) return { ...base, ...(byPeriod.get(ALL) ?? emptyOrganizationFigures()) };
    // Totals over the whole period are not sums of the periods' distinct counts: ask once more.
    const total = await this.organizationSummary({ ...filter, groupBy: undefined });
    const periods = [...byPeriod.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, f]) => ({ period, ...f }));
    return { ...total!, periods };
  }

  async courses(filter: ParticipationFilter): Promise<CourseRow[] | undefined> {
    const scope = await this.scope(filter);
    if (!scope) return undefined;
    const w = this.where(scope, filter);
    const p = periodOf(filter.groupBy);
    const [courses, sessions, attendances, regulars] = await Promise.all([
      this.run<{ id: string; organizationId: string; name: string; category: string }>(
        `SELECT id, organization_id AS "organizationId", name, category FROM courses WHERE ${scope.sql} ORDER BY id`,
        scope.params,
      ),
      this.run<{ courseId: string; period: string; n: number }>(
        `SELECT course_id AS "courseId", ${p} AS period, count(*) AS n FROM sessions WHERE ${w.sql} GROUP BY 1, 2`,
        w.params,
      ),
      this.run<{ courseId: string; period: string; n: number; distinctN: number }>(
        `SELECT course_id AS "courseId", ${p} AS period, count(*) AS n, count(DISTINCT participant_id) AS "distinctN"
         FROM attendances WHERE ${w.sql} GROUP BY 1, 2`,
        w.params,
      ),
      this.run<{ courseId: string; period: string; n: number }>(
        `SELECT "courseId", period, count(*) AS n FROM (
           SELECT course_id AS "courseId", ${p} AS period, participant_id FROM attendances WHERE ${w.sql}
           GROUP BY 1, 2, participant_id HAVING count(*) >= ?) AS regular GROUP BY 1, 2`,
        [...w.params, filter.regularMin],
      ),
    ]);

    const figures = new Map<string, Map<string, CourseFigures>>();
    const at = (courseId: string, period: string) => {
      let periods = figures.get(courseId);
      if (!periods) figures.set(courseId, (periods = new Map()));
      let f = periods.get(period);
      if (!f) periods.set(period, (f = { sessions: 0, attendances: 0, distinctParticipants: 0, averageAttendance: 0, regulars: 0 }));
      return f;
    };
    for (const r of sessions) at(r.courseId, r.period).sessions = Number(r.n);
    for (const r of attendances) Object.assign(at(r.courseId, r.period), { attendances: Number(r.n), distinctParticipants: Number(r.distinctN) });
    for (const r of regulars) at(r.courseId, r.period).regulars = Number(r.n);
    for (const periods of figures.values()) {
      for (const f of periods.values()) f.averageAttendance = f.sessions === 0 ? 0 : round2(f.attendances / f.sessions);
    }

    const totals = filter.groupBy ? await this.courses({ ...filter, groupBy: undefined }) : undefined;
    return courses.map((course, i) => {
      const periods = figures.get(course.id) ?? new Map<string, CourseFigures>();
      const row: CourseRow = { courseId: course.id, organizationId: course.organizationId, name: course.name, category: course.category, ...(totals?.[i] ?? periods.get(ALL) ?? emptyCourseFigures()) };
      if (filter.groupBy) {
        row.periods = [...periods.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, f]) => ({ period, ...f }));
      }
      return row;
    });
  }

  /** The organisations a query covers, as a condition on `organization_id`; undefined when unknown. */
  private async scope(filter: ParticipationFilter): Promise<{ sql: string; params: unknown[] } | undefined> {
    if (filter.organizationId === undefined) return { sql: '1 = 1', params: [] };
    const rows = await this.run<{ path: string }>('SELECT path FROM organizations WHERE id = ?', [filter.organizationId]);
    if (rows.length === 0) return undefined;
    if (!filter.subtree) return { sql: 'organization_id = ?', params: [filter.organizationId] };
    return {
      sql: `organization_id IN (SELECT id FROM organizations WHERE path LIKE ? ESCAPE '\\')`,
      params: [escapeLike(rows[0].path) + '%'],
    };
  }

  private where(scope: { sql: string; params: unknown[] }, filter: ParticipationFilter) {
    return {
      sql: `${scope.sql} AND date >= ? AND date <= ?`,
      params: [...scope.params, filter.from ?? '0000-01-01', filter.to ?? '9999-12-31'],
    };
  }
}

function periodOf(groupBy: GroupBy | undefined): string {
  if (groupBy === 'month') return 'substr(date, 1, 7)';
  if (groupBy === 'year') return 'substr(date, 1, 4)';
  return `'${ALL}'`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function emptyCourseFigures(): CourseFigures {
  return { sessions: 0, attendances: 0, distinctParticipants: 0, averageAttendance: 0, regulars: 0 };
}

function emptyOrganizationFigures(): OrganizationFigures {
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
  };
}
