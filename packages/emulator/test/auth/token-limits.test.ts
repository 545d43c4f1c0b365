import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { postToken, refresh, selfClientTokens, sleep, TOKEN_SHAPE, whoami } from '../support/helpers.js';

const THROTTLE_TEXT =
  '{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}';

const running: EmulatorHandle[] = [];
async function start(options: Parameters<typeof startEmulator>[0]): Promise<EmulatorHandle> {
  const emu = await startEmulator(options);
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

describe('access tokens per refresh token per window', () => {
  it('throttles past the quota until the window ends, counting the code exchange', async () => {
    const emu = await start({ limits: { accessTokensPerRefreshToken: 3, refreshWindowMs: 1500 } });
    const { client, refreshToken } = await selfClientTokens(emu); // mint 1 of 3
    expect((await refresh(emu, client, refreshToken)).body.access_token).toMatch(TOKEN_SHAPE); // 2
    expect((await refresh(emu, client, refreshToken)).body.access_token).toMatch(TOKEN_SHAPE); // 3
    const denied = await refresh(emu, client, refreshToken);
    expect(denied.status).toBe(200);
    expect(denied.contentType).toBe('application/json;charset=UTF-8');
    expect(denied.text).toBe(THROTTLE_TEXT);
    expect((await refresh(emu, client, refreshToken)).text).toBe(THROTTLE_TEXT);

    const [rt] = (await emu.control.tokens()).refreshTokens;
    expect(rt?.mintedInWindow).toBe(3);
    expect(rt?.windowEndsAt).toBeGreaterThan(Date.now());
    expect((await emu.control.counters()).tokenErrors['Access Denied']).toBe(2);

    await sleep(1600);
    expect((await refresh(emu, client, refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
    expect((await emu.control.tokens()).refreshTokens[0]?.mintedInWindow).toBe(1);
  });

  it('throttles each refresh token on its own', async () => {
    const emu = await start({ limits: { accessTokensPerRefreshToken: 2, refreshWindowMs: 60_000 } });
    const first = await selfClientTokens(emu);
    expect((await refresh(emu, first.client, first.refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
    expect((await refresh(emu, first.client, first.refreshToken)).text).toBe(THROTTLE_TEXT);
    const second = await selfClientTokens(emu);
    expect((await refresh(emu, second.client, second.refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
  });
});

describe('live access tokens per refresh token', () => {
  it('silently invalidates the oldest access token past the cap', async () => {
    const emu = await start({ limits: { maxLiveAccessTokens: 2 } });
    const { client, accessToken: first, refreshToken } = await selfClientTokens(emu);
    const second = (await refresh(emu, client, refreshToken)).body.access_token as string;
    expect((await whoami(emu, first)).status).toBe(200);
    const third = (await refresh(emu, client, refreshToken)).body.access_token as string;
    expect(third).toMatch(TOKEN_SHAPE);
    const rejected = await whoami(emu, first);
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toEqual({
      code: 'INVALID_TOKEN',
      details: {},
      message: 'invalid oauth token',
      status: 'error',
    });
    expect((await whoami(emu, second)).status).toBe(200);
    expect((await whoami(emu, third)).status).toBe(200);
    const states = (await emu.control.tokens()).accessTokens.map((at) => at.state);
    expect(states).toEqual(['evicted', 'live', 'live']);
  });
});

describe('refresh tokens per user and client', () => {
  it('evicts the oldest refresh token and its access tokens; refreshing it is invalid_code', async () => {
    const emu = await start({ limits: { maxRefreshTokens: 2 } });
    const client = await emu.control.createClient({ type: 'self' });
    const exchange = async () => {
      const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope: 'Desk.tickets.READ' });
      const reply = await postToken(emu, {
        grant_type: 'authorization_code',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        code,
      });
      return { at: reply.body.access_token as string, rt: reply.body.refresh_token as string };
    };
    const oldest = await exchange();
    const middle = await exchange();
    expect((await refresh(emu, client, oldest.rt)).body.access_token).toMatch(TOKEN_SHAPE);
    await exchange(); // the third pushes the oldest out
    expect((await refresh(emu, client, oldest.rt)).body).toEqual({ error: 'invalid_code' });
    expect((await whoami(emu, oldest.at)).status).toBe(401);
    expect((await refresh(emu, client, middle.rt)).body.access_token).toMatch(TOKEN_SHAPE);
    expect((await emu.control.tokens()).refreshTokens.map((rt) => rt.state)).toEqual(['evicted', 'live', 'live']);
  });

  it('counts refresh tokens per client', async () => {
    const emu = await start({ limits: { maxRefreshTokens: 1 } });
    const a = await selfClientTokens(emu);
    const b = await selfClientTokens(emu);
    expect((await refresh(emu, a.client, a.refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
    expect((await refresh(emu, b.client, b.refreshToken)).body.access_token).toMatch(TOKEN_SHAPE);
  });
});
