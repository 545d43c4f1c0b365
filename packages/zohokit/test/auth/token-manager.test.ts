import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MemoryTokenStore,
  type StoredToken,
  type TokenStore,
  ZohoAuthError,
  ZohoConfigError,
  type ZohoEvent,
  ZohoRateLimitError,
} from 'zohokit';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  FakeZoho,
  jsonResponse,
  makeZoho,
  ok,
  REFRESH_TOKEN,
  tokenBody,
  zohoToken,
} from '../support/fake-zoho.js';

const ACCESS_DENIED = ok({
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
});

/** Freezes Date.now at a value the test moves by hand; timers stay real. */
function frozenClock(start = 1_700_000_000_000) {
  let now = start;
  vi.spyOn(Date, 'now').mockImplementation(() => now);
  return {
    advance(ms: number) {
      now += ms;
    },
    get now() {
      return now;
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('token manager: caching and single flight', () => {
  it('makes one token call for 20 concurrent get() on a cold cache', async () => {
    const fake = new FakeZoho();
    fake.tokenDelayMs = 20;
    const zoho = makeZoho(fake);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => zoho.tokens.get()));
    expect(fake.tokenCalls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set([fake.minted[0]]));
  });

  it('serves the cached token without another call', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    const a = await zoho.tokens.get();
    const b = await zoho.tokens.get();
    expect(b).toEqual(a);
    expect(fake.tokenCalls).toHaveLength(1);
    expect(a).toMatchObject({
      apiDomain: 'https://www.zohoapis.com',
      scope: ['Desk.tickets.ALL', 'ZohoCampaigns.contact.ALL'],
    });
  });

  it('shares one refresh between two clients with the same credentials and one MemoryTokenStore', async () => {
    const fake = new FakeZoho();
    fake.tokenDelayMs = 20;
    const store = new MemoryTokenStore();
    const a = makeZoho(fake, { tokenStore: store });
    const b = makeZoho(fake, { tokenStore: store });
    const tokens = await Promise.all([
      ...Array.from({ length: 5 }, () => a.tokens.get()),
      ...Array.from({ length: 5 }, () => b.tokens.get()),
    ]);
    expect(fake.tokenCalls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
  });

  it('keeps tenants apart in a shared store: another refresh token gets its own access token', async () => {
    const fake = new FakeZoho();
    const store = new MemoryTokenStore();
    const a = makeZoho(fake, { tokenStore: store });
    const b = makeZoho(fake, { tokenStore: store, refreshToken: zohoToken(77, 'd') });
    const [ta, tb] = await Promise.all([a.tokens.get(), b.tokens.get()]);
    expect(ta.token).not.toBe(tb.token);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('keys the store by accounts host, client id and a hash of the refresh token (never the token)', async () => {
    const zoho = makeZoho(new FakeZoho(), { dc: 'eu' });
    const key = await zoho.tokens.key();
    expect(key).toMatch(new RegExp(`^zohokit:accounts\\.zoho\\.eu:${CLIENT_ID.replace('.', '\\.')}:[0-9a-f]{24}$`));
    expect(key).not.toContain(REFRESH_TOKEN);
  });

  it("gives the same key through Web Crypto (edge runtimes) as through the runtime's own hash, so a fleet shares one", async () => {
    const expected = createHash('sha256').update(`rt:${REFRESH_TOKEN}`).digest('hex').slice(0, 24);
    expect(await makeZoho(new FakeZoho()).tokens.key()).toMatch(new RegExp(`:${expected}$`));
    const getBuiltinModule = process.getBuiltinModule;
    // As on a runtime without process.getBuiltinModule: crypto.subtle.
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      expect(await makeZoho(new FakeZoho()).tokens.key()).toMatch(new RegExp(`:${expected}$`));
    } finally {
      process.getBuiltinModule = getBuiltinModule;
    }
  });

  it('takes the hash from option sha256 when given (same key), and refuses one that is not SHA-256 hex', async () => {
    const expected = await makeZoho(new FakeZoho()).tokens.key();
    const seen: string[] = [];
    const own = (text: string) => {
      seen.push(text);
      return createHash('sha256').update(text).digest('hex');
    };
    expect(await makeZoho(new FakeZoho(), { sha256: own }).tokens.key()).toBe(expected);
    expect(seen).toEqual([`rt:${REFRESH_TOKEN}`]);
    const async = async (text: string) => own(text);
    expect(await makeZoho(new FakeZoho(), { sha256: async }).tokens.key()).toBe(expected);

    const wrong = makeZoho(new FakeZoho(), { sha256: () => 'not-a-digest' });
    const error = await wrong.tokens.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoConfigError);
    expect((error as ZohoConfigError).message).toMatch(/option "sha256" returned something other than a SHA-256/);
    expect(() => makeZoho(new FakeZoho(), { sha256: 'sha256' as never })).toThrow(/option "sha256" must be a function/);
  });

  it('peek() returns the cached token without I/O, or undefined', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    expect(zoho.tokens.peek()).toBeUndefined();
    const t = await zoho.tokens.get();
    expect(zoho.tokens.peek()).toEqual(t);
    expect(fake.tokenCalls).toHaveLength(1);
  });
});

describe('token manager: early refresh', () => {
  it('refreshes refreshBeforeMs before expiry', async () => {
    const clock = frozenClock();
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { refreshBeforeMs: 60_000 });
    const first = await zoho.tokens.get();
    expect(first.expiresAt).toBe(clock.now + 3_600_000);

    clock.advance(3_600_000 - 61_000);
    expect((await zoho.tokens.get()).token).toBe(first.token);
    expect(fake.tokenCalls).toHaveLength(1);

    clock.advance(2_000);
    const second = await zoho.tokens.get();
    expect(second.token).not.toBe(first.token);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('never refreshes earlier than a quarter of a short lifetime (short emulator TTLs still work)', async () => {
    const clock = frozenClock();
    const fake = new FakeZoho();
    fake.tokenExtra = { expires_in: 60 };
    const zoho = makeZoho(fake); // default refreshBeforeMs is 5 minutes, longer than the whole token
    const first = await zoho.tokens.get();
    clock.advance(44_000); // 16 s left: more than a quarter (15 s)
    expect((await zoho.tokens.get()).token).toBe(first.token);
    clock.advance(2_000); // 14 s left
    expect((await zoho.tokens.get()).token).not.toBe(first.token);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('emits token.refresh events with the reason', async () => {
    const clock = frozenClock();
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { refreshBeforeMs: 60_000, onEvent: (e) => events.push(e) });
    await zoho.tokens.get();
    clock.advance(3_600_000 - 30_000);
    await zoho.tokens.get();
    await zoho.tokens.refresh();
    const refreshes = events.filter((e) => e.type === 'token.refresh');
    expect(refreshes.map((e) => e.type === 'token.refresh' && [e.reason, e.ok])).toEqual([
      ['cold', true],
      ['expiring', true],
      ['forced', true],
    ]);
    expect(refreshes[0]).toMatchObject({ expiresAt: 1_700_000_000_000 + 3_600_000, code: undefined });
  });

  it('emits a failed token.refresh event with the error code', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho().queueToken(ok({ error: 'invalid_code' }));
    const zoho = makeZoho(fake, { onEvent: (e) => events.push(e) });
    await expect(zoho.tokens.get()).rejects.toBeInstanceOf(ZohoAuthError);
    expect(events).toContainEqual(expect.objectContaining({ type: 'token.refresh', ok: false, code: 'invalid_code' }));
  });
});

describe('token manager: invalidate', () => {
  it('keeps a newer token when asked to drop an older one (a late 401)', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    const old = await zoho.tokens.get();
    const newer = await zoho.tokens.refresh();
    expect(newer.token).not.toBe(old.token);
    await zoho.tokens.invalidate(old.token);
    expect((await zoho.tokens.get()).token).toBe(newer.token);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('drops the current token from memory and the store, so the next get() refreshes', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const store = new MemoryTokenStore();
    const zoho = makeZoho(fake, { tokenStore: store, onEvent: (e) => events.push(e) });
    const t = await zoho.tokens.get();
    await zoho.tokens.invalidate(t.token);
    expect((await store.get(await zoho.tokens.key()))?.accessToken).toBeUndefined();
    const next = await zoho.tokens.get();
    expect(next.token).not.toBe(t.token);
    expect(fake.tokenCalls).toHaveLength(2);
    expect(events.filter((e) => e.type === 'token.refresh').at(-1)).toMatchObject({ reason: 'invalidated' });
  });

  it('does not adopt the rejected token again from a store another process has not updated yet', async () => {
    const fake = new FakeZoho();
    const store = new MemoryTokenStore();
    const zoho = makeZoho(fake, { tokenStore: store });
    const t = await zoho.tokens.get();
    const key = await zoho.tokens.key();
    const stored = (await store.get(key)) as StoredToken;
    await zoho.tokens.invalidate(t.token);
    await store.set(key, stored); // a stale writer puts the rejected token back
    expect((await zoho.tokens.get()).token).not.toBe(t.token);
  });
});

describe('token manager: local refresh budget', () => {
  it('refuses the 4th forced refresh within the window without sending a request', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { refreshBudget: { max: 3, windowMs: 60_000 } });
    await zoho.tokens.refresh();
    await zoho.tokens.refresh();
    const third = await zoho.tokens.refresh();
    expect(fake.tokenCalls).toHaveLength(3);

    const error = (await zoho.tokens.refresh().catch((e: unknown) => e)) as ZohoRateLimitError;
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(error.code).toBe('token_budget_exhausted');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(error.fix).toMatch(/Retry in \d+ s/);
    expect(fake.tokenCalls).toHaveLength(3);

    // The token it already has stays usable.
    expect((await zoho.tokens.get()).token).toBe(third.token);
    expect(fake.tokenCalls).toHaveLength(3);
  });

  it('refreshes again once the window has passed', async () => {
    const clock = frozenClock();
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { refreshBudget: { max: 2, windowMs: 60_000 } });
    await zoho.tokens.refresh();
    clock.advance(1_000);
    await zoho.tokens.refresh();
    const error = (await zoho.tokens.refresh().catch((e: unknown) => e)) as ZohoRateLimitError;
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(error.retryAfterMs).toBe(59_000);
    clock.advance(59_001);
    const next = await zoho.tokens.refresh();
    expect(next.token).toBe(fake.minted[2]);
    expect(fake.tokenCalls).toHaveLength(3);
  });

  it('counts refreshes per tenant across clients sharing a store', async () => {
    const fake = new FakeZoho();
    const store = new MemoryTokenStore();
    const budget = { max: 2, windowMs: 60_000 };
    const a = makeZoho(fake, { tokenStore: store, refreshBudget: budget });
    const b = makeZoho(fake, { tokenStore: store, refreshBudget: budget });
    await a.tokens.refresh();
    await b.tokens.refresh();
    await expect(a.tokens.refresh()).rejects.toBeInstanceOf(ZohoRateLimitError);
    expect(fake.tokenCalls).toHaveLength(2);
  });
});

describe('token manager: Zoho "Access Denied"', () => {
  it('sends no further token request until the window ends (no hammering)', async () => {
    const clock = frozenClock();
    const fake = new FakeZoho().queueToken(ACCESS_DENIED);
    const zoho = makeZoho(fake);

    const first = (await zoho.tokens.get().catch((e: unknown) => e)) as ZohoRateLimitError;
    expect(first).toBeInstanceOf(ZohoRateLimitError);
    expect(first.code).toBe('Access Denied');
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      const again = (await zoho.tokens.get().catch((e: unknown) => e)) as ZohoRateLimitError;
      expect(again).toBeInstanceOf(ZohoRateLimitError);
      expect(again.retryAfterMs).toBe(600_000 - (i + 1) * 60_000);
    }
    expect(fake.tokenCalls).toHaveLength(1);

    clock.advance(300_001);
    const t = await zoho.tokens.get();
    expect(t.token).toBe(fake.minted[0]);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('keeps serving a still-valid cached token while throttled', async () => {
    const clock = frozenClock();
    const fake = new FakeZoho();
    const zoho = makeZoho(fake);
    const t = await zoho.tokens.get();
    clock.advance(3_600_000 - 120_000); // inside the early-refresh margin, still valid
    fake.queueToken(ACCESS_DENIED);
    expect((await zoho.tokens.get()).token).toBe(t.token);
    expect((await zoho.tokens.get()).token).toBe(t.token);
    clock.advance(60_000);
    expect((await zoho.tokens.get()).token).toBe(t.token);
    expect(fake.tokenCalls).toHaveLength(2);
    const api = await zoho.request({ product: 'desk', path: '/api/v1/tickets' });
    expect(api).toEqual({ data: [] });
    expect(fake.apiCalls[0]!.headers.get('authorization')).toBe(`Zoho-oauthtoken ${t.token}`);
  });
});

describe('token manager: stores that fail', () => {
  function brokenStore(overrides: Partial<TokenStore>): TokenStore {
    const inner = new MemoryTokenStore();
    return {
      get: (k) => inner.get(k),
      set: (k, v) => inner.set(k, v),
      delete: (k) => inner.delete(k),
      ...overrides,
    };
  }

  it('treats a store read failure as a cache miss and emits a warning', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const store = brokenStore({
      get: async () => {
        throw new Error('ECONNREFUSED redis:6379');
      },
    });
    const zoho = makeZoho(fake, { tokenStore: store, onEvent: (e) => events.push(e) });
    expect((await zoho.tokens.get()).token).toBe(fake.minted[0]);
    await expect(zoho.request({ product: 'desk', path: '/api/v1/tickets' })).resolves.toEqual({ data: [] });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        code: 'token_store_failed',
        message: expect.stringContaining('redis'),
      }),
    );
  });

  it('keeps the token in memory when the store cannot write', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const store = brokenStore({
      set: async () => {
        throw new Error('disk full');
      },
    });
    const zoho = makeZoho(fake, { tokenStore: store, onEvent: (e) => events.push(e) });
    const t = await zoho.tokens.get();
    expect((await zoho.tokens.get()).token).toBe(t.token);
    expect(fake.tokenCalls).toHaveLength(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'token_store_failed' }));
  });

  it('refreshes without the lock when the store lock fails', async () => {
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const store = brokenStore({
      lock: async () => {
        throw new Error('lock down');
      },
    });
    const zoho = makeZoho(fake, { tokenStore: store, onEvent: (e) => events.push(e) });
    expect((await zoho.tokens.get()).token).toBe(fake.minted[0]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'token_lock_failed' }));
  });
});

describe('token manager: credentials', () => {
  it('without a refresh token, get() throws ZohoConfigError naming exchangeCode and sends nothing', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { refreshToken: undefined });
    expect(zoho.tokens.hasCredentials).toBe(false);
    const error = (await zoho.tokens.get().catch((e: unknown) => e)) as ZohoConfigError;
    expect(error).toBeInstanceOf(ZohoConfigError);
    expect(error.code).toBe('missing_refresh_token');
    expect(error.message).toContain('exchangeCode');
    await expect(zoho.request({ product: 'desk', path: '/api/v1/tickets' })).rejects.toBeInstanceOf(ZohoConfigError);
    await expect(zoho.tokens.revoke()).rejects.toBeInstanceOf(ZohoConfigError);
    expect(fake.calls).toHaveLength(0);
  });

  it('exchangeCode adopts the refresh token and caches the access token (no second token call)', async () => {
    const fake = new FakeZoho();
    const access = zohoToken(5);
    fake.queueToken(ok(tokenBody(access, { refresh_token: REFRESH_TOKEN })));
    const zoho = makeZoho(fake, { refreshToken: undefined });
    await zoho.tokens.exchangeCode({ code: zohoToken(9, 'c') });
    expect(zoho.tokens.hasCredentials).toBe(true);
    expect((await zoho.tokens.get()).token).toBe(access);
    await zoho.request({ product: 'desk', path: '/api/v1/tickets' });
    expect(fake.tokenCalls).toHaveLength(1);
    // Later refreshes use the adopted refresh token.
    await zoho.tokens.refresh();
    expect(new URLSearchParams(fake.tokenCalls[1]!.body).get('refresh_token')).toBe(REFRESH_TOKEN);
  });

  it('after an exchange at another data centre, refreshes go to that accounts server', async () => {
    const fake = new FakeZoho();
    fake.queueToken(ok(tokenBody(zohoToken(5), { refresh_token: REFRESH_TOKEN })));
    const zoho = makeZoho(fake, { refreshToken: undefined });
    await zoho.tokens.exchangeCode({ code: zohoToken(9, 'c'), accountsServer: 'https://accounts.zoho.eu' });
    expect(zoho.tokens.accountsUrl).toBe('https://accounts.zoho.eu');
    await zoho.tokens.refresh();
    expect(fake.tokenCalls.map((c) => c.url.host)).toEqual(['accounts.zoho.eu', 'accounts.zoho.eu']);
  });

  it('uses the client_credentials grant when configured', async () => {
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, {
      refreshToken: undefined,
      clientCredentials: { scope: 'Desk.tickets.READ', soid: 'ZohoDesk.42' },
    });
    await zoho.tokens.get();
    expect(Object.fromEntries(new URLSearchParams(fake.tokenCalls[0]!.body))).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'Desk.tickets.READ',
      soid: 'ZohoDesk.42',
    });
  });

  it('revoke() revokes the refresh token, forgets it and clears the store', async () => {
    const fake = new FakeZoho();
    const store = new MemoryTokenStore();
    const zoho = makeZoho(fake, { tokenStore: store });
    await zoho.tokens.get();
    const key = await zoho.tokens.key();
    fake.queueToken(() => jsonResponse({ status: 'success' }));
    await zoho.tokens.revoke();
    expect(fake.tokenCalls[1]!.url.pathname).toBe('/oauth/v2/token/revoke');
    expect(new URLSearchParams(fake.tokenCalls[1]!.body).get('token')).toBe(REFRESH_TOKEN);
    expect(await store.get(key)).toBeUndefined();
    expect(zoho.tokens.hasCredentials).toBe(false);
    await expect(zoho.tokens.get()).rejects.toBeInstanceOf(ZohoConfigError);
  });

  it('does not leak the client secret into the store', async () => {
    const store = new MemoryTokenStore();
    const zoho = makeZoho(new FakeZoho(), { tokenStore: store });
    await zoho.tokens.get();
    const stored = await store.get(await zoho.tokens.key());
    expect(JSON.stringify(stored)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(stored)).not.toContain(REFRESH_TOKEN);
  });
});
