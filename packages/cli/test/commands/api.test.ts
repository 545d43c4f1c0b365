import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../support/run-cli.js';
import { expectExit, type Tenant, useTenant } from '../support/tenant.js';

let t: Tenant;

useTenant((tenant) => {
  t = tenant;
});

describe('zohokit api', () => {
  it('GET on the unified API domain with -q, -H; the answer is printed as JSON', async () => {
    const echo = parseJson<{ method: string; path: string; query: Record<string, string> }>(
      expectExit(
        await t.cli([
          'api',
          'crm',
          'GET',
          '/__emulator/echo/crm/v8/Leads',
          '-q',
          'page=2',
          '-q',
          'fields=a,b',
          '-H',
          'X-Test: 1',
        ]),
        0,
      ).stdout,
    );
    expect(echo).toMatchObject({
      method: 'GET',
      path: '/__emulator/echo/crm/v8/Leads',
      query: { page: '2', fields: 'a,b' },
    });
  });

  it('POST a JSON body from -d, and a form from -f', async () => {
    const json = parseJson<{ body: unknown; contentType: string }>(
      expectExit(await t.cli(['api', 'api', 'POST', '/__emulator/echo', '-d', '{"hello":"world"}']), 0).stdout,
    );
    expect(json.body).toEqual({ hello: 'world' });
    expect(json.contentType).toContain('application/json');
    const form = parseJson<{ body: unknown; contentType: string }>(
      expectExit(await t.cli(['api', 'api', 'POST', '/__emulator/echo', '-f', 'a=1', '-f', 'b=x=y']), 0).stdout,
    );
    expect(form.body).toEqual({ a: '1', b: 'x=y' });
  });

  it('Desk: the orgId header comes from the profile; Campaigns: resfmt=JSON is added', async () => {
    const tickets = parseJson<{ data: unknown[] }>(
      expectExit(await t.cli(['api', 'desk', 'GET', '/api/v1/tickets', '-q', 'limit=5', '--org-id', DESK_ORG_ID]), 0)
        .stdout,
    );
    expect(Array.isArray(tickets.data)).toBe(true);
    const created = parseJson<{ id: string }>(
      expectExit(
        await t.cli([
          'api',
          'desk',
          'POST',
          '/api/v1/tickets',
          '--org-id',
          DESK_ORG_ID,
          '-d',
          JSON.stringify({ subject: 'raw', departmentId: DESK_SUPPORT_DEPARTMENT_ID, contact: { lastName: 'Raw' } }),
        ]),
        0,
      ).stdout,
    );
    expect(created.id).toMatch(/^\d+$/);
    const lists = parseJson<{ status: string; list_of_details: unknown[] }>(
      expectExit(await t.cli(['api', 'campaigns', 'GET', '/api/v1.1/getmailinglists']), 0).stdout,
    );
    expect(lists.status).toBe('success');
    expect(lists.list_of_details.length).toBeGreaterThan(0);
  });

  it('usage errors exit 2: unknown product, method, a relative path, bad JSON, -d with -f', async () => {
    for (const args of [
      ['api', 'sheets', 'GET', '/x'],
      ['api', 'api', 'FETCH', '/x'],
      ['api', 'api', 'GET', 'x'],
      ['api', 'api', 'POST', '/x', '-d', '{nope'],
      ['api', 'api', 'POST', '/x', '-d', '{}', '-f', 'a=b'],
      ['api', 'api', 'GET'],
    ]) {
      expectExit(await t.cli(args), 2);
    }
  });

  it('Zoho errors exit 1 with the code: an unknown URL, an unknown CRM module', async () => {
    const result = expectExit(await t.cli(['api', 'api', 'GET', '/crm/v9/users']), 1);
    expect(result.stderr).toContain('INVALID_URL_PATTERN');
    const module = expectExit(await t.cli(['api', 'api', 'GET', '/crm/v8/nothing-here']), 1);
    expect(module.stderr).toContain('INVALID_MODULE');
    expect(module.stderr).toContain('zohokit crm modules');
  });
});
