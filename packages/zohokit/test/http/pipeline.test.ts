import { describe, expect, it } from 'vitest';
import {
  ZohoApiError,
  ZohoAuthError,
  ZohoConnectionError,
  type ZohoEvent,
  ZohoPermissionError,
  ZohoRateLimitError,
} from 'zohokit';
import { FakeZoho, fail, hang, jsonResponse, makeZoho, networkError, ok, textResponse } from '../support/fake-zoho.js';

const INVALID_OAUTH = ok({ errorCode: 'INVALID_OAUTH', message: 'The OAuth Token you provided is invalid.' }, 401);
const UNAVAILABLE = ok({ errorCode: 'SERVICE_UNAVAILABLE', message: 'try later' }, 503);
const TICKETS = { product: 'desk', path: '/api/v1/tickets' } as const;

function catching(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('pipeline: what is sent', () => {
  it('sends the access token as "Authorization: Zoho-oauthtoken <token>" to the product host', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    await expect(zoho.request(TICKETS)).resolves.toEqual({ data: [] });
    const call = fake.apiCalls[0]!;
    expect(call.url.toString()).toBe('https://desk.zoho.com/api/v1/tickets');
    expect(call.method).toBe('GET');
    expect(call.headers.get('authorization')).toBe(`Zoho-oauthtoken ${fake.minted[0]}`);
    expect(call.headers.get('accept')).toBe('application/json');
    expect(call.body).toBe('');
  });

  it('uses one token for many calls', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    await Promise.all(Array.from({ length: 10 }, () => zoho.request(TICKETS)));
    expect(fake.tokenCalls).toHaveLength(1);
    expect(fake.apiCalls).toHaveLength(10);
  });

  it('builds the query: arrays comma-joined, undefined and null left out, numbers and booleans as text', async () => {
    const fake = new FakeZoho();
    await makeZoho(fake).request({
      ...TICKETS,
      query: { include: ['contacts', 'assignee'], from: 0, limit: 50, archived: false, status: undefined, q: null },
    });
    const url = fake.apiCalls[0]!.url;
    expect(url.pathname).toBe('/api/v1/tickets');
    expect([...url.searchParams]).toEqual([
      ['include', 'contacts,assignee'],
      ['from', '0'],
      ['limit', '50'],
      ['archived', 'false'],
    ]);
  });

  it('appends the query to a path that already has one, and adds the leading "/" when missing', async () => {
    const fake = new FakeZoho();
    await makeZoho(fake).request({ product: 'desk', path: 'api/v1/tickets?a=1', query: { b: 2 } });
    expect(fake.apiCalls[0]!.url.toString()).toBe('https://desk.zoho.com/api/v1/tickets?a=1&b=2');
  });

  it('sends a form body as application/x-www-form-urlencoded', async () => {
    const fake = new FakeZoho().queueApi(ok({ status: 'success', code: '0', message: 'ok' }));
    await makeZoho(fake).request({
      product: 'campaigns',
      method: 'post',
      path: '/api/v1.1/json/listsubscribe',
      form: { listkey: 'lk1', contactinfo: JSON.stringify({ 'Contact Email': 'a@example.com' }) },
    });
    const call = fake.apiCalls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.toString()).toBe('https://campaigns.zoho.com/api/v1.1/json/listsubscribe');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      listkey: 'lk1',
      contactinfo: '{"Contact Email":"a@example.com"}',
    });
  });

  it('accepts URLSearchParams as the form', async () => {
    const fake = new FakeZoho();
    await makeZoho(fake).request({
      product: 'campaigns',
      method: 'POST',
      path: '/x',
      form: new URLSearchParams([['a', '1']]),
    });
    expect(fake.apiCalls[0]!.body).toBe('a=1');
  });

  it('sends a JSON body as application/json, keeping caller headers', async () => {
    const fake = new FakeZoho();
    const body = { subject: 'Hello', departmentId: '1', contact: { email: 'a@example.com' } };
    await makeZoho(fake).request({ ...TICKETS, method: 'POST', body, headers: { orgId: '123' } });
    const call = fake.apiCalls[0]!;
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(call.headers.get('orgid')).toBe('123');
    expect(JSON.parse(call.body)).toEqual(body);
  });

  it("sends 'api' calls to the token's api_domain", async () => {
    const fake = new FakeZoho();
    fake.tokenExtra = { api_domain: 'https://www.zohoapis.eu' };
    await makeZoho(fake).request({ product: 'api', path: '/crm/v8/org' });
    expect(fake.apiCalls[0]!.url.toString()).toBe('https://www.zohoapis.eu/crm/v8/org');
  });

  it("sends 'api' calls to endpoints.api when set, whatever the token's api_domain", async () => {
    const fake = new FakeZoho();
    fake.tokenExtra = { api_domain: 'https://www.zohoapis.eu' };
    await makeZoho(fake, { endpoints: { api: 'http://127.0.0.1:4000/' } }).request({
      product: 'api',
      path: '/crm/v8/org',
    });
    expect(fake.apiCalls[0]!.url.toString()).toBe('http://127.0.0.1:4000/crm/v8/org');
  });

  it('falls back to the data centre API host when the token has no api_domain', async () => {
    const fake = new FakeZoho();
    fake.tokenExtra = { api_domain: undefined };
    await makeZoho(fake, { dc: 'in' }).request({ product: 'api', path: '/crm/v8/org' });
    expect(fake.apiCalls[0]!.url.host).toBe('www.zohoapis.in');
  });

  it('resolves to undefined for a 204', async () => {
    const fake = new FakeZoho().queueApi(() => new Response(null, { status: 204 }));
    await expect(makeZoho(fake).request(TICKETS)).resolves.toBeUndefined();
  });
});

describe('pipeline: a rejected token', () => {
  it('on 401 INVALID_OAUTH refreshes exactly once and replays exactly once', async () => {
    const fake = new FakeZoho().queueApi(INVALID_OAUTH, ok({ id: '1' }));
    const zoho = makeZoho(fake);
    await expect(zoho.request(TICKETS)).resolves.toEqual({ id: '1' });
    expect(fake.tokenCalls).toHaveLength(2);
    expect(fake.apiCalls).toHaveLength(2);
    expect(fake.apiCalls[0]!.headers.get('authorization')).toBe(`Zoho-oauthtoken ${fake.minted[0]}`);
    expect(fake.apiCalls[1]!.headers.get('authorization')).toBe(`Zoho-oauthtoken ${fake.minted[1]}`);
  });

  it('on a second 401 throws ZohoAuthError after exactly 2 API calls: no loop', async () => {
    const fake = new FakeZoho().queueApi(INVALID_OAUTH, INVALID_OAUTH, INVALID_OAUTH, INVALID_OAUTH);
    const error = (await catching(makeZoho(fake).request(TICKETS))) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error).toMatchObject({ kind: 'auth', code: 'INVALID_OAUTH', status: 401, product: 'desk' });
    expect(error.message).toMatch(/even with a freshly refreshed token/);
    expect(fake.apiCalls).toHaveLength(2);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('does the same for CRM INVALID_TOKEN on the api product', async () => {
    const fake = new FakeZoho().queueApi(
      ok({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }, 401),
      ok({ data: [1] }),
    );
    await expect(makeZoho(fake).request({ product: 'api', path: '/crm/v8/Leads' })).resolves.toEqual({ data: [1] });
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('does not refresh on 401 SCOPE_MISMATCH: a new token would not have the scope', async () => {
    const fake = new FakeZoho().queueApi(ok({ errorCode: 'SCOPE_MISMATCH', message: 'scope mismatch' }, 401));
    const error = await catching(makeZoho(fake).request(TICKETS));
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(fake.apiCalls).toHaveLength(1);
    expect(fake.tokenCalls).toHaveLength(1);
  });

  it('does not retry when the refresh itself is refused (revoked refresh token)', async () => {
    const fake = new FakeZoho().queueApi(INVALID_OAUTH);
    fake.queueToken(fake.mint, ok({ error: 'invalid_code' }));
    const error = (await catching(makeZoho(fake).request(TICKETS))) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('invalid_code');
    expect(error.product).toBe('accounts');
    expect(fake.apiCalls).toHaveLength(1);
    expect(fake.tokenCalls).toHaveLength(2);
  });
});

describe('pipeline: retries', () => {
  it('retries a GET through 503 ×3 and succeeds on the 4th call', async () => {
    const fake = new FakeZoho().queueApi(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, ok({ id: '1' }));
    await expect(makeZoho(fake).request(TICKETS)).resolves.toEqual({ id: '1' });
    expect(fake.apiCalls).toHaveLength(4);
    expect(fake.tokenCalls).toHaveLength(1);
  });

  it('gives up after maxRetries with the last error', async () => {
    const fake = new FakeZoho().queueApi(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, ok({ id: '1' }));
    const error = (await catching(makeZoho(fake).request(TICKETS))) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.status).toBe(503);
    expect(fake.apiCalls).toHaveLength(4);
  });

  it('honours a per-request maxRetries and retry: false', async () => {
    const a = new FakeZoho().queueApi(UNAVAILABLE, UNAVAILABLE, ok({}));
    await expect(makeZoho(a).request({ ...TICKETS, maxRetries: 1 })).rejects.toBeInstanceOf(ZohoApiError);
    expect(a.apiCalls).toHaveLength(2);
    const b = new FakeZoho().queueApi(UNAVAILABLE, ok({}));
    await expect(makeZoho(b, { retry: false }).request(TICKETS)).rejects.toBeInstanceOf(ZohoApiError);
    expect(b.apiCalls).toHaveLength(1);
  });

  it('does not retry a POST answered 500 (it may have created the record)', async () => {
    const fake = new FakeZoho().queueApi(ok({ errorCode: 'INTERNAL_SERVER_ERROR', message: 'x' }, 500), ok({}));
    const error = (await catching(
      makeZoho(fake).request({ ...TICKETS, method: 'POST', body: { subject: 's' } }),
    )) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.status).toBe(500);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('does not replay a POST after a connection reset, and says the outcome is unknown', async () => {
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNRESET', 'read ECONNRESET')), ok({}));
    const error = (await catching(
      makeZoho(fake).request({ ...TICKETS, method: 'POST', body: { subject: 's' } }),
    )) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('reset');
    expect(error.details).toEqual({ outcome: 'unknown' });
    expect(error.message).toMatch(/may or may not have reached Zoho; it was not replayed to avoid a duplicate/);
    expect(error.attempts).toBe(1);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('replays a POST after a reset when the operation is marked idempotent', async () => {
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNRESET')), ok({ id: '1' }));
    await expect(makeZoho(fake).request({ ...TICKETS, method: 'POST', body: {}, idempotent: true })).resolves.toEqual({
      id: '1',
    });
    expect(fake.apiCalls).toHaveLength(2);
  });

  it('retries a POST after ECONNREFUSED: the request never left', async () => {
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNREFUSED')), ok({ id: '1' }));
    await expect(makeZoho(fake).request({ ...TICKETS, method: 'POST', body: {} })).resolves.toEqual({ id: '1' });
    expect(fake.apiCalls).toHaveLength(2);
  });

  it('says a refused connection was not sent when retries run out', async () => {
    const refused = fail(networkError('ECONNREFUSED'));
    const fake = new FakeZoho().queueApi(refused, refused);
    const error = (await catching(
      makeZoho(fake, { retry: { maxRetries: 1, baseDelayMs: 1 } }).request(TICKETS),
    )) as ZohoConnectionError;
    expect(error).toMatchObject({ code: 'refused', attempts: 2, details: { outcome: 'not_sent' } });
  });

  it('retries a GET after a reset', async () => {
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNRESET')), ok({ id: '1' }));
    await expect(makeZoho(fake).request(TICKETS)).resolves.toEqual({ id: '1' });
    expect(fake.apiCalls).toHaveLength(2);
  });

  it('waits out a 429 Retry-After (fractional seconds) before the retry, also for a POST', async () => {
    const fake = new FakeZoho().queueApi(
      ok({ errorCode: 'TOO_MANY_REQUESTS', message: 'x' }, 429, { 'Retry-After': '0.08' }),
      ok({ id: '1' }),
    );
    await expect(makeZoho(fake).request({ ...TICKETS, method: 'POST', body: {} })).resolves.toEqual({ id: '1' });
    expect(fake.apiCalls).toHaveLength(2);
    expect(fake.apiCalls[1]!.at - fake.apiCalls[0]!.at).toBeGreaterThanOrEqual(75);
  });

  it('does not wait out a Retry-After longer than maxRetryAfterMs: ZohoRateLimitError with retryAfterMs', async () => {
    const fake = new FakeZoho().queueApi(
      ok({ errorCode: 'TOO_MANY_REQUESTS', message: 'x' }, 429, { 'Retry-After': '120' }),
    );
    const error = (await catching(makeZoho(fake).request(TICKETS))) as ZohoRateLimitError;
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('retries a token call that could not reach Zoho Accounts, whatever the API method', async () => {
    const fake = new FakeZoho().queueToken(fail(networkError('ECONNRESET')));
    await expect(makeZoho(fake).request({ ...TICKETS, method: 'POST', body: {} })).resolves.toEqual({ data: [] });
    expect(fake.tokenCalls).toHaveLength(2);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('does not retry an answer that is not retryable (400)', async () => {
    const fake = new FakeZoho().queueApi(ok({ errorCode: 'INVALID_DATA', message: 'bad id' }, 400));
    await expect(makeZoho(fake).request(TICKETS)).rejects.toMatchObject({ kind: 'validation', code: 'INVALID_DATA' });
    expect(fake.apiCalls).toHaveLength(1);
  });
});

describe('pipeline: deadlines and cancellation', () => {
  it('times out an attempt that never answers: ZohoConnectionError code "timeout"', async () => {
    const fake = new FakeZoho().queueApi(hang, hang);
    const started = Date.now();
    const error = (await catching(
      makeZoho(fake, { timeoutMs: 30, retry: { maxRetries: 1, baseDelayMs: 1 } }).request(TICKETS),
    )) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('within 30 ms');
    expect(fake.apiCalls).toHaveLength(2);
    expect(fake.apiCalls[0]!.signal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('lets a request override the timeout', async () => {
    const fake = new FakeZoho().queueApi(hang);
    const error = (await catching(
      makeZoho(fake, { retry: false }).request({ ...TICKETS, timeoutMs: 10 }),
    )) as ZohoConnectionError;
    expect(error.code).toBe('timeout');
  });

  it('does not replay a POST after a timeout', async () => {
    const fake = new FakeZoho().queueApi(hang, ok({}));
    const error = (await catching(
      makeZoho(fake, { timeoutMs: 20 }).request({ ...TICKETS, method: 'POST', body: {} }),
    )) as ZohoConnectionError;
    expect(error.code).toBe('timeout');
    expect(error.details).toEqual({ outcome: 'unknown' });
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("stops on the caller's AbortSignal: code 'aborted', not retried", async () => {
    const fake = new FakeZoho().queueApi(hang, ok({}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = (await catching(
      makeZoho(fake).request({ ...TICKETS, signal: controller.signal }),
    )) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('aborted');
    expect(fake.apiCalls).toHaveLength(1);
  });

  it('sends nothing for an already aborted signal', async () => {
    const fake = new FakeZoho();
    const error = (await catching(
      makeZoho(fake).request({ ...TICKETS, signal: AbortSignal.abort() }),
    )) as ZohoConnectionError;
    expect(error.code).toBe('aborted');
    expect(fake.apiCalls).toHaveLength(0);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    const fake = new FakeZoho().queueApi(ok({ errorCode: 'X', message: 'x' }, 503, { 'Retry-After': '5' }), ok({}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = (await catching(
      makeZoho(fake).request({ ...TICKETS, signal: controller.signal }),
    )) as ZohoConnectionError;
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.apiCalls).toHaveLength(1);
  });
});

describe('pipeline: errors from answers', () => {
  it('turns an HTML 502 into ZohoApiError with a short message after retries', async () => {
    const page = () =>
      textResponse(`<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(2_000)}</body></html>`, 502);
    const fake = new FakeZoho().queueApi(page, page, page, page);
    const error = (await catching(makeZoho(fake).request(TICKETS))) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.code).toBe('non_json_response');
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message.length).toBeLessThan(300);
  });

  it('carries Zoho request id and the redacted request', async () => {
    const fake = new FakeZoho().queueApi(() =>
      jsonResponse({ errorCode: 'URL_NOT_FOUND', message: 'no' }, 404, { 'x-request-id': 'req-42' }),
    );
    const error = await catching(makeZoho(fake).request({ ...TICKETS, query: { code: 'abc123' } }));
    expect(error).toMatchObject({
      kind: 'not_found',
      requestId: 'req-42',
      request: { method: 'GET', url: 'https://desk.zoho.com/api/v1/tickets?code=[REDACTED]' },
    });
  });

  it('turns a Campaigns error inside HTTP 200 into a thrown error', async () => {
    const fake = new FakeZoho().queueApi(ok({ status: 'error', code: '2004', message: 'invalid email' }));
    await expect(
      makeZoho(fake).request({ product: 'campaigns', method: 'POST', path: '/api/v1.1/json/listsubscribe', form: {} }),
    ).rejects.toMatchObject({ code: '2004', status: 200, product: 'campaigns' });
  });
});

describe('pipeline: events', () => {
  it('emits request, response, retry and error events without bodies or tokens', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho().queueApi(
      ok({ errorCode: 'X', message: 'first failure echoing a@example.com' }, 503),
      ok({ errorCode: 'INVALID_DATA', message: 'bad' }, 400),
    );
    const zoho = makeZoho(fake, { onEvent: (e) => events.push(e) });
    await catching(zoho.request({ ...TICKETS, method: 'PUT', body: { email: 'secret-body@example.com' } }));

    expect(events.map((e) => e.type)).toEqual([
      'token.refresh',
      'request',
      'response',
      'retry',
      'request',
      'response',
      'error',
    ]);
    expect(events[1]).toEqual({
      type: 'request',
      callId: 'zk-1',
      product: 'desk',
      method: 'PUT',
      url: 'https://desk.zoho.com/api/v1/tickets',
      attempt: 1,
    });
    expect(events[2]).toMatchObject({ type: 'response', status: 503, code: 'X', attempt: 1 });
    expect(events[3]).toMatchObject({ type: 'retry', reason: 'status', status: 503, attempt: 1 });
    expect(events[5]).toMatchObject({ type: 'response', status: 400, attempt: 2 });
    expect(events[6]).toMatchObject({ type: 'error', name: 'ZohoValidationError', code: 'INVALID_DATA', status: 400 });

    const all = JSON.stringify(events);
    expect(all).not.toContain('secret-body@example.com');
    expect(all).not.toContain('a@example.com');
    expect(all).not.toContain(fake.minted[0]);
  });

  it('emits a retry event with reason "auth" on a rejected token', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho().queueApi(INVALID_OAUTH);
    await makeZoho(fake, { onEvent: (e) => events.push(e) }).request(TICKETS);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'retry', reason: 'auth', status: 401, code: 'INVALID_OAUTH', delayMs: 0 }),
    );
    expect(events.filter((e) => e.type === 'token.refresh').map((e) => e.type === 'token.refresh' && e.reason)).toEqual(
      ['cold', 'invalidated'],
    );
  });

  it('emits a connection retry event', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho().queueApi(fail(networkError('ECONNRESET')));
    await makeZoho(fake, { onEvent: (e) => events.push(e) }).request(TICKETS);
    expect(events).toContainEqual(expect.objectContaining({ type: 'retry', reason: 'connection', code: 'reset' }));
  });

  it('numbers requests per client', async () => {
    const events: ZohoEvent[] = [];
    const zoho = makeZoho(new FakeZoho(), { onEvent: (e) => events.push(e) });
    await zoho.request(TICKETS);
    await zoho.request(TICKETS);
    expect(events.filter((e) => e.type === 'request').map((e) => e.type === 'request' && e.callId)).toEqual([
      'zk-1',
      'zk-2',
    ]);
  });

  it('a throwing onEvent listener does not break the call', async () => {
    const fake = new FakeZoho().queueApi(UNAVAILABLE, ok({ id: '1' }));
    let seen = 0;
    const zoho = makeZoho(fake, {
      onEvent: () => {
        seen++;
        throw new Error('listener bug');
      },
    });
    await expect(zoho.request(TICKETS)).resolves.toEqual({ id: '1' });
    expect(seen).toBeGreaterThanOrEqual(5);
  });
});
