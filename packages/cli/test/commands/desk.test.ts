import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_FOREIGN_ORG_ID, DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../support/run-cli.js';
import { expectExit, type Tenant, useTenant } from '../support/tenant.js';

let t: Tenant;

useTenant(async (tenant) => {
  t = tenant;
  expectExit(await t.cli(['config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
});

interface Ticket {
  id: string;
  ticketNumber: string;
  subject: string;
  status: string;
  priority: string | null;
  departmentId: string;
  contactId: string;
  cf?: Record<string, unknown>;
}

describe('zohokit desk', () => {
  it('orgs: a table by default, the organizations as a JSON array with --json (no org id needed)', async () => {
    const human = expectExit(await t.cli(['desk', 'orgs']), 0);
    expect(human.stdout).toMatch(/^ID +NAME +PORTAL +EDITION/m);
    expect(human.stdout).toContain(DESK_ORG_ID);
    const orgs = parseJson<{ id: string; companyName: string }[]>(
      expectExit(await t.cli(['desk', 'orgs', 'list', '--json']), 0).stdout,
    );
    expect(orgs.map((o) => o.id)).toContain(DESK_ORG_ID);
  });

  it('tickets list loads only the Node modules it uses: no undici (fetch, ~20 ms), fs/promises, os or crypto', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zohokit-cli-modules-'));
    const preload = join(dir, 'modules.cjs');
    const out = join(dir, 'modules.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));`,
    );
    const env = { NODE_OPTIONS: `--require ${preload}` };
    // A success, and a Zoho error (whose redaction once read the global Headers).
    for (const [args, code] of [
      [['desk', 'tickets', 'list', '--json'], 0],
      [['desk', 'tickets', 'get', '1', '--json'], 1],
    ] as const) {
      expectExit(await t.cli([...args], env), code);
      const modules = readFileSync(out, 'utf8').split('\n');
      expect(modules).toContain('NativeModule http');
      expect(modules.filter((m) => m.includes('undici'))).toEqual([]);
      expect(modules).not.toContain('NativeModule fs/promises');
      expect(modules).not.toContain('NativeModule os');
      // The token store key's SHA-256 is @noble/hashes (src/sha256-hex.ts); node:crypto is ~3 ms to load.
      expect(modules).not.toContain('NativeModule crypto');
    }
  });

  it('departments', async () => {
    const departments = parseJson<{ id: string; name: string }[]>(
      expectExit(await t.cli(['desk', 'departments', '--json']), 0).stdout,
    );
    expect(departments.map((d) => d.id)).toContain(DESK_SUPPORT_DEPARTMENT_ID);
    expect(expectExit(await t.cli(['desk', 'departments', 'list']), 0).stdout).toContain('Support');
  });

  it('tickets create → get → update → list', async () => {
    const created = parseJson<Ticket>(
      expectExit(
        await t.cli([
          'desk',
          'tickets',
          'create',
          '--json',
          '--subject',
          'Printer on fire',
          '--department-id',
          DESK_SUPPORT_DEPARTMENT_ID,
          '--email',
          'ada@example.com',
          '--last-name',
          'Lovelace',
          '--priority',
          'High',
        ]),
        0,
      ).stdout,
    );
    expect(created).toMatchObject({
      subject: 'Printer on fire',
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
      priority: 'High',
    });
    expect(created.id).toMatch(/^\d+$/);
    const stored = (await t.emulator.control.desk.tickets()).find((ticket) => ticket.id === created.id);
    expect(stored).toBeDefined();

    const got = parseJson<Ticket>(expectExit(await t.cli(['desk', 'tickets', 'get', created.id, '--json']), 0).stdout);
    expect(got.id).toBe(created.id);
    expect(expectExit(await t.cli(['desk', 'tickets', 'get', created.id]), 0).stdout).toMatch(
      /subject: +Printer on fire/,
    );

    const updated = parseJson<Ticket>(
      expectExit(await t.cli(['desk', 'tickets', 'update', created.id, '--status', 'Closed', '--json']), 0).stdout,
    );
    expect(updated.status).toBe('Closed');

    const listed = parseJson<Ticket[]>(
      expectExit(await t.cli(['desk', 'tickets', 'list', '--json', '--limit', '10']), 0).stdout,
    );
    expect(listed.map((x) => x.id)).toContain(created.id);
    const table = expectExit(await t.cli(['desk', 'tickets', 'list', '--status', 'Closed']), 0).stdout;
    expect(table).toMatch(/^# +ID +STATUS +PRIORITY +CREATED +SUBJECT/m);
    expect(table).toContain('Printer on fire');
  });

  it('create from -d @file, with flags on top', async () => {
    const file = join(t.home, 'ticket.json');
    writeFileSync(
      file,
      JSON.stringify({
        subject: 'From a file',
        departmentId: DESK_SUPPORT_DEPARTMENT_ID,
        contact: { email: 'file@example.com' },
      }),
    );
    const ticket = parseJson<Ticket>(
      expectExit(await t.cli(['desk', 'tickets', 'create', '-d', `@${file}`, '--subject', 'Flag wins', '--json']), 0)
        .stdout,
    );
    expect(ticket.subject).toBe('Flag wins');
  });

  it('list pages through Desk 100 at a time and stops at --limit', async () => {
    await t.emulator.control.desk.seedTickets({
      count: 130,
      orgId: DESK_ORG_ID,
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
    });
    await t.emulator.control.resetCounters();
    const tickets = parseJson<Ticket[]>(
      expectExit(await t.cli(['desk', 'tickets', 'list', '--limit', '120', '--json']), 0).stdout,
    );
    expect(tickets).toHaveLength(120);
    const requests = (await t.emulator.control.counters()).requests;
    const listCalls = Object.entries(requests)
      .filter(([route]) => route.startsWith('GET /api/v1/tickets'))
      .reduce((n, [, outcomes]) => n + Object.values(outcomes as Record<string, number>).reduce((a, b) => a + b, 0), 0);
    expect(listCalls).toBe(2);
  });
});

describe('zohokit desk: errors and exit codes', () => {
  it('an unknown ticket is a Zoho error: exit 1, RESOURCE_NOT_FOUND and a fix', async () => {
    const result = expectExit(await t.cli(['desk', 'tickets', 'get', '1892000000099999']), 1);
    expect(result.stderr).toContain('RESOURCE_NOT_FOUND');
    expect(result.stderr).toContain('fix:');
    const json = parseJson<{ error: { code: string; exitCode: number; status: number } }>(
      expectExit(await t.cli(['desk', 'tickets', 'get', '1892000000099999', '--json']), 1).stderr,
    );
    expect(json.error).toMatchObject({ code: 'RESOURCE_NOT_FOUND', exitCode: 1, status: 404 });
  });

  it('a missing field is caught before sending: exit 2 naming the flag', async () => {
    const result = expectExit(
      await t.cli(['desk', 'tickets', 'create', '--subject', 'No department', '--email', 'x@example.com']),
      2,
    );
    expect(result.stderr).toContain('--department-id');
  });

  it('no org id: exit 2 with how to find and set it', async () => {
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.tickets.ALL' });
    expectExit(await t.cli(['-p', 'noorg', 'auth', 'exchange', '--code', code]), 0);
    const noOrg = expectExit(await t.cli(['-p', 'noorg', 'desk', 'tickets', 'list']), 2);
    expect(noOrg.stderr).toContain('missing_org_id');
    expect(noOrg.stderr).toContain('zohokit desk orgs');
  });

  it("another org's id: OAUTH_ORG_MISMATCH is a configuration error (exit 2)", async () => {
    const result = expectExit(await t.cli(['desk', 'tickets', 'list', '--org-id', DESK_FOREIGN_ORG_ID]), 2);
    expect(result.stderr).toContain('OAUTH_ORG_MISMATCH');
  });

  it('a missing scope: SCOPE_MISMATCH asks for a login with that scope (exit 3)', async () => {
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: 'Desk.basic.READ' });
    expectExit(await t.cli(['-p', 'readonly', 'auth', 'exchange', '--code', code]), 0);
    const result = expectExit(
      await t.cli([
        '-p',
        'readonly',
        'desk',
        'tickets',
        'create',
        '--subject',
        's',
        '--department-id',
        DESK_SUPPORT_DEPARTMENT_ID,
        '--email',
        'a@example.com',
        '--org-id',
        DESK_ORG_ID,
      ]),
      3,
    );
    expect(result.stderr).toContain('SCOPE_MISMATCH');
    // An emulator profile cannot do the browser login: the fix is a code with that scope, then an exchange.
    expect(result.stderr).toMatch(/emulator code --scopes Desk\.tickets\.\w+/);
    expect(result.stderr).toContain('auth exchange --code');
  });

  it('Desk keeps answering 429 with a long Retry-After: exit 4 (rate limited)', async () => {
    await t.emulator.control.queueFaults({ path: '/api/v1/tickets', sequence: [{ status: 429, retryAfter: 600 }] });
    try {
      const result = expectExit(await t.cli(['desk', 'tickets', 'list']), 4);
      expect(result.stderr).toMatch(/retry after: +600 s/);
    } finally {
      await t.emulator.control.clearFaults();
    }
  });

  it('Zoho down: exit 1 after the retries', async () => {
    await t.emulator.control.queueFaults({
      path: '/api/v1/departments',
      sequence: [{ status: 503, repeatForMs: 60_000 }],
    });
    try {
      const result = expectExit(await t.cli(['desk', 'departments'], {}, { timeoutMs: 30_000 }), 1);
      expect(result.stderr).toContain('503');
    } finally {
      await t.emulator.control.clearFaults();
    }
  }, 40_000);
});
