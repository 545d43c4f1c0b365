import type { EmulatorContext } from '../emulator-context.js';
import type { AccessTokenRecord, ClientRecord, RefreshTokenRecord } from '../state.js';
import { lookup } from '../state.js';
import { parseScopes } from './scopes.js';
import { isThrottled, mintAccessToken, mintRefreshToken } from './token-records.js';
import type { TokenErrorCode } from './token-response.js';
import { THROTTLE_BODY } from './token-response.js';

/** A token endpoint answer: the body (always HTTP 200) and, for failures, the error value to count. */
export interface GrantResult {
  body: Record<string, unknown>;
  error?: string;
}

export interface GrantInput {
  ctx: EmulatorContext;
  client: ClientRecord;
  params: Record<string, string>;
  apiDomain: string;
}

const fail = (error: TokenErrorCode): GrantResult => ({ body: { error }, error });

/**
 * Success shape from zoho-api.md §1.3 "Token response shapes": `expires_in` in seconds, `scope` space-separated
 * although requested with commas, `refresh_token` only when one was minted. With `legacyExpiresIn` it answers
 * like older Zoho: `expires_in` in milliseconds plus `expires_in_sec`.
 */
function tokenBody(
  ctx: EmulatorContext,
  at: AccessTokenRecord,
  rt: RefreshTokenRecord | null,
  apiDomain: string,
): Record<string, unknown> {
  const ttl = ctx.options.tokenTtlSec;
  const body: Record<string, unknown> = { access_token: at.token };
  if (rt) body.refresh_token = rt.token;
  body.scope = at.scopes.join(' ');
  body.api_domain = apiDomain;
  body.token_type = 'Bearer';
  if (ctx.options.legacyExpiresIn) {
    body.expires_in_sec = ttl;
    body.expires_in = ttl * 1000;
  } else {
    body.expires_in = ttl;
  }
  return body;
}

/**
 * Grant codes are single-use and short-lived; reuse, expiry or a code of another client are all `invalid_code`.
 * A server client must repeat the exact redirect URI of the authorize request (zoho-api.md §6 item 6); a
 * mismatch does not burn the code. Self-client codes always yield a refresh token (§1.7).
 */
export function authorizationCodeGrant({ ctx, client, params, apiDomain }: GrantInput): GrantResult {
  const now = ctx.now();
  const grant = lookup(ctx.state.grantCodes, params.code);
  if (!grant || grant.usedAt !== null || now >= grant.expiresAt || grant.clientId !== client.clientId) {
    return fail('invalid_code');
  }
  if (client.type === 'server' && params.redirect_uri !== grant.redirectUri) return fail('invalid_redirect_uri');
  grant.usedAt = now;
  const base = { clientId: client.clientId, userId: grant.userId, scopes: grant.scopes };
  const offline = client.type === 'self' || grant.accessType === 'offline';
  const rt = offline ? mintRefreshToken(ctx, base) : null;
  const at = mintAccessToken(ctx, { ...base, refreshToken: rt, grantType: 'authorization_code' });
  return { body: tokenBody(ctx, at, rt, apiDomain) };
}

/**
 * Refresh never rotates the refresh token (zoho-api.md §6 item 4). A revoked, evicted or unknown refresh token
 * is `invalid_code`, not `invalid_grant` (§5 item 3); past the per-window quota the throttle body comes back.
 */
export function refreshTokenGrant({ ctx, client, params, apiDomain }: GrantInput): GrantResult {
  const rt = lookup(ctx.state.refreshTokens, params.refresh_token);
  if (rt?.state !== 'live' || rt.clientId !== client.clientId) return fail('invalid_code');
  if (isThrottled(ctx, rt)) return { body: { ...THROTTLE_BODY }, error: THROTTLE_BODY.error };
  const at = mintAccessToken(ctx, {
    clientId: client.clientId,
    userId: rt.userId,
    scopes: rt.scopes,
    refreshToken: rt,
    grantType: 'refresh_token',
  });
  return { body: tokenBody(ctx, at, null, apiDomain) };
}

/**
 * Self clients only (a server client is the "wrong client type" case of `invalid_client`, zoho-api.md §1.3);
 * needs `scope` and `soid`, and issues no refresh token. Missing `soid` is `missing_org_info`.
 */
export function clientCredentialsGrant({ ctx, client, params, apiDomain }: GrantInput): GrantResult {
  if (client.type !== 'self') return fail('invalid_client');
  const scopes = parseScopes(params.scope);
  // Zoho's body for a missing scope is not captured; `invalid_scope` is the value third parties report (§1.3).
  if (scopes.length === 0) return fail('invalid_scope');
  if (!params.soid) return fail('missing_org_info');
  const at = mintAccessToken(ctx, {
    clientId: client.clientId,
    userId: ctx.state.defaultUserId,
    scopes,
    refreshToken: null,
    grantType: 'client_credentials',
    soid: params.soid,
  });
  return { body: tokenBody(ctx, at, null, apiDomain) };
}
