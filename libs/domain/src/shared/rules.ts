import { refuse } from './errors';
import { IsoDate, isCalendarDate } from './values';

// Rules shared by several aggregates: planned dates, date spans and lists.

/** How far ahead a planned date (a trip's start, an intake's opening) may lie. */
export const MAX_DAYS_AHEAD = 366;

/** Days since 1970-01-01 of a real calendar date, `YYYY-MM-DD`; check it with isCalendarDate first. */
export function dayNumber(value: IsoDate): number {
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0-99 as 19xx
  return Math.round(date.getTime() / 86_400_000);
}

/** Calendar days from start to end, both included: a trip from the 1st to the 4th lasts 4 days. */
export function daysIncluding(start: IsoDate, end: IsoDate): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** A real calendar date. */
export function assertCalendarDate(field: string, value: string): void {
  if (!isCalendarDate(value)) throw refuse.invalid(field, 'isCalendarDate', `${field} is not a real calendar date`);
}

/** A planned date: a real calendar date, possibly in the future, but at most MAX_DAYS_AHEAD days after today. */
export function assertPlannedDate(field: string, value: string, today: IsoDate): void {
  assertCalendarDate(field, value);
  if (dayNumber(value) - dayNumber(today) > MAX_DAYS_AHEAD) {
    throw refuse.invalid(field, 'maxDaysAhead', `${field} ${value} is more than ${MAX_DAYS_AHEAD} days after today (${today})`);
  }
}

/** Ids listed once each: the second occurrence of an id is refused, naming its position. */
export function assertDistinct(field: string, values: readonly string[], describe = (value: string) => `${value} is listed twice`): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) throw refuse.unprocessable(`${field}[${i}]`, 'unique', describe(value));
    seen.add(value);
  });
}

/** The same strings in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
