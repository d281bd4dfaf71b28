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

/** The answer given to a request that carried an Idempotency-Key, kept to answer its repeats. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * The read-model side of the ledger: projection tables, their checkpoints, and idempotency keys.
 * A projection's tables live in a namespace of their own (`participation_v2_g2`), so a rebuild can
 * fill a new generation beside the live one and swap it in.
 */
export interface ReadModelStore {
  /** Creates the namespace and its tables if they do not exist yet. */
  ensureNamespace(namespace: string, ddl: readonly string[]): Promise<void>;
  dropNamespace(namespace: string): Promise<void>;

  /** Applies the statements and moves the checkpoint in one transaction: all of it, or nothing. */
  applyBatch(namespace: string, statements: readonly SqlStatement[], checkpoint: LogPosition): Promise<void>;
  checkpoint(namespace: string): Promise<LogPosition | undefined>;
  query<Row>(namespace: string, sql: string, params: readonly unknown[]): Promise<Row[]>;

  /** Which generation of a projection serves queries. */
  activeGeneration(projection: string): Promise<number | undefined>;
  setActiveGeneration(projection: string, generation: number): Promise<void>;

  findResponse(scope: string, key: string): Promise<StoredResponse | undefined>;
  /** Keeps the first answer when two requests with one key race. */
  saveResponse(scope: string, key: string, response: StoredResponse): Promise<void>;

  close(): Promise<void>;
}
