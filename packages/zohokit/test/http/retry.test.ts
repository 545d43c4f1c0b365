import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, shouldRetry } from 'zohokit';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const half = () => 0.5;

type Failure = 'timeout' | 'reset' | 'refused' | 'network' | 'aborted';

describe('shouldRetry: connection failures', () => {
  // Idempotent methods may be replayed after any failure; POST/PATCH only when the request certainly never left.
  const table: [method: string, failure: Failure, retry: boolean][] = [
    ['GET', 'timeout', true],
    ['GET', 'reset', true],
    ['GET', 'refused', true],
    ['GET', 'network', true],
    ['GET', 'aborted', false],
    ['PUT', 'timeout', true],
    ['PUT', 'reset', true],
    ['PUT', 'refused', true],
    ['PUT', 'network', true],
    ['PUT', 'aborted', false],
    ['DELETE', 'timeout', true],
    ['DELETE', 'reset', true],
    ['DELETE', 'refused', true],
    ['DELETE', 'network', true],
    ['DELETE', 'aborted', false],
    ['POST', 'timeout', false],
    ['POST', 'reset', false],
    ['POST', 'refused', true],
    ['POST', 'network', false],
    ['POST', 'aborted', false],
    ['PATCH', 'timeout', false],
    ['PATCH', 'reset', false],
    ['PATCH', 'refused', true],
    ['PATCH', 'network', false],
    ['PATCH', 'aborted', false],
  ];
  it.each(table)('%s after %s → retry %s', (method, failure, retry) => {
    expect(shouldRetry({ method, attempt: 1, policy, failure }, half).retry).toBe(retry);
  });

  it('says why a POST after a reset is not replayed', () => {
    expect(shouldRetry({ method: 'POST', attempt: 1, policy, failure: 'reset' })).toEqual({
      retry: false,
      reason: 'POST is not replayed: it may have taken effect',
    });
  });

  it('says a caller abort is final', () => {
    expect(shouldRetry({ method: 'GET', attempt: 1, policy, failure: 'aborted' })).toEqual({
      retry: false,
      reason: 'aborted by the caller',
    });
  });

  it('treats method names case-insensitively', () => {
    expect(shouldRetry({ method: 'get', attempt: 1, policy, failure: 'reset' }).retry).toBe(true);
  });

  it('replays a POST after a timeout or reset when the operation guards against duplicates', () => {
    for (const failure of ['timeout', 'reset', 'network'] as const) {
      expect(shouldRetry({ method: 'POST', attempt: 1, policy, failure, idempotent: true }).retry).toBe(true);
    }
    expect(shouldRetry({ method: 'POST', attempt: 1, policy, failure: 'aborted', idempotent: true }).retry).toBe(false);
  });
});

describe('shouldRetry: HTTP statuses', () => {
  const table: [method: string, status: number, retryAfterMs: number | undefined, retry: boolean][] = [
    ['GET', 408, undefined, true],
    ['GET', 429, undefined, true],
    ['GET', 500, undefined, true],
    ['GET', 502, undefined, true],
    ['GET', 503, undefined, true],
    ['GET', 503, 1_000, true],
    ['GET', 504, undefined, true],
    ['GET', 400, undefined, false],
    ['GET', 401, undefined, false],
    ['GET', 404, undefined, false],
    ['PUT', 500, undefined, true],
    ['PUT', 503, undefined, true],
    ['DELETE', 502, undefined, true],
    ['DELETE', 429, undefined, true],
    ['POST', 408, undefined, false],
    ['POST', 429, undefined, true],
    ['POST', 429, 1_000, true],
    ['POST', 500, undefined, false],
    ['POST', 502, undefined, false],
    ['POST', 503, undefined, false],
    ['POST', 503, 1_000, true],
    ['POST', 504, undefined, false],
    ['POST', 400, undefined, false],
    ['POST', 401, undefined, false],
    ['PATCH', 500, undefined, false],
    ['PATCH', 429, undefined, true],
    ['PATCH', 503, 1_000, true],
    ['PATCH', 503, undefined, false],
  ];
  it.each(table)('%s answered %i (Retry-After %s ms) → retry %s', (method, status, retryAfterMs, retry) => {
    expect(shouldRetry({ method, attempt: 1, policy, status, retryAfterMs }, half).retry).toBe(retry);
  });

  it('does not retry a success or a client error even for GET', () => {
    expect(shouldRetry({ method: 'GET', attempt: 1, policy, status: 422 })).toEqual({
      retry: false,
      reason: 'not a retryable outcome',
    });
  });

  it('retries POST + 500 when the operation guards against duplicates', () => {
    expect(shouldRetry({ method: 'POST', attempt: 1, policy, status: 500, idempotent: true }, half).retry).toBe(true);
  });
});

describe('shouldRetry: attempts and delays', () => {
  it('stops once maxRetries retries were made', () => {
    expect(shouldRetry({ method: 'GET', attempt: 3, policy, status: 503 }, half).retry).toBe(true);
    expect(shouldRetry({ method: 'GET', attempt: 4, policy, status: 503 })).toEqual({
      retry: false,
      reason: 'retries exhausted',
    });
  });

  it('never retries with maxRetries 0', () => {
    expect(shouldRetry({ method: 'GET', attempt: 1, policy: { ...policy, maxRetries: 0 }, status: 503 }).retry).toBe(
      false,
    );
  });

  it('waits exactly Retry-After when Zoho sends one', () => {
    expect(shouldRetry({ method: 'GET', attempt: 1, policy, status: 429, retryAfterMs: 1_234 })).toEqual({
      retry: true,
      delayMs: 1_234,
    });
  });

  it('does not wait out a Retry-After above maxRetryAfterMs', () => {
    expect(shouldRetry({ method: 'GET', attempt: 1, policy, status: 429, retryAfterMs: 5_001 })).toEqual({
      retry: false,
      reason: 'Retry-After is too long',
    });
    expect(shouldRetry({ method: 'GET', attempt: 1, policy, status: 429, retryAfterMs: 5_000 }).retry).toBe(true);
  });

  it('uses jittered backoff without Retry-After', () => {
    expect(shouldRetry({ method: 'GET', attempt: 2, policy, status: 500 }, () => 0.5)).toEqual({
      retry: true,
      delayMs: 100,
    });
  });
});

describe('backoffDelay', () => {
  it('is 0 when the random draw is 0', () => {
    for (let attempt = 1; attempt <= 6; attempt++) expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
  });

  it('doubles its ceiling per attempt from baseDelayMs (full jitter just below the ceiling)', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(2, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(399);
    expect(backoffDelay(4, policy, () => 0.999)).toBe(799);
  });

  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(5, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(30, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(1_000, policy, () => 0.999)).toBe(999);
  });

  it('stays within [0, ceiling) with the real random source', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, policy);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(400);
    }
  });

  it('by default retries a GET three times, waits out a Retry-After of up to a minute, and no longer', () => {
    const retries = [1, 2, 3, 4].map(
      (attempt) => shouldRetry({ method: 'GET', attempt, policy: DEFAULT_RETRY, status: 503 }).retry,
    );
    expect(retries).toEqual([true, true, true, false]);
    const wait = (retryAfterMs: number) =>
      shouldRetry({ method: 'GET', attempt: 1, policy: DEFAULT_RETRY, status: 429, retryAfterMs });
    expect(wait(60_000)).toEqual({ retry: true, delayMs: 60_000 });
    expect(wait(60_001).retry).toBe(false);
    for (let i = 0; i < 50; i++) expect(backoffDelay(10, DEFAULT_RETRY)).toBeLessThan(10_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 28, 0);

  it('reads delta-seconds, including fractions', () => {
    expect(parseRetryAfter('1')).toBe(1_000);
    expect(parseRetryAfter(' 120 ')).toBe(120_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('0.05')).toBe(50);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    // The obsolete RFC 850 form is still an HTTP-date.
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(60_000);
  });

  it('clamps an HTTP date in the past to 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('is undefined when absent or empty', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('   ')).toBeUndefined();
  });

  it('is undefined for garbage, including strings a lenient date parser would accept', () => {
    for (const garbage of ['soon', 'later please', '1e3', '0x10', '-1', 'abc 1', '1.5.2', '12abc', 'NaN']) {
      expect(parseRetryAfter(garbage, now), garbage).toBeUndefined();
    }
  });
});
