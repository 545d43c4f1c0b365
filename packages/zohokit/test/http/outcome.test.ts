import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  classifyFailure,
  classifyTokenFailure,
  DEFAULT_RETRY,
  decide,
  errorOutcome,
  type FailureFacts,
} from 'zohokit';

const half = () => 0.5;

describe('classifyFailure: what one failed attempt means', () => {
  const cases: [string, FailureFacts, AttemptOutcome['type']][] = [
    ['a refused POST never left', { method: 'POST', transport: 'refused' }, 'not_sent'],
    ['a reset GET may be sent again', { method: 'GET', transport: 'reset' }, 'retryable'],
    ['a reset POST may have created the record', { method: 'POST', transport: 'reset' }, 'ambiguous'],
    ['a timed-out PATCH may have taken effect', { method: 'PATCH', transport: 'timeout' }, 'ambiguous'],
    [
      'a guarded POST after a timeout may be replayed',
      { method: 'POST', idempotent: true, transport: 'timeout' },
      'retryable',
    ],
    ['a rejected token', { method: 'POST', status: 401, kind: 'auth', authFailure: true }, 'auth_rejected'],
    ['a 503 on a GET', { method: 'GET', status: 503 }, 'retryable'],
    [
      'a 503 with Retry-After on a POST was not processed',
      { method: 'POST', status: 503, retryAfterMs: 1000 },
      'retryable',
    ],
    ['a 503 without Retry-After on a POST', { method: 'POST', status: 503 }, 'ambiguous'],
    ['a 500 on a POST', { method: 'POST', status: 500, kind: 'api' }, 'ambiguous'],
    ['a 429 on a POST', { method: 'POST', status: 429, kind: 'rate_limit' }, 'retryable'],
    [
      'a Campaigns lock-out in HTTP 200',
      { method: 'POST', status: 200, kind: 'rate_limit', retryAfterMs: 1_800_000 },
      'retryable',
    ],
    ['a scope mismatch needs a person', { method: 'GET', status: 401, kind: 'permission' }, 'blocked'],
    ['a revoked grant needs a person', { method: 'GET', status: 400, kind: 'auth' }, 'blocked'],
    ['a 422 cannot be fixed by retrying', { method: 'POST', status: 422, kind: 'validation' }, 'permanent'],
    ['a 404', { method: 'GET', status: 404, kind: 'not_found' }, 'permanent'],
  ];
  it.each(cases)('%s', (_name, facts, type) => {
    expect(classifyFailure(facts).type).toBe(type);
  });

  it('keeps the delay source: Retry-After when Zoho sent one, backoff otherwise', () => {
    expect(classifyFailure({ method: 'GET', status: 429, retryAfterMs: 2_000 })).toEqual({
      type: 'retryable',
      delay: { source: 'retry_after', ms: 2_000 },
    });
    expect(classifyFailure({ method: 'GET', status: 502 })).toEqual({
      type: 'retryable',
      delay: { source: 'backoff' },
    });
  });

  it('marks a caller abort, as not sent for a GET and ambiguous for a POST', () => {
    expect(classifyFailure({ method: 'GET', transport: 'aborted' })).toMatchObject({ type: 'not_sent', aborted: true });
    expect(classifyFailure({ method: 'POST', transport: 'aborted' })).toEqual({ type: 'ambiguous', aborted: true });
  });
});

describe('classifyTokenFailure: the token call failed, so no API request was sent', () => {
  it('retries a passing failure whatever the method, never a throttle, and blocks on credentials', () => {
    expect(classifyTokenFailure('connection', undefined)).toEqual({ type: 'not_sent', delay: { source: 'backoff' } });
    expect(classifyTokenFailure('api', 502).type).toBe('not_sent');
    expect(classifyTokenFailure('api', 400).type).toBe('permanent');
    expect(classifyTokenFailure('auth', undefined).type).toBe('blocked');
    expect(classifyTokenFailure('config', undefined).type).toBe('blocked');
    const throttled = classifyTokenFailure('rate_limit', undefined);
    expect(decide(throttled, { retries: 0, replayedAuth: false }, DEFAULT_RETRY)).toMatchObject({ act: 'stop' });
  });
});

describe('decide: the one decision', () => {
  const fresh = { retries: 0, replayedAuth: false };

  it('replays once with a fresh token, then stops', () => {
    expect(decide({ type: 'auth_rejected' }, fresh, DEFAULT_RETRY)).toEqual({ act: 'replay_auth' });
    expect(decide({ type: 'auth_rejected' }, { ...fresh, replayedAuth: true }, DEFAULT_RETRY)).toMatchObject({
      act: 'stop',
    });
    // The error a worker sees after the second rejection says a person must act.
    expect(errorOutcome({ type: 'auth_rejected' })).toBe('blocked');
  });

  it('waits Retry-After up to the policy limit, and stops beyond it', () => {
    const after = (ms: number): AttemptOutcome => ({ type: 'retryable', delay: { source: 'retry_after', ms } });
    expect(decide(after(60_000), fresh, DEFAULT_RETRY)).toEqual({ act: 'retry', delayMs: 60_000 });
    expect(decide(after(60_001), fresh, DEFAULT_RETRY)).toEqual({ act: 'stop', reason: 'Retry-After is too long' });
  });

  it('backs off with full jitter under a doubling ceiling, and stops after maxRetries', () => {
    const backoff: AttemptOutcome = { type: 'not_sent', delay: { source: 'backoff' } };
    const delays = [0, 1, 2].map((retries) => decide(backoff, { retries, replayedAuth: false }, DEFAULT_RETRY, half));
    expect(delays).toEqual([
      { act: 'retry', delayMs: 150 },
      { act: 'retry', delayMs: 300 },
      { act: 'retry', delayMs: 600 },
    ]);
    expect(decide(backoff, { retries: 3, replayedAuth: false }, DEFAULT_RETRY)).toEqual({
      act: 'stop',
      reason: 'retries exhausted',
    });
  });

  it('never retries an ambiguous, permanent, blocked or aborted attempt', () => {
    for (const outcome of [
      { type: 'ambiguous' },
      { type: 'permanent' },
      { type: 'blocked' },
      { type: 'not_sent', delay: { source: 'backoff' }, aborted: true },
    ] as AttemptOutcome[]) {
      expect(decide(outcome, fresh, DEFAULT_RETRY).act).toBe('stop');
    }
  });
});
