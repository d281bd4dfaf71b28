/**
 * Progress of a long command (replay, verify, export, import) on standard error, so that standard
 * output stays the command's result. On a terminal: one line, redrawn in place, with a bar, the
 * percentage, the rate and the time left. Elsewhere (a log file, CI): a plain line now and then,
 * every `everyMs` or each `everyPercent` more, whichever comes first, since redrawing would fill a
 * log with carriage returns.
 *
 * When the total is not known beforehand (an export streamed from the API), there is no bar,
 * percentage or time left: only the count, the rate and the time spent, and plain lines come every
 * `everyMs` only.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** What is being done, e.g. "replaying participation_v6". */
  readonly label: string;
  /** What is counted, e.g. "events". */
  readonly unit: string;
  readonly stream?: ProgressStream;
  /** Milliseconds since some fixed instant; Date.now unless a test brings its own. */
  readonly clock?: () => number;
  /** Non-terminal: a line at least this often while progressing. Default 10 s. */
  readonly everyMs?: number;
  /** Non-terminal: a line each time this many more percent are done. Default 10. */
  readonly everyPercent?: number;
}

export interface Progress {
  /** `total` undefined: not known beforehand. */
  update(done: number, total?: number): void;
  /** The last figures, as a line of their own (ends the redrawn line on a terminal). */
  finish(): void;
}

/** A terminal line is redrawn at most this often: redrawing costs more than a batch of work. */
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export function progressReporter(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const clock = options.clock ?? Date.now;
  const everyMs = options.everyMs ?? 10_000;
  const everyPercent = options.everyPercent ?? 10;
  const started = clock();
  let done = 0;
  let total: number | undefined;
  let shownAt: number | undefined;
  let shownPercentStep = 0;
  let shownDone: number | undefined;

  const describe = () => progressLine(options.label, options.unit, done, total, clock() - started);
  const redrawn = () => `\r${total === undefined ? '' : `${bar(done, total)} `}${describe()}\x1b[K`;

  return {
    update(nowDone, nowTotal) {
      done = nowDone;
      total = nowTotal;
      const now = clock();
      if (stream.isTTY) {
        if (shownAt !== undefined && now - shownAt < REDRAW_MS) return;
        stream.write(redrawn());
      } else {
        // Without a total there are no percent steps: the clock alone says when a line is due.
        const step = total === undefined ? shownPercentStep : Math.floor(percent(done, total) / everyPercent);
        const due = shownAt === undefined ? now - started >= everyMs : now - shownAt >= everyMs;
        if (!due && step <= shownPercentStep) return;
        stream.write(`${describe()}\n`);
        shownPercentStep = step;
      }
      shownAt = now;
      shownDone = done;
    },
    finish() {
      if (stream.isTTY) stream.write(`${redrawn()}\n`);
      else if (shownDone !== done) stream.write(`${describe()}\n`); // not the line just written again
    },
  };
}

/**
 * "replaying participation_v6: 12,000 of 100,000 events (12.0%), 8,432 events/s, 10s left", or
 * with the total unknown "exporting: 12,000 events, 8,432 events/s, 1s elapsed".
 */
export function progressLine(label: string, unit: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  if (total === undefined) {
    return `${label}: ${count(done)} ${unit}, ${count(Math.round(rate))} ${unit}/s, ${formatDuration(elapsedMs)} elapsed`;
  }
  const left = rate > 0 ? formatDuration(((total - done) / rate) * 1000) : '?';
  return (
    `${label}: ${count(done)} of ${count(total)} ${unit} (${percent(done, total).toFixed(1)}%), ` +
    `${count(Math.round(rate))} ${unit}/s, ${done >= total ? `done in ${formatDuration(elapsedMs)}` : `${left} left`}`
  );
}

/** "[██████░░░░…]" of BAR_WIDTH cells. */
export function bar(done: number, total: number): string {
  const filled = Math.round((percent(done, total) / 100) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}

/** 950 → "1s", 75_000 → "1m15s", 3_723_000 → "1h02m". Whole seconds: a finer ETA would only flicker. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** An empty job is complete: 0 of 0 is 100%. */
function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, (done / total) * 100) : 100;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
