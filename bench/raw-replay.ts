import Database from 'better-sqlite3';
import { Client, escapeIdentifier } from 'pg';
import { StoredEvent } from '../libs/event-store/src/event-store.port';
import { participationProjection } from '../libs/projections/src/participation/participation.projection';
import { toPostgresDdl, toPostgresPlaceholders } from '../libs/projections/src/postgres-dialect';
import { BatchStep, pipelineSteps, runStepsSync, SqlStatement } from '../libs/projections/src/read-model.port';
import { nowMs } from './support';

/**
 * RAW REPLAY (a reference, not a target): the log read in pages of 1,000 events with plain
 * better-sqlite3, each event's data parsed, the participation projection asked for its statements,
 * and those statements run with the database's own driver, with the checkpoint, in one transaction
 * per page. The same work as a catch-up, without the runner, the subscription, the async iteration
 * or the read-model store: what is left when the ledger's own code is taken away.
 */

/** Where a raw replay writes: the projection's tables, written with the driver directly. */
export interface RawTarget {
  /** The page's steps, then the checkpoint, in one transaction. */
  apply(steps: readonly BatchStep[], checkpoint: string): void | Promise<void>;
  count(table: string): Promise<number>;
  /** Closes the connection and deletes what the target made. */
  close(): Promise<void>;
}

/** The batch size of ProjectionRunner, so that both do as many transactions. */
export const RAW_PAGE = 1000;

/** The stores' checkpoint table and its upsert, the same on SQLite and PostgreSQL. */
const CHECKPOINT_DDL = 'CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)';
const CHECKPOINT_UPSERT = 'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position';

interface LogRow {
  readonly position: bigint;
  readonly type: string;
  readonly data: string;
}

/** Replays the whole log into `target`; answers the milliseconds taken, once the rows are checked. */
export async function rawReplay(eventsFile: string, target: RawTarget, expectedAttendances: number): Promise<number> {
  const source = new Database(eventsFile, { readonly: true });
  try {
    const page = source.prepare(`SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ${RAW_PAGE}`).safeIntegers(true);
    const start = nowMs();
    let after = 0n;
    for (;;) {
      const rows = page.all(after) as LogRow[];
      if (rows.length === 0) break;
      const statements = [
        ...rows.flatMap((row) => participationProjection.project({ type: row.type, data: JSON.parse(row.data) } as StoredEvent)),
        // The page's roll-ups, folded as the runner folds each batch.
        ...(participationProjection.afterBatch ?? []),
      ];
      after = rows[rows.length - 1].position;
      await target.apply(statements, after.toString());
      if (rows.length < RAW_PAGE) break;
    }
    const ms = nowMs() - start;
    const attendances = await target.count('attendances');
    if (attendances !== expectedAttendances) throw new Error(`the raw replay counted ${attendances} attendances, expected ${expectedAttendances}`);
    return ms;
  } finally {
    source.close();
  }
}

/** A new SQLite file with the read-model store's pragmas (WAL, synchronous=NORMAL), statements prepared once. */
export function sqliteRawTarget(file: string): RawTarget {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(CHECKPOINT_DDL);
  for (const ddl of participationProjection.ddl) db.exec(ddl);
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const apply = db.transaction((batch: readonly BatchStep[], checkpoint: string) => {
    runStepsSync(
      batch,
      ({ sql, params }) => prepared(sql).run(...params),
      ({ sql, params }) => prepared(sql).all(...params) as Record<string, unknown>[],
    );
    prepared(CHECKPOINT_UPSERT).run(checkpoint);
  });
  return {
    apply: (batch, checkpoint) => apply(batch, checkpoint),
    count: async (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    close: async () => {
      db.close();
    },
  };
}

/**
 * A new schema on one plain pg connection. The fastest way plain pg offers, so that the baseline is
 * not slower than it need be: pipeline mode (every query of a page written before any answer is
 * read; a round trip per page, not per statement) and named statements (parsed once per
 * connection), as the read-model store does too; BEGIN and COMMIT in the same pipeline.
 */
export async function postgresRawTarget(url: string, schema: string): Promise<RawTarget> {
  const client = new Client({ connectionString: url, pipeline: true, application_name: 'activity-ledger bench raw replay' });
  await client.connect();
  const quoted = escapeIdentifier(schema);
  try {
    await client.query(`CREATE SCHEMA ${quoted}`);
    await client.query(`SET search_path TO ${quoted}`);
    await client.query(CHECKPOINT_DDL);
    for (const ddl of participationProjection.ddl) await client.query(toPostgresDdl(ddl));
  } catch (error) {
    await client.end();
    throw error;
  }
  const names = new Map<string, string>();
  const named = (sql: string, params: readonly unknown[]) => {
    let name = names.get(sql);
    if (name === undefined) names.set(sql, (name = `raw_${names.size + 1}`));
    return { name, text: toPostgresPlaceholders(sql).text, values: [...params] };
  };
  return {
    apply: async (batch, checkpoint) => {
      // Promise.all watches every query, so a failure after the first is not an unhandled rejection.
      // A round trip per ReadThenWrite, whose writes wait for its reads' rows.
      const send = (statements: readonly SqlStatement[]) => Promise.all(statements.map(({ sql, params }) => client.query(named(sql, params))));
      await client.query('BEGIN');
      const held = await pipelineSteps(batch, async (writes, reads) =>
        (await send([...writes, ...reads])).slice(writes.length).map((result) => result.rows),
      );
      await send([...held, { sql: CHECKPOINT_UPSERT, params: [checkpoint] }]);
      await client.query('COMMIT');
    },
    count: async (table) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n),
    close: async () => {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
