import Database from 'better-sqlite3';
import { isCalendarDate } from '../../domain/src/shared/values';
import { EventStore, StoredEvent } from '../../event-store/src/event-store.port';
import { comparePositions, decodePosition, LogPosition } from '../../event-store/src/position';
import { batchProjector, ProjectionDefinition, ReadQuery } from './projection';
import { BatchStep, runStepsSync, SqlStatement } from './read-model.port';

/** Events per read-model transaction while replaying; between two, other work gets the event loop. */
const REPLAY_BATCH = 1000;

/**
 * How far into the log a question looks: up to and including a global position, or up to an
 * instant (the events recorded at or before it).
 */
export type AsOf = { readonly position: LogPosition } | { readonly instant: Date };

/** `2025-03-01T04:00:00Z`, `2025-03-01T12:00:00.250+08:00`: a zone is required, a local time names no instant. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** A position as the API shows it (`"42"`, `"42:40"`) or an ISO-8601 instant with its zone; undefined when neither. */
export function parseAsOf(text: string): AsOf | undefined {
  const position = decodePosition(text);
  if (position) return { position };
  const match = ISO_INSTANT.exec(text);
  if (!match) return undefined;
  const [, date, hours, minutes, seconds = '00', fraction = '', zone, zoneHours = '00', zoneMinutes = '00'] = match;
  const inRange = Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60 && Number(zoneHours) < 24 && Number(zoneMinutes) < 60;
  if (!isCalendarDate(date) || !inRange) return undefined;
  // Recorded instants have milliseconds: a finer fraction is cut, which keeps "at or before" exact.
  const instant = new Date(`${date}T${hours}:${minutes}:${seconds}${fraction.slice(0, 4)}${zone}`);
  return Number.isNaN(instant.getTime()) ? undefined : { instant };
}

/**
 * The last event of the log prefix recorded at or before the instant; undefined when the first
 * event was recorded after it. The log is in recordedAt order only near enough (concurrent writers
 * take their clock before they commit), so it is the log order that counts: the prefix ends just
 * before the first event recorded after the instant, and an as-of answer is always a prefix of the log.
 */
export async function lastEventRecordedBy(store: EventStore, instant: Date): Promise<LogPosition | undefined> {
  let last: LogPosition | undefined;
  let sinceYield = 0;
  for await (const event of store.readAll()) {
    if (Date.parse(event.metadata.recordedAt) > instant.getTime()) break;
    last = event.position;
    if (++sinceYield === REPLAY_BATCH) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  return last;
}

/** A throwaway copy of a projection's tables, filled from a prefix of the log. */
export interface ReplayedReadModel {
  /** The last event applied; undefined when the prefix is empty. */
  readonly position: LogPosition | undefined;
  readonly query: ReadQuery;
  close(): void;
}

/**
 * Replays the log from its start up to and including `upTo` (nothing when undefined) into an
 * in-memory SQLite database that runs the projection's own DDL and statements, so that its queries
 * answer as the ledger stood then. The log is streamed (the store's readAll pages it) and applied
 * one transaction per batch.
 */
export async function replayInMemory(
  store: EventStore,
  projection: ProjectionDefinition,
  upTo: LogPosition | undefined,
): Promise<ReplayedReadModel> {
  const db = new Database(':memory:');
  try {
    const prepared = new Map<string, Database.Statement>();
    const statement = (sql: string) => {
      let found = prepared.get(sql);
      if (!found) prepared.set(sql, (found = db.prepare(sql)));
      return found;
    };
    const query: ReadQuery = async <Row>(sql: string, params: readonly unknown[]) => statement(sql).all(...params) as Row[];
    const apply = db.transaction((steps: readonly BatchStep[]) =>
      runStepsSync(
        steps,
        ({ sql, params }: SqlStatement) => statement(sql).run(...params),
        ({ sql, params }: SqlStatement) => statement(sql).all(...params) as Record<string, unknown>[],
      ),
    );

    db.transaction(() => projection.ddl.forEach((ddl) => db.exec(ddl)))();
    const project = await batchProjector(projection, query);
    let position: LogPosition | undefined;
    let batch: StoredEvent[] = [];
    const flush = async () => {
      apply(project(batch));
      position = batch.at(-1)?.position ?? position;
      batch = [];
      await yieldToEventLoop();
    };
    if (upTo) {
      for await (const event of store.readAll()) {
        if (comparePositions(event.position, upTo) > 0) break;
        batch.push(event);
        if (batch.length === REPLAY_BATCH) await flush();
      }
      await flush();
    }
    return { position, query, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A replay of a long log must not keep HTTP requests waiting until it ends. */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
