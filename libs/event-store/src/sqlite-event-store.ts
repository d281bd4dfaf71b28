import Database from 'better-sqlite3';
import { planAppend } from './append-rules';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoreUnavailableError,
  StoredEvent,
  SubscribeOptions,
} from './event-store.port';
import { LogPosition, positionAt } from './position';
import { AppendSignal, pagedSubscription } from './subscription';

interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface EventRow {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

const PAGE_SIZE = 1000;

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an append is on
 * disk (fsynced) before its promise resolves.
 *
 * Group commit: appends that arrive while the event loop is busy wait in a queue and are written
 * together in one transaction, one fsync for all of them. Each caller is answered only after that
 * transaction commits, and a rule broken by one append (wrong expected revision) fails that append
 * alone, because the rules are checked before anything of it is written.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new AppendSignal();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;

  constructor(
    /** The log's file: what `ledger verify` reads directly, on several threads. */
    readonly file: string,
    private readonly options: { pollMs?: number } = {},
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // better-sqlite3 builds SQLite with WAL defaulting to synchronous=NORMAL: durability needs FULL.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        stream TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        UNIQUE (stream, revision)
      )`);
    const prepare = (sql: string) => this.db.prepare(sql).safeIntegers(true);
    this.statements = {
      streamRevision: prepare('SELECT max(revision) AS revision FROM events WHERE stream = ?'),
      byId: prepare('SELECT * FROM events WHERE id = ?'),
      insert: prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // A constant LIMIT: binding it makes SQLite re-plan the statement on every call.
      readStream: prepare(
        `SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ${PAGE_SIZE}`,
      ),
      readAll: prepare(`SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ${PAGE_SIZE}`),
      head: prepare('SELECT max(position) AS position FROM events'),
      countAfter: prepare('SELECT count(*) AS count FROM events WHERE position > ?'),
      // The whole log (positions start at 1): without a WHERE on the position SQLite counts the smallest index, not the table, several times faster.
      countAll: prepare('SELECT count(*) AS count FROM events'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
    };
  }

  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the event store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamName, events, expected: options.expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    let from = options.fromRevision ?? 0n;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const rows = this.rows(this.statements.readStream, streamName, from);
      for (const row of rows.slice(0, remaining)) yield toStoredEvent(row);
      if (rows.length < PAGE_SIZE) return;
      remaining -= rows.length;
      from = rows[rows.length - 1].revision + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    let after = options.after;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const page = this.page(after, Math.min(PAGE_SIZE, remaining));
      yield* page;
      if (page.length < PAGE_SIZE) return;
      remaining -= page.length;
      after = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return pagedSubscription({
      readPage: async (after, limit) => this.page(after, limit),
      appended: this.appended,
      after: options.after,
      signal: options.signal,
      pageSize: PAGE_SIZE,
      pollMs: this.options.pollMs,
    });
  }

  async headPosition(): Promise<LogPosition | undefined> {
    const { position } = this.guard(() => this.statements.head.get()) as { position: bigint | null };
    return position === null ? undefined : positionAt(position);
  }

  async countEventsAfter(position?: LogPosition): Promise<number> {
    if (beyondRowids(position)) return 0;
    const row = this.guard(() => (position === undefined ? this.statements.countAll.get() : this.statements.countAfter.get(position.commit))) as { count: bigint };
    return Number(row.count);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.db.close();
    this.appended.notify();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;

    const outcomes: Array<{ result?: AppendResult; error?: unknown }> = [];
    try {
      this.statements.begin.run();
      try {
        for (const append of batch) {
          try {
            outcomes.push({ result: this.appendInTransaction(append) });
          } catch (error) {
            if (!isRuleViolation(error)) throw error;
            outcomes.push({ error });
          }
        }
        this.statements.commit.run();
      } catch (error) {
        if (this.db.inTransaction) this.statements.rollback.run();
        throw error;
      }
    } catch (error) {
      const failure = new StoreUnavailableError('the append could not be written', { cause: error });
      for (const append of batch) append.reject(failure);
      return;
    }
    batch.forEach((append, i) => {
      const { result, error } = outcomes[i];
      if (result) append.resolve(result);
      else append.reject(error);
    });
    this.appended.notify();
  }

  private appendInTransaction(append: PendingAppend): AppendResult {
    const { streamName, events, expected } = append;
    const { revision } = this.statements.streamRevision.get(streamName) as { revision: bigint | null };
    const plan = planAppend({
      streamName,
      events,
      expected,
      current: revision ?? 'no_stream',
      findStored: (id) => {
        const row = this.statements.byId.get(id) as EventRow | undefined;
        return row && toStoredEvent(row);
      },
    });
    if (plan.kind === 'repeat') return plan.original;

    let position = 0n;
    let nextRevision = plan.firstRevision;
    for (const event of events) {
      const info = this.statements.insert.run(
        event.id,
        streamName,
        nextRevision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      position = BigInt(info.lastInsertRowid);
      nextRevision++;
    }
    return { nextExpectedRevision: nextRevision - 1n, position: positionAt(position) };
  }

  private page(after: LogPosition | undefined, limit: number): StoredEvent[] {
    if (beyondRowids(after)) return [];
    return this.rows(this.statements.readAll, after?.commit ?? 0n).slice(0, limit).map(toStoredEvent);
  }

  private rows(statement: Database.Statement, ...params: unknown[]): EventRow[] {
    return this.guard(() => statement.all(...params)) as EventRow[];
  }

  private guard<T>(read: () => T): T {
    if (this.closed) throw new StoreUnavailableError('the event store is closed');
    return read();
  }
}

function isRuleViolation(error: unknown): boolean {
  return error instanceof Error && (error.name === 'WrongExpectedRevisionError' || error.name === 'EventIdConflictError');
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamName: row.stream,
    revision: row.revision,
    position: positionAt(row.position),
  };
}

/** Positions here are SQLite rowids (signed 64-bit): one beyond them (an EventStoreDB position) is after every event. */
function beyondRowids(position: LogPosition | undefined): boolean {
  return position !== undefined && position.commit > MAX_ROWID;
}

const MAX_ROWID = 2n ** 63n - 1n;
