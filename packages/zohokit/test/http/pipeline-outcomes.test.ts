/**
 * The outcome a thrown error carries is the one the pipeline decided on: a worker that can wait longer (the
 * relay) reads it instead of re-deriving the rules. Each error also names its call as the events did.
 */
import { describe, expect, it } from 'vitest';
import { isZohoError, type ZohoEvent } from 'zohokit';
import { FakeZoho, fail, makeZoho, networkError, ok } from '../support/fake-zoho.js';

const TICKET = { product: 'desk', method: 'POST', path: '/api/v1/tickets', body: { subject: 'x' } } as const;

async function thrown(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isZohoError(error)) throw new Error(`expected a ZohoError, got ${String(error)}`);
  return error;
}

describe('pipeline: the outcome on a thrown error', () => {
  it('a POST reset after sending is ambiguous, and is not replayed', async () => {
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNRESET')));
    const error = await thrown(makeZoho(fake).request(TICKET));
    expect(error).toMatchObject({ kind: 'connection', code: 'reset', outcome: 'ambiguous', attempts: 1 });
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('a refused connection is not_sent after the retries, and names the host', async () => {
    const refused = fail(networkError('ECONNREFUSED'));
    const fake = new FakeZoho().queueApi(refused, refused, refused, refused);
    const error = await thrown(makeZoho(fake).request(TICKET));
    expect(error).toMatchObject({ kind: 'connection', code: 'refused', outcome: 'not_sent', attempts: 4 });
    expect(error.fix).toContain('desk.zoho.com');
  });

  it('a 503 on a GET that never recovers stays retryable for a later try', async () => {
    const busy = ok({ errorCode: 'SERVICE_UNAVAILABLE', message: 'later' }, 503);
    const fake = new FakeZoho().queueApi(busy, busy, busy, busy);
    const error = await thrown(makeZoho(fake).request({ product: 'desk', path: '/api/v1/tickets' }));
    expect(error).toMatchObject({ kind: 'api', status: 503, outcome: 'retryable', attempts: 4 });
  });

  it('a 422 is permanent at once', async () => {
    const fake = new FakeZoho().queueApi(
      ok({ errorCode: 'UNPROCESSABLE_ENTITY', message: 'bad', fieldName: '/email' }, 422),
    );
    const error = await thrown(makeZoho(fake).request(TICKET));
    expect(error).toMatchObject({ kind: 'validation', outcome: 'permanent', attempts: 1 });
    expect(error.summary).toBe('desk rejected POST /api/v1/tickets: bad');
  });

  it('a token rejected twice, and a revoked refresh token, need a person', async () => {
    const rejected = ok({ errorCode: 'INVALID_OAUTH', message: 'invalid' }, 401);
    const twice = await thrown(makeZoho(new FakeZoho().queueApi(rejected, rejected)).request(TICKET));
    expect(twice).toMatchObject({ kind: 'auth', outcome: 'blocked', attempts: 2 });

    const revoked = new FakeZoho();
    revoked.queueToken(ok({ error: 'invalid_code' }));
    const error = await thrown(makeZoho(revoked).request(TICKET));
    expect(error).toMatchObject({ kind: 'auth', code: 'invalid_code', outcome: 'blocked', attempts: 0 });
    expect(revoked.apiCalls).toHaveLength(0);
  });

  it('a Campaigns lock-out in HTTP 200 is retryable after the lock period, not waited out in the call', async () => {
    const fake = new FakeZoho().queueApi(ok({ status: 'error', code: '2101', message: 'locked' }));
    const error = await thrown(
      makeZoho(fake).request({ product: 'campaigns', method: 'POST', path: '/api/v1.1/json/listsubscribe' }),
    );
    expect(error.kind).toBe('rate_limit');
    if (error.kind !== 'rate_limit') return;
    expect(error.outcome).toBe('retryable');
    expect(error.retryAfterMs).toBe(30 * 60_000);
  });

  it('names its call with the callId the events carried, and keeps Zoho’s x-request-id apart', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho().queueApi(
      ok({ data: [] }),
      ok({ errorCode: 'URL_NOT_FOUND', message: 'no' }, 404, { 'x-request-id': 'zoho-req-7' }),
    );
    const zoho = makeZoho(fake, { onEvent: (e) => events.push(e) });
    await zoho.request({ product: 'desk', path: '/api/v1/tickets' });
    const error = await thrown(zoho.request({ product: 'desk', path: '/api/v1/nothing' }));
    const errorEvent = events.find((e) => e.type === 'error');
    expect(error.callId).toBe('zk-2');
    expect(errorEvent).toMatchObject({ type: 'error', callId: 'zk-2' });
    expect(error.requestId).toBe('zoho-req-7');
  });
});
