import { OrganizationFigures } from './organization-summary.query';
import { QueryRunner } from './scope';

/**
 * A period the roll-ups answer in full: whole months from `fromMonth` to `toMonth` for the additive
 * figures, and, for people (distinct, regulars, trip people, people of several services), a period
 * kept in `presence`: one month, or one calendar year.
 */
export interface RolledUpPeriod {
  readonly fromMonth: string;
  readonly toMonth: string;
  /** `YYYY-MM` or `YYYY`; undefined when the months are neither one month nor one whole year. */
  readonly presencePeriod?: string;
}

/** The period the roll-ups hold for an inclusive from–to, or undefined when it does not start and end on month bounds. */
export function rolledUpPeriod(from: string | undefined, to: string | undefined): RolledUpPeriod | undefined {
  if (!from || !to || !from.endsWith('-01') || to !== lastDayOfMonth(to.slice(0, 7)) || from > to) return undefined;
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const wholeYear = fromMonth.endsWith('-01') && toMonth.endsWith('-12') && fromMonth.slice(0, 4) === toMonth.slice(0, 4);
  const presencePeriod = fromMonth === toMonth ? fromMonth : wholeYear ? fromMonth.slice(0, 4) : undefined;
  return { fromMonth, toMonth, ...(presencePeriod && { presencePeriod }) };
}

function lastDayOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The additive figures of a subtree (dated tree) over whole months, from figure_rollup. */
export async function rolledUpFigures(
  run: QueryRunner,
  organizationId: string,
  period: RolledUpPeriod,
  into: OrganizationFigures,
): Promise<void> {
  const rows = await run<{ measure: string; value: number }>(
    'SELECT measure, sum(value) AS value FROM figure_rollup WHERE ancestor_id = ? AND month >= ? AND month <= ? GROUP BY measure',
    [organizationId, period.fromMonth, period.toMonth],
  );
  for (const { measure, value } of rows) {
    const n = Number(value);
    if (measure.startsWith('channel:')) into.membersByChannel[measure.slice('channel:'.length)] = n;
    else if (measure.startsWith('category:')) into.membersByCategory[measure.slice('category:'.length)] = n;
    else if (measure in into) (into as unknown as Record<string, number>)[measure] = n;
  }
}

/** Distinct people, regulars, trip people and people of several services of a subtree in a kept period. */
export async function rolledUpPeople(
  run: QueryRunner,
  organizationId: string,
  presencePeriod: string,
  regularMin: number,
): Promise<Pick<OrganizationFigures, 'distinctParticipants' | 'regulars' | 'tripDistinctParticipants' | 'multiServicePeople'>> {
  const [[attended], [counts]] = await Promise.all([
    run<{ people: number | null; regulars: number | null }>(
      `SELECT sum(people) AS people, sum(CASE WHEN attended >= ? THEN people ELSE 0 END) AS regulars
       FROM attendance_histogram WHERE ancestor_id = ? AND period = ?`,
      [regularMin, organizationId, presencePeriod],
    ),
    run<{ trip_people: number; multi_service_people: number }>(
      'SELECT trip_people, multi_service_people FROM people_counts WHERE ancestor_id = ? AND period = ?',
      [organizationId, presencePeriod],
    ),
  ]);
  return {
    distinctParticipants: Number(attended?.people ?? 0),
    regulars: Number(attended?.regulars ?? 0),
    tripDistinctParticipants: Number(counts?.trip_people ?? 0),
    multiServicePeople: Number(counts?.multi_service_people ?? 0),
  };
}
