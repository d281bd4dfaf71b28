import { sql } from '../projection';
import { SqlStatement } from '../read-model.port';

/**
 * Roll-ups of the participation facts: what makes a subtree's figures for a month or a year cheap
 * to read however long the log grows, and exact (no sampling).
 *
 * Each event stages what it changes: the contributions of the fact rows it touches, negatively
 * before its change and positively after (so an insert that was already there, an update and a
 * delete all stage exactly their difference). After each batch, `FOLD` adds the staged rows into
 *   - figure_rollup: additive figures per dated ancestor, month and measure;
 *   - course_rollup: sessions and attendances per dated ancestor, month and course;
 *   - presence: per dated ancestor, period (a month `YYYY-MM` or a year `YYYY`) and person, how
 *     often they used each service; from its changes, attendance_histogram (how many people attended
 *     n times: distinct people and regulars for any threshold) and people_counts (trip people,
 *     people using two or more services);
 *   - course_presence and course_histogram: the same per course and period;
 * then empties the staging tables. A move of an organisation restages its subtree's contributions
 * under the old tree (negatively) and the new one (positively).
 */

/** The services a person's use of is counted, as columns of `presence`. */
const SERVICES = ['course', 'trip', 'membership', 'programme', 'clinic', 'meal'] as const;
export type Service = (typeof SERVICES)[number];

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
     ancestor_id TEXT NOT NULL, month TEXT NOT NULL, course_id TEXT NOT NULL, measure TEXT NOT NULL, value INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, month, course_id, measure)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS presence (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, participant_id TEXT NOT NULL,
     ${SERVICES.map((service) => `${service} INTEGER NOT NULL`).join(', ')},
     PRIMARY KEY (ancestor_id, period, participant_id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS presence_delta (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, participant_id TEXT NOT NULL,
     ${SERVICES.map((service) => `${service} INTEGER NOT NULL, was_${service} INTEGER NOT NULL`).join(', ')},
     PRIMARY KEY (ancestor_id, period, participant_id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS attendance_histogram (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, attended INTEGER NOT NULL, people INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, period, attended)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS people_counts (
     ancestor_id TEXT NOT NULL, period TEXT NOT NULL, trip_people INTEGER NOT NULL, multi_service_people INTEGER NOT NULL,
     PRIMARY KEY (ancestor_id, period)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS course_presence (
     course_id TEXT NOT NULL, period TEXT NOT NULL, participant_id TEXT NOT NULL, attended INTEGER NOT NULL,
     PRIMARY KEY (course_id, period, participant_id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS course_presence_delta (
     course_id TEXT NOT NULL, period TEXT NOT NULL, participant_id TEXT NOT NULL, attended INTEGER NOT NULL, was_attended INTEGER NOT NULL,
     PRIMARY KEY (course_id, period, participant_id)) WITHOUT ROWID`,
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
/** A month and a year per staged row: the periods presence is kept for. */
const PERIODS = `CROSS JOIN (SELECT 7 AS chars UNION ALL SELECT 4) pe`;
const PRESENCE_KEY = 'ancestor_id, period, participant_id';
const COURSE_PRESENCE_KEY = 'course_id, period, participant_id';
const sameKey = (left: string, right: string, key: string) =>
  key.split(', ').map((column) => `${left}.${column} = ${right}.${column}`).join(' AND ');
const servicesUsed = (value: (service: Service) => string) => SERVICES.map((service) => `CASE WHEN ${value(service)} > 0 THEN 1 ELSE 0 END`).join(' + ');
const isNow = (service: Service) => `was_${service} + ${service}`;
const was = (service: Service) => `was_${service}`;

/**
 * Folds what the batch staged into the roll-ups, then empties the staging tables. Each person's
 * change per ancestor and period is gathered once, beside what presence held before it; the
 * histogram and counters move from the old standing to the new, and presence takes the new values
 * (a row that falls to zero stays, counted nowhere).
 */
export const FOLD: readonly SqlStatement[] = [
  sql(
    `INSERT INTO figure_rollup (ancestor_id, month, measure, value)
     SELECT a.ancestor_id, substr(s.date, 1, 7), s.measure, sum(s.delta) FROM staged_figures s ${DATED_ANCESTORS} WHERE ${ON_ITS_DATE}
     GROUP BY a.ancestor_id, substr(s.date, 1, 7), s.measure
     ON CONFLICT (ancestor_id, month, measure) DO UPDATE SET value = figure_rollup.value + excluded.value`,
  ),
  sql(
    `INSERT INTO course_rollup (ancestor_id, month, course_id, measure, value)
     SELECT a.ancestor_id, substr(s.date, 1, 7), s.course_id, s.measure, sum(s.delta) FROM staged_figures s ${DATED_ANCESTORS}
     WHERE ${ON_ITS_DATE} AND s.course_id IS NOT NULL
     GROUP BY a.ancestor_id, substr(s.date, 1, 7), s.course_id, s.measure
     ON CONFLICT (ancestor_id, month, course_id, measure) DO UPDATE SET value = course_rollup.value + excluded.value`,
  ),
  sql(
    `INSERT INTO presence_delta (${PRESENCE_KEY}, ${SERVICES.flatMap((service) => [service, was(service)]).join(', ')})
     SELECT g.ancestor_id, g.period, g.participant_id, ${SERVICES.flatMap((service) => [`g.${service}`, `coalesce(p.${service}, 0)`]).join(', ')}
     FROM (
       SELECT a.ancestor_id, substr(s.date, 1, pe.chars) AS period, s.participant_id,
              ${SERVICES.map((service) => `sum(CASE WHEN s.service = '${service}' THEN s.delta ELSE 0 END) AS ${service}`).join(', ')}
       FROM staged_uses s ${DATED_ANCESTORS} ${PERIODS} WHERE ${ON_ITS_DATE}
       GROUP BY a.ancestor_id, substr(s.date, 1, pe.chars), s.participant_id
     ) g LEFT JOIN presence p ON ${sameKey('p', 'g', PRESENCE_KEY)}
     WHERE ${SERVICES.map((service) => `g.${service} <> 0`).join(' OR ')}`,
  ),
  sql(
    `INSERT INTO course_presence_delta (${COURSE_PRESENCE_KEY}, attended, was_attended)
     SELECT g.course_id, g.period, g.participant_id, g.attended, coalesce(p.attended, 0)
     FROM (
       SELECT s.course_id, substr(s.date, 1, pe.chars) AS period, s.participant_id, sum(s.delta) AS attended
       FROM staged_uses s ${PERIODS} WHERE s.service = 'course'
       GROUP BY s.course_id, substr(s.date, 1, pe.chars), s.participant_id
     ) g LEFT JOIN course_presence p ON ${sameKey('p', 'g', COURSE_PRESENCE_KEY)}
     WHERE g.attended <> 0`,
  ),
  histogramChanges('attendance_histogram', 'ancestor_id', 'presence_delta', 'course'),
  histogramChanges('course_histogram', 'course_id', 'course_presence_delta', 'attended'),
  sql(
    `INSERT INTO people_counts (ancestor_id, period, trip_people, multi_service_people)
     SELECT ancestor_id, period,
            sum((CASE WHEN ${isNow('trip')} > 0 THEN 1 ELSE 0 END) - (CASE WHEN ${was('trip')} > 0 THEN 1 ELSE 0 END)),
            sum((CASE WHEN ${servicesUsed(isNow)} >= 2 THEN 1 ELSE 0 END) - (CASE WHEN ${servicesUsed(was)} >= 2 THEN 1 ELSE 0 END))
     FROM presence_delta WHERE 1 = 1 GROUP BY ancestor_id, period
     ON CONFLICT (ancestor_id, period) DO UPDATE SET trip_people = people_counts.trip_people + excluded.trip_people,
       multi_service_people = people_counts.multi_service_people + excluded.multi_service_people`,
  ),
  sql(
    `INSERT INTO presence (${PRESENCE_KEY}, ${SERVICES.join(', ')})
     SELECT ${PRESENCE_KEY}, ${SERVICES.map(isNow).join(', ')} FROM presence_delta WHERE 1 = 1
     ON CONFLICT (${PRESENCE_KEY}) DO UPDATE SET ${SERVICES.map((service) => `${service} = excluded.${service}`).join(', ')}`,
  ),
  sql(
    `INSERT INTO course_presence (${COURSE_PRESENCE_KEY}, attended)
     SELECT ${COURSE_PRESENCE_KEY}, was_attended + attended FROM course_presence_delta WHERE 1 = 1
     ON CONFLICT (${COURSE_PRESENCE_KEY}) DO UPDATE SET attended = excluded.attended`,
  ),
  sql('DELETE FROM staged_figures'),
  sql('DELETE FROM staged_uses'),
  sql('DELETE FROM presence_delta'),
  sql('DELETE FROM course_presence_delta'),
];

/** A histogram of how often people attended: each changed person leaves the old bucket and joins the new one. */
function histogramChanges(histogram: string, owner: string, delta: string, count: string): SqlStatement {
  return sql(
    `INSERT INTO ${histogram} (${owner}, period, attended, people)
     SELECT ${owner}, period, attended, sum(people) FROM (
       SELECT ${owner}, period, was_${count} AS attended, -1 AS people FROM ${delta} WHERE ${count} <> 0 AND was_${count} > 0
       UNION ALL
       SELECT ${owner}, period, was_${count} + ${count} AS attended, 1 AS people FROM ${delta} WHERE ${count} <> 0 AND was_${count} + ${count} > 0
     ) changes GROUP BY ${owner}, period, attended
     ON CONFLICT (${owner}, period, attended) DO UPDATE SET people = ${histogram}.people + excluded.people`,
  );
}

/**
 * Before an organisation moves: its subtree's contributions leave the ancestors they had (staged
 * negatively and folded under the old tree). After the tree is recomputed, `restageSubtree(+1)`
 * brings them back under the new one.
 */
export function restageSubtree(organizationId: string, sign: 1 | -1): SqlStatement[] {
  const inSubtree = `t.organization_id IN (SELECT organization_id FROM organization_ancestry WHERE ancestor_id = ?)`;
  return [...(Object.keys(CONTRIBUTIONS) as FactTable[]).flatMap((table) => stage(table, sign, inSubtree, organizationId)), ...FOLD];
}
