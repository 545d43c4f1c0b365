import type { Hono } from 'hono';
import { accessTokenState, currentWindow, revokeToken } from '../auth/token-records.js';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { maskSecret } from '../ids.js';
import { lookup } from '../state.js';
import { controlError, readInput } from './read-input.js';
import { expireTokensSchema, revokeTokenSchema } from './schemas.js';
import type {
  AccessTokenSummary,
  ExpireTokensResult,
  RefreshTokenSummary,
  RevokeTokenResult,
  TokensSnapshot,
} from './types.js';

function snapshot(ctx: EmulatorContext): TokensSnapshot {
  const now = ctx.now();
  const { refreshTokens, accessTokens } = ctx.state;
  const ats = Object.values(accessTokens).sort((a, b) => a.seq - b.seq);
  return {
    refreshTokens: Object.values(refreshTokens)
      .sort((a, b) => a.seq - b.seq)
      .map((rt): RefreshTokenSummary => {
        const window = rt.state === 'live' ? currentWindow(rt, now, ctx.options.limits.refreshWindowMs) : null;
        return {
          id: rt.id,
          token: maskSecret(rt.token),
          clientId: rt.clientId,
          userId: rt.userId,
          scopes: [...rt.scopes],
          createdAt: rt.createdAt,
          state: rt.state,
          endedAt: rt.endedAt,
          liveAccessTokens: ats.filter((at) => at.refreshToken === rt.token && accessTokenState(at, now) === 'live')
            .length,
          mintedInWindow: window?.minted ?? 0,
          windowEndsAt: window?.endsAt ?? null,
        };
      }),
    accessTokens: ats.map(
      (at): AccessTokenSummary => ({
        id: at.id,
        token: maskSecret(at.token),
        clientId: at.clientId,
        userId: at.userId,
        scopes: [...at.scopes],
        createdAt: at.createdAt,
        expiresAt: at.expiresAt,
        state: accessTokenState(at, now),
        endedAt: at.endedAt,
        refreshTokenId: lookup(refreshTokens, at.refreshToken ?? undefined)?.id ?? null,
        grantType: at.grantType,
      }),
    ),
  };
}

export function registerTokenRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.get('/__emulator/tokens', (c) => c.json(snapshot(ctx)));

  /** Ages live access tokens to "expired now", the cheap way to test a client's refresh-on-401 path. */
  app.post('/__emulator/tokens/expire', async (c) => {
    const input = await readInput(c, expireTokensSchema);
    if (!input.ok) return input.response;
    const now = ctx.now();
    let expired = 0;
    for (const at of Object.values(ctx.state.accessTokens)) {
      if (input.data.clientId !== undefined && at.clientId !== input.data.clientId) continue;
      if (accessTokenState(at, now) !== 'live') continue;
      at.expiresAt = now;
      expired += 1;
    }
    return c.json({ expired } satisfies ExpireTokensResult);
  });

  /** Same effect as `POST /oauth/v2/token/revoke`, without counting as a client's token call. */
  app.post('/__emulator/tokens/revoke', async (c) => {
    const input = await readInput(c, revokeTokenSchema);
    if (!input.ok) return input.response;
    const revoked = revokeToken(ctx, input.data.refreshToken);
    if (!revoked) return controlError(400, 'refreshToken: no live token with this value');
    return c.json({ status: 'success', revokedAccessTokens: revoked.revokedAccessTokens } satisfies RevokeTokenResult);
  });
}
