import { Texts } from './i18n/language';

/** What the analyst chose to look at: a calendar year, a month, or dates from–to (both inclusive). */
export type Period =
  | { readonly kind: 'year'; readonly year: string }
  | { readonly kind: 'month'; readonly month: string }
  | { readonly kind: 'range'; readonly from: string; readonly to: string };

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The dates a period covers, as the API's from/to take them. */
export function rangeOf(period: Period): DateRange {
  switch (period.kind) {
    case 'year':
      return { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
    case 'month': {
      const [year, month] = period.month.split('-').map(Number);
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return { from: `${period.month}-01`, to: `${period.month}-${String(lastDay).padStart(2, '0')}` };
    }
    case 'range':
      return { from: period.from, to: period.to };
  }
}

/** The year whose targets apply: the period's, or its start's. */
export function yearOf(period: Period): string {
  return rangeOf(period).from.slice(0, 4);
}

/** A period as the page's address holds it: `period=2024`, `period=2024-07`, or `from=…&to=…`. */
export function periodToParams(period: Period): Record<string, string> {
  if (period.kind === 'year') return { period: period.year };
  if (period.kind === 'month') return { period: period.month };
  return { from: period.from, to: period.to };
}

/** Reads a period back from the address; anything unreadable falls back to `fallback`. */
export function periodFromParams(params: URLSearchParams, fallback: Period): Period {
  const period = params.get('period');
  if (period && YEAR.test(period)) return { kind: 'year', year: period };
  if (period && MONTH.test(period)) return { kind: 'month', month: period };
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && DATE.test(from) && DATE.test(to) && from <= to) return { kind: 'range', from, to };
  return fallback;
}

export function describePeriod(period: Period, texts: Texts): string {
  if (period.kind === 'year') return texts.t('period.year', { year: period.year });
  if (period.kind === 'month') return texts.month(period.month);
  return texts.t('period.range', { from: texts.date(period.from), to: texts.date(period.to) });
}

/** The last full year before today: the figures an analyst most often reports. */
export function lastYear(today: string): Period {
  return { kind: 'year', year: String(Number(today.slice(0, 4)) - 1) };
}
