import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ExpectedRevision } from '../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../libs/event-store/src/sqlite-event-store';
import { attendedEvent, median, nowMs, sessionStream, tempDir } from './support';

/**
 * Durable appends through the store port against raw better-sqlite3. Every measurement gets a
 * fresh file. fsync latency on a VM drifts a lot within a minute (the raw baseline has been seen
 * to go from 3,300/s to 6,100/s in three consecutive rounds), so the three kinds run interleaved
 * in rounds, in ABBA order (baseline, sequential, concurrent, then concurrent, sequential,
 * baseline), and each ratio is the median over the rounds of the ratio within a round: a pair
 * measured seconds apart, rather than two medians taken over different moments.
 */

export interface Limits {
  readonly ops: number;
  readonly ms: number;
}

export interface RateSample {
  readonly ops: number;
  readonly ms: number;
  readonly perSecond: number;
}

export interface StoreResults {
  readonly baseline: RateSample[];
  readonly sequential: RateSample[];
  readonly concurrent: RateSample[];
  readonly baselinePerSecond: number;
  readonly sequentialPerSecond: number;
  readonly concurrentPerSecond: number;
  /** Median over the rounds of (sequential / baseline) and (concurrent / baseline) within each round. */
  readonly sequentialRatio: number;
  readonly concurrentRatio: number;
  readonly concurrency: number;
  readonly synchronous: { baseline: number; store: number };
  readonly eventBytes: number;
}

const SEQUENTIAL: Limits = { ops: 3_000, ms: 3_000 };
const CONCURRENT: Limits = { ops: 20_000, ms: 3_000 };
const WARM_UP: Limits = { ops: 300, ms: 500 };
const CONCURRENCY = 32;
const ROUNDS = 4;

/** The events table exactly as SqliteEventStore creates it. */
const EVENTS_DDL = `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream, revision)
  )`;

const rate = (ops: number, ms: number): RateSample => ({ ops, ms, perSecond: (ops * 1000) / ms });

/** BASELINE: the same rows, one BEGIN IMMEDIATE / INSERT / COMMIT per row, WAL + synchronous=FULL. */
export function rawInserts(file: string, limits: Limits): { sample: RateSample; synchronous: number } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    db.exec(EVENTS_DDL);
    const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const stream = sessionStream('chaowai-painting', 'baseline');
    const start = nowMs();
    const deadline = start + limits.ms;
    let ops = 0;
    while (ops < limits.ops && nowMs() < deadline) {
      const event = attendedEvent('chaowai-painting', 'baseline', ops);
      begin.run();
      insert.run(event.id, stream, ops, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
      commit.run();
      ops++;
    }
    const sample = rate(ops, nowMs() - start);
    const { n } = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    if (n !== ops) throw new Error(`baseline wrote ${n} rows, expected ${ops}`);
    return { sample, synchronous };
  } finally {
    db.close();
  }
}

/** One caller appending one event at a time to its own stream, awaiting each append. */
export async function sequentialAppends(file: string, limits: Limits): Promise<{ sample: RateSample; synchronous: number }> {
  const store = new SqliteEventStore(file);
  try {
    const synchronous = synchronousOf(store);
    const stream = sessionStream('chaowai-painting', 'sequential');
    let expectedRevision: ExpectedRevision = 'no_stream';
    const start = nowMs();
    const deadline = start + limits.ms;
    let ops = 0;
    while (ops < limits.ops && nowMs() < deadline) {
      const result = await store.appendToStream(stream, [attendedEvent('chaowai-painting', 'sequential', ops)], { expectedRevision });
      expectedRevision = result.nextExpectedRevision;
      ops++;
    }
    const sample = rate(ops, nowMs() - start);
    await expectCount(store, ops);
    return { sample, synchronous };
  } finally {
    await store.close();
  }
}

/** `callers` callers, each looping on its own stream with exact expected revisions. */
export async function concurrentAppends(file: string, limits: Limits, callers: number): Promise<RateSample> {
  const store = new SqliteEventStore(file);
  try {
    let issued = 0;
    let ops = 0;
    const start = nowMs();
    const deadline = start + limits.ms;
    const caller = async (c: number) => {
      const sessionId = `concurrent-${c}`;
      const stream = sessionStream('chaowai-painting', sessionId);
      let expectedRevision: ExpectedRevision = 'no_stream';
      while (issued < limits.ops && nowMs() < deadline) {
        issued++;
        const result = await store.appendToStream(stream, [attendedEvent('chaowai-painting', sessionId, ops)], { expectedRevision });
        expectedRevision = result.nextExpectedRevision;
        ops++;
      }
    };
    await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
    const sample = rate(ops, nowMs() - start);
    await expectCount(store, ops);
    return sample;
  } finally {
    await store.close();
  }
}

export async function runStoreBench(log: (line: string) => void): Promise<StoreResults> {
  const dir = tempDir('store');
  let file = 0;
  const fresh = () => join(dir.path, `events-${file++}.sqlite`);
  try {
    // Warm-up: JIT, the native module, the page cache of the temp directory.
    rawInserts(fresh(), WARM_UP);
    await sequentialAppends(fresh(), WARM_UP);
    await concurrentAppends(fresh(), WARM_UP, CONCURRENCY);

    const baseline: RateSample[] = [];
    const sequential: RateSample[] = [];
    const concurrent: RateSample[] = [];
    let synchronous = { baseline: -1, store: -1 };
    for (let round = 1; round <= ROUNDS; round++) {
      const measure = {
        baseline: async () => {
          const raw = rawInserts(fresh(), SEQUENTIAL);
          synchronous = { ...synchronous, baseline: raw.synchronous };
          return raw.sample;
        },
        sequential: async () => {
          const seq = await sequentialAppends(fresh(), SEQUENTIAL);
          synchronous = { ...synchronous, store: seq.synchronous };
          return seq.sample;
        },
        concurrent: () => concurrentAppends(fresh(), CONCURRENT, CONCURRENCY),
      };
      const order = round % 2 === 1 ? (['baseline', 'sequential', 'concurrent'] as const) : (['concurrent', 'sequential', 'baseline'] as const);
      const samples: Partial<Record<keyof typeof measure, RateSample>> = {};
      for (const kind of order) samples[kind] = await measure[kind]();
      baseline.push(samples.baseline!);
      sequential.push(samples.sequential!);
      concurrent.push(samples.concurrent!);
      log(
        `  store round ${round}/${ROUNDS}: raw ${fmt(samples.baseline!)}, sequential ${fmt(samples.sequential!)} ` +
          `(${(samples.sequential!.perSecond / samples.baseline!.perSecond).toFixed(2)}×), ${CONCURRENCY} concurrent ` +
          `${fmt(samples.concurrent!)} (${(samples.concurrent!.perSecond / samples.baseline!.perSecond).toFixed(2)}×)`,
      );
    }
    const sample = attendedEvent('chaowai-painting', '2024-03-04', 1);
    return {
      baseline,
      sequential,
      concurrent,
      baselinePerSecond: median(baseline.map((s) => s.perSecond)),
      sequentialPerSecond: median(sequential.map((s) => s.perSecond)),
      concurrentPerSecond: median(concurrent.map((s) => s.perSecond)),
      sequentialRatio: median(sequential.map((s, i) => s.perSecond / baseline[i].perSecond)),
      concurrentRatio: median(concurrent.map((s, i) => s.perSecond / baseline[i].perSecond)),
      concurrency: CONCURRENCY,
      synchronous,
      eventBytes: JSON.stringify(sample.data).length + JSON.stringify(sample.metadata).length,
    };
  } finally {
    dir.remove();
  }
}

function fmt(sample: RateSample): string {
  return `${Math.round(sample.perSecond)}/s (${sample.ops} in ${Math.round(sample.ms)} ms)`;
}

async function expectCount(store: SqliteEventStore, ops: number): Promise<void> {
  const stored = await store.countEventsAfter();
  if (stored !== ops) throw new Error(`the store holds ${stored} events after ${ops} acknowledged appends`);
}

/** A sanity check that the store under test really is durable (2 = FULL); reads its private handle. */
function synchronousOf(store: SqliteEventStore): number {
  const db = (store as unknown as { db: Database.Database }).db;
  return db.pragma('synchronous', { simple: true }) as number;
}
