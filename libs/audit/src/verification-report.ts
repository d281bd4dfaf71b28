import { Finding, ProblemKind } from './check-place';
import { CHAIN_GENESIS, ChainDigest } from './hash-chain';

export type { ProblemKind };

export interface Problem extends Finding {
  /** 1-based: how many events of the log come up to and including this place. */
  readonly eventNumber: number;
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
 * The running account of a verification, place by place in log order: how many events passed, the
 * chain after the last of them, and, when the saved digest's event count is reached, whether the
 * log still hashes to it. Whoever reads the log (in one stream, or in chunks) tells it each event
 * that passed, in order, then asks for the report.
 */
export class VerificationTally {
  private checked = 0;
  private sealedCount = 0;
  private chainHash = CHAIN_GENESIS;
  private lastPosition: string | undefined;
  private digestCheck: VerificationReport['digest'];

  constructor(private readonly digest: ChainDigest | undefined) {}

  get eventsChecked(): number {
    return this.checked;
  }

  /** The chain hash after the last event that passed. */
  get chain(): string {
    return this.chainHash;
  }

  /** The next event of the log passed; `chainHash` is the chain after it. */
  passed(position: string, chainHash: string, sealed: boolean): void {
    this.checked++;
    if (sealed) this.sealedCount++;
    this.chainHash = chainHash;
    this.lastPosition = position;
    if (this.digest && this.checked === this.digest.eventCount) this.digestCheck = compareDigest(this.digest, position, chainHash);
  }

  /**
   * The next `count` events of the log passed, all sealed: `last` is the place of the last of them,
   * `atDigest` that of the saved digest's event when it is among them.
   */
  passedSealed(count: number, last: { position: string; chainHash: string }, atDigest?: { position: string; chainHash: string }): void {
    const before = this.checked;
    this.checked += count;
    this.sealedCount += count;
    this.chainHash = last.chainHash;
    this.lastPosition = last.position;
    const { digest } = this;
    if (digest && before < digest.eventCount && digest.eventCount <= this.checked) {
      if (!atDigest) throw new Error(`the place of the digest's event ${digest.eventCount} was not given`);
      this.digestCheck = compareDigest(digest, atDigest.position, atDigest.chainHash);
    }
  }

  /** The report: everything passed up to the end of the log, or up to the finding. */
  report(finding?: Finding): VerificationReport {
    const { digest, checked } = this;
    const problem = finding && { ...finding, eventNumber: checked + 1 };
    return {
      ok: problem === undefined && (this.digestCheck?.consistent ?? true),
      eventsChecked: checked,
      sealedEvents: this.sealedCount,
      head: this.lastPosition === undefined ? null : { position: this.lastPosition, hash: this.chainHash, eventCount: checked },
      ...(problem && { problem }),
      ...(digest && { digest: this.digestCheck ?? { given: digest, consistent: false, detail: digestShortfall(digest, checked, problem) } }),
    };
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
