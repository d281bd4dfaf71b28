import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { progressReporter } from '../../apps/cli/src/progress';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite-event-store';
import { median, nowMs, percentile } from '../support';
import { CityAppend, CityExpected, CityOptions, CityShape } from './city-generator';
import { BATCH_EVENTS, FromCityWorker } from './city-worker';

/**
 * The load: the city-year's appends through SqliteEventStore.appendToStream, from 32 concurrent
 * writers (the store's group commit shares one transaction and one fsync among the appends that
 * arrive together), each with the expected revision the API would have passed. A writer takes the
 * next append in recording order; if an earlier append to the same stream, or to a stream its
 * handler reads (the parent organisation, the course), is still in flight, it waits for that one
 * first, as a second request would wait for the first one's answer. So the log keeps parents
 * before children and a course before its sessions, with up to 32 appends in flight.
 */

export const WRITERS = 32;

/** A stretch of the log and the rate at which it went by. */
export interface Window {
  readonly fromEvent: number;
  readonly toEvent: number;
  readonly ms: number;
  /** Events per second. */
  readonly perSecond: number;
  /** Appends per second in the same stretch, when the samples count appends. */
  readonly appendsPerSecond?: number;
}

export interface LoadResults {
  readonly events: number;
  readonly appends: number;
  readonly writers: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly appendsPerSecond: number;
  /** Ten windows of 10% of the log each. */
  readonly windows: Window[];
  /** From appendToStream to its answer (the group commit it joined), over a sample of the appends. */
  readonly appendLatency: { readonly samples: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  /** Appends that first waited for an earlier one (same stream, or a stream their handler reads). */
  readonly dependencyWaits: number;
  /** Time during which writers waited for the generator with nothing queued: the load was generator-bound then. */
  readonly starvedMs: number;
  readonly shape: CityShape;
  readonly expected: CityExpected;
}

export async function loadCity(file: string, options: Required<CityOptions>, log: (line: string) => void): Promise<LoadResults> {
  const feed = new CityFeed(options);
  const store = new SqliteEventStore(file);
  try {
    const shape = await feed.shape;
    log(
      `  city: ${shape.districts} districts, ${shape.streets} streets, ${shape.grassroots.toLocaleString('en-US')} grassroots unions, ` +
        `${shape.courses.toLocaleString('en-US')} courses, ${shape.trips} trips, ${shape.population.toLocaleString('en-US')} workers; ` +
        `moves: ${shape.moves.map((m) => `${m.organizationId} ${m.from} → ${m.to} on ${m.effectiveDate}`).join('; ')}`,
    );
    const progress = progressReporter({ label: `loading (${WRITERS} writers)`, unit: 'events' });
    const inflight = new Map<string, Promise<void>>();
    const samples: Array<readonly [events: number, ms: number, appends: number]> = [[0, 0, 0]];
    const latencies: number[] = [];
    const latencyEvery = Math.max(1, Math.round(options.events / 4 / 200_000));
    let events = 0;
    let appends = 0;
    let dependencyWaits = 0;
    let nextSample = 1_000;
    let failure: unknown;
    const start = nowMs();

    const writer = async () => {
      while (failure === undefined) {
        let taken = feed.take();
        while (taken === 'wait') {
          await feed.ready();
          taken = feed.take();
        }
        if (taken === 'end') return;
        const append: CityAppend = taken;
        const earlier = [append.stream, ...append.after].flatMap((stream) => inflight.get(stream) ?? []);
        if (earlier.length > 0) dependencyWaits++;
        let sent = 0;
        const written = Promise.all(earlier).then(() => {
          sent = nowMs();
          return store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
        });
        const settled = written.then(
          () => undefined,
          () => undefined,
        );
        inflight.set(append.stream, settled);
        try {
          await written;
        } catch (error) {
          failure ??= new Error(`appending to ${append.stream} at revision ${append.expectedRevision} failed`, { cause: error });
          return;
        } finally {
          if (inflight.get(append.stream) === settled) inflight.delete(append.stream);
        }
        const now = nowMs();
        if (appends % latencyEvery === 0) latencies.push(now - sent);
        appends++;
        events += append.events.length;
        if (events >= nextSample) {
          samples.push([events, now - start, appends]);
          nextSample = events + 1_000;
        }
        progress.update(events, Math.max(options.events, events));
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
    if (failure !== undefined) throw failure;
    const ms = nowMs() - start;
    samples.push([events, ms, appends]);
    progress.finish();

    const expected = await feed.expected;
    const stored = await store.countEventsAfter();
    if (stored !== expected.events || events !== expected.events || appends !== expected.appends) {
      throw new Error(`the log holds ${stored} events after ${events} acknowledged (${appends} appends); the generator made ${expected.events} (${expected.appends} appends)`);
    }
    return {
      events,
      appends,
      writers: WRITERS,
      ms,
      eventsPerSecond: (events * 1000) / ms,
      appendsPerSecond: (appends * 1000) / ms,
      windows: windows(samples, events),
      appendLatency: { samples: latencies.length, p50Ms: median(latencies), p99Ms: percentile(latencies, 99), maxMs: latencies.reduce((a, b) => Math.max(a, b), 0) },
      dependencyWaits,
      starvedMs: feed.starvedMs,
      shape,
      expected,
    };
  } finally {
    await feed.close();
    await store.close();
  }
}

/**
 * Rates over `parts` equal stretches of `total` events, from (events done, ms[, appends done])
 * samples taken as the work went: the time (and appends) at each boundary are interpolated
 * between the samples around it.
 */
export function windows(samples: ReadonlyArray<readonly number[]>, total: number, parts = 10): Window[] {
  const at = (events: number, column: number) => {
    let i = 1;
    while (i < samples.length - 1 && samples[i][0] < events) i++;
    const [e0, a] = [samples[i - 1][0], samples[i - 1][column]];
    const [e1, b] = [samples[i][0], samples[i][column]];
    return e1 === e0 ? b : a + ((events - e0) / (e1 - e0)) * (b - a);
  };
  const countsAppends = samples.every((sample) => sample.length > 2);
  return Array.from({ length: parts }, (_, k) => {
    const fromEvent = Math.round((total * k) / parts);
    const toEvent = Math.round((total * (k + 1)) / parts);
    const ms = at(toEvent, 1) - at(fromEvent, 1);
    return {
      fromEvent,
      toEvent,
      ms,
      perSecond: ((toEvent - fromEvent) * 1000) / ms,
      ...(countsAppends && { appendsPerSecond: ((at(toEvent, 2) - at(fromEvent, 2)) * 1000) / ms }),
    };
  });
}

/** The generator's appends as the worker thread hands them over, a few batches ahead of the writers. */
class CityFeed {
  readonly shape: Promise<CityShape>;
  readonly expected: Promise<CityExpected>;
  /** Time during which a writer waited and nothing was queued. */
  starvedMs = 0;
  private readonly worker: Worker;
  private queue: CityAppend[] = [];
  private taken = 0;
  private queuedEvents = 0;
  private asked = 0;
  private ended = false;
  private failure?: Error;
  private waiters: Array<() => void> = [];
  private emptySince?: number;

  constructor(options: Required<CityOptions>) {
    let resolveShape!: (shape: CityShape) => void;
    let resolveExpected!: (expected: CityExpected) => void;
    let rejectBoth!: (error: Error) => void;
    this.shape = new Promise((resolve, reject) => {
      resolveShape = resolve;
      rejectBoth = reject;
    });
    this.expected = new Promise((resolve, reject) => {
      resolveExpected = resolve;
      const previous = rejectBoth;
      rejectBoth = (error) => {
        previous(error);
        reject(error);
      };
    });
    this.expected.catch(() => undefined);
    this.worker = new Worker(join(__dirname, 'city-worker.js'), { workerData: options });
    this.worker.on('message', (message: FromCityWorker) => {
      switch (message.kind) {
        case 'shape':
          return resolveShape(message.shape);
        case 'batch':
          this.asked--;
          this.queue = this.queue.slice(this.taken).concat(message.appends);
          this.taken = 0;
          for (const append of message.appends) this.queuedEvents += append.events.length;
          this.refill();
          return this.wake();
        case 'end':
          this.ended = true;
          resolveExpected(message.expected);
          return this.wake();
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      rejectBoth(error);
      this.wake();
    });
    this.refill();
  }

  /** The next append, 'wait' while the generator catches up, 'end' after the last. */
  take(): CityAppend | 'wait' | 'end' {
    if (this.failure) throw this.failure;
    if (this.taken < this.queue.length) {
      const append = this.queue[this.taken++];
      this.queuedEvents -= append.events.length;
      this.refill();
      return append;
    }
    return this.ended ? 'end' : 'wait';
  }

  ready(): Promise<void> {
    this.emptySince ??= nowMs();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  /** Keeps about three batches queued or asked for. */
  private refill(): void {
    while (!this.ended && this.asked < 3 && this.queuedEvents + this.asked * BATCH_EVENTS < 3 * BATCH_EVENTS) {
      this.worker.postMessage('more');
      this.asked++;
    }
  }

  private wake(): void {
    if (this.emptySince !== undefined) this.starvedMs += nowMs() - this.emptySince;
    this.emptySince = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
