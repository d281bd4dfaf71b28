import { periodsTouched } from './closed-periods';
import { differences } from './reproduce';

describe('differences between a report as published and as restated', () => {
  it('names each leaf that differs by its JSON path, and nothing that does not', () => {
    const published = [{ courseId: 'painting', attendances: 6, byMonth: { '2024-03': 6 } }, { courseId: 'yoga', attendances: 3 }];
    const restated = [{ courseId: 'painting', attendances: 5, byMonth: { '2024-03': 5 } }, { courseId: 'yoga', attendances: 3 }];
    expect(differences(published, restated)).toEqual([
      { path: '[0].attendances', asPublished: 6, asRestated: 5 },
      { path: '[0].byMonth.2024-03', asPublished: 6, asRestated: 5 },
    ]);
    expect(differences(published, published)).toEqual([]);
  });

  it('shows rows that appeared or disappeared, and a whole answer that changed kind', () => {
    expect(differences([{ n: 1 }], [{ n: 1 }, { n: 2 }])).toEqual([{ path: '[1]', asPublished: null, asRestated: { n: 2 } }]);
    expect(differences({ a: 1 }, null)).toEqual([{ path: '.', asPublished: { a: 1 }, asRestated: null }]);
  });
});

describe('the periods a date range touches', () => {
  it('lists its years, then its months', () => {
    expect(periodsTouched('2024-11-15', '2025-01-31')).toEqual(['2024', '2025', '2024-11', '2024-12', '2025-01']);
    expect(periodsTouched('2024-03-01', '2024-03-31')).toEqual(['2024', '2024-03']);
    expect(periodsTouched('2025-01-01', '2024-12-31')).toEqual([]);
  });
});
