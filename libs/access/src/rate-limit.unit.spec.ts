import { WriteRateLimiter } from './rate-limit';

describe('the write rate limit', () => {
  it('allows a burst, then refuses with the seconds until the next write is allowed', () => {
    const limiter = new WriteRateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take('staff-1', 1_000).allowed)).toEqual([true, true, true]);
    expect(limiter.take('staff-1', 1_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('staff-1', 1_500)).toEqual({ allowed: true });
    expect(limiter.take('staff-1', 1_500)).toMatchObject({ allowed: false });
  });

  it('counts each principal on its own', () => {
    const limiter = new WriteRateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take('staff-1', 0).allowed).toBe(true);
    expect(limiter.take('staff-1', 0).allowed).toBe(false);
    expect(limiter.take('staff-2', 0).allowed).toBe(true);
  });

  it('says how long to wait when the refill is slow', () => {
    const limiter = new WriteRateLimiter({ perSecond: 0.1, burst: 1 });
    limiter.take('staff-1', 0);
    expect(limiter.take('staff-1', 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('never refuses when the limit is off', () => {
    const limiter = new WriteRateLimiter({ perSecond: 0, burst: 0 });
    for (let i = 0; i < 100; i++) expect(limiter.take('staff-1', 0).allowed).toBe(true);
  });
});
