import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToken, refresh, selfClientTokens, TOKEN_SHAPE, whoami } from '../support/helpers.js';

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator({ dc: 'in', tokenTtlSec: 900 });
});
afterEach(() => emu.close());

describe('clients', () => {
  it("generates ids and secrets in Zoho's formats and masks secrets in listings", async () => {
    const self = await emu.control.createClient({ type: 'self' });
    const server = await emu.control.createClient({
      type: 'server',
      redirectUris: ['http://localhost/cb'],
      name: 'Web',
    });
    expect(self.clientId).toMatch(/^1000\.[A-Z0-9]{30}$/);
    expect(self.clientSecret).toMatch(/^[0-9a-f]{42}$/);
    expect(self).toMatchObject({ type: 'self', redirectUris: [] });
    expect(server).toMatchObject({ type: 'server', redirectUris: ['http://localhost/cb'] });

    const listed = await emu.control.listClients();
    expect(listed.map((c) => c.clientId)).toEqual([self.clientId, server.clientId]);
    expect(listed[1]).toMatchObject({ name: 'Web', type: 'server', redirectUris: ['http://localhost/cb'] });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(self.clientSecret);
    expect(text).not.toContain(server.clientSecret);
  });

  it('accepts a pinned id and secret, once', async () => {
    const clientId = `pinned-${Date.now()}`;
    const clientSecret = `secret-${Math.random()}`;
    const created = await emu.control.createClient({ type: 'self', clientId, clientSecret });
    expect(created).toMatchObject({ clientId, clientSecret });
    await expect(emu.control.createClient({ type: 'self', clientId })).rejects.toThrow(
      /clientId: .* already exists .*answered 400/,
    );
  });

  it('rejects bad input with a message naming the field', async () => {
    await expect(emu.control.createClient({ type: 'server' })).rejects.toThrow(
      /redirectUris: required for server clients/,
    );
    await expect(emu.control.createClient({ type: 'server', redirectUris: ['ftp://x'] })).rejects.toThrow(
      /redirectUris\.0:/,
    );
    await expect(emu.control.createClient({ type: 'self', redirectUris: ['http://x'] })).rejects.toThrow(
      /redirectUris:/,
    );
    await expect(emu.control.createClient({ type: 'robot' as never })).rejects.toThrow(/type:/);
    await expect(emu.control.createClient({ type: 'self', secret: 'x' } as never)).rejects.toThrow(
      /unknown field 'secret'/,
    );
    const raw = await fetch(`${emu.url}/__emulator/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: 'body: not valid JSON' });
  });
});

describe('grant codes', () => {
  it('mints self-client codes with the requested lifetime', async () => {
    const client = await emu.control.createClient({ type: 'self' });
    const minted = await emu.control.mintGrantCode({
      clientId: client.clientId,
      scope: 'Desk.tickets.READ',
      ttlSec: 600,
    });
    expect(minted.code).toMatch(TOKEN_SHAPE);
    expect(minted.expiresInSec).toBe(600);
    expect((await emu.control.mintGrantCode({ clientId: client.clientId, scope: ['a.b.READ'] })).expiresInSec).toBe(
      120,
    );
  });

  it('refuses unknown clients, server clients and empty scopes', async () => {
    const server = await emu.control.createClient({ type: 'server', redirectUris: ['http://localhost/cb'] });
    const self = await emu.control.createClient({ type: 'self' });
    await expect(emu.control.mintGrantCode({ clientId: 'nobody', scope: 'a.b.READ' })).rejects.toThrow(/clientId:/);
    await expect(emu.control.mintGrantCode({ clientId: server.clientId, scope: 'a.b.READ' })).rejects.toThrow(
      /self clients/,
    );
    await expect(emu.control.mintGrantCode({ clientId: self.clientId, scope: ' , ' })).rejects.toThrow(/scope:/);
  });

  it('issueRefreshToken runs the console flow (code, then exchange) and the tokens work', async () => {
    const client = await emu.control.createClient({ type: 'self' });
    const issued = await emu.control.issueRefreshToken({ ...client, scope: ['ZohoCRM.users.READ'] });
    expect(issued.refreshToken).toMatch(TOKEN_SHAPE);
    expect((await whoami(emu, issued.accessToken)).status).toBe(200);
    const counters = await emu.control.counters();
    expect(counters.tokenCalls.authorization_code).toBe(1);
    expect((await refresh(emu, client, issued.refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
    await expect(
      emu.control.issueRefreshToken({ ...client, clientSecret: 'wrong-secret', scope: 'ZohoCRM.users.READ' }),
    ).rejects.toThrow(/no refresh token \(invalid_client_secret\)/);
  });
});

describe('tokens listing', () => {
  it('shows every token with masked values, owner, scopes, times and state', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu, 'Desk.tickets.READ');
    const second = (await refresh(emu, client, refreshToken)).body.access_token as string;
    await postToken(emu, {
      grant_type: 'token_revoke_is_not_a_grant',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const snapshot = await emu.control.tokens();
    const text = JSON.stringify(snapshot);
    for (const secret of [accessToken, refreshToken, second]) expect(text).not.toContain(secret);

    const [rt] = snapshot.refreshTokens;
    expect(rt).toMatchObject({
      clientId: client.clientId,
      userId: '10000001',
      scopes: ['Desk.tickets.READ'],
      state: 'live',
      liveAccessTokens: 2,
      mintedInWindow: 2,
    });
    expect(rt?.token).toBe(`${refreshToken.slice(0, 7)}…${refreshToken.slice(-2)}`);
    // The window starts at the exchange's access token, minted right after the refresh token.
    expect(rt?.windowEndsAt).toBeGreaterThanOrEqual((rt?.createdAt ?? 0) + 600_000);
    expect(rt?.windowEndsAt).toBeLessThan((rt?.createdAt ?? 0) + 601_000);

    expect(snapshot.accessTokens).toHaveLength(2);
    const [first] = snapshot.accessTokens;
    expect(first).toMatchObject({ refreshTokenId: rt?.id, grantType: 'authorization_code', state: 'live' });
    expect((first?.expiresAt ?? 0) - (first?.createdAt ?? 0)).toBe(900_000);
    await emu.control.expireTokens();
    expect((await emu.control.tokens()).accessTokens.map((at) => at.state)).toEqual(['expired', 'expired']);
  });
});

describe('counters', () => {
  it('counts token calls by grant type, errors by code, and requests by route and status', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu);
    await refresh(emu, client, refreshToken);
    await postToken(emu, { grant_type: 'refresh_token', client_id: client.clientId, client_secret: 'wrong' });
    await fetch(`${emu.url}/oauth/v2/token/revoke?token=nothing-here`, { method: 'POST' });
    await whoami(emu, accessToken);
    await whoami(emu, 'not-a-token');
    await fetch(`${emu.url}/__emulator/echo/deep/path`, {
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}` },
    });
    await fetch(`${emu.url}/no/such/route`);

    const counters = await emu.control.counters();
    expect(counters.tokenCalls).toEqual({
      total: 4,
      authorization_code: 1,
      refresh_token: 2,
      client_credentials: 0,
      revoke: 1,
      other: 0,
    });
    expect(counters.tokenErrors).toEqual({ invalid_client_secret: 1, invalid_token: 1 });
    expect(counters.requests).toEqual({
      'POST /oauth/v2/token': { '200': 3 },
      'POST /oauth/v2/token/revoke': { '400': 1 },
      'GET /__emulator/whoami': { '200': 1, '401': 1 },
      'GET /__emulator/echo/*': { '200': 1 },
      'GET /no/such/route': { '404': 1 },
    });

    await emu.control.resetCounters();
    const zero = await emu.control.counters();
    expect(zero.tokenCalls.total).toBe(0);
    expect(zero.requests).toEqual({});
    expect(zero.tokenErrors).toEqual({});
  });
});

describe('reset', () => {
  it('returns to the just-started state and keeps the options', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu);
    await emu.control.queueFaults({ path: '/__emulator/whoami', sequence: [{ status: 500 }] });
    await emu.control.reset();

    expect(await emu.control.listClients()).toEqual([]);
    expect(await emu.control.tokens()).toEqual({ refreshTokens: [], accessTokens: [] });
    expect(await emu.control.listFaults()).toEqual([]);
    expect((await emu.control.counters()).tokenCalls.total).toBe(0);
    expect((await whoami(emu, accessToken)).status).toBe(401);
    expect((await refresh(emu, client, refreshToken)).body).toEqual({ error: 'invalid_client' });

    // Options survive: still the `in` data centre and 900-second tokens.
    const again = await selfClientTokens(emu);
    expect((await refresh(emu, again.client, again.refreshToken)).body.expires_in).toBe(900);
    const query = new URLSearchParams({
      client_id: 'x',
      response_type: 'code',
      redirect_uri: 'http://localhost/cb',
      scope: 'a.b.READ',
    });
    const server = await emu.control.createClient({ type: 'server', redirectUris: ['http://localhost/cb'] });
    query.set('client_id', server.clientId);
    const consent = await fetch(`${emu.url}/oauth/v2/auth?${query}`, { redirect: 'manual' });
    expect(new URL(consent.headers.get('location') ?? '').searchParams.get('location')).toBe('in');
  });
});
