import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmulatorHandle, RequestLogEntry } from '@zohokit/emulator';
import { CAMPAIGNS_SEED_LISTS, createEmulatorApp, DESK_ORG_ID, startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelfClientTokens } from '../support/helpers.js';
import { postToken, selfClientTokens, whoami } from '../support/helpers.js';

/** The page's ES modules, as they lie in the assets folder. */
const MODULES = readdirSync(fileURLToPath(new URL('../../src/inspector/assets/', import.meta.url))).filter((f) =>
  f.endsWith('.js'),
);
const ANY_TOKEN = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/;
const MASKED = /^1000\.[0-9a-f]{2}…[0-9a-f]{2}$/;

let emu: EmulatorHandle;
let tokens: SelfClientTokens;
beforeEach(async () => {
  emu = await startEmulator();
  tokens = await selfClientTokens(emu, 'Desk.tickets.ALL,Desk.basic.READ,ZohoCampaigns.contact.ALL');
});
afterEach(() => emu.close());

const only = async (query: Parameters<EmulatorHandle['control']['requests']>[0]): Promise<RequestLogEntry> => {
  const entries = await emu.control.requests(query);
  expect(entries).toHaveLength(1);
  return entries[0]!;
};

/** Nothing secret anywhere in the log: no token, grant code or client secret, in any field. */
async function expectNoSecrets(): Promise<void> {
  const text = JSON.stringify(await emu.control.requests({ limit: 500 }));
  expect(text).not.toMatch(ANY_TOKEN);
  expect(text).not.toContain(tokens.client.clientSecret);
}

describe('request log', () => {
  it('records the code exchange with the secrets masked, and what it answered', async () => {
    const entry = await only({ path: '/oauth/v2/token' });
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/oauth/v2/token',
      route: '/oauth/v2/token',
      product: 'accounts',
      status: 200,
      outcome: '200',
      errorCode: null,
      fault: null,
    });
    const form = new URLSearchParams(entry.request.body ?? '');
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('client_id')).toBe(tokens.client.clientId);
    expect(form.get('client_secret')).toBe(
      `${tokens.client.clientSecret.slice(0, 2)}…${tokens.client.clientSecret.slice(-2)}`,
    );
    expect(form.get('code')).toMatch(MASKED);
    const answer = JSON.parse(entry.response?.body ?? '{}');
    expect(answer.access_token).toMatch(MASKED);
    expect(answer.refresh_token).toMatch(MASKED);
    expect(answer.api_domain).toBe(emu.url);
    expect(entry.response?.headers['content-type']).toBe('application/json;charset=UTF-8');
    await expectNoSecrets();
  });

  it('masks parameters in the query string and in multipart bodies', async () => {
    const params = {
      grant_type: 'refresh_token',
      client_id: tokens.client.clientId,
      client_secret: tokens.client.clientSecret,
      refresh_token: tokens.refreshToken,
    };
    await postToken(emu, params, 'query');
    await postToken(emu, params, 'multipart');
    const [multipart, query] = await emu.control.requests({ path: '/oauth/v2/token', limit: 2 });
    expect(query?.query).toMatch(/refresh_token=1000\.[0-9a-f]{2}…[0-9a-f]{2}/);
    expect(query?.query).toContain(`client_id=${tokens.client.clientId}`);
    expect(multipart?.request.body).toMatch(/^grant_type=refresh_token$/m);
    expect(multipart?.request.body).toMatch(/^refresh_token=1000\.[0-9a-f]{2}…[0-9a-f]{2}$/m);
    await expectNoSecrets();
  });

  it('masks the Authorization header but keeps its scheme', async () => {
    await whoami(emu, tokens.accessToken);
    const entry = await only({ path: '/__emulator/whoami' });
    expect(entry.product).toBe('api');
    expect(entry.request.headers.authorization).toMatch(/^Zoho-oauthtoken 1000\.[0-9a-f]{2}…[0-9a-f]{2}$/);
    await expectNoSecrets();
  });

  it("reads Zoho's error code from each product's envelope, HTTP 200 errors included", async () => {
    await postToken(emu, {
      grant_type: 'authorization_code',
      client_id: tokens.client.clientId,
      client_secret: tokens.client.clientSecret,
      code: 'used-or-unknown',
    });
    expect((await only({ path: '/oauth/v2/token', since: 1 })).errorCode).toBe('invalid_code');

    await fetch(`${emu.url}/api/v1/tickets`, {
      headers: { Authorization: 'Zoho-oauthtoken nope', orgId: DESK_ORG_ID },
    });
    const desk = await only({ path: '/api/v1/tickets' });
    expect(desk).toMatchObject({ product: 'desk', status: 401, errorCode: 'INVALID_OAUTH' });

    const listKey = CAMPAIGNS_SEED_LISTS.immediate.listKey;
    const url = `${emu.url}/api/v1.1/json/listsubscribe?resfmt=JSON&listkey=${listKey}&contactinfo=${encodeURIComponent('{"Contact Email":"not-an-email"}')}`;
    await fetch(url, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${tokens.accessToken}` } });
    expect(await only({ product: 'campaigns' })).toMatchObject({ status: 200, errorCode: '2004' });

    await fetch(`${emu.url}/no/such/path`);
    expect(await only({ path: '/no/such' })).toMatchObject({
      product: 'other',
      status: 404,
      errorCode: 'INVALID_URL_PATTERN',
    });

    expect((await emu.control.requests({ status: 'error' })).map((e) => e.path)).toEqual([
      '/no/such/path',
      '/api/v1.1/json/listsubscribe',
      '/api/v1/tickets',
      '/oauth/v2/token',
    ]);
  });

  it('measures latency from arrival to answer, fault delays included', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ pass: true, delayMs: 150 }] });
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
    const delayed = await only({ path: '/__emulator/whoami' });
    expect(delayed.fault).toBe('pass, delay 150 ms');
    expect(delayed.latencyMs).toBeGreaterThanOrEqual(150);
  });

  it('shows scripted faults, and dropped connections without an answer', async () => {
    await emu.control.queueFaults({
      path: '/__emulator/whoami',
      sequence: [{ status: 503, retryAfter: 2 }, { reset: 'before' }],
    });
    expect((await whoami(emu, tokens.accessToken)).status).toBe(503);
    await expect(whoami(emu, tokens.accessToken)).rejects.toThrow();
    const [reset, unavailable] = await emu.control.requests({ path: '/__emulator/whoami' });
    expect(unavailable).toMatchObject({ status: 503, outcome: '503', fault: 'status 503, Retry-After 2' });
    expect(unavailable?.response?.headers['retry-after']).toBe('2');
    expect(unavailable?.response?.body).toContain('<title>503 Service Unavailable</title>');
    expect(reset).toMatchObject({
      status: null,
      outcome: 'reset',
      fault: 'reset before',
      response: null,
      errorCode: null,
    });
    expect(await emu.control.requests({ status: 'dropped' })).toHaveLength(1);
    expect(await emu.control.requests({ status: '5xx' })).toHaveLength(1);
  });

  it('leaves out control calls and the inspector page', async () => {
    await emu.control.clearRequests();
    await emu.control.tokens();
    await fetch(`${emu.url}/`);
    await fetch(`${emu.url}/__emulator/inspector/inspector.css`);
    expect(await emu.control.requests()).toEqual([]);
  });

  it('filters by path, method and id, newest first, and validates the filters', async () => {
    await whoami(emu, tokens.accessToken);
    await fetch(`${emu.url}/__emulator/echo`, {
      method: 'POST',
      headers: { Authorization: `Zoho-oauthtoken ${tokens.accessToken}` },
      body: '{"n":1}',
    });
    const all = await emu.control.requests();
    expect(all.map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /__emulator/echo',
      'GET /__emulator/whoami',
      'POST /oauth/v2/token',
    ]);
    expect(all.map((e) => e.id)).toEqual([3, 2, 1]);
    expect((await emu.control.requests({ method: 'post', path: 'ECHO' })).map((e) => e.id)).toEqual([3]);
    expect((await emu.control.requests({ since: 1 })).map((e) => e.id)).toEqual([3, 2]);
    expect((await emu.control.requests({ limit: 1 })).map((e) => e.id)).toEqual([3]);
    expect(JSON.parse((await only({ method: 'POST', path: 'echo' })).request.body ?? '')).toEqual({ n: 1 });

    const one = await fetch(`${emu.url}/__emulator/requests/2`);
    expect(((await one.json()) as RequestLogEntry).path).toBe('/__emulator/whoami');
    expect((await fetch(`${emu.url}/__emulator/requests/99`)).status).toBe(404);
    const bad = await fetch(`${emu.url}/__emulator/requests?status=teapot&limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/limit.*status|status.*limit/s);
  });

  it('keeps the last requestLogSize requests, survives a reset, and can be cleared', async () => {
    const small = await startEmulator({ requestLogSize: 2 });
    try {
      for (let i = 0; i < 4; i++) await fetch(`${small.url}/missing/${i}`);
      expect((await small.control.requests()).map((e) => e.path)).toEqual(['/missing/3', '/missing/2']);
      await small.control.reset();
      expect(await small.control.requests()).toHaveLength(2);
      await small.control.clearRequests();
      expect(await small.control.requests()).toEqual([]);
    } finally {
      await small.close();
    }
    const off = await startEmulator({ requestLogSize: 0 });
    try {
      await fetch(`${off.url}/missing`);
      expect(await off.control.requests()).toEqual([]);
      expect((await off.control.info()).requestLogSize).toBe(0);
    } finally {
      await off.close();
    }
  });

  it('works in-process too, where a dropped connection rejects', async () => {
    const { app, requestLog, stop } = createEmulatorApp();
    await app.request('/oauth/v2/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'nope' }) });
    await app.request('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/x', sequence: [{ reset: 'before' }] }),
    });
    await expect(app.request('/x')).rejects.toThrow(/connection reset/);
    expect(requestLog.list().map((e) => [e.path, e.outcome, e.errorCode])).toEqual([
      ['/x', 'reset', null],
      ['/oauth/v2/token', '200', 'invalid_client'],
    ]);
    stop();
  });
});

describe('inspector page', () => {
  it('answers GET / with the page, never faulted or counted; other methods on / stay unknown paths', async () => {
    await emu.control.queueFaults({ path: '*', sequence: [{ status: 500 }] });
    await emu.control.resetCounters();
    const page = await fetch(`${emu.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/__emulator/inspector/inspector.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // no CDN, nothing external
    expect((await emu.control.counters()).requests).toEqual({});
    expect(await emu.control.listFaults()).toHaveLength(1);
    await emu.control.clearFaults();

    const post = await fetch(`${emu.url}/`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ code: 'INVALID_URL_PATTERN' });
  });

  it('serves its assets and nothing else under /__emulator/inspector/', async () => {
    const assets: Array<readonly [string, string]> = [
      ...MODULES.map((file) => [file, 'text/javascript; charset=utf-8'] as const),
      ['inspector.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ];
    for (const [file, type] of assets) {
      const res = await fetch(`${emu.url}/__emulator/inspector/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
      expect(res.headers.get('content-security-policy'), file).toContain("script-src 'self'");
      expect(await res.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    // Beside the modules but not for the browser: the type-check's config and the server's type of describeFault.
    for (const file of ['tsconfig.json', 'describe-fault.d.ts', 'constructor', '..%2Fpage.ts']) {
      expect((await fetch(`${emu.url}/__emulator/inspector/${file}`)).status, file).toBe(404);
    }
  });

  it('loads every module it has, each imported by another or by the page', async () => {
    expect(MODULES).toContain('inspector.js');
    expect(MODULES.length).toBeGreaterThan(10);
    const imported = new Set(['inspector.js']);
    for (const file of MODULES) {
      const js = await (await fetch(`${emu.url}/__emulator/inspector/${file}`)).text();
      expect(js.startsWith('// @ts-check\n'), `${file} starts with // @ts-check`).toBe(true);
      for (const [, name] of js.matchAll(/^import [^;]*? from '\.\/([\w-]+\.js)';$/gm)) imported.add(name!);
    }
    expect([...imported].sort()).toEqual([...MODULES].sort());
  });

  it('never puts emulator data into the page as HTML', async () => {
    for (const file of MODULES) {
      const js = await (await fetch(`${emu.url}/__emulator/inspector/${file}`)).text();
      expect(js, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});

describe('inspector control routes', () => {
  it('describes the emulator', async () => {
    expect(await emu.control.info()).toMatchObject({
      url: emu.url,
      dc: 'us',
      tokenTtlSec: 3600,
      limits: { accessTokensPerRefreshToken: 10, refreshWindowMs: 600_000 },
      requestLogSize: 500,
      stateFile: false,
      deskOrgId: DESK_ORG_ID,
    });
  });

  it('revokes a token by its id', async () => {
    const [rt] = (await emu.control.tokens()).refreshTokens;
    const res = await fetch(`${emu.url}/__emulator/tokens/${rt?.id}/revoke`, { method: 'POST' });
    expect(await res.json()).toEqual({ status: 'success', revokedAccessTokens: 1 });
    expect((await emu.control.tokens()).refreshTokens[0]?.state).toBe('revoked');
    expect((await fetch(`${emu.url}/__emulator/tokens/${rt?.id}/revoke`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${emu.url}/__emulator/tokens/rt_999/revoke`, { method: 'POST' })).status).toBe(404);
  });

  it('clears the faults of one route', async () => {
    await emu.control.queueFaults({ method: 'GET', path: '/a', sequence: [{ status: 500 }] });
    await emu.control.queueFaults({ path: '/a', sequence: [{ status: 500 }] });
    await emu.control.queueFaults({ path: '/b', sequence: [{ status: 500 }] });
    await emu.control.clearFaults({ method: 'get', path: '/a' });
    expect((await emu.control.listFaults()).map((q) => `${q.method} ${q.path}`)).toEqual(['null /a', 'null /b']);
    await emu.control.clearFaults({ path: '/a' });
    expect((await emu.control.listFaults()).map((q) => q.path)).toEqual(['/b']);
  });

  it('streams new requests as server-sent events, and close() ends the stream', async () => {
    const res = await fetch(`${emu.url}/__emulator/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
    };
    await until('event: hello');
    await whoami(emu, tokens.accessToken);
    await until('"path":"/__emulator/whoami"');
    const event = text.split('\n\n').find((block) => block.startsWith('event: request'));
    expect(JSON.parse(event!.split('\n')[1]!.slice('data: '.length))).toMatchObject({ method: 'GET', status: 200 });
    await emu.control.queueFaults({ path: '/x', sequence: [{ status: 500 }] });
    await until('event: change');

    const started = Date.now();
    await emu.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    // Ended cleanly, or cut when close() destroyed the socket: either way the stream does not hang.
    const drained = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })().catch(() => 'ended');
    await expect(drained).resolves.toBe('ended');
  });
});

describe('masking', () => {
  it('masks cookies, API keys and token-shaped values in paths, whatever the request', async () => {
    await fetch(`${emu.url}/__emulator/echo/${tokens.refreshToken}`, {
      method: 'POST',
      headers: {
        Authorization: `Zoho-oauthtoken ${tokens.accessToken}`,
        Cookie: `session=${tokens.client.clientSecret}; theme=dark`,
        'X-Api-Key': 'a-long-api-key-value',
        'Content-Type': 'text/plain',
      },
      body: `note ${tokens.accessToken} and ${tokens.client.clientSecret}`,
    });
    const entry = await only({ path: '/__emulator/echo' });
    expect(entry.path).toMatch(/^\/__emulator\/echo\/1000\.[0-9a-f]{2}…[0-9a-f]{2}$/);
    expect(entry.request.headers.cookie).toBe('session=…; theme=…');
    expect(entry.request.headers['x-api-key']).toBe('a-…ue');
    expect(entry.request.body).toMatch(/^note 1000\.[0-9a-f]{2}…[0-9a-f]{2} and [0-9a-f]{2}…[0-9a-f]{2}$/);
    await expectNoSecrets();
  });
});
