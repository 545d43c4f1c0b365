/**
 * The retry rules as one pure function for callers outside the pipeline, and `Retry-After` parsing.
 * The rules themselves live in http/outcome.ts (classify, then decide); `shouldRetry` is both in one step:
 * - Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) retry on connection errors, 408, 429 and 5xx.
 * - POST and PATCH retry only where the request certainly did not take effect: connection refused, 429, or
 *   503 with Retry-After. Never after a timeout or a reset, unless the operation has its own duplicate guard
 *   (`idempotent: true`), because Zoho may already have created the ticket.
 * Delays use full jitter over a capped exponential, and `Retry-After` when Zoho sends one.
 */

import { classifyFailure, decide, type RetryPolicy } from './outcome.js';
import type { FailureKind } from './transport.js';

export type { RetryPolicy } from './outcome.js';
export { backoffDelay, isIdempotent } from './outcome.js';

/** The defaults: 3 retries, backoff from 300 ms capped at 10 s, `Retry-After` waited out up to 60 s. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** One failed attempt, as {@link shouldRetry} reads it. */
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

/** Retry after `delayMs`, or not, and why. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/** Whether to retry an attempt that failed, and after how long: the pipeline's own rules. */
export function shouldRetry(input: RetryInput, random: () => number = Math.random): RetryDecision {
  const outcome = classifyFailure({
    method: input.method,
    idempotent: input.idempotent,
    transport: input.failure,
    status: input.status,
    retryAfterMs: input.retryAfterMs,
  });
  const decision = decide(outcome, { retries: input.attempt - 1, replayedAuth: true }, input.policy, random);
  if (decision.act === 'retry') return { retry: true, delayMs: decision.delayMs };
  if (decision.act === 'stop' && (decision.aborted || decision.reason !== 'it may have taken effect')) {
    return { retry: false, reason: outcome.type === 'permanent' ? 'not a retryable outcome' : decision.reason };
  }
  return { retry: false, reason: `${input.method.toUpperCase()} is not replayed: it may have taken effect` };
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
