import { SealedEvent } from './audit-chain.projection';
import { HashedContent, hashesOf } from './content-hash';
import { nextChainHash } from './hash-chain';

/** What verification can find wrong, at the first place it is wrong. */
export type ProblemKind =
  /** The event's type or data differ from what was sealed. */
  | 'altered_payload'
  /** Its metadata (actor, times, ids), stream, revision or stored content hash differ from what was sealed. */
  | 'altered_metadata'
  /** A sealed event is no longer in the log. */
  | 'missing_event'
  /** Two events stand in each other's place. */
  | 'reordered_events'
  /** An event stands where the sealed log had none: inserted in the past. */
  | 'inserted_event'
  /** The log matches event for event, but the sealed chain hash does not: the seals were altered. */
  | 'altered_seal'
  /** An event after the sealed part of the log whose content no longer matches its own content hash. */
  | 'altered_content';

/** A problem before it is numbered: which place of the log it is at is the caller's count. */
export interface Finding {
  readonly kind: ProblemKind;
  /** The log position where it shows (of the event in the log, or of the sealed event that is gone). */
  readonly position: string;
  readonly eventId: string;
  readonly detail: string;
}

/** An event of the log as verification reads it: its position in the wire form. */
export interface LoggedEvent extends HashedContent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: string;
  /** Its data and metadata were parsed from JSON text without a backslash (see hashesOf). */
  readonly plainText?: boolean;
}

export type Seal = Omit<SealedEvent, 'seq'>;

/**
 * One place of the log: the event there and the seal standing in its place (either may be gone, not
 * both), with the ids of the next of each, which tell a swap from an insertion from a deletion.
 * Checks them in a fixed order and returns the first thing wrong, or, when nothing is, the event's
 * content hash (what the chain folds in). Where there is a seal, the chain hash it keeps must follow
 * from `previousChainHash`, the chain before this place; after the sealed part of the log the chain
 * is the caller's to fold, and only the content hash the event carries is checked.
 *
 * Verification runs this on every place in order and stops at the first finding, whether it reads
 * the log in one stream (verifyLog) or in chunks side by side (verifyFiles): both find the same.
 */
export function checkPlace(
  event: LoggedEvent | undefined,
  seal: Seal | undefined,
  next: { readonly eventId: string | undefined; readonly sealedEventId: string | undefined },
  previousChainHash: string,
): Finding | string {
  if (!event) {
    if (!seal) throw new Error('a place of the log has an event, a seal, or both');
    return { kind: 'missing_event', position: seal.position, eventId: seal.eventId, detail: `sealed event ${seal.eventId} is no longer in the log, nor any after it` };
  }
  if (seal && seal.eventId !== event.id) {
    if (next.eventId === seal.eventId && next.sealedEventId === event.id) {
      return at(event, 'reordered_events', `event ${event.id} and event ${seal.eventId} stand in each other's place`);
    }
    if (next.eventId === seal.eventId) {
      return at(event, 'inserted_event', `event ${event.id} is not in the sealed log: it was inserted before sealed event ${seal.eventId}`);
    }
    if (next.sealedEventId === event.id) {
      return { kind: 'missing_event', position: seal.position, eventId: seal.eventId, detail: `sealed event ${seal.eventId} is missing from the log` };
    }
    return at(event, 'reordered_events', `the log holds event ${event.id} where the sealed log holds ${seal.eventId}`);
  }

  const { contentHash, payloadHash } = hashesOf(event, event.plainText);
  const carried = event.metadata.contentHash;
  if (!seal) {
    if (carried !== undefined && carried !== contentHash) return at(event, 'altered_content', `event ${event.id} (not sealed yet) no longer matches its content hash`);
    return contentHash;
  }
  if (payloadHash !== seal.payloadHash) {
    return at(event, 'altered_payload', `the type or data of event ${event.id} differ from what was sealed`);
  }
  if (contentHash !== seal.contentHash || (carried !== undefined && carried !== contentHash)) {
    return at(event, 'altered_metadata', `the metadata of event ${event.id} differ from what was sealed`);
  }
  if (event.streamName !== seal.streamName || event.revision.toString() !== seal.revision) {
    return at(event, 'altered_metadata', `event ${event.id} was sealed as revision ${seal.revision} of ${seal.streamName}`);
  }
  if (nextChainHash(previousChainHash, chainLink(event, contentHash)) !== seal.chainHash) {
    return at(event, 'altered_seal', `the sealed chain hash after event ${event.id} is not the one its events give`);
  }
  return contentHash;
}

function at(event: LoggedEvent, kind: ProblemKind, detail: string): Finding {
  return { kind, position: event.position, eventId: event.id, detail };
}

/** What the chain seals of an event. */
export function chainLink(event: LoggedEvent, contentHash: string) {
  return { eventId: event.id, streamName: event.streamName, revision: event.revision, contentHash };
}
