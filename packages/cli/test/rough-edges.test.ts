/**
 * The rough edges of issue 10 item 7, each through the built binary against the emulator: hints that keep the
 * active profile and name CLI commands, the emulator's own login path, refused connections that name the host,
 * an import that stops at the first refused connection, CSV columns, --timeout, all fields of a 422, and the
 * config path in --help.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGNS_SEED_LISTS, DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { baseEnv, parseJson, runCli, tempHome } from './support/run-cli.js';
import { emulatorEnv, expectExit, SCOPES, type Tenant, useTenant } from './support/tenant.js';

const CLOSED = 'http://127.0.0.1:9';
const NEWSLETTER = CAMPAIGNS_SEED_LISTS.immediate.listKey;

let t: Tenant;

useTenant((tenant) => {
  t = tenant;
});

/** Logs `profile` in through the CLI with a fresh grant code (the emulator's Self Client path). */
async function loginProfile(profile: string): Promise<void> {
  const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: SCOPES });
  expectExit(await t.cli(['--profile', profile, 'auth', 'exchange', '--code', code]), 0);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('hints keep the active profile (7.1) and give the emulator its own login path (7.2)', () => {
  it('desk orgs and a missing org id suggest config set for --profile p2, not the default profile', async () => {
    await loginProfile('p2');
    const orgs = expectExit(await t.cli(['--profile', 'p2', 'desk', 'orgs']), 0);
    expect(orgs.stderr).toContain(`zohokit --profile p2 config set desk-org-id ${DESK_ORG_ID}`);
    const missing = expectExit(await t.cli(['--profile', 'p2', 'desk', 'tickets', 'list']), 2);
    expect(missing.stderr).toContain('code: missing_org_id');
    expect(missing.stderr).toContain("'zohokit --profile p2 desk orgs'");
    expect(missing.stderr).toContain("'zohokit --profile p2 config set desk-org-id <id>'");
  });

  it('a token revoked at the emulator: status says so in whole sentences, the fix is emulator code + auth exchange', async () => {
    await loginProfile('p3');
    const refreshToken = t.config().profiles.p3?.refreshToken as string;
    await t.emulator.control.revokeToken(refreshToken);
    // The cached access token died with it; drop the cache so the CLI has to refresh.
    rmSync(join(t.home, '.config/zohokit/tokens.json'), { force: true });

    const status = expectExit(await t.cli(['--profile', 'p3', 'auth', 'status']), 3);
    expect(status.stdout).toMatch(
      /Profile "p3": the stored login( as \S+)? is no longer valid: Zoho refused its refresh token/,
    );
    expect(status.stdout).toMatch(
      /Zoho rejected the refresh token: it was revoked, or deleted because more than 20 were issued for this user and client \(invalid_code\)/,
    );
    expect(status.stdout).toContain(
      "fix: Get a new grant code from the emulator and exchange it: 'zohokit --profile p3 emulator code', then 'zohokit --profile p3 auth exchange --code <code>'",
    );
    expect(status.stdout).not.toContain('…');

    const call = expectExit(await t.cli(['--profile', 'p3', 'desk', 'orgs']), 3);
    expect(call.stderr).toContain("'zohokit --profile p3 emulator code'");
    expect(call.stderr).not.toContain("'zohokit auth login'");

    // The suggested path works.
    const minted = parseJson<{ code: string }>(
      expectExit(await t.cli(['--profile', 'p3', '--json', 'emulator', 'code']), 0).stdout,
    );
    expectExit(await t.cli(['--profile', 'p3', 'auth', 'exchange', '--code', minted.code]), 0);
    expectExit(await t.cli(['--profile', 'p3', 'auth', 'status']), 0);
  });
});

describe('refused connections (7.5)', () => {
  it('name the host and ECONNREFUSED and ask whether the emulator is running', async () => {
    const result = expectExit(await t.cli(['desk', 'orgs'], { ZOHO_DESK_URL: CLOSED }), 1);
    expect(result.stderr).toContain('cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED)');
    expect(result.stderr).toContain("Is the emulator running? Start it with 'zohokit emulator start'");
  });

  it('auth exchange says "refused" once, clearly', async () => {
    const result = expectExit(
      await t.cli(['auth', 'exchange', '--code', '1000.aaaa.bbbb'], { ZOHO_ACCOUNTS_URL: CLOSED }),
      1,
    );
    expect(result.stderr).toContain('cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED)');
    expect(count(result.stderr, '(refused)')).toBe(0);
    expect(result.stderr).toContain('code: refused');
  });

  it('emulator code with no emulator listening exits 1 (a connection failure), not 2', async () => {
    const home = tempHome();
    const env = baseEnv(home, {
      ZOHO_ACCOUNTS_URL: CLOSED,
      ZOHO_CLIENT_ID: t.client.clientId,
      ZOHO_CLIENT_SECRET: t.client.clientSecret,
    });
    const result = expectExit(await runCli(['emulator', 'code'], env), 1);
    expect(result.stderr).toContain(`cannot connect to the emulator at ${CLOSED}: connection refused (ECONNREFUSED)`);
    expect(result.stderr).toContain("'zohokit emulator start --save-profile'");
    expect(result.stderr).not.toContain('fetch failed');
  });
});

describe('campaigns import', () => {
  it('prints each progress line once when one chunk crosses every 10 % mark (7.3)', async () => {
    const csv = join(t.home, 'four.csv');
    writeFileSync(csv, 'email\nfour1@example.com\nfour2@example.com\nfour3@example.com\nfour4@example.com\n');
    const result = expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER, '--restart']), 0);
    expect(count(result.stderr, 'progress: 4/4 addresses added')).toBe(1);
  });

  it('stops at the first refused connection, says so, and the same command resumes (7.4)', async () => {
    const csv = join(t.home, 'refused-run.csv');
    writeFileSync(csv, `email\n${Array.from({ length: 280 }, (_, i) => `down${i}@example.com`).join('\n')}\n`);
    await t.emulator.control.resetCounters();
    const stopped = expectExit(
      await t.cli(
        ['campaigns', 'import', csv, '--list-key', NEWSLETTER],
        { ZOHO_CAMPAIGNS_URL: CLOSED },
        { timeoutMs: 40_000 },
      ),
      1,
    );
    expect(stopped.stdout).toContain('stopped:    cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED)');
    expect(stopped.stdout).toContain("Is the emulator running? Start it with 'zohokit emulator start'");
    expect(stopped.stdout).not.toContain('refused by Zoho');
    const checkpoint = JSON.parse(readFileSync(`${csv}.zohokit-import.json`, 'utf8')) as { chunks: string };
    expect(checkpoint.chunks).toBe('.'.repeat(28));

    const resumed = parseJson<{ added: number; complete: boolean; resumed: boolean }>(
      expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER, '--json']), 0).stdout,
    );
    expect(resumed).toMatchObject({ added: 280, complete: true });
  }, 60_000);

  it('recognises the usual name columns and reports every column it did not import (7.6)', async () => {
    const csv = join(t.home, 'named.csv');
    writeFileSync(
      csv,
      'First Name,last_name,E-Mail,Company Name,notes\nAda,Lovelace,ada.named@example.com,Analytical,x\n',
    );
    const human = expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER, '--restart']), 0);
    expect(human.stdout).toContain('addresses from "E-Mail"');
    expect(human.stdout).toContain(
      'not imported: First Name (First Name), last_name (Last Name), Company Name (Company Name), notes',
    );
    const json = parseJson<{ columns: { recognised: { column: string; field: string }[]; unknown: string[] } }>(
      expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER, '--restart', '--json']), 0).stdout,
    );
    expect(json.columns.recognised).toEqual([
      { column: 'First Name', field: 'First Name' },
      { column: 'last_name', field: 'Last Name' },
      { column: 'Company Name', field: 'Company Name' },
    ]);
    expect(json.columns.unknown).toEqual(['notes']);
  });
});

describe('hints name CLI commands, not SDK calls (7.9)', () => {
  it('an unknown list key points at zohokit campaigns lists', async () => {
    const result = expectExit(
      await t.cli([
        'campaigns',
        'subscribe',
        '--list-key',
        'ffffffffffffffffffffffffffffffff',
        '--email',
        'a@example.com',
      ]),
      1,
    );
    expect(result.stderr).toContain("'zohokit campaigns lists'");
    expect(result.stderr).not.toContain('zoho.campaigns');
  });

  it('a Campaigns lock-out says retry after N s, not retryAfterMs', async () => {
    await t.emulator.control.queueFaults({
      path: '/api/v1.1/getmailinglists',
      sequence: [{ status: 200, body: { status: 'error', code: '2101', message: 'API calls exceeded.' } }],
    });
    try {
      const result = expectExit(await t.cli(['campaigns', 'lists']), 4);
      expect(result.stderr).toMatch(/retry after \d+ s/);
      expect(result.stderr).not.toContain('retryAfterMs');
    } finally {
      await t.emulator.control.clearFaults();
    }
  });
});

describe('a create that may have reached Zoho (7.11)', () => {
  it('suggests how to check and --idempotency-key for next time', async () => {
    expectExit(await t.cli(['config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
    await t.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', sequence: [{ reset: 'after' }] });
    try {
      const result = expectExit(
        await t.cli([
          'desk',
          'tickets',
          'create',
          '--subject',
          'Maybe',
          '--department-id',
          DESK_SUPPORT_DEPARTMENT_ID,
          '--email',
          'maybe@example.com',
        ]),
        1,
      );
      expect(result.stderr).toContain("'zohokit desk tickets list --limit 5'");
      expect(result.stderr).toContain('--idempotency-key <key>');
    } finally {
      await t.emulator.control.clearFaults();
    }
  });
});

describe('profiles (7.12)', () => {
  it('a mistyped --profile gets a did-you-mean; with only an emulator profile, bare commands mention it', async () => {
    const home = tempHome();
    const env = baseEnv(home, emulatorEnv(t.emulator));
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: SCOPES });
    expectExit(
      await runCli(
        [
          '--profile',
          'emulator',
          'auth',
          'exchange',
          '--code',
          code,
          '--client-id',
          t.client.clientId,
          '--client-secret',
          t.client.clientSecret,
        ],
        env,
      ),
      0,
    );
    const typo = expectExit(await runCli(['--profile', 'emualtor', 'desk', 'orgs'], env), 3);
    expect(typo.stderr).toContain('did you mean --profile emulator?');
    const bare = expectExit(await runCli(['desk', 'orgs'], env), 3);
    expect(bare.stderr).toContain('"emulator"');
    expect(bare.stderr).toContain("'zohokit config use emulator'");
  });
});

describe('--timeout, 422 fields, config path (7.13)', () => {
  it('--timeout is validated (exit 2) and a slow answer is waited for with --verbose saying so', async () => {
    expect(expectExit(await t.cli(['--timeout', 'soon', 'desk', 'orgs']), 2).stderr).toContain('--timeout must be');
    await t.emulator.control.queueFaults({ path: '/api/v1/organizations', sequence: [{ delayMs: 6_000, pass: true }] });
    try {
      const slow = expectExit(
        await t.cli(['--verbose', '--timeout', '20', 'desk', 'orgs'], {}, { timeoutMs: 30_000 }),
        0,
      );
      expect(slow.stderr).toMatch(
        /still waiting for GET \S+\/api\/v1\/organizations \(zk-\d+\): \d+ s of 20 s \(--timeout\)/,
      );
    } finally {
      await t.emulator.control.clearFaults();
    }
  }, 40_000);

  it('a call that outlives --timeout names the flag and the default', async () => {
    await t.emulator.control.queueFaults({
      path: '/api/v1/organizations',
      sequence: [{ hang: true, repeatForMs: 20_000 }],
    });
    try {
      const result = expectExit(await t.cli(['--timeout', '0.3', 'desk', 'orgs'], {}, { timeoutMs: 30_000 }), 1);
      expect(result.stderr).toContain('code: timeout');
      expect(result.stderr).toContain('--timeout <seconds> (default 30 s)');
    } finally {
      await t.emulator.control.clearFaults();
    }
  }, 40_000);

  it('a 422 with three bad fields lists all three', async () => {
    const result = expectExit(
      await t.cli(['api', 'desk', 'POST', '/api/v1/tickets', '-d', '{}', '--org-id', DESK_ORG_ID]),
      1,
    );
    expect(result.stderr).toContain('code: UNPROCESSABLE_ENTITY (HTTP 422)');
    const fields = result.stderr.split('fields:')[1]?.split('fix:')[0] ?? '';
    for (const field of ['subject', 'departmentId']) expect(fields).toContain(field);
    expect(fields.trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });

  it('config --help shows the config file XDG_CONFIG_HOME points at', async () => {
    const home = tempHome();
    const env = baseEnv(home, { XDG_CONFIG_HOME: join(home, 'elsewhere') });
    const help = expectExit(await runCli(['config', '--help'], env), 0);
    expect(help.stdout).toContain(`${join(home, 'elsewhere')}/zohokit/config.json`);
  });
});

describe('api crm GET /crm/v8/users, the example in api --help (7.8)', () => {
  it('answers from the emulator', async () => {
    const help = expectExit(await t.cli(['api', '--help']), 0);
    expect(help.stdout).toContain('zohokit api crm GET /crm/v8/users -q type=CurrentUser');
    const users = parseJson<{ users: { email?: string }[] }>(
      expectExit(await t.cli(['api', 'crm', 'GET', '/crm/v8/users', '-q', 'type=CurrentUser']), 0).stdout,
    );
    expect(users.users).toHaveLength(1);
    expect(users.users[0]?.email).toMatch(/@/);
  });
});
