/**
 * The outcome of one attempt, and the one decision taken on it (DESIGN.md §2, §8). The pipeline uses these
 * within a call; a worker that can wait longer (the relay) reads the same classification from the thrown
 * error's `outcome` and `retryAfterMs`, so retry / dead / pause / reconcile follow the same rules everywhere.
 *
 * Classification (pure, from what came back and whether the request may be replayed):
 * - a transport failure: `refused` (or DNS) never reached Zoho → not_sent; a reset or timeout → retryable
 *   for a replayable request, ambiguous for a create; a caller's abort → never retried.
 * - a response: the token was rejected → auth_rejected (refresh once, replay once);
 *   408/429/5xx → retryable for a replayable request; a create is retryable only on 429 and on 503 with
 *   `Retry-After` (Zoho did not process it), ambiguous on any other 408/5xx; a person must act (bad grant,
 *   client, scope, org, configuration) → blocked; everything else → permanent.
 */

import type { ZohoErrorKind, ZohoOutcome } from '../errors.js';
import type { FailureKind } from './transport.js';

/** Where the wait before the next attempt comes from. */
export type DelaySource = { source: 'retry_after'; ms: number } | { source: 'backoff' };

/** One attempt's outcome, less the data of a success. */
export type AttemptOutcome =
  | { type: 'auth_rejected' }
  | { type: 'retryable'; delay: DelaySource }
  | { type: 'not_sent'; delay: DelaySource; aborted?: true }
  | { type: 'ambiguous'; aborted?: true }
  | { type: 'permanent' }
  | { type: 'blocked' };

/** What went wrong, as far as the classification needs to know. */
export interface FailureFacts {
  method: string;
  /** The operation guards against duplicates itself, so a create may be replayed. */
  idempotent?: boolean | undefined;
  /** Why no response arrived. */
  transport?: FailureKind | undefined;
  /** The response's status and the classified failure's kind. */
  status?: number | undefined;
  kind?: ZohoErrorKind | undefined;
  code?: string | undefined;
  /** The token was rejected: refresh once and replay once. */
  authFailure?: boolean | undefined;
  retryAfterMs?: number | undefined;
}

const REPLAYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Kinds that no retry can fix but a person can: re-authorise, fix the client, scope, org or configuration. */
const NEEDS_A_PERSON = new Set<ZohoErrorKind>(['auth', 'permission', 'config']);

/** GET, HEAD, OPTIONS, PUT and DELETE may be sent twice with the same effect. */
export function isIdempotent(method: string): boolean {
  return REPLAYABLE_METHODS.has(method.toUpperCase());
}

/** What one failed attempt means, from what came back and whether the request may be sent again. */
export function classifyFailure(facts: FailureFacts): AttemptOutcome {
  const replayable = facts.idempotent === true || isIdempotent(facts.method);
  const delay: DelaySource =
    facts.retryAfterMs === undefined ? { source: 'backoff' } : { source: 'retry_after', ms: facts.retryAfterMs };
  if (facts.transport !== undefined) {
    if (facts.transport === 'refused') return { type: 'not_sent', delay };
    // The caller gave up: never retried here, but a worker may send it again (a create only after reconciling).
    if (facts.transport === 'aborted') {
      return replayable ? { type: 'not_sent', delay, aborted: true } : { type: 'ambiguous', aborted: true };
    }
    return replayable ? { type: 'retryable', delay } : { type: 'ambiguous' };
  }
  if (facts.authFailure) return { type: 'auth_rejected' };
  if (facts.status !== undefined && RETRYABLE_STATUS.has(facts.status)) {
    const unprocessed = facts.status === 429 || (facts.status === 503 && facts.retryAfterMs !== undefined);
    return replayable || unprocessed ? { type: 'retryable', delay } : { type: 'ambiguous' };
  }
  // Campaigns answers its lock-outs inside HTTP 200: the kind, not the status, says "later".
  if (facts.kind === 'rate_limit') return { type: 'retryable', delay };
  if (facts.kind !== undefined && NEEDS_A_PERSON.has(facts.kind)) return { type: 'blocked' };
  return { type: 'permanent' };
}

/** A token call that failed: no API request was sent, so a passing failure may be retried whatever the method. */
export function classifyTokenFailure(kind: ZohoErrorKind, status: number | undefined): AttemptOutcome {
  if (kind === 'connection' || (kind === 'api' && (status ?? 0) >= 500)) {
    return { type: 'not_sent', delay: { source: 'backoff' } };
  }
  // Throttled (by Zoho or by the local budget): the wait is longer than a call should block.
  if (kind === 'rate_limit')
    return { type: 'not_sent', delay: { source: 'retry_after', ms: Number.POSITIVE_INFINITY } };
  return NEEDS_A_PERSON.has(kind) ? { type: 'blocked' } : { type: 'permanent' };
}

/** The error's `outcome` for an attempt's outcome (`auth_rejected` twice means the credentials need a person). */
export function errorOutcome(outcome: AttemptOutcome): ZohoOutcome {
  return outcome.type === 'auth_rejected' ? 'blocked' : outcome.type;
}

/** How many retries a call makes, and how long it waits between them. */
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

/** Where a call stands when an attempt has failed. */
export interface CallState {
  /** Retries already made, this one not counted. */
  retries: number;
  /** The token was already refreshed and the call replayed once. */
  replayedAuth: boolean;
}

/** The one decision: replay now with a fresh token, wait and retry, or stop (and throw). */
export type Decision =
  | { act: 'replay_auth' }
  | { act: 'retry'; delayMs: number }
  | { act: 'stop'; reason: string; aborted?: boolean };

/** The pipeline's decision on a failed attempt, given where the call stands and the policy. */
export function decide(
  outcome: AttemptOutcome,
  state: CallState,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Decision {
  if (outcome.type === 'auth_rejected') {
    // Refresh once and replay once; a second rejection is final (never loop on a bad token).
    return state.replayedAuth ? { act: 'stop', reason: 'rejected even with a fresh token' } : { act: 'replay_auth' };
  }
  if ('aborted' in outcome) return { act: 'stop', reason: 'aborted by the caller', aborted: true };
  if (outcome.type !== 'retryable' && outcome.type !== 'not_sent') {
    return { act: 'stop', reason: outcome.type === 'ambiguous' ? 'it may have taken effect' : 'not retryable' };
  }
  if (state.retries >= policy.maxRetries) return { act: 'stop', reason: 'retries exhausted' };
  if (outcome.delay.source === 'retry_after') {
    if (outcome.delay.ms > policy.maxRetryAfterMs) return { act: 'stop', reason: 'Retry-After is too long' };
    return { act: 'retry', delayMs: outcome.delay.ms };
  }
  return { act: 'retry', delayMs: backoffDelay(state.retries + 1, policy, random) };
}

/** Full jitter: a uniform delay in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
