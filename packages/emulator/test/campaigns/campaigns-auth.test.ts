import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaigns, campaignsToken, contactinfo, errorEnvelope, IMMEDIATE } from '../support/campaigns.js';
import { bogus, postToken, selfClientTokens } from '../support/helpers.js';

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator({ tokenTtlSec: 60 });
});
afterEach(() => emu.close());

const CALLS = {
  read: ['getmailinglists', {}],
  subscribe: [
    'json/listsubscribe',
    { listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }) },
  ],
  bulk: ['addlistsubscribersinbulk', { listkey: IMMEDIATE, emailids: 'b@example.com' }],
} as const;
type Kind = keyof typeof CALLS;

const call = (token: string | null, kind: Kind) => {
  const [api, params] = CALLS[kind];
  return campaigns(emu, token, api, params);
};

describe('scopes (zoho-api.md §3.5)', () => {
  const REQUIRED: Record<Kind, string> = {
    read: 'ZohoCampaigns.contact.READ',
    subscribe: 'ZohoCampaigns.contact.UPDATE',
    bulk: 'ZohoCampaigns.contact.CREATE',
  };
  const GRANTS: [string, Kind[]][] = [
    ['ZohoCampaigns.contact.READ', ['read']],
    ['ZohoCampaigns.contact.UPDATE', ['subscribe']],
    ['ZohoCampaigns.contact.CREATE', ['bulk']],
    ['ZohoCampaigns.contact.CREATE-UPDATE', ['subscribe', 'bulk']],
    ['ZohoCampaigns.contact.WRITE', ['subscribe', 'bulk']],
    ['ZohoCampaigns.contact.ALL', ['read', 'subscribe', 'bulk']],
    ['Desk.tickets.ALL', []],
  ];
  for (const [scope, allowed] of GRANTS) {
    it(`${scope} allows ${allowed.join(', ') || 'nothing'} and answers 2701 naming the scope otherwise`, async () => {
      const token = await campaignsToken(emu, scope);
      for (const kind of Object.keys(CALLS) as Kind[]) {
        const reply = await call(token, kind);
        expect(reply.status).toBe(200);
        if (allowed.includes(kind)) {
          expect(reply.body.code, kind).toBe('0');
        } else {
          expect(reply.body, kind).toMatchObject({ status: 'error', code: '2701', version: '1.1' });
          expect(reply.body.message).toBe(
            `Insufficient privilege to access your mailing list. This API requires ${REQUIRED[kind]}`,
          );
        }
      }
    });
  }
});

describe('tokens', () => {
  const invalid = (uri: string) => ({
    ...errorEnvelope('1007', uri),
    message: 'Unauthorized key. The OAuth token is invalid or expired.',
  });

  it('a missing, unknown, mis-schemed, expired or revoked token → HTTP 200 code 1007', async () => {
    const { accessToken, refreshToken, client } = await selfClientTokens(emu, 'ZohoCampaigns.contact.ALL');
    expect((await call(accessToken, 'read')).body.code).toBe('0');

    expect((await call(null, 'read')).body).toEqual(invalid('/api/v1.1/getmailinglists'));
    expect((await call(bogus(), 'subscribe')).body).toEqual(invalid('/api/v1.1/json/listsubscribe'));
    const basic = await fetch(`${emu.url}/api/v1.1/getmailinglists?resfmt=JSON`, {
      headers: { Authorization: `Basic ${accessToken}` },
    });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toEqual(invalid('/api/v1.1/getmailinglists'));

    await emu.control.expireTokens({ clientId: client.clientId });
    const expired = await call(accessToken, 'bulk');
    expect(expired.status).toBe(200);
    expect(expired.body).toEqual(invalid('/api/v1.1/addlistsubscribersinbulk'));

    const refreshed = await postToken(emu, {
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: refreshToken,
    });
    const fresh = refreshed.body.access_token as string;
    expect((await call(fresh, 'read')).body.code).toBe('0');
    await emu.control.revokeToken(refreshToken);
    expect((await call(fresh, 'read')).body.code).toBe('1007');
  });

  it('calls refused for the token do not count towards the call windows', async () => {
    for (let i = 0; i < 3; i++) await call(bogus(), 'read');
    const [, , getmailinglists] = await emu.control.campaigns.locks();
    expect(getmailinglists).toMatchObject({ api: 'getmailinglists', windows: [{ used: 0 }] });
  });
});
