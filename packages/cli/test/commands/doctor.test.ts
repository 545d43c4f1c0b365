import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { DESK_ORG_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { baseEnv, parseJson, runCli, tempHome } from '../support/run-cli.js';
import { expectExit, type Tenant, useTenant } from '../support/tenant.js';

interface Doctor {
  profile: string;
  ok: boolean;
  checks: { id: string; status: 'ok' | 'warn' | 'fail' | 'skip'; message: string; fix?: string }[];
}

let t: Tenant;

useTenant((tenant) => {
  t = tenant;
});

const check = (doctor: Doctor, id: string) => doctor.checks.filter((c) => c.id === id);

describe('zohokit doctor', () => {
  it('a healthy setup: every check ok, the missing org id a warning with the command that sets it', async () => {
    const doctor = parseJson<Doctor>(expectExit(await t.cli(['doctor', '--json']), 0).stdout);
    expect(doctor.ok).toBe(true);
    for (const id of [
      'config-file',
      'profile',
      'client-id',
      'client-secret',
      'refresh-token',
      'data-centre',
      'token',
      'scopes',
      'campaigns',
    ]) {
      expect(check(doctor, id)[0]?.status, id).toBe('ok');
    }
    expect(check(doctor, 'desk')[0]).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining(`config set desk-org-id ${DESK_ORG_ID}`),
    });
    const human = expectExit(await t.cli(['doctor']), 0).stdout;
    expect(human).toContain('✓ token');
    expect(human).toContain('fix:');
  });

  it('data-centre consistency: an accounts server of another data centre fails with the fix (exit 2)', async () => {
    const doctor = parseJson<Doctor>(
      expectExit(
        await t.cli(['doctor', '--json', '--offline'], {
          ZOHO_ACCOUNTS_URL: 'https://accounts.zoho.eu',
          ZOHO_DC: 'us',
        }),
        2,
      ).stdout,
    );
    const [dc] = check(doctor, 'data-centre');
    expect(dc).toMatchObject({ status: 'fail' });
    expect(dc?.message).toContain('data centre eu');
    expect(dc?.fix).toContain('config set dc eu');
  });

  it("the last login's api_domain in another data centre fails (exit 2)", async () => {
    const home = tempHome();
    const env = baseEnv(home);
    for (const [key, value] of [
      ['client-id', t.client.clientId],
      ['client-secret', t.client.clientSecret],
      ['dc', 'us'],
    ] as const) {
      expectExit(await runCli(['config', 'set', key, value], env), 0);
    }
    const { writeFileSync, readFileSync } = await import('node:fs');
    const file = join(home, '.config/zohokit/config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.profiles.default.apiDomain = 'https://www.zohoapis.in';
    config.profiles.default.refreshToken = 'stored-but-unused';
    writeFileSync(file, JSON.stringify(config));
    chmodSync(file, 0o600);
    const doctor = parseJson<Doctor>(expectExit(await runCli(['doctor', '--json', '--offline'], env), 2).stdout);
    expect(check(doctor, 'data-centre')[0]?.fix).toContain('config set dc in');
  });

  it('a config file readable by others fails with chmod as the fix', async () => {
    const file = join(t.home, '.config/zohokit/config.json');
    chmodSync(file, 0o644);
    try {
      const doctor = parseJson<Doctor>(expectExit(await t.cli(['doctor', '--json', '--offline']), 2).stdout);
      expect(check(doctor, 'config-file')[0]).toMatchObject({ status: 'fail', fix: `chmod 600 ${file}` });
    } finally {
      chmodSync(file, 0o600);
    }
  });

  it('not logged in: exit 3, and the token is not checked', async () => {
    const doctor = parseJson<Doctor>(
      expectExit(
        await runCli(
          ['doctor', '--json'],
          baseEnv(tempHome(), { ZOHO_CLIENT_ID: t.client.clientId, ZOHO_CLIENT_SECRET: t.client.clientSecret }),
        ),
        3,
      ).stdout,
    );
    expect(check(doctor, 'refresh-token')[0]?.status).toBe('fail');
    expect(check(doctor, 'token')[0]?.status).toBe('skip');
  });

  it('a client id unknown at the accounts server: the token check fails with a data-centre fix (exit 3)', async () => {
    const doctor = parseJson<Doctor>(
      expectExit(await t.cli(['doctor', '--json'], { ZOHO_CLIENT_ID: '1000.UNKNOWNCLIENT0000000000000000' }), 3).stdout,
    );
    const [token] = check(doctor, 'token');
    expect(token?.status).toBe('fail');
    expect(token?.message).toContain('invalid_client');
    expect(token?.fix).toContain('data centre');
  });

  it("an org id that is not one of the login's organizations fails", async () => {
    const doctor = parseJson<Doctor>(
      expectExit(await t.cli(['doctor', '--json'], { ZOHO_DESK_ORG_ID: '123' }), 2).stdout,
    );
    expect(check(doctor, 'desk')[0]).toMatchObject({ status: 'fail' });
  });

  it('the Desk ticket field cf_zohokit_key: ok when the layout has it; missing, a warning with the fix', async () => {
    const env = { ZOHO_DESK_ORG_ID: DESK_ORG_ID };
    const present = parseJson<Doctor>(expectExit(await t.cli(['doctor', '--json'], env), 0).stdout);
    expect(check(present, 'desk-idempotency-field')[0]).toMatchObject({ status: 'ok', message: /cf_zohokit_key/ });

    await t.emulator.control.desk.deleteTicketField('cf_zohokit_key');
    const missing = parseJson<Doctor>(expectExit(await t.cli(['doctor', '--json'], env), 0).stdout);
    const [field] = check(missing, 'desk-idempotency-field');
    expect(field).toMatchObject({
      status: 'warn',
      message: /no custom field cf_zohokit_key.*idempotency_field_missing/,
    });
    expect(field?.fix).toMatch(/Setup → Layouts and Fields → Tickets.*API name cf_zohokit_key/);
    const human = expectExit(await t.cli(['doctor'], env), 0).stdout;
    expect(human).toContain('! desk-idempotency-field');
    await t.emulator.control.desk.createTicketField({ apiName: 'cf_zohokit_key' });
  });
});
