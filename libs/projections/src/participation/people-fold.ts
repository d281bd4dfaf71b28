import { groupBy } from '../../../domain/src/shared/group-by';
import { sql } from '../projection';
import { ReadThenWrite, SqlStatement } from '../read-model.port';

/**
 * Distinct people and regulars per subtree and period, kept exact by one row per person and period.
 *
 * `people` holds, for each person and period (a calendar year `YYYY` or a month `YYYY-MM`), their
 * standing in it: how often they used each service under each dated ancestor, and how often they
 * attended each course. A batch's staged uses move the standings of the people they name, for the
 * use's month and its year; each ancestor or course whose standing changed moves the person from one
 * bucket of the histograms to another. So the work per batch follows the people it touches, and a
 * row holds one period: what a use reads and writes stays small however full the person's year is.
 */

/** The services a person's use of is counted, in the order of a standing's counts. */
export const SERVICES = ['course', 'trip', 'membership', 'programme', 'clinic', 'meal'] as const;
export type Service = (typeof SERVICES)[number];
const COURSE = 0;
const TRIP = 1;

export const PEOPLE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS people (
     participant_id TEXT NOT NULL, period TEXT NOT NULL, standing TEXT NOT NULL,
     PRIMARY KEY (participant_id, period)) WITHOUT ROWID`,
];

/** A staged change to one use of a service: +1 after a change, -1 before it. */
export interface StagedUse {
  readonly participant_id: string;
  readonly organization_id: string;
  readonly date: string;
  readonly service: string;
  readonly course_id: string | null;
  readonly delta: number;
}

/** ancestor_id was an ancestor of (or is) organization_id from valid_from up to, not including, valid_to. */
export interface AncestryRow {
  readonly organization_id: string;
  readonly ancestor_id: string;
  readonly valid_from: string;
  readonly valid_to: string;
}

export interface PersonPeriodRow {
  readonly participant_id: string;
  readonly period: string;
  readonly standing: string;
}

/**
 * A person's standing in one period. `o`: per ancestor, the uses of each service (SERVICES order,
 * trailing zeros dropped); `c`: per course, the attendances.
 */
interface Standing {
  o: Record<string, number[]>;
  c: Record<string, number>;
}

/** How a batch moves the histograms and counters: each map from its key to the change in people. */
export interface PeopleChanges {
  /** Rows of `people` to write; a null standing is a person's period with nothing left, deleted. */
  readonly people: Array<{ readonly participantId: string; readonly period: string; readonly standing: string | null }>;
  /** `ancestor, period, attended` → change in people. */
  readonly attendanceHistogram: Map<string, number>;
  /** `ancestor, period` → change in [trip people, people of two or more services]. */
  readonly peopleCounts: Map<string, [number, number]>;
  /** `course, period, attended` → change in people. */
  readonly courseHistogram: Map<string, number>;
}

/** Joins the parts of a map key: NUL appears in no id, period or count. */
const SEPARATOR = '\u0000';
export const splitKey = (key: string) => key.split(SEPARATOR);

/**
 * The pure fold: the staged uses of a batch, the dated ancestry of their organisations and the
 * standings of the people they name, to the people's new standings and how the histograms move.
 * A staged use counts in its month and its year, under the ancestors its organisation had on its date.
 */
export function foldPeople(staged: readonly StagedUse[], ancestry: readonly AncestryRow[], people: readonly PersonPeriodRow[]): PeopleChanges {
  const ancestorsOf = groupBy(ancestry, (row) => row.organization_id);
  const stored = new Map(people.map((row) => [row.participant_id + SEPARATOR + row.period, row.standing]));
  const changes: PeopleChanges = { people: [], attendanceHistogram: new Map(), peopleCounts: new Map(), courseHistogram: new Map() };
  // Each use is placed once, then counted in both its periods: its year and its month.
  const inPeriods = staged
    .map((use) => placed(use, ancestorsOf))
    .flatMap((use) => [
      { use, period: use.date.slice(0, 4) },
      { use, period: use.date.slice(0, 7) },
    ]);
  for (const [key, uses] of groupBy(inPeriods, ({ use, period }) => use.participant_id + SEPARATOR + period)) {
    const [participantId, period] = splitKey(key);
    const text = stored.get(key);
    const standing: Standing = text ? (JSON.parse(text) as Standing) : { o: {}, c: {} };
    const { before, courseBefore } = applyUses(standing, uses.map(({ use }) => use));
    recordMoves(standing, period, before, courseBefore, changes);
    const empty = Object.keys(standing.o).length === 0 && Object.keys(standing.c).length === 0;
    changes.people.push({ participantId, period, standing: empty ? null : JSON.stringify(standing) });
  }
  return changes;
}

/** A staged use with its service's index in a standing's counts and the ancestors its organisation had on its date. */
interface PlacedUse extends StagedUse {
  readonly serviceIndex: number;
  readonly datedAncestors: readonly string[];
}

function placed(use: StagedUse, ancestorsOf: ReadonlyMap<string, readonly AncestryRow[]>): PlacedUse {
  const serviceIndex = SERVICES.indexOf(use.service as Service);
  if (serviceIndex < 0) throw new Error(`staged use of an unknown service: ${use.service}`);
  const datedAncestors = (ancestorsOf.get(use.organization_id) ?? [])
    .filter(({ valid_from, valid_to }) => valid_from <= use.date && use.date < valid_to)
    .map(({ ancestor_id }) => ancestor_id);
  return { ...use, serviceIndex, datedAncestors };
}

/**
 * Adds a person's staged uses in one period to their standing, under each dated ancestor and per
 * course; answers what each touched ancestor or course held before.
 */
function applyUses(standing: Standing, uses: readonly PlacedUse[]) {
  const before = new Map<string, number[]>();
  const courseBefore = new Map<string, number>();
  for (const use of uses) {
    const service = use.serviceIndex;
    const delta = Number(use.delta);
    for (const ancestor of use.datedAncestors) {
      const counts = (standing.o[ancestor] ??= []);
      if (!before.has(ancestor)) before.set(ancestor, [...counts]);
      while (counts.length <= service) counts.push(0);
      counts[service] += delta;
    }
    if (service !== COURSE || use.course_id === null) continue;
    if (!courseBefore.has(use.course_id)) courseBefore.set(use.course_id, standing.c[use.course_id] ?? 0);
    standing.c[use.course_id] = (standing.c[use.course_id] ?? 0) + delta;
  }
  return { before, courseBefore };
}

/** Moves the person between the histograms' buckets where their standing changed, and drops what fell to nothing. */
function recordMoves(
  standing: Standing,
  period: string,
  before: ReadonlyMap<string, number[]>,
  courseBefore: ReadonlyMap<string, number>,
  changes: PeopleChanges,
): void {
  for (const [ancestor, was] of before) {
    const now = standing.o[ancestor];
    const bucket = ancestor + SEPARATOR + period;
    moveBucket(changes.attendanceHistogram, bucket, was[COURSE] ?? 0, now[COURSE] ?? 0);
    const trip = Number(used(now, TRIP)) - Number(used(was, TRIP));
    const multi = Number(servicesUsed(now) >= 2) - Number(servicesUsed(was) >= 2);
    if (trip !== 0 || multi !== 0) {
      const counts = changes.peopleCounts.get(bucket) ?? [0, 0];
      changes.peopleCounts.set(bucket, [counts[0] + trip, counts[1] + multi]);
    }
    trimCounts(now);
    if (now.length === 0) delete standing.o[ancestor];
  }
  for (const [course, was] of courseBefore) {
    const now = standing.c[course];
    moveBucket(changes.courseHistogram, course + SEPARATOR + period, was, now);
    if (now === 0) delete standing.c[course];
  }
}

/** A person attending `was` times and now `now` times leaves the first bucket and joins the second. */
function moveBucket(histogram: Map<string, number>, owner: string, was: number, now: number): void {
  if (was === now) return;
  if (was > 0) histogram.set(owner + SEPARATOR + was, (histogram.get(owner + SEPARATOR + was) ?? 0) - 1);
  if (now > 0) histogram.set(owner + SEPARATOR + now, (histogram.get(owner + SEPARATOR + now) ?? 0) + 1);
}

const used = (counts: readonly number[], service: number) => (counts[service] ?? 0) > 0;
const servicesUsed = (counts: readonly number[]) => counts.filter((count) => count > 0).length;

function trimCounts(counts: number[]): void {
  while (counts.length > 0 && counts[counts.length - 1] === 0) counts.pop();
}

const UPSERT_PERSON = 'INSERT INTO people (participant_id, period, standing) VALUES (?, ?, ?) ON CONFLICT (participant_id, period) DO UPDATE SET standing = excluded.standing';
const DELETE_PERSON = 'DELETE FROM people WHERE participant_id = ? AND period = ?';
const histogramUpsert = (histogram: string, owner: string) =>
  `INSERT INTO ${histogram} (${owner}, period, attended, people) VALUES (?, ?, ?, ?)
   ON CONFLICT (${owner}, period, attended) DO UPDATE SET people = ${histogram}.people + excluded.people`;
const ATTENDANCE_HISTOGRAM = histogramUpsert('attendance_histogram', 'ancestor_id');
const COURSE_HISTOGRAM = histogramUpsert('course_histogram', 'course_id');
const PEOPLE_COUNTS = `INSERT INTO people_counts (ancestor_id, period, trip_people, multi_service_people) VALUES (?, ?, ?, ?)
  ON CONFLICT (ancestor_id, period) DO UPDATE SET trip_people = people_counts.trip_people + excluded.trip_people,
    multi_service_people = people_counts.multi_service_people + excluded.multi_service_people`;

/** The statements that write a fold's changes. */
export function peopleWrites(changes: PeopleChanges): SqlStatement[] {
  const writes: SqlStatement[] = changes.people.map(({ participantId, period, standing }) =>
    standing === null ? sql(DELETE_PERSON, participantId, period) : sql(UPSERT_PERSON, participantId, period, standing),
  );
  for (const [key, people] of changes.attendanceHistogram) {
    const [ancestor, period, attended] = splitKey(key);
    if (people !== 0) writes.push(sql(ATTENDANCE_HISTOGRAM, ancestor, period, Number(attended), people));
  }
  for (const [key, [trip, multi]] of changes.peopleCounts) {
    const [ancestor, period] = splitKey(key);
    writes.push(sql(PEOPLE_COUNTS, ancestor, period, trip, multi));
  }
  for (const [key, people] of changes.courseHistogram) {
    const [course, period, attended] = splitKey(key);
    if (people !== 0) writes.push(sql(COURSE_HISTOGRAM, course, period, Number(attended), people));
  }
  return writes;
}

/** The people and periods (each use's year and month) the batch staged uses for. */
const STAGED_PEOPLE = `SELECT participant_id, substr(date, 1, 4) AS period FROM staged_uses
  UNION SELECT participant_id, substr(date, 1, 7) FROM staged_uses`;

/**
 * The fold as a batch step: it reads the staged uses, the dated ancestry of their organisations and
 * the standings of their people, in the batch's transaction, and writes the new standings and the
 * histograms' changes.
 */
export const PEOPLE_FOLD: ReadThenWrite = {
  reads: [
    sql('SELECT participant_id, organization_id, date, service, course_id, delta FROM staged_uses'),
    sql(
      `SELECT organization_id, ancestor_id, valid_from, valid_to FROM organization_ancestry
       WHERE organization_id IN (SELECT DISTINCT organization_id FROM staged_uses)`,
    ),
    sql(
      `SELECT p.participant_id, p.period, p.standing FROM (${STAGED_PEOPLE}) k
       CROSS JOIN people p WHERE p.participant_id = k.participant_id AND p.period = k.period`,
    ),
  ],
  then: ([staged, ancestry, people]) =>
    peopleWrites(foldPeople(staged as unknown as StagedUse[], ancestry as unknown as AncestryRow[], people as unknown as PersonPeriodRow[])),
};
