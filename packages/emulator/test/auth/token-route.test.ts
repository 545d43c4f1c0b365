import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../support/helpers.js';
import { bogus, postToken, refresh, selfClientTokens, sleep, TOKEN_SHAPE, whoami } from '../support/helpers.js';

const ZOHO_JSON = 'application/json;charset=UTF-8';
const REDIRECT = 'https://app.example.test/callback';

const running: EmulatorHandle[] = [];
async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<EmulatorHandle> {
  const emu = await startEmulator(options);
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

/** Runs the redirect flow and returns the code from the callback. */
async function serverCode(emu: EmulatorHandle, clientId: string, scope = 'Desk.tickets.ALL'): Promise<string> {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope,
    access_type: 'offline',
  });
  const response = await fetch(`${emu.url}/oauth/v2/auth?${query}`, { redirect: 'manual' });
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

describe('POST /oauth/v2/token — authorization_code', () => {
  it('exchanges a self-client console code for an access and a refresh token', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const { code } = await emu.control.mintGrantCode({
      clientId: client.clientId,
      scope: ['Desk.tickets.CREATE', 'ZohoCampaigns.contact.CREATE-UPDATE'],
    });
    const reply = await postToken(emu, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
    });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe(ZOHO_JSON);
    expect(Object.keys(reply.body)).toEqual([
      'access_token',
      'refresh_token',
      'scope',
      'api_domain',
      'token_type',
      'expires_in',
    ]);
    expect(reply.body.access_token).toMatch(TOKEN_SHAPE);
    expect(reply.body.refresh_token).toMatch(TOKEN_SHAPE);
    expect(reply.body).toMatchObject({
      scope: 'Desk.tickets.CREATE ZohoCampaigns.contact.CREATE-UPDATE',
      api_domain: emu.url,
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('exchanges a server-client code when the same redirect_uri is repeated', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'server', redirectUris: [REDIRECT] });
    const base = { grant_type: 'authorization_code', client_id: client.clientId, client_secret: client.clientSecret };
    const code = await serverCode(emu, client.clientId);
    const missing = await postToken(emu, { ...base, code });
    expect(missing.body).toEqual({ error: 'invalid_redirect_uri' });
    const different = await postToken(emu, { ...base, code, redirect_uri: `${REDIRECT}/other` });
    expect(different.body).toEqual({ error: 'invalid_redirect_uri' });
    // A redirect mismatch does not burn the code.
    const ok = await postToken(emu, { ...base, code, redirect_uri: REDIRECT });
    expect(ok.body.access_token).toMatch(TOKEN_SHAPE);
    expect(ok.body.refresh_token).toMatch(TOKEN_SHAPE);
  });

  it.each<Transport>(['query', 'form', 'multipart'])('accepts the parameters as %s', async (transport) => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope: 'Desk.tickets.READ' });
    const reply = await postToken(
      emu,
      { grant_type: 'authorization_code', client_id: client.clientId, client_secret: client.clientSecret, code },
      transport,
    );
    expect(reply.body.access_token).toMatch(TOKEN_SHAPE);
    expect((await emu.control.counters()).tokenCalls.authorization_code).toBe(1);
  });

  it('merges query-string and body parameters', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope: 'Desk.tickets.READ' });
    const query = new URLSearchParams({ client_id: client.clientId, grant_type: 'authorization_code' });
    const response = await fetch(`${emu.url}/oauth/v2/token?${query}`, {
      method: 'POST',
      body: new URLSearchParams({ client_secret: client.clientSecret, code }),
    });
    expect(((await response.json()) as Record<string, unknown>).access_token).toMatch(TOKEN_SHAPE);
  });

  it('refuses GET with a 405 page, never a token JSON', async () => {
    const emu = await start();
    const { client } = await selfClientTokens(emu);
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: client.clientId });
    const response = await fetch(`${emu.url}/oauth/v2/token?${query}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).not.toContain('access_token');
  });

  it('accepts a grant code once only', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope: 'Desk.tickets.READ' });
    const params = {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
    };
    expect((await postToken(emu, params)).body.access_token).toMatch(TOKEN_SHAPE);
    const again = await postToken(emu, params);
    expect(again.status).toBe(200);
    expect(again.text).toBe('{"error":"invalid_code"}');
  });

  it('expires grant codes after grantCodeTtlSec', async () => {
    const emu = await start({ grantCodeTtlSec: 1 });
    const client = await emu.control.createClient({ type: 'server', redirectUris: [REDIRECT] });
    const code = await serverCode(emu, client.clientId);
    await sleep(1100);
    const reply = await postToken(emu, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uri: REDIRECT,
      code,
    });
    expect(reply.body).toEqual({ error: 'invalid_code' });
  });

  it("rejects another client's code", async () => {
    const emu = await start();
    const owner = await emu.control.createClient({ type: 'self' });
    const other = await emu.control.createClient({ type: 'self' });
    const { code } = await emu.control.mintGrantCode({ clientId: owner.clientId, scope: 'Desk.tickets.READ' });
    const reply = await postToken(emu, {
      grant_type: 'authorization_code',
      client_id: other.clientId,
      client_secret: other.clientSecret,
      code,
    });
    expect(reply.body).toEqual({ error: 'invalid_code' });
  });

  it('reports expires_in in milliseconds plus expires_in_sec with legacyExpiresIn', async () => {
    const emu = await start({ legacyExpiresIn: true, tokenTtlSec: 1800 });
    const { client, refreshToken } = await selfClientTokens(emu);
    const reply = await refresh(emu, client, refreshToken);
    expect(reply.body.expires_in).toBe(1_800_000);
    expect(reply.body.expires_in_sec).toBe(1800);
  });
});

describe('POST /oauth/v2/token — errors are HTTP 200 with bare bodies', () => {
  it('answers every error with the exact body and Zoho content type', async () => {
    const emu = await start();
    const { client, refreshToken } = await selfClientTokens(emu);
    const server = await emu.control.createClient({ type: 'server', redirectUris: [REDIRECT] });
    const cases: Array<[Record<string, string>, unknown]> = [
      [{ grant_type: 'refresh_token', refresh_token: refreshToken }, { error: 'invalid_client' }],
      [
        { grant_type: 'refresh_token', client_id: bogus(), client_secret: bogus(), refresh_token: refreshToken },
        { error: 'invalid_client' },
      ],
      [
        {
          grant_type: 'refresh_token',
          client_id: client.clientId,
          client_secret: bogus(),
          refresh_token: refreshToken,
        },
        { error: 'invalid_client_secret' },
      ],
      [
        {
          grant_type: 'refresh_token',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          refresh_token: bogus(),
        },
        { error: 'invalid_code' },
      ],
      [
        {
          grant_type: 'authorization_code',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          code: bogus(),
        },
        { error: 'invalid_code' },
      ],
      [
        { grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret },
        { error: 'unsupported_grant_type' },
      ],
      [{ client_id: client.clientId, client_secret: client.clientSecret }, { error: 'unsupported_grant_type' }],
      [
        {
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          scope: 'ZohoCRM.modules.ALL',
        },
        { error: 'missing_org_info' },
      ],
      [
        {
          grant_type: 'client_credentials',
          client_id: server.clientId,
          client_secret: server.clientSecret,
          scope: 'ZohoCRM.modules.ALL',
          soid: 'ZohoCRM.1234',
        },
        { error: 'invalid_client' },
      ],
    ];
    for (const [params, expected] of cases) {
      const reply = await postToken(emu, params);
      expect(reply.status, JSON.stringify(params)).toBe(200);
      expect(reply.contentType).toBe(ZOHO_JSON);
      expect(reply.body, JSON.stringify(params)).toEqual(expected);
      expect(reply.text).toBe(JSON.stringify(expected));
    }
    const counters = await emu.control.counters();
    expect(counters.tokenErrors).toEqual({
      invalid_client: 3,
      invalid_client_secret: 1,
      invalid_code: 2,
      unsupported_grant_type: 2,
      missing_org_info: 1,
    });
    expect(counters.tokenCalls.other).toBe(2);
  });

  it('knows clients only on the data centre that registered them', async () => {
    const eu = await start({ dc: 'eu' });
    const us = await start({ dc: 'us' });
    const { client, refreshToken } = await selfClientTokens(eu);
    expect((await refresh(eu, client, refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
    const elsewhere = await refresh(us, client, refreshToken);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.text).toBe('{"error":"invalid_client"}');
  });
});

describe('POST /oauth/v2/token — names inherited from Object.prototype', () => {
  it('treats them as unknown clients, codes and grant types', async () => {
    const emu = await start();
    const { client } = await selfClientTokens(emu);
    const secret = { client_id: client.clientId, client_secret: client.clientSecret };
    expect((await postToken(emu, { grant_type: 'refresh_token', client_id: 'constructor' })).body).toEqual({
      error: 'invalid_client',
    });
    expect((await postToken(emu, { ...secret, grant_type: 'toString' })).body).toEqual({
      error: 'unsupported_grant_type',
    });
    expect(
      (await postToken(emu, { ...secret, grant_type: 'refresh_token', refresh_token: 'hasOwnProperty' })).body,
    ).toEqual({
      error: 'invalid_code',
    });
    expect((await postToken(emu, { ...secret, grant_type: 'authorization_code', code: '__proto__' })).body).toEqual({
      error: 'invalid_code',
    });
    await expect(emu.control.createClient({ type: 'self', clientId: '__proto__' })).rejects.toThrow(/clientId/);
  });
});

describe('POST /oauth/v2/token — refresh_token', () => {
  it('mints a new access token without rotating the refresh token', async () => {
    const emu = await start();
    const { client, accessToken, refreshToken } = await selfClientTokens(emu, 'Desk.tickets.READ,Desk.basic.READ');
    const reply = await refresh(emu, client, refreshToken);
    expect(Object.keys(reply.body)).toEqual(['access_token', 'scope', 'api_domain', 'token_type', 'expires_in']);
    expect(reply.body.access_token).toMatch(TOKEN_SHAPE);
    expect(reply.body.access_token).not.toBe(accessToken);
    expect(reply.body.scope).toBe('Desk.tickets.READ Desk.basic.READ');
    expect(reply.body.expires_in).toBe(3600);
    // The old refresh token keeps working.
    expect((await refresh(emu, client, refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
  });
});

describe('POST /oauth/v2/token — client_credentials', () => {
  it('issues an access token, without refresh token, for a self client with scope and soid', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const reply = await postToken(emu, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope: 'ZohoCRM.modules.ALL',
      soid: 'ZohoCRM.1234567890',
    });
    expect(reply.body.access_token).toMatch(TOKEN_SHAPE);
    expect(reply.body).not.toHaveProperty('refresh_token');
    expect(reply.body.scope).toBe('ZohoCRM.modules.ALL');
    expect((await whoami(emu, reply.body.access_token as string)).status).toBe(200);
  });

  it('answers missing_org_info without soid and invalid_scope without scope', async () => {
    const emu = await start();
    const client = await emu.control.createClient({ type: 'self' });
    const base = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret };
    expect((await postToken(emu, { ...base, scope: 'ZohoCRM.modules.ALL' })).body).toEqual({
      error: 'missing_org_info',
    });
    expect((await postToken(emu, { ...base, soid: 'ZohoCRM.1234567890' })).body).toEqual({ error: 'invalid_scope' });
  });
});
