import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelfClientTokens } from './support/helpers.js';
import { refresh, selfClientTokens, sleep, whoami } from './support/helpers.js';

let emu: EmulatorHandle;
let tokens: SelfClientTokens;
beforeEach(async () => {
  emu = await startEmulator();
  tokens = await selfClientTokens(emu);
});
afterEach(() => emu.close());

const echo = (init: RequestInit = {}) =>
  fetch(`${emu.url}/__emulator/echo`, {
    method: 'POST',
    ...init,
    headers: { Authorization: `Zoho-oauthtoken ${tokens.accessToken}`, 'Content-Type': 'application/json' },
    body: init.body ?? '{"n":1}',
  });

describe('status faults', () => {
  it('plays a sequence in order, then passes through to the real handler', async () => {
    await emu.control.queueFaults({
      path: '/__emulator/whoami',
      sequence: [
        { status: 429, retryAfter: 1, body: { code: 'TOO_MANY_REQUESTS' } },
        { status: 500, body: 'plain failure' },
      ],
    });
    const first = await whoami(emu, tokens.accessToken);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await first.json()).toEqual({ code: 'TOO_MANY_REQUESTS' });
    const second = await whoami(emu, tokens.accessToken);
    expect(second.status).toBe(500);
    expect(second.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await second.text()).toBe('plain failure');
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
    expect(await emu.control.listFaults()).toEqual([]);
    expect((await emu.control.counters()).requests['GET /__emulator/whoami']).toEqual({ '429': 1, '500': 1, '200': 1 });
  });

  it('sends a proxy HTML page for a bodiless 5xx and {} for other bodiless statuses', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ status: 502 }, { status: 403 }] });
    const gateway = await whoami(emu, tokens.accessToken);
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await gateway.text();
    expect(html).toMatch(/^<html><head><title>502 Bad Gateway<\/title><\/head><body>.*<\/body><\/html>$/);
    const forbidden = await whoami(emu, tokens.accessToken);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({});
  });

  it('uses the content type given in headers for a string body', async () => {
    await emu.control.queueFaults({
      path: '/oauth/v2/token',
      sequence: [
        {
          status: 200,
          body: '{"error":"general_error"}',
          headers: { 'Content-Type': 'application/json;charset=UTF-8' },
        },
      ],
    });
    const reply = await refresh(emu, tokens.client, tokens.refreshToken);
    expect(reply.contentType).toBe('application/json;charset=UTF-8');
    expect(reply.body).toEqual({ error: 'general_error' });
    // The handler did not run: no token call was counted.
    expect((await emu.control.counters()).tokenCalls.refresh_token).toBe(0);
  });

  it('matches by method and by path prefix', async () => {
    await emu.control.queueFaults({ method: 'get', path: '/__emulator/echo/*', sequence: [{ status: 503 }] });
    const headers = { Authorization: `Zoho-oauthtoken ${tokens.accessToken}` };
    expect((await fetch(`${emu.url}/__emulator/echo/a`, { method: 'POST', headers })).status).toBe(200);
    expect((await fetch(`${emu.url}/__emulator/echo/a/b`, { headers })).status).toBe(503);
    expect((await fetch(`${emu.url}/__emulator/echo/a/b`, { headers })).status).toBe(200);
  });

  it('keeps an outage fault for repeatForMs, then drops it', async () => {
    await emu.control.queueFaults({
      path: '/__emulator/whoami',
      sequence: [{ status: 503, repeatForMs: 400 }, { status: 500 }],
    });
    for (let i = 0; i < 4; i++) expect((await whoami(emu, tokens.accessToken)).status).toBe(503);
    await sleep(450);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(500);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
  });

  it('never applies to control routes', async () => {
    await emu.control.queueFaults({ path: '*', sequence: [{ status: 500, repeatForMs: 60_000 }] });
    expect((await emu.control.listFaults()).length).toBe(1);
    expect((await emu.control.tokens()).refreshTokens.length).toBe(1);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(500);
    await emu.control.clearFaults();
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
  });
});

describe('timing faults', () => {
  it('delays, then answers with the real handler when pass is set', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ delayMs: 300, pass: true }] });
    const started = Date.now();
    const response = await whoami(emu, tokens.accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('clientId', tokens.client.clientId);
  });

  it('delays a status answer', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ delayMs: 250, status: 504 }] });
    const started = Date.now();
    expect((await whoami(emu, tokens.accessToken)).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('hangs until the client gives up', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ hang: true }] });
    const started = Date.now();
    const attempt = fetch(`${emu.url}/__emulator/whoami`, {
      headers: { Authorization: `Zoho-oauthtoken ${tokens.accessToken}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
    expect((await emu.control.counters()).requests['GET /__emulator/whoami']).toEqual({ hang: 1, '200': 1 });
  });

  it('lets close() finish while a request hangs', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ hang: true }] });
    const pending = whoami(emu, tokens.accessToken).then(
      () => 'answered',
      () => 'connection error',
    );
    await sleep(100);
    const started = Date.now();
    await emu.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('connection error');
  });
});

describe('connection resets', () => {
  it("reset 'before' drops the connection without running the handler", async () => {
    await emu.control.queueFaults({ method: 'POST', path: '/oauth/v2/token', sequence: [{ reset: 'before' }] });
    await expect(refresh(emu, tokens.client, tokens.refreshToken)).rejects.toThrow(TypeError);
    const counters = await emu.control.counters();
    expect(counters.tokenCalls.refresh_token).toBe(0);
    expect(counters.requests['POST /oauth/v2/token']).toMatchObject({ reset: 1 });
    expect((await emu.control.tokens()).accessTokens.length).toBe(1);
  });

  it("reset 'after' runs the handler, keeps its effects, and drops the answer", async () => {
    await emu.control.queueFaults({ method: 'POST', path: '/oauth/v2/token', sequence: [{ reset: 'after' }] });
    await expect(refresh(emu, tokens.client, tokens.refreshToken)).rejects.toThrow(TypeError);
    const counters = await emu.control.counters();
    expect(counters.tokenCalls.refresh_token).toBe(1);
    expect(counters.requests['POST /oauth/v2/token']).toMatchObject({ reset: 1 });
    // The access token was minted although the client never saw it.
    const snapshot = await emu.control.tokens();
    expect(snapshot.accessTokens.length).toBe(2);
    expect(snapshot.refreshTokens[0]?.mintedInWindow).toBe(2);
  });

  it("reset 'after' on a POST is counted as a request that reached the handler", async () => {
    await emu.control.queueFaults({ path: '/__emulator/echo', sequence: [{ reset: 'after' }] });
    await expect(echo()).rejects.toThrow(TypeError);
    expect((await echo()).status).toBe(200);
    expect((await emu.control.counters()).requests['POST /__emulator/echo']).toEqual({ reset: 1, '200': 1 });
  });
});

describe('latency', () => {
  it('adds latencyMs to product routes but not to control routes', async () => {
    const slow = await startEmulator({ latencyMs: 400 });
    try {
      const { accessToken } = await selfClientTokens(slow);
      let started = Date.now();
      expect((await whoami(slow, accessToken)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      started = Date.now();
      const counters = await slow.control.counters();
      expect(Date.now() - started).toBeLessThan(390);
      // Control calls are neither delayed nor counted as requests.
      expect(Object.keys(counters.requests)).toEqual(['POST /oauth/v2/token', 'GET /__emulator/whoami']);
    } finally {
      await slow.close();
    }
  });
});

describe('fault validation', () => {
  it('rejects contradictory or malformed faults with a message naming the field', async () => {
    await expect(emu.control.queueFaults({ path: '/x', sequence: [{ status: 500, reset: 'before' }] })).rejects.toThrow(
      /sequence\.0: a fault takes only one of status, reset, hang, pass/,
    );
    await expect(emu.control.queueFaults({ path: 'no-slash', sequence: [{ status: 500 }] })).rejects.toThrow(
      /^.*path:/,
    );
    await expect(emu.control.queueFaults({ path: '/x', sequence: [] })).rejects.toThrow(/sequence:/);
    await expect(emu.control.queueFaults({ path: '/x', sequence: [{ retryAfter: 1 }] })).rejects.toThrow(
      /sequence\.0\.retryAfter: only applies together with status/,
    );
    await expect(
      emu.control.queueFaults({ path: '/x', sequence: [{ status: 500, bogus: true } as never] }),
    ).rejects.toThrow(/unknown field 'sequence\.0\.bogus'/);
    await expect(emu.control.queueFaults({ path: '/__emulator/tokens', sequence: [{ status: 500 }] })).rejects.toThrow(
      /path: control routes are never faulted/,
    );
    expect(await emu.control.listFaults()).toEqual([]);
  });
});

describe('fault mixes', () => {
  const statuses = async (n: number) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) seen.push((await whoami(emu, tokens.accessToken)).status);
    return seen;
  };
  const mix = {
    seed: 42,
    faults: [
      { status: 503, weight: 0.3 },
      { status: 429, retryAfter: 1, weight: 0.1 },
    ],
  };

  it('draws each request’s fault by weight, passes the rest, and stays until cleared', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', mix });
    const seen = await statuses(400);
    const share = (status: number) => seen.filter((s) => s === status).length / seen.length;
    expect(share(503)).toBeGreaterThan(0.22);
    expect(share(503)).toBeLessThan(0.38);
    expect(share(429)).toBeGreaterThan(0.05);
    expect(share(429)).toBeLessThan(0.15);
    expect(share(200)).toBeGreaterThan(0.5);
    expect(seen.filter((s) => ![200, 429, 503].includes(s))).toEqual([]);
    expect((await emu.control.counters()).requests['GET /__emulator/whoami']?.['503']).toBe(
      seen.filter((s) => s === 503).length,
    );
    expect(await emu.control.listFaults()).toMatchObject([{ path: '/__emulator/whoami', sequence: [], mix }]);
    await emu.control.clearFaults();
    expect(await statuses(20)).toEqual(Array(20).fill(200));
  });

  it('repeats the same draws for the same seed, and plays a sequence before the mix', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', mix });
    const first = await statuses(50);
    await emu.control.clearFaults();
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ status: 500 }], mix });
    const second = await statuses(51);
    expect(second).toEqual([500, ...first]);
  });

  it("can reset 'after' the handler ran, so the effect stands and the answer is lost", async () => {
    await emu.control.queueFaults({
      method: 'POST',
      path: '/__emulator/echo',
      mix: { faults: [{ reset: 'after', weight: 1 }] },
    });
    await expect(echo()).rejects.toThrow();
    expect((await emu.control.counters()).requests['POST /__emulator/echo']).toEqual({ reset: 1 });
  });

  it('refuses weights past 1, an outage inside a mix, and a spec with neither sequence nor mix', async () => {
    const over = {
      faults: [
        { status: 503, weight: 0.7 },
        { status: 500, weight: 0.4 },
      ],
    };
    await expect(emu.control.queueFaults({ path: '/x', mix: over })).rejects.toThrow(/mix\.faults: the weights add up/);
    const outage = { faults: [{ status: 503, weight: 0.5, repeatForMs: 100 } as never] };
    await expect(emu.control.queueFaults({ path: '/x', mix: outage })).rejects.toThrow(/repeatForMs/);
    await expect(emu.control.queueFaults({ path: '/x' })).rejects.toThrow(/sequence: give a sequence, a mix, or both/);
    expect(await emu.control.listFaults()).toEqual([]);
  });
});

describe('full outage', () => {
  it('answers 503 on every non-control route ahead of queued faults, then ends and leaves them queued', async () => {
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ status: 429 }] });
    const outage = await emu.control.outage({ forMs: 300, retryAfter: 2 });
    expect(outage).toMatchObject({ status: 503, retryAfter: 2, until: expect.any(Number) });
    const down = await whoami(emu, tokens.accessToken);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    expect((await echo()).status).toBe(503);
    const token = await fetch(`${emu.url}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams({}) });
    expect(token.status).toBe(503);
    // The control API stays up, so a test can watch and end the outage.
    expect((await emu.control.listFaults()).length).toBe(1);
    await sleep(350);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(429);
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
  });

  it('ends early on endOutage, and refuses a forMs that is not a positive number', async () => {
    await emu.control.outage({ forMs: 60_000 });
    expect((await whoami(emu, tokens.accessToken)).status).toBe(503);
    await emu.control.endOutage();
    expect((await whoami(emu, tokens.accessToken)).status).toBe(200);
    await expect(emu.control.outage({ forMs: 0 })).rejects.toThrow(/forMs/);
  });
});
