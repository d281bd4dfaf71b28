import { LogPosition } from '../../event-store/src/position';

/**
 * One read-model change: SQL with `?` placeholders, written to run on SQLite and PostgreSQL alike.
 * Unqualified table names (a namespace is a file on SQLite, a schema on PostgreSQL); camelCase
 * aliases in double quotes; INTEGER columns hold 32-bit values on PostgreSQL; ORDER BY on text
 * sorts by code point only where the PostgreSQL database's collation is C. The one DDL form
 * PostgreSQL lacks, CREATE VIEW IF NOT EXISTS, is rewritten by its adapter (postgres-dialect.ts).
 */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * A change that depends on what its batch has written so far: its reads run inside the batch's
 * transaction, after every earlier step, and the statements `then` makes of their rows are written
 * next. What a projection cannot say in SQL alone (a fold computed in code) it says this way, on
 * every adapter, without the read and the write ever seeing different states.
 */
export interface ReadThenWrite {
  readonly reads: readonly SqlStatement[];
  then(rows: ReadonlyArray<readonly Record<string, unknown>[]>): readonly SqlStatement[];
}

/** One step of a batch: a statement, or a read and the writes that follow from it. */
export type BatchStep = SqlStatement | ReadThenWrite;

export const isReadThenWrite = (step: BatchStep): step is ReadThenWrite => 'reads' in step;

/**
 * Runs steps on a synchronous driver (better-sqlite3) inside a transaction the caller holds: each
 * statement with `run`, each ReadThenWrite's reads with `all`, then its writes.
 */
export function runStepsSync(
  steps: readonly BatchStep[],
  run: (statement: SqlStatement) => void,
  all: (statement: SqlStatement) => Record<string, unknown>[],
): void {
  for (const step of steps) {
    if (!isReadThenWrite(step)) run(step);
    else for (const write of step.then(step.reads.map(all))) run(write);
  }
}

/**
 * Runs steps on a pipelining driver (pg): statements are held until a read needs answers, then go
 * with that read in one round trip (`roundTrip` answers the reads' rows). Returns the statements
 * still held, which the caller sends with its last round trip (the checkpoint, COMMIT).
 */
export async function pipelineSteps(
  steps: readonly BatchStep[],
  roundTrip: (writes: readonly SqlStatement[], reads: readonly SqlStatement[]) => Promise<Array<Record<string, unknown>[]>>,
): Promise<SqlStatement[]> {
  let held: SqlStatement[] = [];
  for (const step of steps) {
    if (!isReadThenWrite(step)) held.push(step);
    else {
      const rows = await roundTrip(held, step.reads);
      held = [...step.then(rows)];
    }
  }
  return held;
}

/** Which generation of a projection serves queries, and which one a rebuild is filling. */
export interface Generations {
  readonly active: number;
  readonly rebuilding?: number;
}

/** A registry row as both adapters read it. */
export interface GenerationsRow {
  readonly generation: number;
  readonly rebuilding: number | null;
}

export function toGenerations(row: GenerationsRow): Generations {
  return row.rebuilding === null ? { active: row.generation } : { active: row.generation, rebuilding: row.rebuilding };
}

/**
 * A batch was written against a checkpoint that has moved since: another process applied events to
 * the namespace. Nothing of the batch was applied; the writer re-reads the checkpoint and resumes.
 */
export class CheckpointMovedError extends Error {
  constructor(readonly namespace: string) {
    super(`the checkpoint of ${namespace} moved under this writer`);
    this.name = 'CheckpointMovedError';
  }
}

/** The read-model database could not be reached (rather than a statement failing): retry later. */
export class ReadModelsUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    // A refused connection to several addresses is an AggregateError with no message, only a code.
    const cause = options?.cause as { message?: string; code?: string } | undefined;
    const why = cause?.message || cause?.code ? `: ${cause.message || cause.code}` : '';
    super(`the read models are unavailable${why}`, options);
    this.name = 'ReadModelsUnavailableError';
  }
}

/** The answer given to a request that carried an Idempotency-Key, kept to answer its repeats. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * The read-model side of the ledger: projection tables, their checkpoints, and idempotency keys.
 * A projection's tables live in a namespace of their own (`participation_v6_g2`), so a rebuild can
 * fill a new generation beside the live one and swap it in. Everything here is shared by every API
 * process that uses the store, so what one process decides (a rebuild) the others see.
 */
export interface ReadModelStore {
  /** Creates the namespace and its tables if they do not exist yet. */
  ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void>;
  dropNamespace(namespace: string): Promise<void>;

  /**
   * Applies the steps and moves the checkpoint in one transaction: all of it, or nothing.
   * With `expected`, the batch applies only if the stored checkpoint is still `expected.previous`
   * (undefined: none yet), and fails with CheckpointMovedError otherwise: the fence that keeps two
   * writers of one namespace from counting a batch twice.
   */
  applyBatch(
    namespace: string,
    steps: readonly BatchStep[],
    checkpoint: LogPosition,
    expected?: { readonly previous: LogPosition | undefined },
  ): Promise<void>;
  checkpoint(namespace: string): Promise<LogPosition | undefined>;
  query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]>;

  /** The projection's generations; generation 1 is recorded as active the first time one is asked. */
  generations(projection: string): Promise<Generations>;
  /** Asks for a rebuild into the generation after the active one; one already asked for stands. */
  requestRebuild(projection: string): Promise<Generations>;
  /** Makes the rebuilt generation the active one, if it is still the one being rebuilt. */
  completeRebuild(projection: string, generation: number): Promise<boolean>;

  findResponse(scope: string, key: string): Promise<StoredResponse | undefined>;
  /** Keeps the first answer when two requests with one key race. */
  saveResponse(scope: string, key: string, response: StoredResponse): Promise<void>;

  close(): Promise<void>;
}
