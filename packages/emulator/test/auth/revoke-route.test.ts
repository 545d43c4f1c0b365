import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bogus, refresh, selfClientTokens, whoami } from '../support/helpers.js';

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

function revoke(token: string, where: 'query' | 'form' | 'multipart' = 'query'): Promise<Response> {
  if (where === 'query') {
    return fetch(`${emu.url}/oauth/v2/token/revoke?${new URLSearchParams({ token })}`, { method: 'POST' });
  }
  if (where === 'form') {
    return fetch(`${emu.url}/oauth/v2/token/revoke`, { method: 'POST', body: new URLSearchParams({ token }) });
  }
  const form = new FormData();
  form.append('token', token);
  return fetch(`${emu.url}/oauth/v2/token/revoke`, { method: 'POST', body: form });
}

describe('POST /oauth/v2/token/revoke', () => {
  it('revokes a refresh token with every access token minted from it', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu);
    const second = (await refresh(emu, client, refreshToken)).body.access_token as string;
    const response = await revoke(refreshToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success' });
    expect((await whoami(emu, accessToken)).status).toBe(401);
    expect((await whoami(emu, second)).status).toBe(401);
    expect((await refresh(emu, client, refreshToken)).body).toEqual({ error: 'invalid_code' });
    expect((await emu.control.counters()).tokenCalls.revoke).toBe(1);
  });

  it('revokes a single access token, sent in a form body', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu);
    const other = (await refresh(emu, client, refreshToken)).body.access_token as string;
    expect(await (await revoke(accessToken, 'form')).json()).toEqual({ status: 'success' });
    expect((await whoami(emu, accessToken)).status).toBe(401);
    expect((await whoami(emu, other)).status).toBe(200);
    expect((await refresh(emu, client, refreshToken)).body.access_token).toEqual(expect.any(String));
  });

  it('answers HTTP 400 invalid_token for an unknown or already revoked token', async () => {
    const unknown = await revoke(bogus(), 'multipart');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await unknown.json()).toEqual({ error: 'invalid_token', status: 'failure' });
    const { refreshToken } = await selfClientTokens(emu);
    expect((await revoke(refreshToken)).status).toBe(200);
    expect((await revoke(refreshToken)).status).toBe(400);
  });

  it('can be done from the control API', async () => {
    const { client, accessToken, refreshToken } = await selfClientTokens(emu);
    expect(await emu.control.revokeToken(refreshToken)).toEqual({ status: 'success', revokedAccessTokens: 1 });
    expect((await whoami(emu, accessToken)).status).toBe(401);
    expect((await refresh(emu, client, refreshToken)).body).toEqual({ error: 'invalid_code' });
    await expect(emu.control.revokeToken(refreshToken)).rejects.toThrow(/refreshToken/);
    const tokens = await emu.control.tokens();
    expect(tokens.refreshTokens[0]?.state).toBe('revoked');
    expect(tokens.accessTokens[0]?.state).toBe('revoked');
  });
});
