/**
 * Per-client token buckets, in memory: what keeps a publishable key (which anyone can read from a web page)
 * from being used to flood the queue. One bucket per (key, client IP); each holds `requests` tokens and
 * refills at `requests` per `perMs`. Memory stays bounded: past `maxBuckets`, the oldest buckets are dropped
 * (a dropped bucket comes back full, which only ever errs towards letting a client through).
 */

export interface RateLimit {
  /** Requests a client may make at once, and per `perMs` after that (default 10). */
  requests: number;
  /** Default 60 000 (a minute). */
  perMs: number;
  /** Default 10 000. */
  maxBuckets?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 10, perMs: 60_000 };

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #limit: Required<RateLimit>;
  readonly #now: () => number;

  constructor(limit: RateLimit, now: () => number = Date.now) {
    if (!(limit.requests >= 1) || !(limit.perMs > 0)) {
      throw new RangeError('rateLimit: requests must be ≥ 1 and perMs > 0');
    }
    this.#limit = { maxBuckets: 10_000, ...limit };
    this.#now = now;
  }

  /** Takes a token: 0 when the request may go ahead, else the ms until a token is back. */
  take(client: string): number {
    const now = this.#now();
    const { requests, perMs, maxBuckets } = this.#limit;
    const rate = requests / perMs;
    const bucket = this.#buckets.get(client) ?? { tokens: requests, at: now };
    bucket.tokens = Math.min(requests, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    // Re-inserted so the Map's order is least recently used first.
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > maxBuckets) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / rate);
  }
}
