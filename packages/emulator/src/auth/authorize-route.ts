import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { mintGrantCode } from './grant-codes.js';
import { htmlPage } from './html-page.js';
import { parseScopes } from './scopes.js';

/**
 * `GET /oauth/v2/auth` (zoho-api.md §1.3): the consent page. The emulator has no login, so the seeded user
 * approves at once and the browser is sent back with `code`, `location` and `accounts-server` (+ `state`),
 * which is what a multi-DC client must read to know where to exchange the code (§1.6).
 */
export function registerAuthorizeRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.get('/oauth/v2/auth', (c) => {
    const query = c.req.query();
    const client = lookup(ctx.state.clients, query.client_id);
    if (!client) return htmlPage(400, 'Invalid Client', 'The transmitted client ID does not exist.');
    // Self clients register no redirect URI (§1.7), so they can never pass this check: they use the console.
    const redirectUri = query.redirect_uri;
    if (!redirectUri || client.type !== 'server' || !client.redirectUris.includes(redirectUri)) {
      return htmlPage(
        400,
        'Invalid Redirect Uri',
        'The redirect URI passed does not match the one configured for this client.',
      );
    }
    const scopes = parseScopes(query.scope);
    if (scopes.length === 0) return htmlPage(400, 'Invalid Scope', 'The scope parameter is missing or empty.');
    // `token` (the implicit flow of §1.3) is not emulated.
    if (query.response_type !== 'code') {
      return htmlPage(400, 'Invalid Response Type', 'Only response_type=code is supported by this server.');
    }

    const { code } = mintGrantCode(ctx, {
      client,
      scopes,
      redirectUri,
      // Anything but `offline` is the default, `online`: no refresh token (§1.3 `access_type`).
      accessType: query.access_type === 'offline' ? 'offline' : 'online',
      ttlSec: ctx.options.grantCodeTtlSec,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('location', ctx.options.dc);
    target.searchParams.set('accounts-server', ctx.baseUrl(c.req.url));
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    return c.redirect(target.toString(), 302);
  });
}
