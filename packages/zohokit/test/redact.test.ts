import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from 'zohokit';
import { zohoToken } from './support/fake-zoho.js';

const TOKEN = zohoToken(0xabc);
const PLAIN = 'plain-secret-value';

describe('redact: Authorization values', () => {
  it('masks a Zoho-oauthtoken header value in text, keeping the scheme', () => {
    expect(redact(`Authorization: Zoho-oauthtoken ${PLAIN}`)).toBe(`Authorization: Zoho-oauthtoken ${REDACTED}`);
  });

  it('masks Bearer and Basic values whatever their case', () => {
    expect(redact(`bearer ${PLAIN}`)).toBe(`bearer ${REDACTED}`);
    expect(redact(`Basic ${PLAIN}`)).toBe(`Basic ${REDACTED}`);
  });

  it('masks the authorization key of an object whatever its spelling', () => {
    expect(redact({ Authorization: `Zoho-oauthtoken ${PLAIN}`, accept: 'application/json' })).toEqual({
      Authorization: REDACTED,
      accept: 'application/json',
    });
  });
});

describe('redact: URL query and form parameters', () => {
  for (const param of ['refresh_token', 'client_secret', 'code', 'access_token', 'token', 'password']) {
    it(`masks ${param}= in a URL and keeps the other parameters`, () => {
      const url = `https://accounts.zoho.com/oauth/v2/token?grant_type=x&${param}=${PLAIN}&client_id=abc`;
      const out = redact(url);
      expect(out).not.toContain(PLAIN);
      expect(out).toBe(`https://accounts.zoho.com/oauth/v2/token?grant_type=x&${param}=${REDACTED}&client_id=abc`);
    });
  }

  it('masks secret parameters in a form body string', () => {
    const body = `grant_type=refresh_token&refresh_token=${PLAIN}&client_id=abc&client_secret=${PLAIN}2`;
    expect(redact(body)).toBe(
      `grant_type=refresh_token&refresh_token=${REDACTED}&client_id=abc&client_secret=${REDACTED}`,
    );
  });

  it('masks the grant code of an authorization_code form body', () => {
    const out = redact(`grant_type=authorization_code&code=${PLAIN}&redirect_uri=https%3A%2F%2Fexample.com`);
    expect(out).toBe(`grant_type=authorization_code&code=${REDACTED}&redirect_uri=https%3A%2F%2Fexample.com`);
  });

  it('turns URLSearchParams into a redacted string', () => {
    const params = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: PLAIN, client_secret: 'xyzxyz' });
    const out = redact(params) as unknown;
    expect(typeof out).toBe('string');
    expect(out).toBe(`grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}`);
  });

  it('turns a URL object into a redacted string', () => {
    const out = redact(new URL(`https://example.com/cb?code=${PLAIN}&state=s1`)) as unknown;
    expect(out).toBe(`https://example.com/cb?code=${REDACTED}&state=s1`);
  });

  it('does not touch parameters that merely end in a secret name', () => {
    expect(redact('errorCode=2004&token_type=Bearer&zipcode=12345')).toBe(
      'errorCode=2004&token_type=Bearer&zipcode=12345',
    );
  });
});

describe('redact: JSON text and token shapes', () => {
  it('masks secret fields inside JSON text', () => {
    const text = JSON.stringify({ access_token: PLAIN, refresh_token: 'r-value-1', expires_in: 3600 });
    const out = redact(text);
    expect(out).not.toContain(PLAIN);
    expect(out).not.toContain('r-value-1');
    expect(out).toContain('"expires_in":3600');
    expect(JSON.parse(out)).toEqual({ access_token: REDACTED, refresh_token: REDACTED, expires_in: 3600 });
  });

  it('masks camelCase secret fields inside JSON text', () => {
    expect(redact(`{"accessToken": "${PLAIN}"}`)).toBe(`{"accessToken":"${REDACTED}"}`);
  });

  it('masks strings shaped like Zoho tokens wherever they appear', () => {
    expect(redact(`the token ${TOKEN} was rejected`)).toBe(`the token ${REDACTED} was rejected`);
    expect(redact(`<title>${TOKEN.toUpperCase()}</title>`)).toBe(`<title>${REDACTED}</title>`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'desk rejected POST /api/v1/tickets: Extra query parameter sortOrder (UNPROCESSABLE_ENTITY, HTTP 422)';
    expect(redact(text)).toBe(text);
  });
});

describe('redact: objects', () => {
  it('masks secret keys at any depth, compared without case, "_" or "-"', () => {
    const out = redact({
      a: { b: { refresh_token: PLAIN, 'Client-Secret': PLAIN, idToken: PLAIN, keep: 1 } },
      list: [{ accessToken: PLAIN }, `Zoho-oauthtoken ${PLAIN}`],
    });
    expect(out).toEqual({
      a: { b: { refresh_token: REDACTED, 'Client-Secret': REDACTED, idToken: REDACTED, keep: 1 } },
      list: [{ accessToken: REDACTED }, `Zoho-oauthtoken ${REDACTED}`],
    });
  });

  it('keeps empty secret values as they are (so "not set" stays visible)', () => {
    expect(redact({ refreshToken: undefined, clientSecret: '', accessToken: null })).toEqual({
      refreshToken: undefined,
      clientSecret: '',
      accessToken: null,
    });
  });

  it('masks a Headers object, nested or not, and returns a plain object', () => {
    const headers = new Headers({ Authorization: `Zoho-oauthtoken ${PLAIN}`, 'x-request-id': 'r1', Cookie: 'a=b' });
    expect(redact(headers)).toEqual({ authorization: REDACTED, 'x-request-id': 'r1', cookie: REDACTED });
    expect(redact({ request: { headers } })).toEqual({
      request: { headers: { authorization: REDACTED, 'x-request-id': 'r1', cookie: REDACTED } },
    });
  });

  it("keeps `code` as Zoho's error code in an error envelope", () => {
    expect(redact({ status: 'error', code: '2004', message: 'invalid email' })).toEqual({
      status: 'error',
      code: '2004',
      message: 'invalid email',
    });
  });

  it('masks `code` when it sits next to grant_type, client_id or redirect_uri (a grant code)', () => {
    expect(redact({ grant_type: 'authorization_code', code: PLAIN })).toEqual({
      grant_type: 'authorization_code',
      code: REDACTED,
    });
    expect(redact({ client_id: 'abc', code: PLAIN })).toEqual({ client_id: 'abc', code: REDACTED });
    expect(redact({ redirect_uri: 'https://x.example/cb', code: PLAIN }).code).toBe(REDACTED);
  });

  it('does not modify its input', () => {
    const input = { refresh_token: PLAIN, nested: { authorization: PLAIN } };
    redact(input);
    expect(input).toEqual({ refresh_token: PLAIN, nested: { authorization: PLAIN } });
  });

  it('survives circular objects', () => {
    const a: Record<string, unknown> = { name: 'a', refresh_token: PLAIN };
    a.self = a;
    const out = redact(a) as Record<string, unknown>;
    expect(out.self).toBe('[Circular]');
    expect(out.refresh_token).toBe(REDACTED);
  });

  it('truncates very deep structures instead of recursing without end', () => {
    let deep: Record<string, unknown> = { leaf: PLAIN };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep, [PLAIN]))).toContain('[Truncated]');
  });

  it('returns numbers, booleans, null and undefined unchanged', () => {
    expect(redact(42)).toBe(42);
    expect(redact(true)).toBe(true);
    expect(redact(null)).toBe(null);
    expect(redact(undefined)).toBe(undefined);
  });
});

describe('redact: literal secrets passed by the caller', () => {
  it('masks each literal secret wherever it appears, even without a recognisable shape', () => {
    expect(redact(`secret s3cret-value and again s3cret-value`, ['s3cret-value'])).toBe(
      `secret ${REDACTED} and again ${REDACTED}`,
    );
    expect(redact({ message: 'contains s3cret-value' }, ['s3cret-value'])).toEqual({
      message: `contains ${REDACTED}`,
    });
  });

  it('masks the longer secret whole when one secret contains another', () => {
    expect(redact('abcdef-123456', ['abcdef', 'abcdef-123456'])).toBe(REDACTED);
  });

  it('ignores undefined and too-short literals (they would mask ordinary words)', () => {
    expect(redact('the error was bad', [undefined, 'the', 'bad'])).toBe('the error was bad');
  });
});
