import { describe, expect, it } from 'vitest';
import {
  TokenEndpoint,
  ZohoApiError,
  ZohoAuthError,
  ZohoConfigError,
  ZohoConnectionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import {
  type Call,
  CLIENT_ID,
  CLIENT_SECRET,
  FakeZoho,
  fail,
  hang,
  networkError,
  ok,
  REFRESH_TOKEN,
  textResponse,
  tokenBody,
  zohoToken,
} from '../support/fake-zoho.js';

function endpoint(fake: FakeZoho, options: { accountsUrl?: string; trusted?: string[]; timeoutMs?: number } = {}) {
  return new TokenEndpoint({
    accountsUrl: options.accountsUrl ?? 'https://accounts.zoho.eu',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: fake.fetch,
    timeoutMs: options.timeoutMs ?? 5_000,
    trustedAccountsServers: options.trusted ?? [],
  });
}

function form(call: Call): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(call.body));
}

const ACCESS = zohoToken(1);
const CODE = zohoToken(0xc0de, 'f');

describe('token endpoint: what is sent', () => {
  it('refreshes with a POST whose parameters are all in the urlencoded form body, none in the URL', async () => {
    const fake = new FakeZoho();
    await endpoint(fake).refresh(REFRESH_TOKEN);
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.toString()).toBe('https://accounts.zoho.eu/oauth/v2/token');
    expect(call.url.search).toBe('');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(call.headers.get('accept')).toBe('application/json');
    expect(form(call)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH_TOKEN,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('exchanges a code with grant_type=authorization_code, code and redirect_uri in the body', async () => {
    const fake = new FakeZoho().queueToken(ok(tokenBody(ACCESS, { refresh_token: REFRESH_TOKEN })));
    const set = await endpoint(fake).exchangeCode({ code: CODE, redirectUri: 'https://app.example/cb' });
    const call = fake.calls[0]!;
    expect(call.url.search).toBe('');
    expect(form(call)).toEqual({
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'https://app.example/cb',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(set.refreshToken).toBe(REFRESH_TOKEN);
    expect(set.accessToken).toBe(ACCESS);
  });

  it('omits redirect_uri for a self client', async () => {
    const fake = new FakeZoho();
    await endpoint(fake).exchangeCode({ code: CODE });
    expect(form(fake.calls[0]!)).not.toHaveProperty('redirect_uri');
  });

  it('sends client_credentials with comma-joined scope and soid', async () => {
    const fake = new FakeZoho();
    await endpoint(fake).clientCredentials({ scope: ['Desk.tickets.READ', 'Desk.basic.READ'], soid: 'ZohoDesk.42' });
    expect(form(fake.calls[0]!)).toEqual({
      grant_type: 'client_credentials',
      scope: 'Desk.tickets.READ,Desk.basic.READ',
      soid: 'ZohoDesk.42',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('strips a trailing slash from the accounts URL', async () => {
    const fake = new FakeZoho();
    await endpoint(fake, { accountsUrl: 'http://127.0.0.1:4000/' }).refresh(REFRESH_TOKEN);
    expect(fake.calls[0]!.url.toString()).toBe('http://127.0.0.1:4000/oauth/v2/token');
  });
});

describe('token endpoint: success', () => {
  it('normalises a token response', async () => {
    const fake = new FakeZoho().queueToken(
      ok(tokenBody(ACCESS, { api_domain: 'https://www.zohoapis.eu/', scope: 'Desk.tickets.ALL Desk.basic.READ' })),
    );
    const before = Date.now();
    const set = await endpoint(fake).refresh(REFRESH_TOKEN);
    expect(set).toMatchObject({
      accessToken: ACCESS,
      refreshToken: undefined,
      apiDomain: 'https://www.zohoapis.eu',
      scope: ['Desk.tickets.ALL', 'Desk.basic.READ'],
    });
    expect(set.obtainedAt).toBeGreaterThanOrEqual(before);
    expect(set.expiresAt - set.obtainedAt).toBe(3_600_000);
  });

  it('detects success by access_token whatever the HTTP status', async () => {
    const fake = new FakeZoho().queueToken(ok(tokenBody(ACCESS), 400));
    expect((await endpoint(fake).refresh(REFRESH_TOKEN)).accessToken).toBe(ACCESS);
  });

  it('reads legacy responses: expires_in in ms next to expires_in_sec', async () => {
    const fake = new FakeZoho().queueToken(ok(tokenBody(ACCESS, { expires_in: 3_600_000, expires_in_sec: 3600 })));
    const set = await endpoint(fake).refresh(REFRESH_TOKEN);
    expect(set.expiresAt - set.obtainedAt).toBe(3_600_000);
  });

  it('defaults to an hour when Zoho omits expires_in', async () => {
    const { expires_in: _e, ...body } = tokenBody(ACCESS);
    const fake = new FakeZoho().queueToken(ok(body));
    const set = await endpoint(fake).refresh(REFRESH_TOKEN);
    expect(set.expiresAt - set.obtainedAt).toBe(3_600_000);
  });

  it('splits the space-separated scope of the response (and tolerates commas)', async () => {
    const fake = new FakeZoho()
      .queueToken(ok(tokenBody(ACCESS, { scope: 'ZohoCRM.modules.ALL  ZohoCRM.settings.ALL' })))
      .queueToken(ok(tokenBody(ACCESS, { scope: 'A.b.READ,A.c.READ' })));
    expect((await endpoint(fake).refresh(REFRESH_TOKEN)).scope).toEqual([
      'ZohoCRM.modules.ALL',
      'ZohoCRM.settings.ALL',
    ]);
    expect((await endpoint(fake).refresh(REFRESH_TOKEN)).scope).toEqual(['A.b.READ', 'A.c.READ']);
  });

  it('gives an empty scope list when the response has none', async () => {
    const { scope: _s, ...body } = tokenBody(ACCESS);
    const fake = new FakeZoho().queueToken(ok(body));
    expect((await endpoint(fake).refresh(REFRESH_TOKEN)).scope).toEqual([]);
  });

  it('treats an empty access_token as a failure', async () => {
    const fake = new FakeZoho().queueToken(ok({ access_token: '' }));
    await expect(endpoint(fake).refresh(REFRESH_TOKEN)).rejects.toBeInstanceOf(ZohoAuthError);
  });
});

describe('token endpoint: errors Zoho sends with HTTP 200', () => {
  it('maps {"error":"invalid_code"} on a code exchange to ZohoAuthError with a re-authorise fix', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_code' }));
    const error = await endpoint(fake)
      .exchangeCode({ code: CODE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error).toMatchObject({
      kind: 'auth',
      code: 'invalid_code',
      status: 200,
      product: 'accounts',
      request: { method: 'POST', url: 'https://accounts.zoho.eu/oauth/v2/token' },
      details: { grant: 'authorization_code', dc: 'eu' },
    });
    const e = error as ZohoAuthError;
    expect(e.message).toMatch(/grant code/);
    expect(e.fix).toMatch(/Re-authorise/);
    expect(e.message).toContain(e.fix as string);
  });

  it('explains invalid_code on a refresh as a revoked refresh token', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_code' }));
    const error = await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect((error as ZohoAuthError).message).toMatch(/refresh token: it was revoked/);
  });

  it('says invalid_client is about the client id and the data centre', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_client' }));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain('accounts.zoho.eu does not know this client id');
    expect(error.fix).toMatch(/data centre/);
  });

  it('maps invalid_client_secret and invalid_redirect_uri to auth errors with fixes', async () => {
    const fake = new FakeZoho()
      .queueToken(ok({ error: 'invalid_client_secret' }))
      .queueToken(ok({ error: 'invalid_redirect_uri' }));
    const a = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(a).toBeInstanceOf(ZohoAuthError);
    expect(a.fix).toMatch(/secret/);
    const b = (await endpoint(fake)
      .exchangeCode({ code: CODE, redirectUri: 'https://x.example/cb' })
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(b).toBeInstanceOf(ZohoAuthError);
    expect(b.fix).toMatch(/redirect URI/);
  });

  it('maps missing_org_info to a validation error asking for soid', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'missing_org_info' }));
    const error = await endpoint(fake)
      .clientCredentials({ scope: 'Desk.tickets.READ', soid: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoValidationError);
    expect((error as ZohoValidationError).fix).toMatch(/soid/);
  });

  it('maps "Access Denied" (throttled) to ZohoRateLimitError with retryAfterMs', async () => {
    const fake = new FakeZoho().queueToken(
      ok({
        error_description: 'You have made too many requests continuously. Please try again after some time.',
        error: 'Access Denied',
        status: 'failure',
      }),
    );
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoRateLimitError;
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(error.code).toBe('Access Denied');
    expect(error.retryAfterMs).toBe(600_000);
    expect(error.fix).toMatch(/Wait/);
  });

  it('maps an unknown error to a generic auth error that keeps Zoho code', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'general_error' }));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('general_error');
    expect(error.fix).toBeTruthy();
  });

  it('leaves out the data centre for a non-Zoho accounts server', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_code' }));
    const error = (await endpoint(fake, { accountsUrl: 'http://127.0.0.1:4000' })
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error.details).toEqual({ grant: 'refresh_token' });
  });
});

describe('token endpoint: bodies that are not token JSON', () => {
  it('turns an HTML page into a typed error with a short message naming its title', async () => {
    const page = `<html><head><title>Zoho Accounts - Maintenance</title></head><body>${'p'.repeat(10_000)}</body></html>`;
    const fake = new FakeZoho().queueToken(() => textResponse(page, 200));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('non_json_response');
    expect(error.message).toContain('an HTML page ("Zoho Accounts - Maintenance")');
    expect(error.message.length).toBeLessThan(300);
  });

  it('calls a 5xx HTML page an API error to retry later', async () => {
    const fake = new FakeZoho().queueToken(() => textResponse('<html><title>503</title></html>', 503));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.status).toBe(503);
    expect(error.fix).toMatch(/retry later/);
  });

  it('reports JSON without a token or an error as unexpected_token_response', async () => {
    const fake = new FakeZoho().queueToken(ok({ hello: 'world' }));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error.code).toBe('unexpected_token_response');
  });

  it('turns a failed connection into ZohoConnectionError with the failure kind as code', async () => {
    const fake = new FakeZoho().queueToken(fail(networkError('ECONNREFUSED')));
    const error = (await endpoint(fake)
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('refused');
    expect(error.product).toBe('accounts');
    expect(error.message).toContain('accounts.zoho.eu');
    expect(String(error.cause)).toContain('ECONNREFUSED');
  });

  it('times out a token call that never answers', async () => {
    const fake = new FakeZoho().queueToken(hang);
    const error = (await endpoint(fake, { timeoutMs: 20 })
      .refresh(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('timeout');
  });
});

describe('token endpoint: authorize URL', () => {
  it('defaults to access_type=offline and prompt=consent so Zoho returns a refresh token', () => {
    const url = new URL(
      endpoint(new FakeZoho()).authorizeUrl({
        scope: ['Desk.tickets.ALL', 'ZohoCampaigns.contact.ALL'],
        redirectUri: 'http://localhost:8080/callback',
        state: 'st-123',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://accounts.zoho.eu/oauth/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      scope: 'Desk.tickets.ALL,ZohoCampaigns.contact.ALL',
      redirect_uri: 'http://localhost:8080/callback',
      access_type: 'offline',
      prompt: 'consent',
      state: 'st-123',
    });
  });

  it('honours explicit access_type and prompt and leaves state out when not given', () => {
    const url = new URL(
      endpoint(new FakeZoho()).authorizeUrl({
        scope: 'Desk.tickets.READ',
        redirectUri: 'https://app.example/cb',
        accessType: 'online',
        prompt: 'none',
      }),
    );
    expect(url.searchParams.get('access_type')).toBe('online');
    expect(url.searchParams.get('prompt')).toBe('none');
    expect(url.searchParams.has('state')).toBe(false);
    expect(url.searchParams.has('client_secret')).toBe(false);
  });
});

describe('token endpoint: accounts-server from an OAuth callback', () => {
  it('exchanges the code at the Zoho accounts server of the callback', async () => {
    const fake = new FakeZoho();
    await endpoint(fake, { accountsUrl: 'https://accounts.zoho.com' }).exchangeCode({
      code: CODE,
      accountsServer: 'https://accounts.zoho.in',
    });
    expect(fake.calls[0]!.url.toString()).toBe('https://accounts.zoho.in/oauth/v2/token');
  });

  it('refuses an untrusted accounts-server: nothing is sent, a ZohoConfigError is thrown', async () => {
    const fake = new FakeZoho();
    for (const accountsServer of [
      'https://accounts.zoho.com.evil.example',
      'http://accounts.zoho.com',
      'https://evil.example',
    ]) {
      const error = (await endpoint(fake)
        .exchangeCode({ code: CODE, accountsServer })
        .catch((e: unknown) => e)) as ZohoConfigError;
      expect(error, accountsServer).toBeInstanceOf(ZohoConfigError);
      expect(error.code).toBe('untrusted_accounts_server');
      expect(error.message).not.toContain(CODE);
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('accepts an explicitly configured accounts server (the emulator)', async () => {
    const fake = new FakeZoho();
    await endpoint(fake, { accountsUrl: 'https://accounts.zoho.com', trusted: ['http://127.0.0.1:4000'] }).exchangeCode(
      { code: CODE, accountsServer: 'http://127.0.0.1:4000/' },
    );
    expect(fake.calls[0]!.url.toString()).toBe('http://127.0.0.1:4000/oauth/v2/token');
  });
});

describe('token endpoint: revoke', () => {
  it('sends the token in the form body, not the URL', async () => {
    const fake = new FakeZoho().queueToken(ok({ status: 'success' }));
    await endpoint(fake).revoke(REFRESH_TOKEN);
    const call = fake.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.toString()).toBe('https://accounts.zoho.eu/oauth/v2/token/revoke');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(form(call)).toEqual({ token: REFRESH_TOKEN });
  });

  it('fails with ZohoAuthError on HTTP 400 (unknown or already revoked token)', async () => {
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_token' }, 400));
    const error = (await endpoint(fake)
      .revoke(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('invalid_token');
    expect(error.status).toBe(400);
  });

  it('does not take HTTP 200 without status "success" as a revocation', async () => {
    const fake = new FakeZoho().queueToken(ok({ status: 'failure' }));
    const error = (await endpoint(fake)
      .revoke(REFRESH_TOKEN)
      .catch((e: unknown) => e)) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.code).toBe('revoke_failed');
  });
});
