import { refuse } from './errors';

/** Ids are chosen by clients (so a retried create is recognisable) and are pseudonymous. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0-99 as 19xx
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A date on which something happened: a real calendar date, not after today. */
export function assertPastDate(field: string, value: string, today: IsoDate): void {
  if (!isCalendarDate(value)) throw refuse.invalid(field, 'isCalendarDate', `${field} is not a real calendar date`);
  if (value > today) throw refuse.invalid(field, 'notInFuture', `${field} ${value} is after today (${today})`);
}

export function assertCount(field: string, value: number, max: number): void {
  if (!Number.isInteger(value)) throw refuse.invalid(field, 'isInt', `${field} must be an integer`);
  if (value < 1) throw refuse.invalid(field, 'min', `${field} must be at least 1`);
  if (value > max) throw refuse.invalid(field, 'max', `${field} must be at most ${max}`);
}

/** Sane upper bounds: a free clinic does not serve a million workers. */
export const LIMITS = {
  workersServedPerClinic: 10_000,
  mealsPerServing: 100_000,
  attendeesPerRequest: 1_000,
  textLength: 200,
} as const;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date where the unions are: the ledger's clock is passed in, never read here. */
export function dateIn(timeZone: string, instant: Date): IsoDate {
  let format = dateFormats.get(timeZone); // building one costs ~100 µs: keep one per zone
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}
