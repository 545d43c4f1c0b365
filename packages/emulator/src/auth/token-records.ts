import type { EmulatorContext } from '../emulator-context.js';
import { newToken } from '../ids.js';
import type { AccessTokenRecord, EmulatorState, GrantType, RefreshTokenRecord } from '../state.js';
import { lookup, nextSeq } from '../state.js';

/**
 * A token's state as the control API reports it. `evicted`: silently pushed out by one of Zoho's caps, the oldest
 * access token past `limits.maxLiveAccessTokens` live ones per refresh token, or the oldest refresh token past
 * `limits.maxRefreshTokens` per client and user (with its access tokens).
 */
export type TokenState = 'live' | 'expired' | 'revoked' | 'evicted';

export function accessTokenState(record: AccessTokenRecord, now: number): TokenState {
  if (record.state !== 'live') return record.state;
  return now >= record.expiresAt ? 'expired' : 'live';
}

/** The refresh token's throttle window if one is running now, else null (a new one starts at the next mint). */
export function currentWindow(
  rt: RefreshTokenRecord,
  now: number,
  windowMs: number,
): { startedAt: number; minted: number; endsAt: number } | null {
  if (!rt.window || now >= rt.window.startedAt + windowMs) return null;
  return { ...rt.window, endsAt: rt.window.startedAt + windowMs };
}

/** True once this refresh token minted its quota in the running window (zoho-api.md §1.5: 10 per 10 minutes). */
export function isThrottled(ctx: EmulatorContext, rt: RefreshTokenRecord): boolean {
  const { accessTokensPerRefreshToken, refreshWindowMs } = ctx.options.limits;
  const window = currentWindow(rt, ctx.now(), refreshWindowMs);
  return window !== null && window.minted >= accessTokensPerRefreshToken;
}

function retire(record: { state: string; endedAt: number | null }, state: 'revoked' | 'evicted', now: number): void {
  record.state = state;
  record.endedAt = now;
}

function accessTokensOf(state: EmulatorState, refreshToken: string): AccessTokenRecord[] {
  return Object.values(state.accessTokens).filter((at) => at.refreshToken === refreshToken);
}

/**
 * Mints a refresh token. Past `maxRefreshTokens` live ones for this user and client, the oldest is deleted with
 * its access tokens, silently: Zoho only tells you later, with `invalid_code` on refresh (zoho-api.md §5 item 3).
 */
export function mintRefreshToken(
  ctx: EmulatorContext,
  input: { clientId: string; userId: string; scopes: string[] },
): RefreshTokenRecord {
  const { state } = ctx;
  const now = ctx.now();
  const live = Object.values(state.refreshTokens)
    .filter((rt) => rt.state === 'live' && rt.clientId === input.clientId && rt.userId === input.userId)
    .sort((a, b) => a.seq - b.seq);
  while (live.length >= ctx.options.limits.maxRefreshTokens) {
    const oldest = live.shift()!;
    retire(oldest, 'evicted', now);
    for (const at of accessTokensOf(state, oldest.token)) if (at.state === 'live') retire(at, 'evicted', now);
  }
  const seq = nextSeq(state);
  const record: RefreshTokenRecord = {
    id: `rt_${seq}`,
    token: newToken(),
    ...input,
    scopes: [...input.scopes],
    createdAt: now,
    seq,
    state: 'live',
    endedAt: null,
    window: null,
  };
  state.refreshTokens[record.token] = record;
  return record;
}

/**
 * Mints an access token, for a refresh token or standalone. For a refresh token it counts against the throttle
 * window, and past `maxLiveAccessTokens` live ones the oldest silently stops working (zoho-api.md §1.5, §6 item 5).
 */
export function mintAccessToken(
  ctx: EmulatorContext,
  input: {
    clientId: string;
    userId: string;
    scopes: string[];
    refreshToken: RefreshTokenRecord | null;
    grantType: GrantType;
    soid?: string;
  },
): AccessTokenRecord {
  const { state, options } = ctx;
  const now = ctx.now();
  const rt = input.refreshToken;
  if (rt) {
    const window = currentWindow(rt, now, options.limits.refreshWindowMs);
    rt.window = window ? { startedAt: window.startedAt, minted: window.minted + 1 } : { startedAt: now, minted: 1 };
    const live = accessTokensOf(state, rt.token)
      .filter((at) => accessTokenState(at, now) === 'live')
      .sort((a, b) => a.seq - b.seq);
    while (live.length >= options.limits.maxLiveAccessTokens) retire(live.shift()!, 'evicted', now);
  }
  const seq = nextSeq(state);
  const record: AccessTokenRecord = {
    id: `at_${seq}`,
    token: newToken(),
    clientId: input.clientId,
    userId: input.userId,
    scopes: [...input.scopes],
    createdAt: now,
    expiresAt: now + options.tokenTtlSec * 1000,
    seq,
    state: 'live',
    endedAt: null,
    refreshToken: rt ? rt.token : null,
    grantType: input.grantType,
    soid: input.soid ?? null,
  };
  state.accessTokens[record.token] = record;
  return record;
}

/**
 * Revokes a refresh token with every access token minted from it, or a single access token
 * (zoho-api.md §1.3 "Revoke response"). Returns null for a token that is unknown or already gone.
 */
export function revokeToken(
  ctx: EmulatorContext,
  token: string,
): { kind: 'refresh'; revokedAccessTokens: number } | { kind: 'access'; revokedAccessTokens: 1 } | null {
  const now = ctx.now();
  const rt = lookup(ctx.state.refreshTokens, token);
  if (rt && rt.state === 'live') {
    retire(rt, 'revoked', now);
    let revoked = 0;
    for (const at of accessTokensOf(ctx.state, token)) {
      if (at.state !== 'live') continue;
      retire(at, 'revoked', now);
      revoked += 1;
    }
    return { kind: 'refresh', revokedAccessTokens: revoked };
  }
  const at = lookup(ctx.state.accessTokens, token);
  if (at && at.state === 'live') {
    retire(at, 'revoked', now);
    return { kind: 'access', revokedAccessTokens: 1 };
  }
  return null;
}
