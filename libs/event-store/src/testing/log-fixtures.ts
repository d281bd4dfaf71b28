import { newEventId } from '../event-id';
import { EventStore, NewEvent, StoredEvent } from '../event-store.port';

/** A new event with the ledger's metadata, as a test writes it. */
export function fact(type: string, data: Record<string, unknown>): NewEvent {
  return {
    id: newEventId(),
    type,
    data,
    metadata: {
      actor: 'test',
      correlationId: newEventId(),
      causationId: newEventId(),
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

/** Everything an event keeps in a copy: all but its global position, which is the target's own. */
export async function logOf(store: EventStore): Promise<Array<Omit<StoredEvent, 'position'>>> {
  const log = [];
  for await (const { position: _, ...event } of store.readAll()) log.push(event);
  return log;
}
