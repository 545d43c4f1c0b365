import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type EmulatorHandle, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { baseEnv, collect, type Env, spawnCli, tempHome, waitForOutput } from '../support/run-cli.js';
import { emulatorEnv, expectExit } from '../support/tenant.js';

let emulator: EmulatorHandle;

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
}, 180_000);
afterAll(() => emulator?.close());

/** A port that was free a moment ago: the server client must be registered with the exact redirect URI. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function serverClientLogin(tamper?: (callback: URL) => void) {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const client = await emulator.control.createClient({ type: 'server', redirectUris: [redirectUri] });
  const home = tempHome();
  const env: Env = baseEnv(home, emulatorEnv(emulator));
  const args = [
    'auth',
    'login',
    '--no-browser',
    '--port',
    String(port),
    '--client-id',
    client.clientId,
    '--client-secret',
    client.clientSecret,
    '--scopes',
    'Desk.tickets.ALL,Desk.basic.READ',
  ];
  const child = spawnCli(args, env);
  const done = collect(child, args, { timeoutMs: 20_000 });

  // The test is the browser: the printed URL leads to the emulator's consent, which approves at once and
  // redirects to the CLI's loopback server.
  const [authorizeUrl] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/auth\?\S+/);
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') ?? '');
  expect(callback.origin + callback.pathname).toBe(redirectUri);
  expect(callback.searchParams.get('state')).toBe(new URL(authorizeUrl).searchParams.get('state'));
  tamper?.(callback);
  const page = await fetch(callback);
  const html = await page.text();
  const result = await done;
  const configFile = join(home, '.config/zohokit/config.json');
  return { result, page, html, configFile, client, home };
}

describe('zohokit auth login', () => {
  it('receives the code on the loopback server, exchanges it and stores the refresh token and data centre', async () => {
    const { result, page, html, configFile, client } = await serverClientLogin();
    expectExit(result, 0);
    expect(page.status).toBe(200);
    expect(html).toContain('Logged in to Zoho');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    const profile = config.profiles.default;
    expect(profile.clientId).toBe(client.clientId);
    expect(profile.refreshToken).toMatch(/^1000\./);
    expect(profile.dc).toBe('us');
    expect(profile.grant).toBe('login');
    expect(profile.scopes).toEqual(['Desk.tickets.ALL', 'Desk.basic.READ']);
    // The emulator's URL is kept, so later commands reach it without the variables.
    expect(profile.endpoints.accounts).toBe(emulator.url);
    expect(result.stdout).toContain('Logged in as dev@zohokit.test');
    // The URL asks for a refresh token explicitly.
    expect(result.stdout).toMatch(/access_type=offline/);
    expect(result.stdout).toMatch(/prompt=consent/);
  });

  it('refuses a callback whose state is not the one it sent (exit 3, nothing stored)', async () => {
    const { result, page, html, configFile } = await serverClientLogin((callback) => {
      callback.searchParams.set('state', 'forged-state-value');
    });
    expectExit(result, 3);
    expect(page.status).toBe(400);
    expect(html).toContain('Login refused');
    expect(result.stderr).toContain('state_mismatch');
    expect(existsSync(configFile)).toBe(false);
  });

  it('refuses an accounts-server that is not a Zoho accounts host (the client secret never leaves)', async () => {
    const counters = await emulator.control.counters();
    const before = counters.tokenCalls.authorization_code ?? 0;
    const { result, page, configFile } = await serverClientLogin((callback) => {
      callback.searchParams.set('accounts-server', 'https://accounts.zoho.evil.example');
    });
    expectExit(result, 3);
    expect(page.status).toBe(400);
    expect(result.stderr).toContain('untrusted_accounts_server');
    expect(existsSync(configFile)).toBe(false);
    expect((await emulator.control.counters()).tokenCalls.authorization_code ?? 0).toBe(before);
  });

  it('refuses a callback whose location and accounts-server name different data centres', async () => {
    const { result } = await serverClientLogin((callback) => {
      callback.searchParams.set('accounts-server', 'https://accounts.zoho.eu');
      callback.searchParams.set('location', 'in');
    });
    expectExit(result, 3);
    expect(result.stderr).toContain('dc_mismatch');
  });

  it('reports a denied consent (error=access_denied) with exit 3', async () => {
    const { result } = await serverClientLogin((callback) => {
      callback.searchParams.delete('code');
      callback.searchParams.set('error', 'access_denied');
    });
    expectExit(result, 3);
    expect(result.stderr).toContain('access_denied');
  });

  it('needs a terminal for prompts: a missing client id without a flag is a usage error (exit 2)', async () => {
    const home = tempHome();
    const args = ['auth', 'login', '--no-browser', '--port', '0'];
    const result = await collect(spawnCli(args, baseEnv(home, emulatorEnv(emulator))), args);
    expectExit(result, 2);
    expect(result.stderr).toContain('--client-id');
    expect(result.stderr).toContain('ZOHO_CLIENT_ID');
  });
});
