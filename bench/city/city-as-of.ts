import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite-event-store';
import { positionAt } from '../../libs/event-store/src/position';
import { replayInMemory } from '../../libs/projections/src/as-of';
import { participationProjection } from '../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../libs/projections/src/participation/participation.queries';
import { nowMs } from '../support';
import { CityShape, REGULAR_MIN } from './city-generator';
import { YEAR } from './city-queries';

export interface AsOfResults {
  /** How many events the answer includes: the first half of the log. */
  readonly events: number;
  readonly replayMs: number;
  readonly queryMs: number;
  readonly totalMs: number;
  /** The federation's 2024 attendances as of that position, and a hash of the whole summary. */
  readonly attendances: number;
  readonly summarySha256: string;
}

/**
 * An auditor's question as of the middle of the log: the federation's 2024 summary, answered the
 * way the API answers `asOf` (AsOfReadModels: the participation projection replayed into memory up
 * to the position, then queried). That replay starts at position 0: there are no snapshots yet, so
 * the answer is a full replay to the position by construction, and its time grows with the position.
 */
export async function measureAsOf(eventsFile: string, shape: CityShape, log: (line: string) => void): Promise<AsOfResults> {
  const events = Math.floor(countEvents(eventsFile) / 2);
  const middle = middlePosition(eventsFile, events);
  const store = new SqliteEventStore(eventsFile);
  try {
    const started = nowMs();
    const replayed = await replayInMemory(store, participationProjection, positionAt(middle));
    const replayMs = nowMs() - started;
    try {
      const asked = nowMs();
      const summary = await new ParticipationQueries(replayed.query).organizationSummary({
        organizationId: shape.federation,
        subtree: true,
        tree: 'dated',
        regularMin: REGULAR_MIN,
        ...YEAR,
      });
      if (!summary) throw new Error(`no summary for ${shape.federation} as of position ${middle}`);
      const queryMs = nowMs() - asked;
      const results: AsOfResults = {
        events,
        replayMs,
        queryMs,
        totalMs: nowMs() - started,
        attendances: summary.attendances,
        summarySha256: createHash('sha256').update(JSON.stringify(summary)).digest('hex'),
      };
      log(
        `  as of event ${events.toLocaleString('en-US')} (position ${middle}): ${summary.attendances.toLocaleString('en-US')} attendances in 2024; ` +
          `replayed in ${(replayMs / 1000).toFixed(1)} s, asked in ${queryMs.toFixed(1)} ms`,
      );
      return results;
    } finally {
      replayed.close();
    }
  } finally {
    await store.close();
  }
}

function countEvents(eventsFile: string): number {
  const db = new Database(eventsFile, { readonly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/** The position of the n-th event of the log (1-based). */
function middlePosition(eventsFile: string, n: number): bigint {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const row = db.prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET ?').safeIntegers(true).get(n - 1) as { position: bigint };
    return row.position;
  } finally {
    db.close();
  }
}
