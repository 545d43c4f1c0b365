import type { EmulatorHandle } from '@zohokit/emulator';
import { createEmulatorApp, DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID, startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { deskSession } from '../support/desk.js';
import { rawRequest } from '../support/http-raw.js';

/*
 * Desk records carry `webUrl`, which CLIs and apps print. Real Zoho links to desk.zoho.*, where an emulated
 * ticket does not exist; the emulator links to its own inspector's Desk section instead.
 */

let emu: EmulatorHandle;
let desk: DeskSession;
beforeEach(async () => {
  emu = await startEmulator();
  desk = await deskSession(emu);
});
afterEach(() => emu.close());

describe('webUrl', () => {
  it("opens this emulator's inspector at the Desk section, for tickets and contacts", async () => {
    const ticket = (
      await desk.call('/api/v1/tickets', {
        method: 'POST',
        body: {
          subject: 'Link me',
          departmentId: desk.supportId,
          contact: { lastName: 'Ada', email: 'a@example.com' },
        },
      })
    ).body;
    expect(ticket.webUrl).toBe(`${emu.url}/?ticket=${ticket.id}#desk`);
    const contact = (await desk.call(`/api/v1/contacts/${ticket.contactId}`)).body;
    expect(contact.webUrl).toBe(`${emu.url}/?contact=${ticket.contactId}#desk`);

    for (const link of [ticket.webUrl, contact.webUrl]) {
      expect(link).not.toMatch(/zoho\./);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('/__emulator/inspector/inspector.js');
    }
  });

  it('points at the emulator even when the call came through a hosts-file alias (desk.zoho.com)', async () => {
    const reply = await rawRequest(emu.url, {
      path: '/api/v1/tickets?limit=1',
      headers: { host: 'desk.zoho.com', authorization: `Zoho-oauthtoken ${desk.accessToken}`, orgId: desk.orgId },
    });
    expect(reply.status).toBe(200);
    await desk.call('/api/v1/tickets', {
      method: 'POST',
      body: { subject: 'Aliased', departmentId: desk.supportId, contact: { lastName: 'Bo' } },
    });
    const listed = await rawRequest(emu.url, {
      path: '/api/v1/tickets?limit=1',
      headers: { host: 'desk.zoho.com', authorization: `Zoho-oauthtoken ${desk.accessToken}`, orgId: desk.orgId },
    });
    const [first] = JSON.parse(listed.text).data as Array<{ id: string; webUrl: string }>;
    expect(first?.webUrl).toBe(`${emu.url}/?ticket=${first?.id}#desk`);
  });

  it('in-process, links to the origin the request was addressed to', async () => {
    const { app, stop } = createEmulatorApp();
    try {
      const json = { 'content-type': 'application/json' };
      const client = await (
        await app.request('/__emulator/clients', { method: 'POST', headers: json, body: '{"type":"self"}' })
      ).json();
      const { code } = await (
        await app.request('/__emulator/grant-codes', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ clientId: client.clientId, scope: 'Desk.tickets.ALL' }),
        })
      ).json();
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        code,
      });
      const { access_token } = await (await app.request('/oauth/v2/token', { method: 'POST', body: form })).json();
      const created = await app.request('http://desk.zoho.eu/api/v1/tickets', {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${access_token}`, orgId: DESK_ORG_ID },
        body: JSON.stringify({
          subject: 'In-process',
          departmentId: DESK_SUPPORT_DEPARTMENT_ID,
          contact: { lastName: 'Cy' },
        }),
      });
      const ticket = await created.json();
      expect(created.status).toBe(200);
      expect(ticket.webUrl).toBe(`http://desk.zoho.eu/?ticket=${ticket.id}#desk`);
    } finally {
      stop();
    }
  });
});
