import { describe, expect, it } from 'vitest';
import { type Classified, classifyResponse, type Failure } from '../../src/http/classify.js';

function classify(
  product: 'api' | 'desk' | 'campaigns',
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Classified {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return classifyResponse(product, status, new Headers(headers), text);
}

function failure(result: Classified): Failure {
  if (result.ok) throw new Error(`expected a failure, got data ${JSON.stringify(result.data)}`);
  return result.failure;
}

describe('classify: Desk (errorCode envelope, zoho-api.md §2.3)', () => {
  it('returns the parsed body of a success', () => {
    expect(classify('desk', 200, { id: '1', subject: 'Hi' })).toEqual({ ok: true, data: { id: '1', subject: 'Hi' } });
  });

  it('maps 422 UNPROCESSABLE_ENTITY to validation, with fieldName and errorType in details', () => {
    const f = failure(
      classify('desk', 422, {
        errorCode: 'UNPROCESSABLE_ENTITY',
        message: 'An invalid value was given for the field',
        fieldName: '/email',
        errorType: 'invalid',
      }),
    );
    expect(f).toMatchObject({
      kind: 'validation',
      code: 'UNPROCESSABLE_ENTITY',
      message: 'An invalid value was given for the field',
      details: { fieldName: '/email', errorType: 'invalid' },
      authFailure: false,
    });
    expect(f.fix).toMatch(/fieldName/);
  });

  it('keeps edition facts of LICENSE_ACCESS_LIMITED as details and calls it a permission problem', () => {
    const f = failure(
      classify('desk', 403, {
        errorCode: 'LICENSE_ACCESS_LIMITED',
        message: 'not in your edition',
        feature: 'blueprint',
        editionType: 'FREE',
      }),
    );
    expect(f.kind).toBe('permission');
    expect(f.details).toEqual({ feature: 'blueprint', editionType: 'FREE' });
  });

  it('has no details when Desk sends only errorCode and message', () => {
    expect(failure(classify('desk', 404, { errorCode: 'URL_NOT_FOUND', message: 'x' })).details).toBeUndefined();
  });

  it('marks 401 INVALID_OAUTH as an auth failure (refresh once and replay)', () => {
    expect(
      failure(classify('desk', 401, { errorCode: 'INVALID_OAUTH', message: 'OAuthToken is invalid or expired' })),
    ).toMatchObject({ kind: 'auth', code: 'INVALID_OAUTH', authFailure: true });
  });

  it('treats 401 SCOPE_MISMATCH as a permission error, NOT an auth failure: refreshing would not add the scope', () => {
    const f = failure(classify('desk', 401, { errorCode: 'SCOPE_MISMATCH', message: 'scope mismatch' }));
    expect(f.kind).toBe('permission');
    expect(f.authFailure).toBe(false);
    expect(f.fix).toMatch(/scope/i);
  });

  it('treats 401 OAUTH_ORG_MISMATCH as permission, not an auth failure', () => {
    const f = failure(classify('desk', 401, { errorCode: 'OAUTH_ORG_MISMATCH', message: 'org mismatch' }));
    expect(f).toMatchObject({ kind: 'permission', authFailure: false });
  });

  it('treats an unknown errorCode on 401 as an auth failure', () => {
    expect(failure(classify('desk', 401, { errorCode: 'SOMETHING_NEW', message: 'x' }))).toMatchObject({
      kind: 'auth',
      authFailure: true,
    });
  });

  it('falls back to the HTTP status for unknown codes', () => {
    expect(failure(classify('desk', 404, { errorCode: 'NOPE', message: 'x' })).kind).toBe('not_found');
    expect(failure(classify('desk', 400, { errorCode: 'NOPE', message: 'x' })).kind).toBe('validation');
    expect(failure(classify('desk', 500, { errorCode: 'INTERNAL_SERVER_ERROR', message: 'x' })).kind).toBe('api');
  });

  it('uses the errorCode as message when Desk sends none', () => {
    expect(failure(classify('desk', 400, { errorCode: 'INVALID_DATA' })).message).toBe('INVALID_DATA');
  });
});

describe('classify: Campaigns (errors inside HTTP 200, zoho-api.md §3.4)', () => {
  it('turns {status:"error", code:"2004"} (invalid email) in an HTTP 200 into a validation failure on email', () => {
    const f = failure(classify('campaigns', 200, { status: 'error', code: '2004', message: 'invalid email' }));
    expect(f).toMatchObject({
      kind: 'validation',
      code: '2004',
      message: 'invalid email',
      details: { fieldName: 'email' },
      authFailure: false,
    });
    expect(f.fix).toMatch(/email/);
  });

  it('treats code 1007 (unauthorized) as an auth failure, refreshed once', () => {
    expect(
      failure(classify('campaigns', 200, { status: 'error', code: '1007', message: 'Unauthorized' })),
    ).toMatchObject({ kind: 'auth', authFailure: true });
  });

  it('keeps unknown Campaigns codes as api errors', () => {
    expect(failure(classify('campaigns', 200, { status: 'error', code: '9999', message: 'odd' }))).toMatchObject({
      kind: 'api',
      code: '9999',
      authFailure: false,
    });
  });

  it('treats a non-zero code without status as a failure', () => {
    expect(failure(classify('campaigns', 200, { code: 2501, message: 'List key invalid' })).code).toBe('2501');
  });

  it('accepts code "0" and numeric 0 as success', () => {
    const a = { status: 'success', code: '0', message: 'ok', listkey: 'k1' };
    expect(classify('campaigns', 200, a)).toEqual({ ok: true, data: a });
    const b = { code: 0, message: 'ok' };
    expect(classify('campaigns', 200, b)).toEqual({ ok: true, data: b });
  });

  it('accepts status "success" whatever the code', () => {
    const body = { status: 'success', code: 200, message: 'A confirmation email is sent to the user.' };
    expect(classify('campaigns', 200, body)).toEqual({ ok: true, data: body });
  });

  it('does not read Campaigns rules into other products: a Desk record with a numeric code is data', () => {
    const body = { id: '5', code: 17, subject: 'x' };
    expect(classify('desk', 200, body)).toEqual({ ok: true, data: body });
  });
});

describe('classify: CRM and the unified API', () => {
  it('marks 401 {code:"INVALID_TOKEN", status:"error"} as an auth failure', () => {
    const f = failure(
      classify('api', 401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }),
    );
    expect(f).toMatchObject({ kind: 'auth', code: 'INVALID_TOKEN', authFailure: true, message: 'invalid oauth token' });
    expect(f.details).toBeUndefined();
  });

  it('keeps non-empty CRM details', () => {
    const f = failure(
      classify('api', 400, {
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'Last_Name' },
        message: 'required field not found',
        status: 'error',
      }),
    );
    expect(f).toMatchObject({ kind: 'validation', details: { api_name: 'Last_Name' } });
  });
});

describe('classify: bodies that are not JSON envelopes', () => {
  it('turns an HTML 502 page into non_json_response with the title in a short message', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(5_000)}</body></html>`;
    const f = failure(classify('desk', 502, html));
    expect(f.code).toBe('non_json_response');
    expect(f.kind).toBe('api');
    expect(f.message).toContain('502 Bad Gateway');
    expect(f.message.length).toBeLessThan(120);
    expect(f.fix).toMatch(/retry later/);
  });

  it('treats an HTML page in an HTTP 200 as a failure, not as data', () => {
    expect(failure(classify('campaigns', 200, '<html><body>Login</body></html>')).code).toBe('non_json_response');
  });

  it('treats an HTML 401 as an auth failure (refresh once)', () => {
    expect(failure(classify('api', 401, '<html><title>Unauthorized</title></html>'))).toMatchObject({
      kind: 'auth',
      authFailure: true,
    });
  });

  it('shortens a long plain-text body', () => {
    const f = failure(classify('api', 500, 'E'.repeat(1_000)));
    expect(f.message.length).toBeLessThan(150);
    expect(f.message).toContain('…');
  });

  it('returns undefined data for an empty 204', () => {
    expect(classifyResponse('desk', 204, new Headers(), '')).toEqual({ ok: true, data: undefined });
  });

  it('returns undefined data for an empty 200', () => {
    expect(classifyResponse('desk', 200, new Headers(), '  ')).toEqual({ ok: true, data: undefined });
  });

  it('describes an empty error response by its status', () => {
    const f = failure(classifyResponse('desk', 500, new Headers(), ''));
    expect(f).toMatchObject({ kind: 'api', code: 'HTTP_500', message: 'desk answered HTTP 500' });
  });

  it('maps a 429 to rate_limit and reads Retry-After', () => {
    const f = failure(
      classify('desk', 429, { errorCode: 'TOO_MANY_REQUESTS', message: 'slow down' }, { 'Retry-After': '2' }),
    );
    expect(f).toMatchObject({ kind: 'rate_limit', code: 'TOO_MANY_REQUESTS', retryAfterMs: 2_000 });
  });

  it('maps an HTML 429 to rate_limit too', () => {
    expect(failure(classify('api', 429, '<html>Too many</html>', { 'retry-after': '1' }))).toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 1_000,
    });
  });

  it('leaves retryAfterMs undefined without the header', () => {
    expect(failure(classify('desk', 503, { errorCode: 'X', message: 'y' })).retryAfterMs).toBeUndefined();
  });

  it('maps a bare 403/404 JSON body without envelope by status', () => {
    expect(failure(classify('api', 403, { foo: 1 })).kind).toBe('permission');
    expect(failure(classify('api', 404, { foo: 1 }))).toMatchObject({ kind: 'not_found', code: 'HTTP_404' });
  });
});

describe('classify: redirects (Zoho never redirects an API call)', () => {
  it('turns any 3xx into a config failure naming where it pointed, without its query', () => {
    for (const status of [301, 302, 307, 308]) {
      const f = failure(classify('desk', status, '', { location: 'https://accounts.zoho.com/signin?ticket=abc123' }));
      expect(f).toMatchObject({ kind: 'config', code: 'redirect', authFailure: false });
      expect(f.message).toContain('https://accounts.zoho.com/signin');
      expect(f.message).not.toContain('abc123');
      expect(f.fix).toMatch(/base URL/);
    }
  });

  it('names a relative Location by its path, and says only "a redirect" when fetch hid it', () => {
    expect(failure(classify('campaigns', 302, '', { location: '/login' })).message).toContain(' to /login;');
    const hidden = failure(classify('api', 300, ''));
    expect(hidden.code).toBe('redirect');
    expect(hidden.message).toMatch(/^api answered with a redirect;/);
  });
});
