import {
  createEmulatorApp,
  DEFAULT_CAMPAIGNS_LIMITS,
  DEFAULT_CAMPAIGNS_LOCK_MS,
  startEmulator,
} from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { selfClientTokens, sleep, whoami } from './support/helpers.js';

describe('startEmulator options', () => {
  it('defaults to 127.0.0.1, a free port, the us data centre and Zoho limits', () => {
    const { options } = createEmulatorApp();
    expect(options).toEqual({
      port: 0,
      host: '127.0.0.1',
      dc: 'us',
      tokenTtlSec: 3600,
      grantCodeTtlSec: 120,
      legacyExpiresIn: false,
      latencyMs: 0,
      limits: {
        accessTokensPerRefreshToken: 10,
        refreshWindowMs: 600_000,
        maxLiveAccessTokens: 15,
        maxRefreshTokens: 20,
      },
      // Zoho's numbers, spelled out in campaigns-control.test.ts.
      campaigns: { limits: DEFAULT_CAMPAIGNS_LIMITS, lockMs: DEFAULT_CAMPAIGNS_LOCK_MS },
      // Desk's Express/Standard concurrency (zoho-api.md §2.4); no state file.
      desk: { concurrency: 10 },
      // CRM: Enterprise's concurrency per app and credits for one user (zoho-api.md §4).
      crm: { concurrency: 20, credits: 51_000 },
      // The inspector's request log.
      requestLogSize: 500,
      // README "Safety": only the always-allowed Hosts, and 10 MiB bodies.
      allowedHosts: [],
      maxBodyBytes: 10_485_760,
    });
  });

  it('lets each limit be overridden alone', () => {
    const { options } = createEmulatorApp({ limits: { maxRefreshTokens: 3 } });
    expect(options.limits).toEqual({
      accessTokensPerRefreshToken: 10,
      refreshWindowMs: 600_000,
      maxLiveAccessTokens: 15,
      maxRefreshTokens: 3,
    });
  });

  it('rejects unknown and invalid options with a message naming the option', async () => {
    await expect(startEmulator({ prot: 1 } as never)).rejects.toThrow("@zohokit/emulator: unknown option 'prot'");
    await expect(startEmulator({ dc: 'uk' } as never)).rejects.toThrow(/option 'dc'/);
    await expect(startEmulator({ port: 70_000 })).rejects.toThrow(/option 'port'/);
    await expect(startEmulator({ tokenTtlSec: 0 })).rejects.toThrow(/option 'tokenTtlSec'/);
    await expect(startEmulator({ limits: { maxRefreshTokens: 1.5 } })).rejects.toThrow(
      /option 'limits\.maxRefreshTokens'/,
    );
    await expect(startEmulator({ limits: { perMinute: 3 } as never })).rejects.toThrow(
      /unknown option 'limits\.perMinute'/,
    );
    expect(() => createEmulatorApp({ latencyMs: -1 })).toThrow(/option 'latencyMs'/);
  });

  it('reports its url, port, data centre and per-product endpoints', async () => {
    const emu = await startEmulator({ dc: 'au' });
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
      expect(emu.port).toBeGreaterThan(0);
      expect(emu.dc).toBe('au');
      expect(emu.endpoints).toEqual({ accounts: emu.url, api: emu.url, desk: emu.url, campaigns: emu.url });
      expect(emu.control.baseUrl).toBe(emu.url);
    } finally {
      await emu.close();
    }
  });

  it('fails to start on a port already in use', async () => {
    const first = await startEmulator();
    try {
      await expect(startEmulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('makes access tokens live tokenTtlSec seconds', async () => {
    const emu = await startEmulator({ tokenTtlSec: 1 });
    try {
      const { accessToken } = await selfClientTokens(emu);
      expect((await whoami(emu, accessToken)).status).toBe(200);
      await sleep(1050);
      expect((await whoami(emu, accessToken)).status).toBe(401);
      expect((await emu.control.tokens()).accessTokens[0]?.state).toBe('expired');
    } finally {
      await emu.close();
    }
  });
});

describe('createEmulatorApp (in-process)', () => {
  it('serves the same routes through app.request, using the request origin as its URL', async () => {
    // Host check in-process too: the app may be mounted behind any server (README "Safety").
    const { app, state } = createEmulatorApp({ dc: 'jp', allowedHosts: ['emulator.test'] });
    const json = { 'content-type': 'application/json' };
    const created = await app.request('http://emulator.test/__emulator/clients', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ type: 'self' }),
    });
    const client = (await created.json()) as { clientId: string; clientSecret: string };
    expect(Object.keys(state.clients)).toEqual([client.clientId]);
    const grant = await app.request('http://emulator.test/__emulator/grant-codes', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ clientId: client.clientId, scope: 'a.b.READ' }),
    });
    const { code } = (await grant.json()) as { code: string };
    const token = await app.request('http://emulator.test/oauth/v2/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        code,
      }),
    });
    expect(((await token.json()) as Record<string, unknown>).api_domain).toBe('http://emulator.test');
    expect((await app.request('http://elsewhere.test/__emulator/counters')).status).toBe(403);
  });

  it('rejects the request for a reset fault, as fetch would', async () => {
    const { app } = createEmulatorApp();
    await app.request('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/__emulator/whoami', sequence: [{ reset: 'before' }] }),
    });
    await expect(app.request('/__emulator/whoami')).rejects.toThrow(/connection reset/);
    expect((await app.request('/__emulator/whoami')).status).toBe(401);
  });
});
