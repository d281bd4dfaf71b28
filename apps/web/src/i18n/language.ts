import { en } from './en';
import { Catalogue, MessageKey, zhCN } from './zh-CN';

/** Chinese first; English beside it. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const CATALOGUES: Readonly<Record<Language, Catalogue>> = { 'zh-CN': zhCN, en };
/** The locale that formats numbers and dates: British English writes dates as 18 Jul 2024. */
const LOCALES: Readonly<Record<Language, string>> = { 'zh-CN': 'zh-CN', en: 'en-GB' };
/** Dates and instants are shown in the unions' time zone, wherever the browser is. */
const TIME_ZONE = 'Asia/Shanghai';

export type Vars = Readonly<Record<string, string | number>>;

/** The words and the number and date formats of one language: everything the app shows goes through it. */
export interface Texts {
  readonly language: Language;
  t(key: MessageKey, vars?: Vars): string;
  /** 1128 → 1,128 */
  number(value: number): string;
  /** 2024-07-18 → 2024年7月18日 / 18 Jul 2024 */
  date(isoDate: string): string;
  /** 2024-07 → 2024年7月 / Jul 2024 */
  month(isoMonth: string): string;
  /** An instant, in the unions' time zone: 2024年7月18日 14:05 / 18 Jul 2024, 14:05 */
  instant(iso: string): string;
}

export function textsOf(language: Language): Texts {
  const catalogue = CATALOGUES[language];
  const locale = LOCALES[language];
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  // A calendar date has no time zone: read and written as UTC midnight, it never shifts a day.
  const dates = new Intl.DateTimeFormat(locale, { year: 'numeric', month: language === 'en' ? 'short' : 'long', day: 'numeric', timeZone: 'UTC' });
  const months = new Intl.DateTimeFormat(locale, { year: 'numeric', month: language === 'en' ? 'short' : 'long', timeZone: 'UTC' });
  const instants = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: language === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  });
  return {
    language,
    t: (key, vars) => interpolate(catalogue[key], vars),
    number: (value) => numbers.format(value),
    date: (isoDate) => dates.format(new Date(`${isoDate}T00:00:00Z`)),
    month: (isoMonth) => months.format(new Date(`${isoMonth}-01T00:00:00Z`)),
    instant: (iso) => instants.format(new Date(iso)),
  };
}

/** Puts `vars` in the `{name}` places of a message; a place without a value stays visible, to be noticed. */
export function interpolate(message: string, vars: Vars = {}): string {
  return message.replace(/\{([^}]+)\}/g, (place, name: string) => (name in vars ? String(vars[name]) : place));
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Today's date where the unions are, as the ledger checks it (a recorded date may not be after it). */
export function todayInUnionTime(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
