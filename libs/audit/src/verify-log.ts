import { StoredEvent } from '../../event-store/src/event-store.port';
import { encodePosition } from '../../event-store/src/position';
import { SealedEvent } from './audit-chain.projection';
import { chainLink, checkPlace, LoggedEvent } from './check-place';
import { ChainDigest, nextChainHash } from './hash-chain';
import { VerificationReport, VerificationTally } from './verification-report';

export type { Problem, ProblemKind, VerificationReport } from './verification-report';

/**
 * Replays the log alongside the sealed chain: recomputes each event's payload and content hash and
 * the chain, compares them with the seals (and with the content hash the event carries), and stops
 * at the first difference, naming where and what. With a saved digest, also says whether the log
 * up to that digest's event count still hashes to it. Both sides are streamed: memory stays flat.
 * Any pair of stores; verifyFiles does the same on SQLite files, on several threads.
 */
export async function verifyLog(
  log: AsyncIterable<StoredEvent>,
  sealed: AsyncIterable<SealedEvent>,
  options: { digest?: ChainDigest; onProgress?: (eventsChecked: number) => void } = {},
): Promise<VerificationReport> {
  const events = lookahead(log);
  const seals = lookahead(sealed);
  const tally = new VerificationTally(options.digest);
  for (;;) {
    const [stored, nextEvent] = await events.peek();
    const [seal, nextSeal] = await seals.peek();
    if (!stored && !seal) return tally.report();
    const event: LoggedEvent | undefined = stored && { ...stored, position: encodePosition(stored.position) };
    const found = checkPlace(event, seal, { eventId: nextEvent?.id, sealedEventId: nextSeal?.eventId }, tally.chain);
    if (typeof found !== 'string') return tally.report(found);
    // checkPlace returns a content hash only for an event: found says there is one.
    const checked = event!;
    // A sealed event that passed has the chain hash its seal keeps.
    tally.passed(checked.position, seal ? seal.chainHash : nextChainHash(tally.chain, chainLink(checked, found)), seal !== undefined);
    await events.advance();
    if (seal) await seals.advance();
    if (tally.eventsChecked % 10_000 === 0) options.onProgress?.(tally.eventsChecked);
  }
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
