import type { EchoResponse, EmulatorHandle, WhoamiResponse } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bogus, selfClientTokens, whoami } from './support/helpers.js';

const INVALID_TOKEN = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('GET /__emulator/whoami', () => {
  it('describes the token owner without echoing the token', async () => {
    const { client, accessToken } = await selfClientTokens(emu, 'ZohoCRM.modules.ALL,Desk.tickets.READ');
    const response = await whoami(emu, accessToken);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(accessToken);
    const body = JSON.parse(text) as WhoamiResponse;
    expect(body.user).toEqual({ id: '10000001', email: 'dev@zohokit.test', name: 'Dev User' });
    expect(body.clientId).toBe(client.clientId);
    expect(body.scope).toEqual(['ZohoCRM.modules.ALL', 'Desk.tickets.READ']);
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('answers 401 INVALID_TOKEN for a missing, unknown, mis-schemed or expired token', async () => {
    const { client, accessToken } = await selfClientTokens(emu);
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: `Zoho-oauthtoken ${bogus()}` },
      { Authorization: `Bearer ${bogus()}` },
      { Authorization: `Basic ${accessToken}` },
      { Authorization: accessToken },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${emu.url}/__emulator/whoami`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(INVALID_TOKEN);
    }
    expect((await whoami(emu, accessToken)).status).toBe(200);
    expect(await emu.control.expireTokens({ clientId: client.clientId })).toEqual({ expired: 1 });
    const expired = await whoami(emu, accessToken);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual(INVALID_TOKEN);
  });

  it('expires only the named client with tokens/expire', async () => {
    const a = await selfClientTokens(emu);
    const b = await selfClientTokens(emu);
    await emu.control.expireTokens({ clientId: a.client.clientId });
    expect((await whoami(emu, a.accessToken)).status).toBe(401);
    expect((await whoami(emu, b.accessToken)).status).toBe(200);
    const all = await emu.control.expireTokens();
    expect(all.expired).toBeGreaterThanOrEqual(1);
    expect((await whoami(emu, b.accessToken)).status).toBe(401);
  });
});

describe('ALL /__emulator/echo', () => {
  it('echoes method, path, query, JSON body and content type, never the Authorization header', async () => {
    const { accessToken } = await selfClientTokens(emu);
    const response = await fetch(`${emu.url}/__emulator/echo/tickets/42?include=contacts&tag=a&tag=b`, {
      method: 'POST',
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Hello', departmentId: '1' }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(accessToken);
    expect(JSON.parse(text) as EchoResponse).toEqual({
      method: 'POST',
      path: '/__emulator/echo/tickets/42',
      query: { include: 'contacts', tag: ['a', 'b'] },
      body: { subject: 'Hello', departmentId: '1' },
      contentType: 'application/json',
    });
  });

  it('parses form bodies and keeps plain text as text', async () => {
    const { accessToken } = await selfClientTokens(emu);
    const headers = { Authorization: `Zoho-oauthtoken ${accessToken}` };
    const form = await fetch(`${emu.url}/__emulator/echo`, {
      method: 'PUT',
      headers,
      body: new URLSearchParams({ listkey: 'list-1', source: 'web' }),
    });
    expect(((await form.json()) as EchoResponse).body).toEqual({ listkey: 'list-1', source: 'web' });
    const text = await fetch(`${emu.url}/__emulator/echo`, { method: 'POST', headers, body: 'just text' });
    expect(((await text.json()) as EchoResponse).body).toBe('just text');
    const get = await fetch(`${emu.url}/__emulator/echo`, { headers });
    expect((await get.json()) as EchoResponse).toMatchObject({ method: 'GET', body: null, contentType: null });
  });

  it('requires a valid token', async () => {
    const response = await fetch(`${emu.url}/__emulator/echo`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_TOKEN);
  });
});

describe('unrouted paths', () => {
  it('answer 404 INVALID_URL_PATTERN outside the control API and a control error inside it', async () => {
    const api = await fetch(`${emu.url}/crm/v8/Nothing/at/all`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as Record<string, unknown>).code).toBe('INVALID_URL_PATTERN');
    const control = await fetch(`${emu.url}/__emulator/nothing`);
    expect(control.status).toBe(404);
    expect(((await control.json()) as Record<string, unknown>).error).toContain('/__emulator/nothing');
  });
});
