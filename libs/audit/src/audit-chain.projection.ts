import { StoredEvent } from '../../event-store/src/event-store.port';
import { encodePosition } from '../../event-store/src/position';
import { sql, StatefulProjection } from '../../projections/src/projection';
import { hashesOf } from './content-hash';
import { CHAIN_GENESIS, ChainDigest, nextChainHash } from './hash-chain';

/** One sealed event, as the `chain` table keeps it. */
export interface SealedEvent {
  readonly seq: number;
  readonly position: string;
  readonly eventId: string;
  readonly streamName: string;
  readonly revision: string;
  readonly payloadHash: string;
  readonly contentHash: string;
  readonly chainHash: string;
}

export const SEALED_COLUMNS = `seq, position, event_id AS "eventId", stream AS "streamName", revision,
  payload_hash AS "payloadHash", content_hash AS "contentHash", chain_hash AS "chainHash"`;

/**
 * The sealer: follows the global log in order and keeps, per event, its hashes and the chain hash
 * after it. It runs as a projection, so exactly one process seals at a time (its lease) and each
 * batch commits with its checkpoint: on EventStoreDB, where appends from several API processes
 * interleave, the chain follows the log's order, not the order of the appends' arrival.
 *
 * It seals the content hash of what the log holds (computed, not copied from the metadata), so
 * verification can compare both.
 */
export const auditChainProjection: StatefulProjection = {
  name: 'audit_chain_v1',
  ddl: [
    `CREATE TABLE IF NOT EXISTS chain (
       seq INTEGER PRIMARY KEY, position TEXT NOT NULL, event_id TEXT NOT NULL, stream TEXT NOT NULL,
       revision TEXT NOT NULL, payload_hash TEXT NOT NULL, content_hash TEXT NOT NULL, chain_hash TEXT NOT NULL)`,
  ],
  async startProjecting(read) {
    const head = await sealedDigest(read);
    let seq = head?.eventCount ?? 0;
    let chainHash = head?.hash ?? CHAIN_GENESIS;
    return (event: StoredEvent) => {
      const { contentHash, payloadHash } = hashesOf(event);
      chainHash = nextChainHash(chainHash, { eventId: event.id, streamName: event.streamName, revision: event.revision, contentHash });
      seq++;
      return [
        sql(
          'INSERT INTO chain (seq, position, event_id, stream, revision, payload_hash, content_hash, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          seq,
          encodePosition(event.position),
          event.id,
          event.streamName,
          event.revision.toString(),
          payloadHash,
          contentHash,
          chainHash,
        ),
      ];
    };
  },
};

/** The chain's head as the sealer last wrote it: the digest an auditor keeps; undefined before any event. */
export async function sealedDigest(read: <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>): Promise<ChainDigest | undefined> {
  const [last] = await read<{ seq: number; position: string; chainHash: string }>(
    'SELECT seq, position, chain_hash AS "chainHash" FROM chain ORDER BY seq DESC LIMIT 1',
    [],
  );
  return last && { position: last.position, hash: last.chainHash, eventCount: last.seq };
}
