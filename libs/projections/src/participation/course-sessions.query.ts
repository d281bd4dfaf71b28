import { periodCondition, QueryRunner, ScopeFilter } from './scope';

export interface CourseSessionRow {
  sessionId: string;
  date: string;
  attendances: number;
}

/**
 * A course's sessions in the period, by date then id, each with its attendances. Voided sessions and
 * attendances are not in the read model, so they are not listed. Undefined when the course is unknown.
 */
export async function courseSessions(
  run: QueryRunner,
  courseId: string,
  period: Pick<ScopeFilter, 'from' | 'to'>,
): Promise<CourseSessionRow[] | undefined> {
  const known = await run('SELECT 1 AS found FROM courses WHERE id = ?', [courseId]);
  if (known.length === 0) return undefined;
  const inPeriod = periodCondition(period, 's');
  const sessions = await run<CourseSessionRow>(
    `SELECT s.session_id AS "sessionId", s.date,
            (SELECT count(*) FROM attendances a WHERE a.course_id = s.course_id AND a.session_id = s.session_id) AS attendances
     FROM sessions s WHERE s.course_id = ? AND ${inPeriod.sql} ORDER BY s.date, s.session_id`,
    [courseId, ...inPeriod.params],
  );
  return sessions.map((session) => ({ ...session, attendances: Number(session.attendances) }));
}
