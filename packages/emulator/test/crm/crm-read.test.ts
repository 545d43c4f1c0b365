import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bogus, selfClientTokens } from '../support/helpers.js';
import { rawRequest } from '../support/http-raw.js';

/*
 * The read-only CRM slice (docs/zoho-behaviour.md "CRM"): GET /crm/{version}/users and /org on the API domain,
 * CRM's envelope for errors, 204 for an empty read.
 */

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

async function crm(token: string | null, path: string) {
  const response = await fetch(`${emu.endpoints.api}${path}`, {
    headers: token === null ? {} : { Authorization: `Zoho-oauthtoken ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text,
    body: text ? JSON.parse(text) : null,
  };
}

const SCOPE_MISMATCH = {
  code: 'OAUTH_SCOPE_MISMATCH',
  details: {},
  message: 'invalid oauth scope to access this URL',
  status: 'error',
};
const INVALID_TOKEN = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };

describe('GET /crm/v8/users', () => {
  it("answers the seeded user in Zoho's { users, info } shape, for type=CurrentUser and by default", async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.READ');
    for (const query of ['?type=CurrentUser', '', '?type=AllUsers', '?type=ActiveUsers', '?type=AdminUsers']) {
      const reply = await crm(accessToken, `/crm/v8/users${query}`);
      expect(reply.status, query).toBe(200);
      expect(reply.type).toBe('application/json;charset=UTF-8');
      expect(reply.body.info).toEqual({ per_page: 200, count: 1, page: 1, more_records: false });
      expect(reply.body.users).toHaveLength(1);
      expect(reply.body.users[0]).toMatchObject({
        zuid: '10000001',
        email: 'dev@zohokit.test',
        full_name: 'Dev User',
        first_name: 'Dev',
        last_name: 'User',
        status: 'active',
        confirm: true,
        profile: { name: 'Administrator' },
      });
      expect(reply.body.users[0].id).toMatch(/^\d{19}$/);
    }
  });

  it('answers 204 with no body when no user matches the type', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.ALL');
    for (const type of ['DeactiveUsers', 'NotConfirmedUsers', 'DeletedUsers']) {
      const reply = await crm(accessToken, `/crm/v8/users?type=${type}`);
      expect(reply.status, type).toBe(204);
      expect(reply.text).toBe('');
    }
    expect((await crm(accessToken, '/crm/v8/users?page=2')).status).toBe(204);
  });

  it('validates type, page and per_page (1–200)', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.READ');
    for (const [query, param] of [
      ['type=Everyone', 'type'],
      ['type=currentuser', 'type'],
      ['page=0', 'page'],
      ['page=x', 'page'],
      ['per_page=201', 'per_page'],
      ['per_page=0', 'per_page'],
    ]) {
      const reply = await crm(accessToken, `/crm/v8/users?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body).toEqual({
        code: 'INVALID_DATA',
        details: { param_name: param },
        message: 'invalid data',
        status: 'error',
      });
    }
    const paged = await crm(accessToken, '/crm/v8/users?per_page=1&page=1');
    expect(paged.body.info).toEqual({ per_page: 1, count: 1, page: 1, more_records: false });
  });

  it('needs ZohoCRM.users.READ or .ALL: other scopes get 401 OAUTH_SCOPE_MISMATCH, bad tokens INVALID_TOKEN', async () => {
    const modules = await selfClientTokens(emu, 'ZohoCRM.modules.ALL,ZohoCRM.org.READ');
    const reply = await crm(modules.accessToken, '/crm/v8/users');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(SCOPE_MISMATCH);
    for (const token of [null, bogus()]) {
      const bad = await crm(token, '/crm/v8/users');
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual(INVALID_TOKEN);
    }
  });

  it('serves the other CRM versions with users, and nothing else under /crm', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.READ');
    for (const version of ['v2', 'v2.1', 'v3', 'v7']) {
      expect((await crm(accessToken, `/crm/${version}/users`)).status, version).toBe(200);
    }
    for (const path of ['/crm/v9/users', '/crm/v1/users', '/crm/v8/Leads/1/extra', '/crm/v8/users/extra']) {
      const reply = await crm(accessToken, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.code).toBe('INVALID_URL_PATTERN');
    }
  });

  it('answers through the API host alias, while a Desk host keeps Desk’s not-found', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.READ');
    const headers = { authorization: `Bearer ${accessToken}` };
    const api = await rawRequest(emu.url, { path: '/crm/v8/users', headers: { ...headers, host: 'www.zohoapis.com' } });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.text).users[0].email).toBe('dev@zohokit.test');
    const desk = await rawRequest(emu.url, { path: '/crm/v8/users', headers: { ...headers, host: 'desk.zoho.com' } });
    expect(desk.status).toBe(404);
    expect(JSON.parse(desk.text).errorCode).toBe('URL_NOT_FOUND');
  });
});

describe('GET /crm/v8/org', () => {
  it('answers { org: [ ... ] } with the primary user, for ZohoCRM.org.READ or .ALL', async () => {
    for (const scope of ['ZohoCRM.org.READ', 'ZohoCRM.org.ALL']) {
      const { accessToken } = await selfClientTokens(emu, scope);
      const reply = await crm(accessToken, '/crm/v8/org');
      expect(reply.status, scope).toBe(200);
      expect(reply.body.org).toHaveLength(1);
      expect(reply.body.org[0]).toMatchObject({
        primary_email: 'dev@zohokit.test',
        primary_zuid: '10000001',
        iso_code: 'USD',
        license_details: { paid: true },
      });
      expect(reply.body.org[0].id).toMatch(/^\d{19}$/);
    }
  });

  it('needs the org scope', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.users.ALL');
    const reply = await crm(accessToken, '/crm/v8/org');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(SCOPE_MISMATCH);
  });
});
