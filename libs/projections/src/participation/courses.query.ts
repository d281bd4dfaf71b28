import { rolledUpPeriod } from './rollup.query';
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
 * the scope over the dated tree), each with its figures in the period. For a subtree over the dated
 * tree in a month or a calendar year, the figures come from the roll-ups; otherwise from the fact rows.
 */
export async function courses(run: QueryRunner, filter: CourseQuery): Promise<CourseRow[]> {
  const period =
    filter.organizationId !== undefined && filter.subtree && filter.tree === 'dated' && !filter.groupBy
      ? rolledUpPeriod(filter.from, filter.to)
      : undefined;
  if (!period?.presencePeriod || filter.organizationId === undefined) return scannedCourses(run, filter);
  return rolledUpCourses(run, { ...filter, organizationId: filter.organizationId }, period.presencePeriod);
}

/**
 * The courses of a subtree in a kept period (a month `YYYY-MM` or a year `YYYY`), from course_rollup
 * (the scope's share) and course_histogram (each course's people).
 */
async function rolledUpCourses(run: QueryRunner, filter: CourseQuery & { organizationId: string }, keptPeriod: string): Promise<CourseRow[]> {
  const inScope = { sql: 'ancestor_id = ? AND period = ?', params: [filter.organizationId, keptPeriod] };
  const current = currentSubtree(filter.organizationId, 'c.organization_id');
  const [listed, shares, people] = await Promise.all([
    run<CourseListing>(
      `SELECT c.id, c.organization_id AS "organizationId", c.name, c.category, c.brand_id AS "brandId" FROM courses c
       WHERE ${current.sql} OR c.id IN (
         SELECT course_id FROM course_rollup WHERE ${inScope.sql} AND measure = 'courseSessions' AND value > 0)
       ORDER BY c.id`,
      [...current.params, ...inScope.params],
    ),
    run<{ courseId: string; measure: string; value: number }>(
      `SELECT course_id AS "courseId", measure, value FROM course_rollup WHERE ${inScope.sql}`,
      inScope.params,
    ),
    run<{ courseId: string; people: number; regulars: number; attendances: number }>(
      `SELECT course_id AS "courseId", sum(people) AS people, sum(CASE WHEN attended >= ? THEN people ELSE 0 END) AS regulars,
              sum(attended * people) AS attendances
       FROM course_histogram WHERE period = ? AND course_id IN (SELECT course_id FROM course_rollup WHERE ${inScope.sql})
       GROUP BY course_id`,
      [filter.regularMin, keptPeriod, ...inScope.params],
    ),
  ]);
  const figures = new Map<string, CourseFigures>();
  const at = (courseId: string) => {
    let f = figures.get(courseId);
    if (!f) figures.set(courseId, (f = emptyCourseFigures()));
    return f;
  };
  for (const { courseId, measure, value } of shares) {
    if (measure === 'courseSessions') at(courseId).sessions = Number(value);
    if (measure === 'attendances') at(courseId).attendances = Number(value);
  }
  // A course's people are its own whole period's: exact for the scope when all its attendances are in it.
  const partlyInScope: string[] = [];
  for (const { courseId, people: distinct, regulars, attendances } of people) {
    const f = at(courseId);
    if (Number(attendances) === f.attendances) Object.assign(f, { distinctParticipants: Number(distinct), regulars: Number(regulars) });
    else partlyInScope.push(courseId);
  }
  if (partlyInScope.length > 0) {
    // A course that moved across the scope's edge within the period: its people in the scope, from its rows.
    const where = scopeCondition(filter);
    const only = { sql: `${where.sql} AND t.course_id IN (${partlyInScope.map(() => '?').join(', ')})`, params: [...where.params, ...partlyInScope] };
    for (const [courseId, periods] of await figuresPer(run, 't.course_id', only, filter)) {
      const scanned = periods.get(ALL_PERIODS)!;
      Object.assign(at(courseId), { distinctParticipants: scanned.distinctParticipants, regulars: scanned.regulars });
    }
  }
  for (const f of figures.values()) f.averageAttendance = f.sessions === 0 ? 0 : round(f.attendances / f.sessions, 2);
  return listed.map((course) => courseRow(course, figures.get(course.id) ?? emptyCourseFigures()));
}

interface CourseListing {
  id: string;
  organizationId: string;
  name: string;
  category: string;
  brandId: string | null;
}

function courseRow(course: CourseListing, figures: CourseFigures): CourseRow {
  return { courseId: course.id, organizationId: course.organizationId, name: course.name, category: course.category, brandId: course.brandId, ...figures };
}

/** The courses of the scope and their figures, counted from the fact rows. */
export async function scannedCourses(run: QueryRunner, filter: CourseQuery): Promise<CourseRow[]> {
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
  const rows = await run<CourseListing>(
    `SELECT c.id, c.organization_id AS "organizationId", c.name, c.category, c.brand_id AS "brandId"
     FROM courses c WHERE ${listed.sql} ORDER BY c.id`,
    listed.params,
  );
  const figures = await figuresPer(run, 't.course_id', where, filter);
  return rows.map((course) => {
    const periods = figures.get(course.id);
    return {
      ...courseRow(course, periods?.get(ALL_PERIODS) ?? emptyCourseFigures()),
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
