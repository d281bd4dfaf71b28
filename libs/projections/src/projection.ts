import { StoredEvent } from '../../event-store/src/event-store.port';
import { SqlStatement } from './read-model.port';

/**
 * A read model as pure data: its tables, and the change each event makes to them. It depends on
 * event data only (never the clock), so a rebuild from position 0 gives the same rows.
 * The version is part of the name: a change of meaning is a new projection, rebuilt beside the old.
 */
export interface ProjectionDefinition {
  readonly name: string;
  readonly ddl: readonly string[];
  project(event: StoredEvent): readonly SqlStatement[];
}

export const sql = (text: string, ...params: unknown[]): SqlStatement => ({ sql: text, params });
