import { canonicalJson } from './canonical-json';
import { sha256 } from './content-hash';

/** The hash before the first event. */
export const CHAIN_GENESIS = sha256('activity-ledger audit chain v1');

/** One event as the chain seals it: which event, where in its stream, and its content hash. */
export interface ChainLink {
  readonly eventId: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly contentHash: string;
}

/**
 * The chain hash after an event: sha256 of the previous hash, a newline, and the canonical JSON of
 * the link. Log positions are not in it (another store gives the same events other positions, and
 * an import must give the same chain); the order is, through the previous hash.
 */
export function nextChainHash(previous: string, link: ChainLink): string {
  const { eventId, streamName, revision, contentHash } = link;
  // canonicalJson({ contentHash, eventId, revision: revision.toString(), streamName }), written out
  // member by member in name order: verification hashes a link for every event of the log.
  const canonicalLink = `{"contentHash":${canonicalJson(contentHash)},"eventId":${canonicalJson(eventId)},"revision":"${revision}","streamName":${canonicalJson(streamName)}}`;
  return sha256(`${previous}\n${canonicalLink}`);
}

/** What an auditor keeps outside the ledger: the chain hash after the first `eventCount` events. */
export interface ChainDigest {
  /** The global position of the last event covered (as the API shows positions). */
  readonly position: string;
  readonly hash: string;
  readonly eventCount: number;
}
