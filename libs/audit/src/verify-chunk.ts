import Database from 'better-sqlite3';
import { chainLink, checkPlace, Finding, LoggedEvent, Seal } from './check-place';
import { CHAIN_GENESIS, ChainLink } from './hash-chain';

/** An embedded ledger's files: its log (events.sqlite) and the read-model file holding its sealed chain. */
export interface LedgerFiles {
  readonly log: string;
  readonly chain: string;
}

/**
 * A chunk of the log: `size` places from where the previous chunk ended (or was taken to end). A
 * place is the n-th event of the log with the n-th seal of the chain (either may be gone). A side
 * with nothing left is null.
 */
export interface ChunkTask {
  /** 0 for the first chunk. */
  readonly index: number;
  /** The chunk's events are those after this position. */
  readonly eventsAfter: bigint | null;
  /** Its seals are those after this seq: the seal at this seq keeps the chain before the chunk. */
  readonly sealsAfter: bigint | null;
  /** Which place of the chunk is the saved digest's last event (0-based), if one is. */
  readonly digestPlace?: number;
}

/** A sealed event's place: its position, and the chain hash after it. */
export interface ChainPlace {
  readonly position: string;
  readonly chainHash: string;
}

/** What a chunk holds, up to its first finding: the places that passed, in order, then the finding. */
export interface ChunkResult {
  readonly index: number;
  /** Where the chunk ended: the position of its last event, or null when the log ended in it. */
  readonly eventsEnd: bigint | null;
  /** The seq of its last seal, or null when the chain ended in it. */
  readonly sealsEnd: bigint | null;
  /** How many places from the chunk's start are sealed events that passed (the sealed part comes first). */
  readonly sealedPassed: number;
  /** The last of them. */
  readonly lastSealed?: ChainPlace;
  /** The digest's place, when it is among them. */
  readonly atDigest?: ChainPlace;
  /** The events after the sealed part of the log that passed: the chain over them can only be folded in log order. */
  readonly unsealed: ReadonlyArray<{ readonly link: ChainLink; readonly position: string }>;
  readonly finding?: Finding;
}

type SealRow = [position: string, eventId: string, streamName: string, revision: string, payloadHash: string, contentHash: string, chainHash: string, seq: bigint];

type EventRow = [position: string, id: string, stream: string, revision: bigint, type: string, data: string, metadata: string];

/**
 * Checks chunks of `size` places on its own read-only connections to the files: one per worker
 * thread. Every place gets the checks of checkPlace, as verifyLog gives them; a sealed place's chain
 * hash is checked against the seal before it, which is as strong as checking the chain recomputed
 * from the start: up to the first finding the two are equal, place for place.
 */
export function chunkChecker(files: LedgerFiles, size: number) {
  const log = openForScan(files.log);
  const chain = openForScan(files.chain);
  // One row more than the chunk on each side: the next event and seal tell a swap from an insertion.
  // A constant LIMIT: binding it makes SQLite re-plan the statement on every call.
  const events = log
    // The position as text: its wire form (encodePosition) on SQLite, where both halves are the rowid.
    .prepare(`SELECT CAST(position AS TEXT), id, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ${size + 1}`)
    .safeIntegers(true)
    .raw(true);
  const seals = chain
    .prepare(`SELECT position, event_id, stream, revision, payload_hash, content_hash, chain_hash, seq FROM chain WHERE seq > ? ORDER BY seq LIMIT ${size + 1}`)
    .safeIntegers(true)
    .raw(true);
  const chainAt = chain.prepare('SELECT chain_hash FROM chain WHERE seq = ?').pluck();

  function check(task: ChunkTask): ChunkResult {
    const rows = task.eventsAfter === null ? [] : (events.all(task.eventsAfter) as EventRow[]);
    const sealRows = task.sealsAfter === null ? [] : (seals.all(task.sealsAfter) as SealRow[]);
    const sealed = sealRows.map(toSeal);
    let previous = task.index === 0 || sealed.length === 0 ? CHAIN_GENESIS : chainBefore(task.sealsAfter!);
    let sealedPassed = 0;
    const unsealed: Array<{ link: ChainLink; position: string }> = [];
    // A side with fewer rows than the chunk has places ended in it.
    const eventsEnd = rows.length < size ? null : BigInt(rows[size - 1][0]);
    const sealsEnd = sealRows.length < size ? null : sealRows[size - 1][7];
    // The sealed places that passed are the first sealedPassed: each one's event and seal are in the rows read.
    const placeOf = (place: number): ChainPlace => ({ position: rows[place][0], chainHash: sealed[place].chainHash });
    const done = (finding?: Finding): ChunkResult => ({
      index: task.index,
      eventsEnd,
      sealsEnd,
      sealedPassed,
      ...(sealedPassed > 0 && { lastSealed: placeOf(sealedPassed - 1) }),
      ...(task.digestPlace !== undefined && task.digestPlace < sealedPassed && { atDigest: placeOf(task.digestPlace) }),
      unsealed,
      ...(finding && { finding }),
    });

    for (let place = 0; place < size; place++) {
      const row = rows[place];
      const seal = sealed[place];
      if (!row && !seal) break;
      const event = row && loggedEvent(row);
      const found = checkPlace(event, seal, { eventId: rows[place + 1]?.[1], sealedEventId: sealed[place + 1]?.eventId }, previous);
      if (typeof found !== 'string') return done(found);
      // checkPlace returns a content hash only where there is an event.
      if (seal) {
        sealedPassed++;
        previous = seal.chainHash;
      } else {
        unsealed.push({ link: chainLink(event!, found), position: event!.position });
      }
    }
    return done();
  }

  function chainBefore(seq: bigint): string {
    const hash = chainAt.get(seq) as string | undefined;
    if (hash === undefined) throw new Error(`the sealed chain changed while it was read: seal ${seq} is gone`);
    return hash;
  }

  return {
    check,
    close(): void {
      log.close();
      chain.close();
    },
  };
}

/**
 * A read-only connection for reading a file once from end to end: a small page cache, since no page
 * is read twice (better-sqlite3's default, 16 MB a connection, would only add to the peak memory).
 */
function openForScan(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -1024');
  return db;
}

/** Rows read raw and made into objects here cost half what better-sqlite3's named rows do. */
function toSeal([position, eventId, streamName, revision, payloadHash, contentHash, chainHash]: SealRow): Seal {
  return { position, eventId, streamName, revision, payloadHash, contentHash, chainHash };
}

/** A row of the log as SqliteEventStore reads it (data and metadata parsed), its position in the wire form. */
function loggedEvent([position, id, stream, revision, type, data, metadata]: EventRow): LoggedEvent {
  const plainText = !data.includes('\\') && !metadata.includes('\\');
  return { id, type, data: JSON.parse(data), metadata: JSON.parse(metadata), streamName: stream, revision, position, plainText };
}
