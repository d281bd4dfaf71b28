import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { decodePosition, encodePosition } from '../../../../libs/event-store/src/position';

/** One figure that differs: where in the answer, as published, and as the ledger states it now. */
export interface Difference {
  readonly path: string;
  readonly asPublished: unknown;
  readonly asRestated: unknown;
}

/** Every leaf where the two answers differ, by JSON path (`[0].attendances`), in a stable order. */
export function differences(published: unknown, restated: unknown, path = ''): Difference[] {
  const isContainer = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (isContainer(published) && isContainer(restated) && Array.isArray(published) === Array.isArray(restated)) {
    const keys = [...new Set([...Object.keys(published), ...Object.keys(restated)])].sort();
    return keys.flatMap((key) =>
      differences(published[key], restated[key], Array.isArray(published) ? `${path}[${key}]` : path ? `${path}.${key}` : key),
    );
  }
  return JSON.stringify(published) === JSON.stringify(restated) ? [] : [{ path: path || '.', asPublished: published ?? null, asRestated: restated ?? null }];
}

/** The event types that change what was recorded before: the only way a published figure can move. */
const CORRECTION = /(Corrected|Voided|RemovedFromBrand|Moved|Renamed)$/;
const MAX_LISTED = 1000;

export interface Correction {
  readonly position: string;
  readonly streamName: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly data: unknown;
}

/**
 * The corrections recorded after a position, in log order (at most 1,000): what explains a
 * restated figure. Reads the log from that position on; facts recorded since that belong to the
 * report's period (late entries) also move figures, and show in the differences, not here.
 */
export async function correctionsSince(store: EventStore, position: string): Promise<{ corrections: Correction[]; more: boolean }> {
  const corrections: Correction[] = [];
  for await (const event of store.readAll({ after: decodePosition(position) })) {
    if (!CORRECTION.test(event.type)) continue;
    if (corrections.length === MAX_LISTED) return { corrections, more: true };
    corrections.push({
      position: encodePosition(event.position),
      streamName: event.streamName,
      type: event.type,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor,
      data: event.data,
    });
  }
  return { corrections, more: false };
}
