import { sql } from '../projection';
import { BatchStep, SqlStatement } from '../read-model.port';
import { PEOPLE_DDL, PEOPLE_FOLD, Service } from './people-fold';

/**
 * Roll-ups of the participation facts: what makes a subtree's figures for a month or a year cheap
 * to read however long the log grows, and exact (no sampling).
 *
 * Each event stages what it changes: the contributions of the fact rows it touches, negatively
 * before its change and positively after (so an insert that was already there, an update and a
 * delete all stage exactly their difference). After each batch, `FOLD` adds the staged rows into
 *   - figure_rollup: additive figures per dated ancestor, month and measure;
 *   - course_rollup: sessions and attendances per dated ancestor, period (a month `YYYY-MM` and its
 *     year `YYYY`, so that a year's course list reads one row per course) and course;
 *   - people: per person and period (a month `YYYY-MM` and its year `YYYY`), their standing under
 *     each dated ancestor and course (people-fold.ts); from its changes, per period, attendance_histogram (how many people attended n times: distinct people and
 *     regulars for any threshold), people_counts (trip people, people using two or more services)
 *     and course_histogram (the same per course);
 * then empties the staging tables. A move of an organisation restages its subtree's contributions
 * under the old tree (negatively) and the new one (positively).
 */

export const ROLLUP_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS staged_figures (
     organization_id TEXT NOT NULL, date TEXT NOT NULL, course_id TEXT, measure TEXT NOT NULL, delta INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS staged_uses (
     organization_id TEXT NOT NULL, date TEXT NOT NULL, participant_id TEXT NOT NULL, service TEXT NOT NULL,
     course_id TEXT, delta INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS figure_rollup (
     ancestor_id TEXT NOT NULL, month TEXT NOT NULL, measure TEXT NOT NULL, value INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, month, measure)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS course_rollup (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, course_id TEXT NOT NULL, measure TEXT NOT NULL, value INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, period, course_id, measure)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS attendance_histogram (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, attended INTEGER NOT NULL, people INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, period, attended)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS people_counts (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, trip_people INTEGER NOT NULL, multi_service_people INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, period)) WITHOUT ROWID`,
  ...PEOPLE_DDL,
  `CREATE TABLE IF NOT EXISTS course_histogram (
     course_id TEXT NOT NULL, period TEXT NOT NULL, attended INTEGER NOT NULL, people INTEGER NOT NULL,
     PRIMARY KEY (course_id, period, attended)) WITHOUT ROWID`,
];

/** What one fact table contributes: additive measures, and a person's use of a service. */
interface Contribution {
  /** Each measure (an SQL expression over alias t naming it) and the SQL value a row adds to it. */
  readonly figures: ReadonlyArray<{ readonly measure: string; readonly value: string }>;
  readonly course?: string;
  readonly use?: { readonly participant: string; readonly service: Service };
}

const literal = (text: string) => `'${text}'`;

/** Every fact table that counts, with its contribution. Keyed by table: the statements below name them. */
export const CONTRIBUTIONS = {
  sessions: { figures: [{ measure: literal('courseSessions'), value: '1' }], course: 'course_id' },
  attendances: {
    figures: [{ measure: literal('attendances'), value: '1' }],
    course: 'course_id',
    use: { participant: 'participant_id', service: 'course' },
  },
  clinics: { figures: [{ measure: literal('clinics'), value: '1' }, { measure: literal('workersServed'), value: 't.workers_served' }] },
  clinic_visitors: { figures: [], use: { participant: 'participant_id', service: 'clinic' } },
  meals: { figures: [{ measure: literal('mealServings'), value: '1' }, { measure: literal('meals'), value: 't.meals' }] },
  meal_recipients: { figures: [], use: { participant: 'participant_id', service: 'meal' } },
  members: {
    figures: [
      { measure: literal('membersJoined'), value: '1' },
      { measure: `'channel:' || t.channel`, value: '1' },
      { measure: `'category:' || t.category`, value: '1' },
    ],
    use: { participant: 'worker_id', service: 'membership' },
  },
  trips: { figures: [{ measure: literal('trips'), value: '1' }] },
  trip_participants: {
    figures: [{ measure: literal('tripParticipants'), value: '1' }, { measure: literal('tripPersonDays'), value: 't.days' }],
    use: { participant: 'participant_id', service: 'trip' },
  },
  cooling_deliveries: {
    figures: [{ measure: literal('coolingDeliveries'), value: '1' }, { measure: literal('coolingWorkersReached'), value: 't.workers_reached' }],
  },
  cooling_equipment: { figures: [{ measure: literal('coolingEquipmentInstalled'), value: 't.quantity' }] },
  feedback: { figures: [{ measure: literal('feedbackVisits'), value: '1' }, { measure: literal('feedbackSuggestions'), value: 't.suggestions' }] },
  programme_applications: {
    figures: [{ measure: literal('programmeApplications'), value: '1' }, { measure: literal('programmeAdmissions'), value: 't.admitted' }],
    use: { participant: 'applicant_id', service: 'programme' },
  },
} as const satisfies Record<string, Contribution>;

export type FactTable = keyof typeof CONTRIBUTIONS;

/**
 * Stages the contributions of the rows of `table` matching `where` (over alias t), with `sign`:
 * -1 before a change, +1 after it.
 */
export function stage(table: FactTable, sign: 1 | -1, where: string, ...params: unknown[]): SqlStatement[] {
  return stageRows(table, sign, `${table} t WHERE ${where}`, ...params);
}

/**
 * Stages the contributions of the rows `from` gives (an SQL FROM … WHERE over alias t, shaped like
 * a row of `table`): a change that knows what it will insert stages it straight from the source.
 */
export function stageRows(table: FactTable, sign: 1 | -1, from: string, ...params: unknown[]): SqlStatement[] {
  const contribution: Contribution = CONTRIBUTIONS[table];
  const course = contribution.course ? `t.${contribution.course}` : 'NULL';
  const statements = contribution.figures.map(({ measure, value }) =>
    sql(
      `INSERT INTO staged_figures (organization_id, date, course_id, measure, delta)
       SELECT t.organization_id, t.date, ${course}, ${measure}, ${sign} * ${value} FROM ${from}`,
      ...params,
    ),
  );
  if (contribution.use) {
    statements.push(
      sql(
        `INSERT INTO staged_uses (organization_id, date, participant_id, service, course_id, delta)
         SELECT t.organization_id, t.date, t.${contribution.use.participant}, '${contribution.use.service}', ${course}, ${sign} FROM ${from}`,
        ...params,
      ),
    );
  }
  return statements;
}

/**
 * Joins alias `s` (a staged row, with organization_id and date) to the ancestors it had on its date,
 * alias a; CROSS JOIN keeps SQLite walking the few staged rows, each finding its ancestors by index.
 */
const DATED_ANCESTORS = `CROSS JOIN organization_ancestry a`;
const ON_ITS_DATE = `a.organization_id = s.organization_id AND a.valid_from <= s.date AND s.date < a.valid_to`;

/** The period of a staged row's date: `YYYY-MM`, `YYYY`. */
const MONTH = 'substr(s.date, 1, 7)';
const YEAR = 'substr(s.date, 1, 4)';

function courseRollup(period: string): SqlStatement {
  return sql(
    `INSERT INTO course_rollup (ancestor_id, period, course_id, measure, value)
     SELECT a.ancestor_id, ${period}, s.course_id, s.measure, sum(s.delta) FROM staged_figures s ${DATED_ANCESTORS}
     WHERE ${ON_ITS_DATE} AND s.course_id IS NOT NULL
     GROUP BY a.ancestor_id, ${period}, s.course_id, s.measure
     ON CONFLICT (ancestor_id, period, course_id, measure) DO UPDATE SET value = course_rollup.value + excluded.value`,
  );
}

/**
 * Folds what the batch staged into the roll-ups, then empties the staging tables: the additive
 * figures in SQL, grouped per ancestor, month and measure; people (distinct, regulars, trip people,
 * people of several services) through their standings (people-fold.ts).
 */
export const FOLD: readonly BatchStep[] = [
  sql(
    `INSERT INTO figure_rollup (ancestor_id, month, measure, value)
     SELECT a.ancestor_id, ${MONTH}, s.measure, sum(s.delta) FROM staged_figures s ${DATED_ANCESTORS} WHERE ${ON_ITS_DATE}
     GROUP BY a.ancestor_id, ${MONTH}, s.measure
     ON CONFLICT (ancestor_id, month, measure) DO UPDATE SET value = figure_rollup.value + excluded.value`,
  ),
  courseRollup(MONTH),
  courseRollup(YEAR),
  PEOPLE_FOLD,
  sql('DELETE FROM staged_figures'),
  sql('DELETE FROM staged_uses'),
];

/**
 * Before an organisation moves: its subtree's contributions leave the ancestors they had (staged
 * negatively and folded under the old tree). After the tree is recomputed, `restageSubtree(+1)`
 * brings them back under the new one.
 */
export function restageSubtree(organizationId: string, sign: 1 | -1): BatchStep[] {
  const inSubtree = `t.organization_id IN (SELECT organization_id FROM organization_ancestry WHERE ancestor_id = ?)`;
  return [...(Object.keys(CONTRIBUTIONS) as FactTable[]).flatMap((table) => stage(table, sign, inSubtree, organizationId)), ...FOLD];
}
