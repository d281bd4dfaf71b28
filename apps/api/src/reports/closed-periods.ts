import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import { streams } from '../write/streams';

/** A closing that covers part of a report's scope: who closed which period, and where in the log. */
export interface Closing {
  readonly organizationId: string;
  readonly period: string;
  readonly position: string;
  readonly at: LogPosition;
  readonly closedAt: string;
  readonly closedBy: string;
}

/** The years and months a date range touches: the periods whose closing concerns it. */
export function periodsTouched(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) periods.push(String(year));
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) periods.push(month);
  return periods;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The closings of any of the organisations (a report's organisation and its ancestors: a closing
 * covers the closer's whole subtree) for any period the range touches.
 */
export async function closingsCovering(store: EventStore, organizationIds: readonly string[], from: string, to: string): Promise<Closing[]> {
  const closings: Closing[] = [];
  for (const organizationId of organizationIds) {
    for (const period of periodsTouched(from, to)) {
      for await (const event of store.readStream(streams.reportingPeriod(organizationId, period), { maxCount: 1 })) {
        closings.push({
          organizationId,
          period,
          position: encodePosition(event.position),
          at: event.position,
          closedAt: event.metadata.recordedAt,
          closedBy: event.metadata.actor,
        });
      }
    }
  }
  return closings;
}
