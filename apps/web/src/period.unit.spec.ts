import { textsOf } from './i18n/language';
import { describePeriod, lastYear, periodFromParams, periodToParams, rangeOf } from './period';

describe('a period', () => {
  it('covers the dates of its year, month (leap years included) or range', () => {
    expect(rangeOf({ kind: 'year', year: '2024' })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(rangeOf({ kind: 'month', month: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(rangeOf({ kind: 'month', month: '2023-02' })).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(rangeOf({ kind: 'month', month: '2024-12' })).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(rangeOf({ kind: 'range', from: '2024-03-04', to: '2024-05-01' })).toEqual({ from: '2024-03-04', to: '2024-05-01' });
  });

  it('goes into the address and comes back unchanged', () => {
    for (const period of [
      { kind: 'year', year: '2024' },
      { kind: 'month', month: '2024-07' },
      { kind: 'range', from: '2024-03-04', to: '2024-05-01' },
    ] as const) {
      expect(periodFromParams(new URLSearchParams(periodToParams(period)), lastYear('2026-11-24'))).toEqual(period);
    }
  });

  it('falls back when the address holds no readable period', () => {
    const fallback = lastYear('2026-11-24');
    expect(fallback).toEqual({ kind: 'year', year: '2025' });
    for (const query of ['', 'period=24', 'period=2024-13', 'from=2024-05-01&to=2024-03-01', 'from=2024-02-30x&to=2024-03-01']) {
      expect(periodFromParams(new URLSearchParams(query), fallback)).toBe(fallback);
    }
  });

  it('is described in the reader’s language', () => {
    expect(describePeriod({ kind: 'year', year: '2024' }, textsOf('zh-CN'))).toBe('2024年');
    expect(describePeriod({ kind: 'month', month: '2024-07' }, textsOf('en'))).toBe('Jul 2024');
    expect(describePeriod({ kind: 'range', from: '2024-03-04', to: '2024-05-01' }, textsOf('en'))).toBe('4 Mar 2024 – 1 May 2024');
  });
});
