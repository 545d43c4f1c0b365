import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { countTokenCall, countTokenError } from '../counters.js';
import type { EmulatorContext } from '../emulator-context.js';
import { methodNotAllowed } from './html-page.js';
import { readParams } from './request-params.js';
import { revokeToken } from './token-records.js';
import { zohoJson } from './token-response.js';

/**
 * `POST /oauth/v2/token/revoke?token=...` (zoho-api.md §1.3): `{"status":"success"}`; revoking a refresh token
 * revokes every access token minted from it. Unlike the token endpoint, an invalid token is a real HTTP 400;
 * its body is not documented, so this answers in the token endpoint's style.
 */
export function registerRevokeRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.all('/oauth/v2/token/revoke', async (c) => {
    if (c.req.method !== 'POST') return methodNotAllowed();
    const params = await readParams(c);
    countTokenCall(ctx.state.counters, 'revoke');
    const revoked = params.token ? revokeToken(ctx, params.token) : null;
    if (!revoked) {
      countTokenError(ctx.state.counters, 'invalid_token');
      return zohoJson({ error: 'invalid_token', status: 'failure' }, 400);
    }
    return zohoJson({ status: 'success' });
  });
}
