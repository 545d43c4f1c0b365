import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK_SCOPES } from '../support/desk.js';
import { selfClientTokens } from '../support/helpers.js';

/*
 * Zoho Accounts documents `Authorization: Bearer <token>` beside `Zoho-oauthtoken <token>`, and clients built
 * against real Zoho send only Bearer (docs/zoho-behaviour.md "Accounts"), so every product accepts both.
 */

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const SCOPES = `${DESK_SCOPES},ZohoCampaigns.contact.READ`;
const SCHEMES = ['Bearer', 'bearer', 'BEARER', 'zoho-oauthtoken'];

describe('Authorization: Bearer', () => {
  it('authenticates whoami, with the scheme in any case', async () => {
    const { accessToken, client } = await selfClientTokens(emu, SCOPES);
    for (const scheme of SCHEMES) {
      const response = await fetch(`${emu.url}/__emulator/whoami`, {
        headers: { Authorization: `${scheme} ${accessToken}` },
      });
      expect(response.status, scheme).toBe(200);
      expect(((await response.json()) as { clientId: string }).clientId).toBe(client.clientId);
    }
  });

  it('authenticates Desk calls', async () => {
    const { accessToken } = await selfClientTokens(emu, SCOPES);
    const { orgs } = await emu.control.desk.overview();
    const orgId = orgs[0]?.id ?? '';
    for (const scheme of SCHEMES) {
      const response = await fetch(`${emu.endpoints.desk}/api/v1/tickets`, {
        headers: { Authorization: `${scheme} ${accessToken}`, orgId },
      });
      expect(response.status, scheme).toBe(200);
      expect(Array.isArray(((await response.json()) as { data: unknown[] }).data)).toBe(true);
    }
  });

  it('authenticates Campaigns calls', async () => {
    const { accessToken } = await selfClientTokens(emu, SCOPES);
    for (const scheme of SCHEMES) {
      const response = await fetch(`${emu.endpoints.campaigns}/api/v1.1/getmailinglists?resfmt=JSON`, {
        headers: { Authorization: `${scheme} ${accessToken}` },
      });
      expect(response.status, scheme).toBe(200);
      expect(((await response.json()) as { code: string }).code).toBe('0');
    }
  });

  it('still checks the token itself and its scopes', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCampaigns.contact.READ');
    const { orgs } = await emu.control.desk.overview();
    const desk = await fetch(`${emu.endpoints.desk}/api/v1/tickets`, {
      headers: { Authorization: `Bearer ${accessToken}`, orgId: orgs[0]?.id ?? '' },
    });
    expect(desk.status).toBe(401);
    expect(((await desk.json()) as { errorCode: string }).errorCode).toBe('SCOPE_MISMATCH');
    const unknown = await fetch(`${emu.url}/__emulator/whoami`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(unknown.status).toBe(401);
  });
});
