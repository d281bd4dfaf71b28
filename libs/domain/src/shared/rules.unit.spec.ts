import { CommandRefused } from './errors';
import { assertDistinct, assertPlannedDate, dayNumber, daysIncluding, MAX_DAYS_AHEAD, sameList } from './rules';

function refusal(act: () => void) {
  try {
    act();
  } catch (error) {
    if (error instanceof CommandRefused) return { kind: error.kind, details: error.details };
    throw error;
  }
  return undefined;
}

describe('shared rules', () => {
  it('numbers days from 1970-01-01, also for years before 100', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('0099-03-01') - dayNumber('0099-02-28')).toBe(1);
  });

  it('counts the days of a span with both ends included', () => {
    expect(daysIncluding('2024-07-01', '2024-07-01')).toBe(1);
    expect(daysIncluding('2024-07-01', '2024-07-04')).toBe(4);
    expect(daysIncluding('2024-02-28', '2024-03-01')).toBe(3);
    expect(daysIncluding('2023-02-28', '2023-03-01')).toBe(2);
    expect(daysIncluding('2024-12-31', '2025-01-01')).toBe(2);
    expect(daysIncluding('2024-07-02', '2024-07-01')).toBe(0);
  });

  it(`accepts a planned date up to ${MAX_DAYS_AHEAD} days ahead, and any date before`, () => {
    expect(refusal(() => assertPlannedDate('startDate', '2026-01-01', '2024-12-31'))).toBeUndefined();
    expect(refusal(() => assertPlannedDate('startDate', '1999-01-01', '2024-12-31'))).toBeUndefined();
    expect(refusal(() => assertPlannedDate('startDate', '2026-01-02', '2024-12-31'))).toEqual({
      kind: 'invalid',
      details: [{ field: 'startDate', rule: 'maxDaysAhead' }],
    });
    expect(refusal(() => assertPlannedDate('startDate', '2025-02-29', '2024-12-31'))).toEqual({
      kind: 'invalid',
      details: [{ field: 'startDate', rule: 'isCalendarDate' }],
    });
  });

  it('names the second occurrence of a value listed twice', () => {
    expect(refusal(() => assertDistinct('tracks', ['a', 'b']))).toBeUndefined();
    expect(refusal(() => assertDistinct('tracks', ['a', 'b', 'a', 'a']))).toEqual({
      kind: 'unprocessable',
      details: [{ field: 'tracks[2]', rule: 'unique' }],
    });
  });

  it('compares lists by values and order', () => {
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameList(['a'], ['a', 'b'])).toBe(false);
  });
});
