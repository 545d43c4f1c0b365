import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { TokenCallKind } from '../counters.js';
import { countTokenCall, countTokenError } from '../counters.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { GrantInput, GrantResult } from './grants.js';
import { authorizationCodeGrant, clientCredentialsGrant, refreshTokenGrant } from './grants.js';
import { methodNotAllowed } from './html-page.js';
import { readParams } from './request-params.js';
import { zohoJson } from './token-response.js';

const GRANTS: Record<string, (input: GrantInput) => GrantResult> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

/**
 * Client checks come first: a client id unknown here (never registered, or registered on another data centre's
 * emulator) is `invalid_client` whatever else is wrong, which is the multi-DC pitfall of zoho-api.md §5 item 1.
 */
function answer(ctx: EmulatorContext, params: Record<string, string>, apiDomain: string): GrantResult {
  const client = lookup(ctx.state.clients, params.client_id);
  if (!client) return { body: { error: 'invalid_client' }, error: 'invalid_client' };
  if (params.client_secret !== client.clientSecret) {
    return { body: { error: 'invalid_client_secret' }, error: 'invalid_client_secret' };
  }
  const grant = lookup(GRANTS, params.grant_type);
  if (!grant) return { body: { error: 'unsupported_grant_type' }, error: 'unsupported_grant_type' };
  return grant({ ctx, client, params, apiDomain });
}

/** `POST /oauth/v2/token`: every outcome, errors included, is HTTP 200 JSON (zoho-api.md §1.3, §6 items 1–3). */
export function registerTokenRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.all('/oauth/v2/token', async (c) => {
    if (c.req.method !== 'POST') return methodNotAllowed();
    const params = await readParams(c);
    const kind: TokenCallKind = lookup(GRANTS, params.grant_type) ? (params.grant_type as TokenCallKind) : 'other';
    countTokenCall(ctx.state.counters, kind);
    const result = answer(ctx, params, ctx.baseUrl(c.req.url));
    if (result.error) countTokenError(ctx.state.counters, result.error);
    return zohoJson(result.body);
  });
}
