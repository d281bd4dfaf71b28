import {
  ALL_PERIODS,
  byPeriod,
  Condition,
  currentSubtree,
  GroupBy,
  periodOf,
  QueryRunner,
  round,
  ScopeFilter,
  scopeCondition,
} from './scope';

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
  brandId: string | null;
  periods?: Array<{ period: string } & CourseFigures>;
}

export interface BrandSummary extends CourseFigures {
  brandId: string;
  organizationId: string;
  name: string;
  description: string | null;
  courses: number;
  periods?: Array<{ period: string } & CourseFigures>;
}

type CourseQuery = ScopeFilter & { regularMin: number; groupBy?: GroupBy };

/**
 * Per course: the courses of the scope (today's subtree, plus any course whose sessions count in
 * the scope over the dated tree), each with its figures in the period.
 */
export async function courses(run: QueryRunner, filter: CourseQuery): Promise<CourseRow[]> {
  const where = scopeCondition(filter);
  const listed: Condition =
    filter.organizationId === undefined
      ? { sql: '1 = 1', params: [] }
      : filter.subtree
        ? (() => {
            const current = currentSubtree(filter.organizationId, 'c.organization_id');
            return {
              sql: `(${current.sql} OR c.id IN (SELECT t.course_id FROM sessions t WHERE ${where.sql}))`,
              params: [...current.params, ...where.params],
            };
          })()
        : { sql: 'c.organization_id = ?', params: [filter.organizationId] };
  const rows = await run<{ id: string; organizationId: string; name: string; category: string; brandId: string | null }>(
    `SELECT c.id, c.organization_id AS "organizationId", c.name, c.category, c.brand_id AS "brandId"
     FROM courses c WHERE ${listed.sql} ORDER BY c.id`,
    listed.params,
  );
  const figures = await figuresPer(run, 't.course_id', where, filter);
  return rows.map((course) => {
    const periods = figures.get(course.id);
    return {
      courseId: course.id,
      organizationId: course.organizationId,
      name: course.name,
      category: course.category,
      brandId: course.brandId,
      ...(periods?.get(ALL_PERIODS) ?? emptyCourseFigures()),
      ...(filter.groupBy && { periods: byPeriod(withoutTotal(periods)) }),
    };
  });
}

/** Sessions, attendances and people across every course of a brand, whichever kind. */
export async function brandSummary(run: QueryRunner, brandId: string, filter: CourseQuery): Promise<BrandSummary | undefined> {
  const [brand] = await run<{ organizationId: string; name: string; description: string | null; courses: number }>(
    `SELECT b.organization_id AS "organizationId", b.name, b.description,
            (SELECT count(*) FROM courses c WHERE c.brand_id = b.id) AS courses
     FROM brands b WHERE b.id = ?`,
    [brandId],
  );
  if (!brand) return undefined;
  const where = scopeCondition(filter);
  const inBrand = { sql: `${where.sql} AND t.course_id IN (SELECT id FROM courses WHERE brand_id = ?)`, params: [...where.params, brandId] };
  const periods = (await figuresPer(run, `'brand'`, inBrand, filter)).get('brand');
  return {
    brandId,
    ...brand,
    courses: Number(brand.courses),
    ...(periods?.get(ALL_PERIODS) ?? emptyCourseFigures()),
    ...(filter.groupBy && { periods: byPeriod(withoutTotal(periods)) }),
  };
}

/**
 * Course figures keyed by `key` (a course id, or one constant for a whole brand), then by period;
 * with a breakdown, the whole-period totals sit under ALL_PERIODS beside the periods.
 */
async function figuresPer(run: QueryRunner, key: string, where: Condition, filter: CourseQuery) {
  const figures = new Map<string, Map<string, CourseFigures>>();
  const at = (k: string, period: string) => {
    let periods = figures.get(k);
    if (!periods) figures.set(k, (periods = new Map()));
    let f = periods.get(period);
    if (!f) periods.set(period, (f = emptyCourseFigures()));
    return f;
  };
  const groupings = filter.groupBy ? [periodOf(filter.groupBy), `'${ALL_PERIODS}'`] : [`'${ALL_PERIODS}'`];
  await Promise.all(
    groupings.flatMap((p) => [
      run<{ k: string; period: string; n: number }>(
        `SELECT ${key} AS k, ${p} AS period, count(*) AS n FROM sessions t WHERE ${where.sql} GROUP BY 1, 2`,
        where.params,
      ).then((rows) => rows.forEach((r) => (at(r.k, r.period).sessions = Number(r.n)))),
      run<{ k: string; period: string; n: number; people: number }>(
        `SELECT ${key} AS k, ${p} AS period, count(*) AS n, count(DISTINCT t.participant_id) AS people
         FROM attendances t WHERE ${where.sql} GROUP BY 1, 2`,
        where.params,
      ).then((rows) => rows.forEach((r) => Object.assign(at(r.k, r.period), { attendances: Number(r.n), distinctParticipants: Number(r.people) }))),
      run<{ k: string; period: string; n: number }>(
        `SELECT k, period, count(*) AS n FROM (
           SELECT ${key} AS k, ${p} AS period, t.participant_id FROM attendances t WHERE ${where.sql}
           GROUP BY 1, 2, t.participant_id HAVING count(*) >= ?) AS regular GROUP BY k, period`,
        [...where.params, filter.regularMin],
      ).then((rows) => rows.forEach((r) => (at(r.k, r.period).regulars = Number(r.n)))),
    ]),
  );
  for (const periods of figures.values()) {
    for (const f of periods.values()) f.averageAttendance = f.sessions === 0 ? 0 : round(f.attendances / f.sessions, 2);
  }
  return figures;
}

function withoutTotal(periods: Map<string, CourseFigures> | undefined): Map<string, CourseFigures> {
  return new Map([...(periods ?? new Map<string, CourseFigures>())].filter(([period]) => period !== ALL_PERIODS));
}

function emptyCourseFigures(): CourseFigures {
  return { sessions: 0, attendances: 0, distinctParticipants: 0, averageAttendance: 0, regulars: 0 };
}
