/**
 * When a delivery is tried again: exponential backoff with full jitter, `Retry-After` (and Campaigns' lock
 * periods) when Zoho said how long, and never past the delivery's maximum age.
 */

import { backoffDelay, type RetryPolicy } from 'zohokit';

export interface Schedule {
  /** The first backoff ceiling; doubles per attempt. */
  baseDelayMs: number;
  /** The largest backoff ceiling. */
  maxDelayMs: number;
  /** After this long (from the enqueue, or the last replay) a delivery still failing is `expired`. */
  maxAgeMs: number;
}

export const DEFAULT_SCHEDULE: Schedule = {
  baseDelayMs: 1_000,
  maxDelayMs: 30 * 60_000,
  maxAgeMs: 72 * 60 * 60_000,
};

/** The next attempt's time, or undefined when it would fall past the maximum age. */
export function nextAttemptAt(
  input: { attempts: number; ageFrom: number; retryAfterMs: number | undefined; now: number },
  schedule: Schedule,
  random: () => number = Math.random,
): number | undefined {
  const policy: RetryPolicy = { ...schedule, maxRetries: Number.POSITIVE_INFINITY, maxRetryAfterMs: 0 };
  const backoff = backoffDelay(Math.max(1, input.attempts), policy, random);
  // Zoho's own word on when to come back wins over a shorter backoff; a longer backoff is kept.
  const delay = Math.max(backoff, input.retryAfterMs ?? 0);
  const at = input.now + delay;
  return at > input.ageFrom + schedule.maxAgeMs ? undefined : at;
}
