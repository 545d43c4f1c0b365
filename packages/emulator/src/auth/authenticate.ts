import type { EmulatorContext } from '../emulator-context.js';
import type { AccessTokenRecord } from '../state.js';
import { lookup } from '../state.js';
import { scopeCovers } from './scopes.js';
import { accessTokenState } from './token-records.js';

/**
 * Why a request was not authenticated. Products map these to their own envelopes (CRM `INVALID_TOKEN`,
 * Desk `INVALID_OAUTH` / `SCOPE_MISMATCH`, ...), so the reason stays product-neutral here.
 * Revoked and evicted tokens are `invalid`: to the API they simply no longer exist (zoho-api.md §5 item 5).
 */
export type AuthFailureReason = 'missing' | 'invalid' | 'expired' | 'scope';

/** Outcome of checking a request's access token: the token record, or why it was refused. */
export type AuthResult = { ok: true; token: AccessTokenRecord } | { ok: false; reason: AuthFailureReason };

/**
 * `Zoho-oauthtoken` is the canonical scheme (zoho-api.md §1.4, §6 item 8), and Zoho Accounts documents `Bearer` as
 * equal to it; clients built against real Zoho (e.g. `@dereekb/zoho`) send only `Bearer`, so both are accepted
 * everywhere (docs/zoho-behaviour.md). Scheme names are case-insensitive, as HTTP auth schemes are (RFC 9110 §11.1).
 */
export function parseAuthorization(header: string | undefined): string | null {
  const match = /^(?:Zoho-oauthtoken|Bearer)[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Looks up a live access token from an `Authorization` header and checks that it carries every required scope.
 * Tokens live only on the emulator that minted them, which is how a token used at another DC fails (§1.6).
 */
export function authenticate(
  ctx: EmulatorContext,
  authorization: string | undefined,
  requiredScopes: string | readonly string[] = [],
): AuthResult {
  const value = parseAuthorization(authorization);
  if (value === null) return { ok: false, reason: 'missing' };
  const token = lookup(ctx.state.accessTokens, value);
  if (!token) return { ok: false, reason: 'invalid' };
  const state = accessTokenState(token, ctx.now());
  if (state === 'revoked' || state === 'evicted') return { ok: false, reason: 'invalid' };
  if (state === 'expired') return { ok: false, reason: 'expired' };
  const required = typeof requiredScopes === 'string' ? [requiredScopes] : requiredScopes;
  if (!required.every((scope) => scopeCovers(token.scopes, scope))) return { ok: false, reason: 'scope' };
  return { ok: true, token };
}
