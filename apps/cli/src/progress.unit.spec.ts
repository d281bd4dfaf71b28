import { bar, formatDuration, progressLine, progressReporter } from './progress';

describe('progress reporter', () => {
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
  };
  const fakeClock = () => {
    let now = 1_000_000;
    return { clock: () => now, advance: (ms: number) => (now += ms) };
  };

  it('works out the rate from the elapsed time and the time left from the rate', () => {
    // 25,000 of 100,000 in 5 s: 5,000/s, so 75,000 more take 15 s.
    expect(progressLine('replaying x', 'events', 25_000, 100_000, 5_000)).toBe(
      'replaying x: 25,000 of 100,000 events (25.0%), 5,000 events/s, 15s left',
    );
    expect(progressLine('replaying x', 'events', 0, 100_000, 0)).toBe('replaying x: 0 of 100,000 events (0.0%), 0 events/s, ? left');
    expect(progressLine('replaying x', 'events', 100_000, 100_000, 80_000)).toBe(
      'replaying x: 100,000 of 100,000 events (100.0%), 1,250 events/s, done in 1m20s',
    );
    expect(progressLine('replaying x', 'events', 0, 0, 10)).toBe('replaying x: 0 of 0 events (100.0%), 0 events/s, done in 0s');
  });

  it('formats durations in whole seconds, minutes and hours', () => {
    expect(formatDuration(949)).toBe('1s');
    expect(formatDuration(75_000)).toBe('1m15s');
    expect(formatDuration(3_723_000)).toBe('1h02m');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('draws a bar of the share done', () => {
    expect(bar(0, 10)).toBe(`[${'░'.repeat(24)}]`);
    expect(bar(5, 10)).toBe(`[${'█'.repeat(12)}${'░'.repeat(12)}]`);
    expect(bar(10, 10)).toBe(`[${'█'.repeat(24)}]`);
  });

  it('off a terminal, writes a plain line every 10% or every everyMs, and a last one', () => {
    const { written, stream } = fakeStream(false);
    const { clock, advance } = fakeClock();
    const progress = progressReporter({ label: 'replaying x', unit: 'events', stream, clock, everyMs: 10_000, everyPercent: 10 });
    advance(1_000);
    progress.update(50, 1000); // 5%, 1 s: nothing yet
    advance(1_000);
    progress.update(100, 1000); // 10%: a line
    advance(1_000);
    progress.update(150, 1000); // 15%, 1 s since the last line: nothing
    advance(10_000);
    progress.update(160, 1000); // 10 s since the last line: a line
    advance(2_000);
    progress.update(1000, 1000); // 100%: a line
    progress.finish(); // the same figures again: nothing
    expect(written).toEqual([
      'replaying x: 100 of 1,000 events (10.0%), 50 events/s, 18s left\n',
      'replaying x: 160 of 1,000 events (16.0%), 12 events/s, 1m08s left\n',
      'replaying x: 1,000 of 1,000 events (100.0%), 67 events/s, done in 15s\n',
    ]);
    expect(written.join('')).not.toContain('\r');
  });

  it('off a terminal, finish writes the last figures when no line showed them', () => {
    const { written, stream } = fakeStream(false);
    const { clock, advance } = fakeClock();
    const progress = progressReporter({ label: 'copying', unit: 'events', stream, clock });
    advance(500);
    progress.update(3, 1000);
    progress.finish();
    expect(written).toEqual(['copying: 3 of 1,000 events (0.3%), 6 events/s, 2m46s left\n']);
  });

  it('on a terminal, redraws one line at most every 100 ms and ends it on finish', () => {
    const { written, stream } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const progress = progressReporter({ label: 'replaying x', unit: 'events', stream, clock });
    advance(1_000);
    progress.update(100, 1000);
    advance(50);
    progress.update(200, 1000); // within 100 ms of the last redraw: skipped
    advance(50);
    progress.update(300, 1000);
    progress.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toBe(`\r${bar(100, 1000)} replaying x: 100 of 1,000 events (10.0%), 100 events/s, 9s left\x1b[K`);
    expect(written[1]).toMatch(/^\r\[.*\] replaying x: 300 of 1,000 events \(30\.0%\).*\x1b\[K$/);
    expect(written[2]).toMatch(/\x1b\[K\n$/);
    expect(written.some((line) => line.includes('200 of'))).toBe(false);
  });

  describe('with the total unknown', () => {
    it('gives the count, the rate and the time spent, without a percentage or time left', () => {
      expect(progressLine('exporting', 'events', 25_000, undefined, 5_000)).toBe('exporting: 25,000 events, 5,000 events/s, 5s elapsed');
      expect(progressLine('exporting', 'events', 0, undefined, 0)).toBe('exporting: 0 events, 0 events/s, 0s elapsed');
    });

    it('off a terminal, writes a plain line every everyMs whatever the count, and a last one', () => {
      const { written, stream } = fakeStream(false);
      const { clock, advance } = fakeClock();
      const progress = progressReporter({ label: 'exporting', unit: 'events', stream, clock, everyMs: 10_000 });
      advance(5_000);
      progress.update(50_000); // a large count, but no percent step without a total: nothing yet
      advance(5_000);
      progress.update(100_000); // 10 s: a line
      advance(9_000);
      progress.update(190_000); // 9 s since the last line: nothing
      advance(1_000);
      progress.update(200_000); // 10 s since the last line: a line
      advance(500);
      progress.update(201_000);
      progress.finish();
      expect(written).toEqual([
        'exporting: 100,000 events, 10,000 events/s, 10s elapsed\n',
        'exporting: 200,000 events, 10,000 events/s, 20s elapsed\n',
        'exporting: 201,000 events, 9,805 events/s, 21s elapsed\n',
      ]);
    });

    it('on a terminal, redraws the line without a bar and ends it on finish', () => {
      const { written, stream } = fakeStream(true);
      const { clock, advance } = fakeClock();
      const progress = progressReporter({ label: 'exporting', unit: 'events', stream, clock });
      advance(1_000);
      progress.update(3_000);
      advance(1_000);
      progress.update(8_000);
      progress.finish();
      expect(written).toEqual([
        '\rexporting: 3,000 events, 3,000 events/s, 1s elapsed\x1b[K',
        '\rexporting: 8,000 events, 4,000 events/s, 2s elapsed\x1b[K',
        '\rexporting: 8,000 events, 4,000 events/s, 2s elapsed\x1b[K\n',
      ]);
      expect(written.join('')).not.toMatch(/[█░%]|left/);
    });
  });
});
