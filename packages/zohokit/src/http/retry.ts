/**
 * The retry decision, as pure functions (DESIGN.md §2):
 * - Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) retry on connection errors, 408, 429 and 5xx.
 * - POST and PATCH retry only where the request certainly did not take effect: connection refused, 429, or
 *   503 with Retry-After. Never after a timeout or a reset, unless the operation has its own duplicate guard
 *   (`idempotent: true`), because Zoho may already have created the ticket.
 * Delays use full jitter over a capped exponential, and `Retry-After` when Zoho sends one.
 */

import type { FailureKind } from './transport.js';

export interface RetryPolicy {
  /** Retries after the first attempt. 0 disables retrying. */
  maxRetries: number;
  /** First backoff ceiling; doubles per attempt. */
  baseDelayMs: number;
  /** Cap for one backoff delay. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited out: the error is thrown with `retryAfterMs`. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export interface RetryInput {
  method: string;
  /** Attempts already made (1 after the first failure). */
  attempt: number;
  policy: RetryPolicy;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** Why no response arrived. */
  failure?: FailureKind | undefined;
  /** Parsed `Retry-After`, in ms. */
  retryAfterMs?: number | undefined;
  /** The operation guards against duplicates itself, so a non-idempotent method may be replayed. */
  idempotent?: boolean | undefined;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function shouldRetry(input: RetryInput, random: () => number = Math.random): RetryDecision {
  const { policy, attempt } = input;
  if (attempt > policy.maxRetries) return { retry: false, reason: 'retries exhausted' };
  if (input.failure === 'aborted') return { retry: false, reason: 'aborted by the caller' };

  const safe = input.idempotent === true || isIdempotent(input.method);
  let retryable: boolean;
  if (input.failure !== undefined) {
    retryable = safe || input.failure === 'refused';
  } else if (input.status !== undefined && RETRYABLE_STATUS.has(input.status)) {
    retryable = safe || input.status === 429 || (input.status === 503 && input.retryAfterMs !== undefined);
  } else {
    return { retry: false, reason: 'not a retryable outcome' };
  }
  if (!retryable) return { retry: false, reason: `${input.method} is not replayed: it may have taken effect` };

  if (input.retryAfterMs !== undefined) {
    if (input.retryAfterMs > policy.maxRetryAfterMs) return { retry: false, reason: 'Retry-After is too long' };
    return { retry: true, delayMs: input.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelay(attempt, policy, random) };
}

/** Full jitter: a uniform delay in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Every HTTP-date form carries hh:mm:ss; without this check V8's lenient Date.parse reads "-1" or
  // "abc 1" as a date in 2001, which would turn garbage into "retry now".
  if (!/\d{1,2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
