import { describe, expect, it } from 'vitest';
import { MemoryTokenStore, Zoho, ZohoConfigError, ZohoError, type ZohoOptions } from 'zohokit';
import { resolveConfig } from '../src/config.js';
import { CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN } from './support/fake-zoho.js';

const fakeFetch = async () => new Response('{}');
const base = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN, fetch: fakeFetch };

/** Builds a client from `options` and returns the configuration error it throws. */
function configErrorOf(options: Record<string, unknown>): ZohoConfigError {
  try {
    new Zoho(options as unknown as ZohoOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ZohoConfigError);
    expect(error).toBeInstanceOf(ZohoError);
    const e = error as ZohoConfigError;
    expect(e.kind).toBe('config');
    expect(e.code).toBe('invalid_config');
    expect(e.message.startsWith('zohokit: ')).toBe(true);
    // Every message ends with what to do about it.
    expect(e.fix).toBeTruthy();
    expect(e.message).toContain(e.fix as string);
    // No secret value is ever echoed.
    for (const secret of [CLIENT_SECRET, REFRESH_TOKEN]) {
      expect(e.message).not.toContain(secret);
      expect(JSON.stringify(e)).not.toContain(secret);
    }
    return e;
  }
  throw new Error(`expected new Zoho(${JSON.stringify(Object.keys(options))}) to throw`);
}

describe('config: accepted options', () => {
  it('builds a client from the minimal options with defaults', () => {
    const config = resolveConfig(base);
    expect(config).toMatchObject({
      dc: 'us',
      timeoutMs: 30_000,
      refreshBeforeMs: 300_000,
      refreshBudget: { max: 10, windowMs: 600_000 },
      retry: { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 },
      endpointOverrides: {},
      refreshToken: REFRESH_TOKEN,
      clientCredentials: undefined,
    });
  });

  it('accepts every option at once', () => {
    const zoho = new Zoho({
      ...base,
      dc: 'eu',
      endpoints: { accounts: 'http://127.0.0.1:4000', api: 'http://127.0.0.1:4000/', desk: undefined },
      tokenStore: new MemoryTokenStore(),
      retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
      timeoutMs: 1,
      refreshBeforeMs: 0,
      refreshBudget: { max: 1, windowMs: 1 },
      onEvent: () => {},
    });
    expect(zoho.dc).toBe('eu');
    expect(zoho.endpoints).toEqual({
      accounts: 'http://127.0.0.1:4000',
      api: 'http://127.0.0.1:4000',
      desk: 'https://desk.zoho.eu',
      campaigns: 'https://campaigns.zoho.eu',
    });
  });

  it('turns retry: false into maxRetries 0', () => {
    expect(resolveConfig({ ...base, retry: false }).retry.maxRetries).toBe(0);
  });

  it('accepts clientCredentials without a refresh token', () => {
    const { refreshToken: _rt, ...noRt } = base;
    expect(
      resolveConfig({ ...noRt, clientCredentials: { scope: ['Desk.tickets.READ'], soid: 'ZohoDesk.1' } }),
    ).toMatchObject({
      refreshToken: undefined,
      clientCredentials: { scope: ['Desk.tickets.READ'], soid: 'ZohoDesk.1' },
    });
  });

  it('accepts a client without a refresh token (exchangeCode comes later), which asks for one before any call', async () => {
    const { refreshToken: _rt, ...noRt } = base;
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      return new Response('{}');
    };
    const zoho = new Zoho({ ...noRt, fetch });
    await expect(zoho.tokens.get()).rejects.toMatchObject({ kind: 'config', code: 'missing_refresh_token' });
    expect(calls).toEqual([]);
  });
});

describe('config: rejected options name the option and the fix', () => {
  it('rejects a missing options object', () => {
    expect(() => new Zoho(undefined as unknown as ZohoOptions)).toThrow(ZohoConfigError);
    expect(() => resolveConfig(null)).toThrow(/needs an options object.*clientId/);
  });

  it('rejects an unknown option and lists the known ones', () => {
    const e = configErrorOf({ ...base, refresh_token: REFRESH_TOKEN });
    expect(e.message).toContain('unknown option "refresh_token"');
    expect(e.fix).toContain('refreshToken');
  });

  it('rejects a missing or empty clientId', () => {
    const { clientId: _c, ...rest } = base;
    expect(configErrorOf(rest).message).toContain('option "clientId" is required');
    expect(configErrorOf({ ...base, clientId: '  ' }).message).toContain('"clientId"');
    expect(configErrorOf({ ...base, clientId: 42 }).fix).toMatch(/API console/);
  });

  it('rejects a missing or ill-typed clientSecret without echoing it', () => {
    const { clientSecret: _s, ...rest } = base;
    expect(configErrorOf(rest).message).toContain('option "clientSecret" is required');
    expect(configErrorOf({ ...base, clientSecret: [CLIENT_SECRET] }).message).toContain('"clientSecret"');
  });

  it('rejects an empty refreshToken', () => {
    expect(configErrorOf({ ...base, refreshToken: '' }).message).toContain('option "refreshToken"');
  });

  it('rejects refreshToken together with clientCredentials', () => {
    const e = configErrorOf({ ...base, clientCredentials: { scope: 'Desk.tickets.READ', soid: 'ZohoDesk.1' } });
    expect(e.message).toMatch(/refreshToken and clientCredentials are mutually exclusive/);
    expect(e.fix).toMatch(/one of them/);
  });

  it('rejects bad clientCredentials', () => {
    const { refreshToken: _rt, ...noRt } = base;
    expect(configErrorOf({ ...noRt, clientCredentials: 'x' }).message).toContain('"clientCredentials"');
    expect(configErrorOf({ ...noRt, clientCredentials: { scope: '', soid: 'a' } }).message).toContain(
      '"clientCredentials.scope"',
    );
    expect(configErrorOf({ ...noRt, clientCredentials: { scope: [], soid: 'a' } }).message).toContain(
      '"clientCredentials.scope"',
    );
    expect(configErrorOf({ ...noRt, clientCredentials: { scope: 'a' } }).message).toContain('"clientCredentials.soid"');
    expect(configErrorOf({ ...noRt, clientCredentials: { scope: 'a', soid: 'b', extra: 1 } }).message).toContain(
      'unknown option "clientCredentials.extra"',
    );
  });

  it.each(['uk', 'EU', 'com', '', 1])('rejects dc %j and lists the data centres', (dc) => {
    const e = configErrorOf({ ...base, dc });
    expect(e.message).toContain('option "dc" must be one of us, eu, in, au, jp, cn, ca, sa');
    expect(e.message).toContain(JSON.stringify(dc));
    expect(e.fix).toMatch(/data centre of your Zoho account/);
  });

  it('rejects endpoints that are not an object, not a URL, not http(s), or unknown', () => {
    expect(configErrorOf({ ...base, endpoints: 'http://x' }).message).toContain('option "endpoints" must be an object');
    expect(configErrorOf({ ...base, endpoints: { accounts: 'not a url' } }).message).toContain(
      'option "endpoints.accounts" must be an http(s) URL',
    );
    expect(configErrorOf({ ...base, endpoints: { desk: 'ftp://desk.example' } }).message).toContain('"endpoints.desk"');
    expect(configErrorOf({ ...base, endpoints: { api: 42 } }).message).toContain('"endpoints.api"');
    const unknown = configErrorOf({ ...base, endpoints: { crm: 'https://x.example' } });
    expect(unknown.message).toContain('unknown option "endpoints.crm"');
    expect(unknown.fix).toContain('accounts, api, desk, campaigns');
  });

  it('rejects a tokenStore without get/set/delete', () => {
    const e = configErrorOf({ ...base, tokenStore: { get: async () => undefined, set: async () => {} } });
    expect(e.message).toContain('option "tokenStore" must implement get, set and delete');
    expect(e.fix).toContain('MemoryTokenStore');
    expect(configErrorOf({ ...base, tokenStore: 'redis://x' }).message).toContain('"tokenStore"');
  });

  it('rejects retry values of the wrong type', () => {
    expect(configErrorOf({ ...base, retry: true }).message).toContain('option "retry" must be an object or false');
    expect(configErrorOf({ ...base, retry: 3 }).message).toContain('option "retry"');
    expect(configErrorOf({ ...base, retry: { maxRetries: -1 } }).message).toContain('"retry.maxRetries"');
    expect(configErrorOf({ ...base, retry: { maxRetries: 1.5 } }).message).toContain('"retry.maxRetries"');
    expect(configErrorOf({ ...base, retry: { baseDelayMs: '100' } }).message).toContain('"retry.baseDelayMs"');
    expect(configErrorOf({ ...base, retry: { maxDelayMs: Number.NaN } }).message).toContain('"retry.maxDelayMs"');
    expect(configErrorOf({ ...base, retry: { maxRetryAfterMs: -5 } }).message).toContain('"retry.maxRetryAfterMs"');
    const unknown = configErrorOf({ ...base, retry: { retries: 3 } });
    expect(unknown.message).toContain('unknown option "retry.retries"');
    expect(unknown.fix).toContain('maxRetries');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000'])('rejects timeoutMs %s', (timeoutMs) => {
    const e = configErrorOf({ ...base, timeoutMs });
    expect(e.message).toContain('option "timeoutMs" must be a positive number of milliseconds');
    expect(e.fix).toContain('30000');
  });

  it('rejects a negative refreshBeforeMs', () => {
    expect(configErrorOf({ ...base, refreshBeforeMs: -1 }).message).toContain('option "refreshBeforeMs"');
  });

  it('rejects a bad refreshBudget', () => {
    expect(configErrorOf({ ...base, refreshBudget: 10 }).message).toContain('option "refreshBudget" must be an object');
    expect(configErrorOf({ ...base, refreshBudget: { max: 0 } }).message).toContain(
      'option "refreshBudget.max" must be at least 1',
    );
    expect(configErrorOf({ ...base, refreshBudget: { max: 2.5 } }).message).toContain('"refreshBudget.max"');
    expect(configErrorOf({ ...base, refreshBudget: { windowMs: 0 } }).message).toContain('"refreshBudget.windowMs"');
    expect(configErrorOf({ ...base, refreshBudget: { per: 1 } }).message).toContain(
      'unknown option "refreshBudget.per"',
    );
  });

  it('rejects a fetch that is not a function', () => {
    for (const fetch of ['fetch', {}, null]) {
      const e = configErrorOf({ ...base, fetch });
      expect(e.message).toContain('option "fetch" must be a function');
    }
  });

  it('rejects an onEvent that is not a function', () => {
    const e = configErrorOf({ ...base, onEvent: 'console' });
    expect(e.message).toContain('option "onEvent" must be a function');
    expect(configErrorOf({ ...base, onEvent: null }).message).toContain('"onEvent"');
  });
});
