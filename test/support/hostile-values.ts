/**
 * Values each kind of field must refuse, shared by the bad-input suites: one table per kind, so a
 * new hostile value reaches every endpoint at once.
 */
export interface Case {
  label: string;
  value: unknown;
  status: number;
  rule: string;
  /** The field named, when not the field itself (an element: `participantIds[1]`). */
  field?: (name: string) => string;
  /** Only for required fields (null means "absent" for an optional one). */
  requiredOnly?: boolean;
}

export const bad = (label: string, value: unknown, rule: string, extra: Partial<Case> = {}): Case => ({
  label,
  value,
  status: 400,
  rule,
  ...extra,
});

export const LONG_TEXT = 'x'.repeat(201);

export const ID_CASES: Case[] = [
  bad('a number', 5, 'isLedgerId'),
  bad('null', null, 'isLedgerId', { requiredOnly: true }),
  bad('an array', ['abc'], 'isLedgerId'),
  bad('an object', { id: 'abc' }, 'isLedgerId'),
  bad('empty', '', 'isLedgerId'),
  bad('starting with a dash', '-abc', 'isLedgerId'),
  bad('with a space', 'has space', 'isLedgerId'),
  bad('with a slash', 'a/b', 'isLedgerId'),
  bad('with a trailing newline', 'abc\n', 'isLedgerId'),
  bad('not ASCII', '朝阳', 'isLedgerId'),
  bad('65 characters long', 'a'.repeat(65), 'isLedgerId'),
];

export const TEXT_CASES: Case[] = [
  bad('a number', 5, 'isText'),
  bad('null', null, 'isText', { requiredOnly: true }),
  bad('an array', ['text'], 'isText'),
  bad('a boolean', true, 'isText'),
  bad('an object', { text: 'x' }, 'isText'),
  bad('empty', '', 'isText'),
  bad('only blanks', '   ', 'isText'),
  bad('201 characters long', LONG_TEXT, 'isText'),
  bad('holding a NUL character', 'a\u0000b', 'isText'),
  bad('holding a line break', 'a\nb', 'isText'),
];

/** Not a real calendar date, `YYYY-MM-DD`. */
export const CALENDAR_CASES: Case[] = [
  bad('2024-02-30', '2024-02-30', 'isCalendarDate'),
  bad('2023-02-29', '2023-02-29', 'isCalendarDate'),
  bad('2024-13-01', '2024-13-01', 'isCalendarDate'),
  bad('2024-00-10', '2024-00-10', 'isCalendarDate'),
  bad('"yesterday"', 'yesterday', 'isCalendarDate'),
  bad('2024-3-4', '2024-3-4', 'isCalendarDate'),
  bad('a timestamp', '2024-03-04T10:00:00Z', 'isCalendarDate'),
  bad('a number', 20240304, 'isCalendarDate'),
  bad('null', null, 'isCalendarDate', { requiredOnly: true }),
];

/** A date on which something happened: not after today in Shanghai (the test clock: 2025-03-01). */
export const PAST_DATE_CASES: Case[] = [
  ...CALENDAR_CASES,
  bad('tomorrow in Shanghai (2025-03-02)', '2025-03-02', 'notInFuture'),
  bad('far in the future', '2999-01-01', 'notInFuture'),
];

/** A whole number from 1 to `max`. */
export const countCases = (max: number, absurd: number): Case[] => [
  bad('a number as a string "5"', '5', 'isInt'),
  bad('fractional', 1.5, 'isInt'),
  bad('null', null, 'isInt', { requiredOnly: true }),
  bad('an array', [5], 'isInt'),
  bad('an object', { n: 5 }, 'isInt'),
  bad('a boolean', true, 'isInt'),
  bad('zero', 0, 'min'),
  bad('negative', -3, 'min'),
  bad(`just over the maximum (${max + 1})`, max + 1, 'max'),
  bad(`absurd (${absurd})`, absurd, 'max'),
];

/** One of a fixed list of values; `capitalised` and `listed` are near misses of a real one. */
export const enumCases = (capitalised: string, listed: string): Case[] => [
  bad('not one of the values', 'bogus', 'isIn'),
  bad('capitalised', capitalised, 'isIn'),
  bad('empty', '', 'isIn'),
  bad('a number', 1, 'isIn'),
  bad('null', null, 'isIn', { requiredOnly: true }),
  bad('an array', [listed], 'isIn'),
];
