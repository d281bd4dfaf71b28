import { parseAsOf } from './as-of';

describe('parseAsOf: what an asOf query parameter may say', () => {
  it('reads a global position as the API shows it', () => {
    expect(parseAsOf('42')).toEqual({ position: { commit: 42n, prepare: 42n } });
    expect(parseAsOf('9007199254740993:9007199254740990')).toEqual({
      position: { commit: 9007199254740993n, prepare: 9007199254740990n },
    });
  });

  it('reads an ISO-8601 instant with its zone, to the millisecond', () => {
    expect(parseAsOf('2025-03-01T12:00:00+08:00')).toEqual({ instant: new Date('2025-03-01T04:00:00.000Z') });
    expect(parseAsOf('2025-03-01T04:00Z')).toEqual({ instant: new Date('2025-03-01T04:00:00.000Z') });
    // A finer fraction is cut, never rounded up past a recorded instant.
    expect(parseAsOf('2025-03-01T04:00:00.123999999Z')).toEqual({ instant: new Date('2025-03-01T04:00:00.123Z') });
  });

  it.each([
    '',
    'head',
    '-1',
    '42:',
    '18446744073709551616', // beyond 64 bits
    '2025-03-01', // a day is no instant
    '2025-03-01T04:00:00', // nor is a local time
    '2025-02-30T04:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T04:60:00Z',
    '2025-03-01T04:00:00+25:00',
    '2025-03-01 04:00:00Z',
  ])('refuses %p', (text) => {
    expect(parseAsOf(text)).toBeUndefined();
  });
});
