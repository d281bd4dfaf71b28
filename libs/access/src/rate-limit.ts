/** How many writes a principal may make: `burst` at once, refilled at `perSecond`. 0 per second: no limit. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per principal (or per client address, for device-code redemptions), in this
 * process's memory: it smooths a runaway client or a stolen token without coordination between API
 * instances (each instance allows the limit; the note in the README says so). Buckets that have
 * refilled completely are forgotten, so memory follows the keys active in the last `burst / perSecond` seconds.
 */
export class WriteRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  take(principalId: string, nowMs: number): RateDecision {
    const { perSecond, burst } = this.limit;
    if (perSecond === 0) return { allowed: true };
    const bucket = this.buckets.get(principalId) ?? { tokens: burst, updatedMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * perSecond);
    bucket.updatedMs = nowMs;
    if (bucket.tokens < 1) {
      this.buckets.set(principalId, bucket);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
    }
    bucket.tokens -= 1;
    this.buckets.set(principalId, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(nowMs);
    return { allowed: true };
  }

  private forgetFull(nowMs: number): void {
    const { perSecond, burst } = this.limit;
    for (const [id, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * perSecond >= burst) this.buckets.delete(id);
    }
  }
}
