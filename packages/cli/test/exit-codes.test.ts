/**
 * The documented exit codes, one row per kind of failure: 0 ok, 1 Zoho/API error, 2 usage or configuration
 * error, 3 authentication needed, 4 rate limited. (Each command's own tests cover more paths; this is the table.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGNS_SEED_LISTS, DESK_ORG_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { baseEnv, parseJson, runCli, tempHome } from './support/run-cli.js';
import { expectExit, startTenant, type Tenant, useTenant } from './support/tenant.js';

let t: Tenant;

useTenant(async (tenant) => {
  t = tenant;
  expectExit(await t.cli(['config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
});

describe('exit codes', () => {
  it('0: ok', async () => {
    expectExit(await t.cli(['desk', 'orgs']), 0);
  });

  it('1: Zoho answered an error (404)', async () => {
    expect(expectExit(await t.cli(['desk', 'tickets', 'get', '1892000000099999']), 1).stderr).toContain(
      'code: RESOURCE_NOT_FOUND',
    );
  });

  it('1: Zoho cannot be reached (connection refused), with a fix', async () => {
    const result = expectExit(await t.cli(['desk', 'orgs'], { ZOHO_DESK_URL: 'http://127.0.0.1:9' }), 1);
    expect(result.stderr).toContain('code: refused');
    expect(result.stderr).toContain('fix:');
  });

  it('1: an import where Zoho refused a chunk; the next run retries only that chunk', async () => {
    const csv = join(t.home, 'refused.csv');
    writeFileSync(csv, `email\n${Array.from({ length: 25 }, (_, i) => `refused${i}@example.com`).join('\n')}\n`);
    const path = '/api/v1.1/addlistsubscribersinbulk';
    await t.emulator.control.queueFaults({
      path,
      sequence: [
        { pass: true },
        { status: 200, body: { status: 'error', code: '2004', message: 'Invalid contact email address.' } },
      ],
    });
    try {
      const first = parseJson<{ failed: { lines: number[] }[]; complete: boolean }>(
        expectExit(
          await t.cli(['campaigns', 'import', csv, '--list-key', CAMPAIGNS_SEED_LISTS.immediate.listKey, '--json']),
          1,
        ).stdout,
      );
      expect(first.complete).toBe(false);
      expect(first.failed.map((f) => f.lines)).toEqual([[12, 13, 14, 15, 16, 17, 18, 19, 20, 21]]);
    } finally {
      await t.emulator.control.clearFaults();
    }
    const second = parseJson<{ complete: boolean; chunks: { sentThisRun: number } }>(
      expectExit(
        await t.cli(['campaigns', 'import', csv, '--list-key', CAMPAIGNS_SEED_LISTS.immediate.listKey, '--json']),
        0,
      ).stdout,
    );
    expect(second).toMatchObject({ complete: true, chunks: { sentThisRun: 1 } });
  });

  it('2: usage (unknown flag, invalid value) and configuration (no org id, unknown data centre)', async () => {
    expectExit(await t.cli(['desk', 'tickets', 'list', '--nope']), 2);
    expectExit(await t.cli(['desk', 'tickets', 'list', '--limit', '0']), 2);
    expectExit(await t.cli(['desk', 'tickets', 'list'], { ZOHO_DC: 'moon' }), 2);
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.tickets.ALL' });
    expectExit(await t.cli(['-p', 'no-org', 'auth', 'exchange', '--code', code]), 0);
    expect(expectExit(await t.cli(['-p', 'no-org', 'desk', 'tickets', 'list']), 2).stderr).toContain('missing_org_id');
  });

  it('3: authentication needed (never logged in; a revoked refresh token)', async () => {
    expectExit(await runCli(['desk', 'orgs'], baseEnv(tempHome())), 3);
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.basic.READ' });
    expectExit(await t.cli(['-p', 'revoked', 'auth', 'exchange', '--code', code]), 0);
    await t.emulator.control.revokeToken(t.config().profiles.revoked?.refreshToken as string);
    await t.emulator.control.expireTokens();
    expect(expectExit(await t.cli(['-p', 'revoked', 'desk', 'orgs']), 3).stderr).toContain('invalid_code');
  });

  it('4: rate limited (Zoho Accounts throttles the refresh token: Access Denied)', async () => {
    const throttled = await startTenant({ emulator: { limits: { accessTokensPerRefreshToken: 1 } } });
    try {
      await throttled.emulator.control.expireTokens();
      const result = expectExit(await throttled.cli(['desk', 'orgs']), 4);
      expect(result.stderr).toContain('Access Denied');
      expect(result.stderr).toMatch(/retry after: +\d+ s/);
      // The local budget remembers the block: the next run does not even ask Zoho.
      const before = (await throttled.emulator.control.counters()).tokenCalls.total;
      expectExit(await throttled.cli(['desk', 'orgs']), 4);
      expect((await throttled.emulator.control.counters()).tokenCalls.total).toBe(before);
    } finally {
      await throttled.close();
    }
  });
});
