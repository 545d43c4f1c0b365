import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, parseJson, runCli, tempHome } from '../support/run-cli.js';
import { emulatorEnv, expectExit, SCOPES, type Tenant, useTenant } from '../support/tenant.js';

let t: Tenant;

useTenant((tenant) => {
  t = tenant;
});

describe('zohokit auth exchange', () => {
  it('stores the refresh token, client and data centre in a 0600 file under XDG_CONFIG_HOME', async () => {
    const profile = t.config().profiles.default ?? {};
    expect(profile.clientId).toBe(t.client.clientId);
    expect(profile.refreshToken).toMatch(/^1000\./);
    expect(profile.grant).toBe('exchange');
    expect(profile.scopes).toEqual(SCOPES);
    const dir = join(t.home, '.config/zohokit');
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('reads the code from stdin with --code - and writes the named profile', async () => {
    const { code } = await t.emulator.control.mintGrantCode({
      clientId: t.client.clientId,
      scope: 'Desk.tickets.READ',
    });
    const result = expectExit(
      await t.cli(['--profile', 'piped', '--json', 'auth', 'exchange', '--code', '-'], {}, { input: `${code}\n` }),
      0,
    );
    const saved = parseJson<Record<string, unknown>>(result.stdout);
    expect(saved).toMatchObject({
      profile: 'piped',
      grant: 'exchange',
      dc: 'us',
      scopes: ['Desk.tickets.READ'],
      user: 'dev@zohokit.test',
    });
    expect(t.config().profiles.piped?.refreshToken).toMatch(/^1000\./);
  });

  it("a used or unknown code is an authentication failure (exit 3) with Zoho's code and a fix", async () => {
    const { code } = await t.emulator.control.mintGrantCode({
      clientId: t.client.clientId,
      scope: 'Desk.tickets.READ',
    });
    expectExit(await t.cli(['--profile', 'once', 'auth', 'exchange', '--code', code]), 0);
    const again = expectExit(await t.cli(['--profile', 'once-again', 'auth', 'exchange', '--code', code]), 3);
    expect(again.stderr).toContain('invalid_code');
    expect(again.stderr).toContain('fix:');
  });

  it('a wrong client secret is an authentication failure (exit 3)', async () => {
    const { code } = await t.emulator.control.mintGrantCode({
      clientId: t.client.clientId,
      scope: 'Desk.tickets.READ',
    });
    const result = expectExit(
      await t.cli(['--profile', 'wrong', 'auth', 'exchange', '--code', code], { ZOHO_CLIENT_SECRET: 'not-the-secret' }),
      3,
    );
    expect(result.stderr).toContain('invalid_client_secret');
  });

  it('without a code and without a terminal it is a usage error (exit 2)', async () => {
    const result = expectExit(await t.cli(['--profile', 'nocode', 'auth', 'exchange']), 2);
    expect(result.stderr).toContain('--code');
  });
});

describe('zohokit auth status', () => {
  it('shows who, data centre, scopes and expiry, never a secret', async () => {
    const result = expectExit(await t.cli(['auth', 'status']), 0);
    expect(result.stdout).toContain('logged in as dev@zohokit.test');
    expect(result.stdout).toContain('data centre:');
    expect(result.stdout).toContain('Desk.tickets.ALL');
    expect(result.stdout).toMatch(/access token: +valid until/);
    expect(result.stdout).not.toContain(t.client.clientSecret);
    expect(result.stdout).not.toMatch(/1000\.[0-9a-f]{32}\.[0-9a-f]{32}/);
  });

  it('--json has the documented shape', async () => {
    const status = parseJson<Record<string, unknown>>(expectExit(await t.cli(['auth', 'status', '--json']), 0).stdout);
    expect(status).toMatchObject({
      profile: 'default',
      loggedIn: true,
      user: 'dev@zohokit.test',
      clientId: t.client.clientId,
      dc: 'us',
      accountsServer: t.emulator.url,
      scopes: SCOPES,
      clientSecret: { present: true, source: 'env' },
      refreshToken: { present: true, source: 'profile' },
      accessToken: { valid: true },
    });
    expect(Object.keys(status).sort()).toEqual(
      [
        'accessToken',
        'accountsServer',
        'apiDomain',
        'clientId',
        'clientSecret',
        'configFile',
        'dc',
        'deskOrgId',
        'endpoints',
        'loggedIn',
        'profile',
        'refreshToken',
        'scopes',
        'sources',
        'user',
      ].sort(),
    );
  });

  it('a profile that never logged in: exit 3 and what to run', async () => {
    const result = expectExit(
      await t.cli(['--profile', 'nobody', 'auth', 'status'], { ZOHO_CLIENT_ID: '', ZOHO_CLIENT_SECRET: '' }),
      3,
    );
    expect(result.stdout).toContain('not logged in');
    // The hint names the profile that is not logged in, or it would log in the default one.
    expect(result.stdout).toContain('zohokit --profile nobody auth login');
  });

  it('--offline reads the cached token without calling Zoho', async () => {
    await t.emulator.control.resetCounters();
    const result = expectExit(await t.cli(['auth', 'status', '--offline', '--json']), 0);
    expect(parseJson<{ accessToken: { valid: boolean } }>(result.stdout).accessToken.valid).toBe(true);
    const counters = await t.emulator.control.counters();
    expect(counters.tokenCalls.total).toBe(0);
    expect(Object.keys(counters.requests)).toEqual([]);
  });
});

describe('zohokit auth token', () => {
  it('prints a working access token and reuses the cached one across runs', async () => {
    await t.emulator.control.resetCounters();
    const first = expectExit(await t.cli(['auth', 'token']), 0).stdout.trim();
    const second = expectExit(await t.cli(['auth', 'token']), 0).stdout.trim();
    expect(second).toBe(first);
    expect((await t.emulator.control.counters()).tokenCalls.total).toBe(0);
    const whoami = await fetch(`${t.emulator.url}/__emulator/whoami`, {
      headers: { authorization: `Zoho-oauthtoken ${first}` },
    });
    expect(whoami.status).toBe(200);
  });

  it('refreshes once when the cached token has expired', async () => {
    await t.emulator.control.expireTokens();
    const before = (await t.emulator.control.counters()).tokenCalls.refresh_token ?? 0;
    const result = expectExit(await t.cli(['api', 'api', 'GET', '/__emulator/whoami']), 0);
    expect(parseJson<{ user: { email: string } }>(result.stdout).user.email).toBe('dev@zohokit.test');
    expect((await t.emulator.control.counters()).tokenCalls.refresh_token).toBe(before + 1);
  });
});

describe('zohokit auth revoke and logout', () => {
  it('revoke: Zoho forgets the refresh token, the profile too; the next call needs a login (exit 3)', async () => {
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.basic.READ' });
    expectExit(await t.cli(['-p', 'gone', 'auth', 'exchange', '--code', code]), 0);
    const refreshToken = t.config().profiles.gone?.refreshToken as string;
    expectExit(await t.cli(['-p', 'gone', 'auth', 'revoke']), 0);
    expect(t.config().profiles.gone?.refreshToken).toBeUndefined();
    const revoked = (await t.emulator.control.tokens()).refreshTokens.find(
      (r) => refreshToken.startsWith(r.token.slice(0, 7)) && r.state === 'revoked',
    );
    expect(revoked).toBeDefined();
    const after = expectExit(await t.cli(['-p', 'gone', 'desk', 'orgs']), 3);
    // An emulator profile: its Self Client logs in again by a code exchange (auth login cannot work there).
    expect(after.stderr).toContain(
      "'zohokit --profile gone emulator code', then 'zohokit --profile gone auth exchange --code <code>'",
    );
    // Even a still-set variable with the revoked token fails as "log in again".
    const viaEnv = expectExit(await t.cli(['-p', 'gone', 'desk', 'orgs'], { ZOHO_REFRESH_TOKEN: refreshToken }), 3);
    expect(viaEnv.stderr).toContain('invalid_code');
  });

  it('logout forgets the refresh token locally; --all deletes the profile', async () => {
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.basic.READ' });
    expectExit(await t.cli(['-p', 'leaving', 'auth', 'exchange', '--code', code]), 0);
    expectExit(await t.cli(['-p', 'leaving', 'auth', 'logout']), 0);
    expect(t.config().profiles.leaving?.refreshToken).toBeUndefined();
    expect(t.config().profiles.leaving?.clientId).toBe(t.client.clientId);
    expectExit(await t.cli(['-p', 'leaving', 'auth', 'logout', '--all']), 0);
    expect(t.config().profiles.leaving).toBeUndefined();
    expectExit(await t.cli(['-p', 'leaving', 'auth', 'logout']), 2);
  });
});

describe('profiles and the environment', () => {
  it('honours XDG_CONFIG_HOME, ZOHOKIT_PROFILE and flags over variables over the profile file', async () => {
    const home = tempHome();
    const env = baseEnv(home, {
      ...emulatorEnv(t.emulator),
      ZOHO_CLIENT_ID: t.client.clientId,
      ZOHO_CLIENT_SECRET: t.client.clientSecret,
    });
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.basic.READ' });
    expectExit(
      await runCli(['auth', 'exchange', '--code', code], { ...env, ZOHOKIT_PROFILE: 'fromenv', ZOHO_DC: 'eu' }),
      0,
    );
    const file = parseJson<{ profiles: Record<string, { dc: string }> }>(
      expectExit(await runCli(['config', 'path', '--json'], env), 0).stdout,
    );
    expect(file).toMatchObject({ config: join(home, '.config/zohokit/config.json') });
    const status = parseJson<{ profile: string; dc: string; sources: { dc: string } }>(
      expectExit(await runCli(['auth', 'status', '--offline', '--json'], { ...env, ZOHOKIT_PROFILE: 'fromenv' }), 0)
        .stdout,
    );
    expect(status).toMatchObject({ profile: 'fromenv', dc: 'eu', sources: { dc: 'profile' } });
    const overridden = parseJson<{ dc: string; sources: { dc: string } }>(
      expectExit(await runCli(['-p', 'fromenv', 'auth', 'status', '--offline', '--json'], { ...env, ZOHO_DC: 'in' }), 0)
        .stdout,
    );
    expect(overridden).toMatchObject({ dc: 'in', sources: { dc: 'env' } });
  });

  it('an unknown data centre or endpoint is a usage error naming where it came from (exit 2)', async () => {
    const dc = expectExit(await t.cli(['auth', 'status'], { ZOHO_DC: 'mars' }), 2);
    expect(dc.stderr).toContain('ZOHO_DC');
    const url = expectExit(await t.cli(['auth', 'status'], { ZOHO_DESK_URL: 'not a url' }), 2);
    expect(url.stderr).toContain('ZOHO_DESK_URL');
  });

  it('a corrupt config file is a usage error with a fix (exit 2)', async () => {
    const home = tempHome();
    const env = baseEnv(home);
    expectExit(await runCli(['config', 'set', 'dc', 'eu'], env), 0);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, '.config/zohokit/config.json'), '{ not json');
    const result = expectExit(await runCli(['auth', 'status'], env), 2);
    expect(result.stderr).toContain('invalid_config_file');
  });
});
