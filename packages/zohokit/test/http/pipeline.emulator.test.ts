import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Zoho, ZohoApiError, ZohoAuthError, ZohoConnectionError, type ZohoEvent, ZohoRateLimitError } from 'zohokit';
import { counts, startTenant, type Tenant, whoami } from '../support/emulator-tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.emulator.close();
  tenant = undefined;
});

describe('token single-flight against the emulator', () => {
  it('a cold-start burst of 200 concurrent calls makes exactly one token call', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho();
    const results = await Promise.all(Array.from({ length: 200 }, () => zoho.request(whoami)));
    expect(results).toHaveLength(200);
    const c = await counts(tenant.emulator);
    expect(c.token.refresh_token).toBe(1);
    expect(c.whoami).toBe(200);
  });

  it('a burst after the emulator expires every token makes exactly one more token call', async () => {
    tenant = await startTenant();
    const { zoho, events } = tenant.zoho();
    await zoho.request(whoami);
    await tenant.emulator.control.expireTokens();
    await Promise.all(Array.from({ length: 200 }, () => zoho.request(whoami)));
    const c = await counts(tenant.emulator);
    expect(c.token.refresh_token).toBe(2);
    // Every 401 was replayed once with the new token; none surfaced as an error.
    expect(events.filter((e) => e.type === 'error')).toHaveLength(0);
    expect(c.raw.requests['GET /__emulator/whoami']?.['401']).toBeGreaterThan(0);
  });

  it('refreshes early, before Zoho would reject the token', async () => {
    tenant = await startTenant({ tokenTtlSec: 2 });
    const { zoho } = tenant.zoho({ refreshBeforeMs: 1_000 });
    await zoho.request(whoami);
    await new Promise((r) => setTimeout(r, 1_600));
    await zoho.request(whoami);
    const c = await counts(tenant.emulator);
    expect(c.token.refresh_token).toBe(2);
    expect(c.raw.requests['GET /__emulator/whoami']?.['401']).toBeUndefined();
  });
});

describe('token endpoint failures', () => {
  it('invalid_client (HTTP 200) is a typed error and no API request goes out with an undefined token', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho({ clientId: '1000.NOTAREALCLIENTID' });
    const error = await zoho.request(whoami).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect((error as ZohoAuthError).code).toBe('invalid_client');
    expect((error as ZohoAuthError).message).toMatch(/data centre/);
    const c = await counts(tenant.emulator);
    expect(c.whoami).toBe(0);
    expect(c.token.total).toBe(1);
  });

  it('a client of another data centre gets invalid_client with the data-centre fix', async () => {
    tenant = await startTenant({ dc: 'eu' });
    const other = await (await import('@zohokit/emulator')).startEmulator({ port: 0, dc: 'us' });
    try {
      const { zoho } = tenant.zoho({ endpoints: other.endpoints });
      const error = (await zoho.request(whoami).catch((e: unknown) => e)) as ZohoAuthError;
      expect(error).toBeInstanceOf(ZohoAuthError);
      expect(error.code).toBe('invalid_client');
      expect(error.fix).toMatch(/data centre/);
    } finally {
      await other.close();
    }
  });

  it('a throttled token endpoint is not hammered: later calls fail fast without token requests', async () => {
    // The code exchange in startTenant minted the first of the three tokens this window allows.
    tenant = await startTenant({ limits: { accessTokensPerRefreshToken: 3 } });
    const { zoho } = tenant.zoho();
    await zoho.tokens.refresh();
    await zoho.tokens.refresh();
    // Zoho now answers "Access Denied" (HTTP 200) for the rest of its window.
    const first = await zoho.tokens.refresh().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ZohoRateLimitError);
    expect((first as ZohoRateLimitError).code).toBe('Access Denied');
    expect((first as ZohoRateLimitError).retryAfterMs).toBeGreaterThan(0);
    await tenant.emulator.control.expireTokens();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => zoho.request(whoami)));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ZohoRateLimitError)).toBe(true);
    const c = await counts(tenant.emulator);
    expect(c.token.refresh_token).toBe(3);
    expect(c.raw.tokenErrors['Access Denied']).toBe(1);
  });

  it('a revoked refresh token is a typed invalid_code error that says to re-authorise', async () => {
    tenant = await startTenant();
    await tenant.emulator.control.revokeToken(tenant.refreshToken);
    const { zoho } = tenant.zoho();
    const error = (await zoho.request(whoami).catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('invalid_code');
    expect(error.fix).toMatch(/Re-authorise/);
  });
});

describe('refresh once on 401', () => {
  it('a 401 then success makes exactly one refresh and one replay', async () => {
    tenant = await startTenant();
    const { zoho, events } = tenant.zoho();
    await zoho.request(whoami);
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [
        { status: 401, body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' } },
      ],
    });
    await zoho.request(whoami);
    const c = await counts(tenant.emulator);
    expect(c.token.refresh_token).toBe(2);
    expect(c.whoami).toBe(3);
    expect(events.filter((e) => e.type === 'retry' && e.reason === 'auth')).toHaveLength(1);
  });

  it('a 401 twice is a typed auth error after one refresh: no loop', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho();
    const body = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [
        { status: 401, body },
        { status: 401, body },
        { status: 401, body },
      ],
    });
    const error = (await zoho.request(whoami).catch((e: unknown) => e)) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.status).toBe(401);
    const c = await counts(tenant.emulator);
    expect(c.whoami).toBe(2);
    expect(c.token.refresh_token).toBe(2);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429', async () => {
    tenant = await startTenant();
    const { zoho, events } = tenant.zoho();
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ status: 429, retryAfter: 1 }],
    });
    const started = Date.now();
    await zoho.request(whoami);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const retry = events.find((e) => e.type === 'retry') as Extract<ZohoEvent, { type: 'retry' }>;
    expect(retry.delayMs).toBe(1000);
    expect(retry.status).toBe(429);
  });

  it('retries a GET through 503 ×3 and succeeds', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho();
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ status: 503 }, { status: 503 }, { status: 503 }],
    });
    const me = await zoho.request<{ user: { email: string } }>(whoami);
    expect(me.user.email).toContain('@');
    const c = await counts(tenant.emulator);
    expect(c.raw.requests['GET /__emulator/whoami']).toEqual({ '503': 3, '200': 1 });
  });

  it('does not replay a POST after a connection reset mid-request (the server acted on it)', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho();
    await tenant.emulator.control.queueFaults({
      method: 'POST',
      path: '/__emulator/echo',
      sequence: [{ reset: 'after' }],
    });
    const error = (await zoho
      .request({ product: 'api', method: 'POST', path: '/__emulator/echo', body: { subject: 'hi' } })
      .catch((e: unknown) => e)) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.details?.outcome).toBe('unknown');
    expect(error.message).toMatch(/not replayed/);
    const c = await counts(tenant.emulator);
    expect(c.echoPost).toBe(1);
  });

  it('turns an HTML 502 into a typed error with a short message', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho({ retry: { maxRetries: 1, baseDelayMs: 1 } });
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ status: 502 }, { status: 502 }],
    });
    const error = (await zoho.request(whoami).catch((e: unknown) => e)) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('non_json_response');
    expect(error.message).toMatch(/HTML page/);
    expect(error.message).not.toMatch(/<html|<body/i);
    expect(error.message.length).toBeLessThan(300);
  });

  it('a hanging Zoho becomes ZohoConnectionError(timeout) within the deadline', async () => {
    tenant = await startTenant();
    const { zoho } = tenant.zoho({ timeoutMs: 300, retry: { maxRetries: 1, baseDelayMs: 1 } });
    await zoho.request(whoami);
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ hang: true }, { hang: true }],
    });
    const started = Date.now();
    const error = (await zoho.request(whoami).catch((e: unknown) => e)) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.code).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('secrets never leak through errors or events', () => {
  it('keeps the refresh token, client secret, access token and grant code out of every output', async () => {
    tenant = await startTenant();
    const events: ZohoEvent[] = [];
    const grant = await tenant.emulator.control.mintGrantCode({
      clientId: tenant.clientId,
      scope: 'ZohoCRM.users.READ',
    });
    const zoho = new Zoho({
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      endpoints: tenant.emulator.endpoints,
      retry: { maxRetries: 1, baseDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    const set = await zoho.tokens.exchangeCode({ code: grant.code });
    const reused = await zoho.tokens.exchangeCode({ code: grant.code }).catch((e: unknown) => e);
    await tenant.emulator.control.queueFaults({
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ status: 502 }, { status: 502 }],
    });
    const failed = await zoho.request(whoami).catch((e: unknown) => e);
    const secrets = [tenant.clientSecret, set.refreshToken as string, set.accessToken, grant.code];
    const outputs = [reused, failed].flatMap((e) => [
      (e as Error).message,
      (e as Error).stack ?? '',
      JSON.stringify(e),
      inspect(e, { depth: 10 }),
      String((e as Error).cause ?? ''),
    ]);
    outputs.push(JSON.stringify(events));
    for (const secret of secrets) {
      for (const out of outputs) expect(out).not.toContain(secret);
    }
    expect(events.length).toBeGreaterThan(3);
  });
});

describe('token stores', () => {
  it('two clients sharing one MemoryTokenStore refresh once between them', async () => {
    const { MemoryTokenStore } = await import('zohokit');
    tenant = await startTenant();
    const store = new MemoryTokenStore();
    const a = tenant.zoho({ tokenStore: store }).zoho;
    const b = tenant.zoho({ tokenStore: store }).zoho;
    await Promise.all([
      ...Array.from({ length: 50 }, () => a.request(whoami)),
      ...Array.from({ length: 50 }, () => b.request(whoami)),
    ]);
    expect((await counts(tenant.emulator)).token.refresh_token).toBe(1);
  });

  it('a FileTokenStore lets a restarted process reuse the token without a token call', async () => {
    const { FileTokenStore } = await import('zohokit/node');
    const { mkdtemp, rm, stat } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'zohokit-it-'));
    try {
      tenant = await startTenant();
      const path = join(dir, 'tokens.json');
      await tenant.zoho({ tokenStore: new FileTokenStore(path) }).zoho.request(whoami);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await tenant.zoho({ tokenStore: new FileTokenStore(path) }).zoho.request(whoami);
      const c = await counts(tenant.emulator);
      expect(c.token.refresh_token).toBe(1);
      expect(c.whoami).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
