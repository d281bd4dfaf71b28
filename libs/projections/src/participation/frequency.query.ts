import { Condition, QueryRunner, ScopeFilter, scopeCondition } from './scope';

export const FREQUENCY_BANDS = ['1', '2-3', '4-9', '10+'] as const;

export interface Frequency {
  /** People who attended at least once in the period. */
  people: number;
  /** How many people attended once, 2-3 times, 4-9 times, 10 or more times. */
  bands: Record<(typeof FREQUENCY_BANDS)[number], number>;
  /** Identified people who used two or more different services in the scope and period. */
  multiServicePeople: number;
}

/**
 * From occasional visitors to regulars: how often each person came to course sessions in the
 * period, for an organisation's subtree, one course, or one brand.
 */
export async function frequency(run: QueryRunner, filter: ScopeFilter & { courseId?: string; brandId?: string }): Promise<Frequency> {
  const scope = scopeCondition(filter);
  const where: Condition = filter.courseId
    ? { sql: `${scope.sql} AND t.course_id = ?`, params: [...scope.params, filter.courseId] }
    : filter.brandId
      ? { sql: `${scope.sql} AND t.course_id IN (SELECT id FROM courses WHERE brand_id = ?)`, params: [...scope.params, filter.brandId] }
      : scope;
  const [bands, [multi]] = await Promise.all([
    run<{ band: string; people: number }>(
      `SELECT CASE WHEN n = 1 THEN '1' WHEN n <= 3 THEN '2-3' WHEN n <= 9 THEN '4-9' ELSE '10+' END AS band, count(*) AS people
       FROM (SELECT t.participant_id, count(*) AS n FROM attendances t WHERE ${where.sql} GROUP BY t.participant_id) AS per_person
       GROUP BY 1`,
      where.params,
    ),
    filter.courseId || filter.brandId
      ? Promise.resolve([{ n: 0 }])
      : run<{ n: number }>(
          `SELECT count(*) AS n FROM (
             SELECT t.person_id FROM person_service_uses t WHERE ${scope.sql}
             GROUP BY t.person_id HAVING count(DISTINCT t.service) >= 2) AS multi`,
          scope.params,
        ),
  ]);
  const counts = Object.fromEntries(FREQUENCY_BANDS.map((band) => [band, 0])) as Frequency['bands'];
  for (const row of bands) counts[row.band as keyof Frequency['bands']] = Number(row.people);
  return {
    people: Object.values(counts).reduce((a, b) => a + b, 0),
    bands: counts,
    multiServicePeople: Number(multi.n),
  };
}
