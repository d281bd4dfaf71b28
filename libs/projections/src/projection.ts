import { StoredEvent } from '../../event-store/src/event-store.port';
import { BatchStep, SqlStatement } from './read-model.port';

/**
 * A read model as pure data: its tables, and the change each event makes to them. It depends on
 * event data only (never the clock), so a rebuild from position 0 gives the same rows.
 * The version is part of the name: a change of meaning is a new projection, rebuilt beside the old.
 */
export type ProjectionDefinition = PureProjection | StatefulProjection;

interface ProjectionTables {
  readonly name: string;
  readonly ddl: readonly string[];
  /**
   * Steps run after each batch's own, in the same transaction: a projection that stages rows per
   * event folds them here into its roll-ups, once per batch rather than once per event.
   */
  readonly afterBatch?: readonly BatchStep[];
}

/** The change each event makes, from the event alone: most projections. */
export interface PureProjection extends ProjectionTables {
  project(event: StoredEvent): readonly BatchStep[];
}

/**
 * A projection whose change depends on what it wrote before (the audit chain's last link). Each time
 * a runner starts following the log from its checkpoint, it calls `startProjecting`, which reads that
 * state from the projection's tables and returns the function for the events after the checkpoint.
 * The function may keep state between events; a failed batch makes the runner start again, so
 * state from a batch that was not written is never kept.
 */
export interface StatefulProjection extends ProjectionTables {
  startProjecting(read: ReadQuery): Promise<(event: StoredEvent) => readonly SqlStatement[]>;
}

export type ReadQuery = <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>;

export const sql = (text: string, ...params: unknown[]): SqlStatement => ({ sql: text, params });

/** The changes a batch of events makes: each event's steps in order, then the projection's afterBatch. */
export type BatchProjector = (batch: readonly StoredEvent[]) => readonly BatchStep[];

/**
 * How the runner, a replay and an as-of answer all apply a projection: a stateful one first reads
 * its state through `read` (from the tables it is about to write).
 */
export async function batchProjector(definition: ProjectionDefinition, read: ReadQuery): Promise<BatchProjector> {
  const project = 'project' in definition ? (event: StoredEvent) => definition.project(event) : await definition.startProjecting(read);
  const afterBatch = definition.afterBatch ?? [];
  return (batch) => (batch.length === 0 ? [] : [...batch.flatMap(project), ...afterBatch]);
}
