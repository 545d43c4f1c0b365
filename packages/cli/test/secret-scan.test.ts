/**
 * No secret in any output: every command, human and --json, with --verbose request logs, success and failure.
 * The secrets are the client secret, every refresh token, access token and grant code this run produced, plus
 * anything shaped like a Zoho token. The only outputs allowed to hold a secret are the ones that exist to print
 * one: `auth token` and `emulator code` on stdout.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CAMPAIGNS_SEED_LISTS, DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { type CliResult, collect, spawnCli, waitForOutput } from './support/run-cli.js';
import { type Tenant, useTenant } from './support/tenant.js';

const TOKEN_SHAPE = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/g;

let t: Tenant;
const secrets = new Set<string>();
const scanned: { label: string; text: string }[] = [];

useTenant((tenant) => {
  t = tenant;
  secrets.add(t.client.clientSecret);
});

async function code(
  scope = 'Desk.tickets.ALL,Desk.basic.READ,ZohoCampaigns.contact.ALL,ZohoCRM.users.READ',
): Promise<string> {
  const minted = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope });
  secrets.add(minted.code);
  return minted.code;
}

function record(result: CliResult, options: { stdoutMayHoldSecret?: boolean } = {}): CliResult {
  const label = `zohokit ${result.args.join(' ')}`;
  if (!options.stdoutMayHoldSecret) scanned.push({ label: `${label} (stdout)`, text: result.stdout });
  scanned.push({ label: `${label} (stderr)`, text: result.stderr });
  return result;
}

function rememberProfileSecrets(): void {
  for (const profile of Object.values(t.config().profiles)) {
    if (typeof profile.refreshToken === 'string') secrets.add(profile.refreshToken);
  }
}

async function run(args: string[], extra = {}, options: { input?: string } = {}) {
  for (const variant of [[], ['--json']]) {
    record(await t.cli(['--verbose', ...variant, ...args], extra, options));
  }
}

describe('secret scan over every command with --verbose', () => {
  it('runs every command, on success and failure paths', async () => {
    record(await t.cli(['--verbose', 'auth', 'exchange', '--code', await code()]));
    record(await t.cli(['--verbose', '--json', '-p', 'second', 'auth', 'exchange', '--code', await code()]));
    record(await t.cli(['--verbose', '-p', 'piped', 'auth', 'exchange', '--code', '-'], {}, { input: await code() }));
    rememberProfileSecrets();
    await run(['config', 'set', 'desk-org-id', DESK_ORG_ID]);

    // Access tokens: printed on purpose by `auth token` (its stdout is not scanned, but remembered).
    for (const variant of [[], ['--json']]) {
      const result = record(await t.cli(['--verbose', ...variant, 'auth', 'token']), { stdoutMayHoldSecret: true });
      for (const token of result.stdout.match(TOKEN_SHAPE) ?? []) secrets.add(token);
    }
    expect(secrets.size).toBeGreaterThan(5);

    await run(['auth', 'status']);
    await run(['auth', 'status', '--offline']);
    await t.emulator.control.expireTokens();
    await run(['api', 'api', 'GET', '/__emulator/whoami']);
    // A body that holds a secret, echoed back by the server: still masked on the way out.
    const refreshToken = t.config().profiles.default?.refreshToken as string;
    await run([
      'api',
      'api',
      'POST',
      '/__emulator/echo',
      '-d',
      JSON.stringify({ refresh_token: refreshToken, note: refreshToken }),
    ]);
    await run([
      'api',
      'api',
      'POST',
      '/__emulator/echo',
      '-f',
      `client_secret=${t.client.clientSecret}`,
      '-q',
      `code=${await code()}`,
    ]);
    await run(['api', 'desk', 'GET', '/api/v1/tickets', '-q', 'limit=2']);
    await run(['api', 'campaigns', 'GET', '/api/v1.1/getmailinglists']);
    await run(['desk', 'orgs']);
    await run(['desk', 'departments']);
    await run([
      'desk',
      'tickets',
      'create',
      '--subject',
      'Scan',
      '--department-id',
      DESK_SUPPORT_DEPARTMENT_ID,
      '--email',
      'scan@example.com',
    ]);
    await run(['desk', 'tickets', 'list', '--limit', '3']);
    await run(['desk', 'tickets', 'get', '1892000000099999']);
    await run(['desk', 'tickets', 'update', '1892000000099999', '--status', 'Closed']);
    await run(['campaigns', 'lists']);
    await run([
      'campaigns',
      'subscribe',
      '--list-key',
      CAMPAIGNS_SEED_LISTS.immediate.listKey,
      '--email',
      'scan@example.com',
    ]);
    await run(['campaigns', 'subscribers', '--list-key', CAMPAIGNS_SEED_LISTS.immediate.listKey]);
    await run([
      'campaigns',
      'unsubscribe',
      '--list-key',
      CAMPAIGNS_SEED_LISTS.immediate.listKey,
      '--email',
      'scan@example.com',
    ]);
    const csv = join(t.home, 'scan.csv');
    writeFileSync(csv, 'email\nscan1@example.com\nbroken\n');
    await run(['campaigns', 'import', csv, '--list-key', CAMPAIGNS_SEED_LISTS.immediate.listKey, '--restart']);
    // The newer failure reports: a refused host, an import stopped by it, a 422 with every field, --timeout.
    await run(['desk', 'orgs'], { ZOHO_DESK_URL: 'http://127.0.0.1:9' });
    await run(['campaigns', 'import', csv, '--list-key', CAMPAIGNS_SEED_LISTS.immediate.listKey, '--restart'], {
      ZOHO_CAMPAIGNS_URL: 'http://127.0.0.1:9',
    });
    await run(['api', 'desk', 'POST', '/api/v1/tickets', '-d', '{}']);
    await run(['--timeout', 'soon', 'desk', 'orgs']);
    await run(['-p', 'typo-of-second', 'desk', 'orgs'], { ZOHO_CLIENT_ID: '', ZOHO_CLIENT_SECRET: '' });
    await run(['doctor']);
    await run(['config', 'list']);
    await run(['config', 'get', 'client-id']);
    await run(['config', 'get', 'client-secret']);
    await run(['config', 'path']);
    await run(['completion', 'bash']);
    record(await t.cli(['--verbose', 'emulator', 'code']), { stdoutMayHoldSecret: true });

    // Failures: a wrong secret, a used code, a revoked refresh token.
    const used = await code();
    await run(['-p', 'bad', 'auth', 'exchange', '--code', used], { ZOHO_CLIENT_SECRET: 'definitely-wrong-secret' });
    await t.cli(['-p', 'used', 'auth', 'exchange', '--code', used]);
    await run(['-p', 'used-again', 'auth', 'exchange', '--code', used]);
    rememberProfileSecrets();
    // Revoked at the emulator while still stored: auth status and a call both report it.
    const piped = t.config().profiles.piped?.refreshToken as string;
    await t.emulator.control.revokeToken(piped);
    await run(['-p', 'piped', 'auth', 'status']);
    await run(['-p', 'piped', 'desk', 'orgs']);
    await run(['-p', 'second', 'auth', 'revoke']);
    await run(['-p', 'second', 'desk', 'orgs'], {
      ZOHO_REFRESH_TOKEN: [...secrets].find((s) => s.startsWith('1000.')) ?? '',
    });
    await run(['-p', 'piped', 'auth', 'logout']);
    await run(['auth', 'status'], { ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9' });
  }, 180_000);

  it('auth login --verbose: the callback URL (with the grant code) is logged redacted', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = await t.emulator.control.createClient({
      type: 'server',
      redirectUris: [`http://127.0.0.1:${port}/callback`],
    });
    secrets.add(client.clientSecret);
    const args = [
      '--verbose',
      '-p',
      'browser',
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
      'Desk.basic.READ',
    ];
    const child = spawnCli(args, t.env);
    const done = collect(child, args, { timeoutMs: 20_000 });
    const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/auth\?\S+/);
    const consent = await fetch(url, { redirect: 'manual' });
    const callback = consent.headers.get('location') ?? '';
    secrets.add(new URL(callback).searchParams.get('code') ?? '');
    await fetch(callback);
    const result = record(await done);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('callback received: code=[REDACTED]');
    rememberProfileSecrets();
  });

  it('no output holds a secret or anything shaped like a Zoho token', () => {
    expect(scanned.length).toBeGreaterThan(60);
    // The logs are not empty: the requests and token refreshes were really logged.
    const all = scanned.map((s) => s.text).join('\n');
    expect(all).toContain('> GET ');
    expect(all).toContain('* token refresh');
    expect(all).toContain('[REDACTED]');
    const leaks: string[] = [];
    for (const { label, text } of scanned) {
      for (const secret of secrets)
        if (secret && text.includes(secret)) leaks.push(`${label}: contains ${secret.slice(0, 8)}…`);
      for (const match of text.match(TOKEN_SHAPE) ?? []) leaks.push(`${label}: token-shaped ${match.slice(0, 8)}…`);
    }
    expect(leaks).toEqual([]);
  });
});
