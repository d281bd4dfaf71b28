import { StoredEvent } from '../../event-store/src/event-store.port';
import { encodePosition } from '../../event-store/src/position';
import { SealedEvent } from './audit-chain.projection';
import { hashesOf } from './content-hash';
import { CHAIN_GENESIS, ChainDigest, nextChainHash } from './hash-chain';

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

export interface Problem {
  readonly kind: ProblemKind;
  /** The log position where it shows (of the event in the log, or of the sealed event that is gone). */
  readonly position: string;
  readonly eventId: string;
  /** 1-based: how many events of the log come up to and including this place. */
  readonly eventNumber: number;
  readonly detail: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly sealedEvents: number;
  /** The chain recomputed from the log, over every event checked. */
  readonly head: ChainDigest | null;
  readonly problem?: Problem;
  /** Present when a saved digest was given: whether the log up to its position still hashes to it. */
  readonly digest?: { readonly given: ChainDigest; readonly consistent: boolean; readonly detail: string };
}

/**
 * Replays the log alongside the sealed chain: recomputes each event's payload and content hash and
 * the chain, compares them with the seals (and with the content hash the event carries), and stops
 * at the first difference, naming where and what. With a saved digest, also says whether the log
 * up to that digest's event count still hashes to it. Both sides are streamed: memory stays flat.
 */
export async function verifyLog(
  log: AsyncIterable<StoredEvent>,
  sealed: AsyncIterable<SealedEvent>,
  options: { digest?: ChainDigest; onProgress?: (eventsChecked: number) => void } = {},
): Promise<VerificationReport> {
  const events = lookahead(log);
  const seals = lookahead(sealed);
  let chainHash = CHAIN_GENESIS;
  let checked = 0;
  let sealedCount = 0;
  let lastPosition: string | undefined;
  let digestCheck: VerificationReport['digest'];
  const { digest } = options;

  const report = (problem?: Problem): VerificationReport => ({
    ok: problem === undefined && (digestCheck?.consistent ?? true),
    eventsChecked: checked,
    sealedEvents: sealedCount,
    head: lastPosition === undefined ? null : { position: lastPosition, hash: chainHash, eventCount: checked },
    ...(problem && { problem }),
    ...(digest && { digest: digestCheck ?? { given: digest, consistent: false, detail: digestShortfall(digest, checked, problem) } }),
  });

  for (;;) {
    const [event, nextEvent] = await events.peek();
    const [seal, nextSeal] = await seals.peek();
    if (!event && !seal) return report();
    const at = (kind: ProblemKind, where: { position: string; id: string }, detail: string): Problem => ({
      kind,
      position: where.position,
      eventId: where.id,
      eventNumber: checked + 1,
      detail,
    });
    if (!event) {
      return report(at('missing_event', { position: seal!.position, id: seal!.eventId }, `sealed event ${seal!.eventId} is no longer in the log, nor any after it`));
    }
    const here = { position: encodePosition(event.position), id: event.id };
    const { contentHash, payloadHash } = hashesOf(event);

    if (seal && seal.eventId !== event.id) {
      if (nextEvent?.id === seal.eventId && nextSeal?.eventId === event.id) {
        return report(at('reordered_events', here, `event ${event.id} and event ${seal.eventId} stand in each other's place`));
      }
      if (nextEvent?.id === seal.eventId) {
        return report(at('inserted_event', here, `event ${event.id} is not in the sealed log: it was inserted before sealed event ${seal.eventId}`));
      }
      if (nextSeal?.eventId === event.id) {
        return report(at('missing_event', { position: seal.position, id: seal.eventId }, `sealed event ${seal.eventId} is missing from the log`));
      }
      return report(at('reordered_events', here, `the log holds event ${event.id} where the sealed log holds ${seal.eventId}`));
    }

    if (seal) {
      if (payloadHash !== seal.payloadHash) {
        return report(at('altered_payload', here, `the type or data of event ${event.id} differ from what was sealed`));
      }
      const carried = event.metadata.contentHash;
      if (contentHash !== seal.contentHash || (carried !== undefined && carried !== contentHash)) {
        return report(at('altered_metadata', here, `the metadata of event ${event.id} differ from what was sealed`));
      }
      if (event.streamName !== seal.streamName || event.revision.toString() !== seal.revision) {
        return report(at('altered_metadata', here, `event ${event.id} was sealed as revision ${seal.revision} of ${seal.streamName}`));
      }
    } else if (event.metadata.contentHash !== undefined && event.metadata.contentHash !== contentHash) {
      return report(at('altered_content', here, `event ${event.id} (not sealed yet) no longer matches its content hash`));
    }

    chainHash = nextChainHash(chainHash, { eventId: event.id, streamName: event.streamName, revision: event.revision, contentHash });
    if (seal && seal.chainHash !== chainHash) {
      return report(at('altered_seal', here, `the sealed chain hash after event ${event.id} is not the one its events give`));
    }
    checked++;
    if (seal) sealedCount++;
    lastPosition = here.position;
    if (digest && checked === digest.eventCount) digestCheck = compareDigest(digest, lastPosition, chainHash);
    await events.advance();
    if (seal) await seals.advance();
    if (checked % 10_000 === 0) options.onProgress?.(checked);
  }
}

function compareDigest(given: ChainDigest, position: string, hash: string): NonNullable<VerificationReport['digest']> {
  if (given.hash !== hash) return { given, consistent: false, detail: `the log's first ${given.eventCount} events hash to ${hash}, not to the digest's` };
  if (given.position !== position) return { given, consistent: false, detail: `the digest's last event was at ${given.position}; it is now at ${position}` };
  return { given, consistent: true, detail: `the log's first ${given.eventCount} events still hash to the digest` };
}

function digestShortfall(digest: ChainDigest, checked: number, problem: Problem | undefined): string {
  return problem
    ? `verification stopped at event ${problem.eventNumber}, before the digest's ${digest.eventCount} events`
    : `the log holds ${checked} events, fewer than the digest's ${digest.eventCount}`;
}

/** An async iterator with two items of lookahead. */
function lookahead<T>(source: AsyncIterable<T>) {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: T[] = [];
  let done = false;
  const fill = async () => {
    while (!done && buffer.length < 2) {
      const next = await iterator.next();
      if (next.done) done = true;
      else buffer.push(next.value);
    }
  };
  return {
    async peek(): Promise<[T | undefined, T | undefined]> {
      await fill();
      return [buffer[0], buffer[1]];
    },
    async advance(): Promise<void> {
      buffer.shift();
    },
  };
}
