/** The token buckets on an injected clock: burst, refill, wait times, separate clients, bounded memory. */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/http/rate-limiter.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then says how long until the next token', () => {
    let now = 0;
    const buckets = new TokenBuckets({ requests: 3, perMs: 60_000 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(20_000);
    now = 10_000;
    expect(buckets.take('a')).toBe(10_000);
    now = 20_000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(20_000);
    // Another client has its own bucket.
    expect(buckets.take('b')).toBe(0);
  });

  it('refills no higher than the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ requests: 2, perMs: 1_000 }, () => now);
    now = 1_000_000;
    expect([1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 500]);
  });

  it('drops the least recently used bucket past maxBuckets (which comes back full)', () => {
    const buckets = new TokenBuckets({ requests: 1, perMs: 60_000, maxBuckets: 2 }, () => 0);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('b')).toBe(0);
    expect(buckets.take('a')).toBe(60_000);
    expect(buckets.take('c')).toBe(0); // drops b, the least recent
    expect(buckets.take('a')).toBe(60_000);
    expect(buckets.take('b')).toBe(0);
  });

  it('refuses a limit that cannot work', () => {
    expect(() => new TokenBuckets({ requests: 0, perMs: 1_000 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ requests: 1, perMs: 0 })).toThrow(RangeError);
  });
});
