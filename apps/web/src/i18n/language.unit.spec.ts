import { en } from './en';
import { interpolate, textsOf, todayInUnionTime } from './language';
import { zhCN } from './zh-CN';

describe('the languages', () => {
  it('write dates, months and numbers as each language does', () => {
    const zh = textsOf('zh-CN');
    const english = textsOf('en');
    expect(zh.date('2024-07-18')).toBe('2024年7月18日');
    expect(english.date('2024-07-18')).toBe('18 Jul 2024');
    expect(zh.month('2024-07')).toBe('2024年7月');
    expect(english.month('2024-07')).toBe('Jul 2024');
    expect(zh.number(1128)).toBe('1,128');
    expect(english.number(12.634)).toBe('12.63');
  });

  it('keep a calendar date on its day whatever the time zone', () => {
    expect(textsOf('en').date('2024-01-01')).toBe('1 Jan 2024');
    expect(textsOf('en').date('2024-12-31')).toBe('31 Dec 2024');
  });

  it('show instants in the unions’ time zone', () => {
    expect(textsOf('en').instant('2024-07-18T06:05:00Z')).toBe('18 Jul 2024, 14:05');
    expect(textsOf('zh-CN').instant('2024-07-18T06:05:00Z')).toContain('2024年7月18日');
  });

  it('take today in Beijing, not in the browser’s zone', () => {
    expect(todayInUnionTime(new Date('2024-07-17T16:30:00Z'))).toBe('2024-07-18');
    expect(todayInUnionTime(new Date('2024-07-18T15:59:00Z'))).toBe('2024-07-18');
  });

  it('put values in their places, and leave a place without one visible', () => {
    expect(interpolate('{actual} / {target}', { actual: 42, target: 100 })).toBe('42 / 100');
    expect(interpolate('{missing} here')).toBe('{missing} here');
  });

  it('have, in English, the same places in every message as in Chinese', () => {
    const places = (message: string) => [...message.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect({ key, places: places(en[key]) }).toEqual({ key, places: places(zhCN[key]) });
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });
});
