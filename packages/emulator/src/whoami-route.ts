import type { Hono } from 'hono';
import { authenticate } from './auth/authenticate.js';
import type { EmulatorEnv } from './connection.js';
import { crmInvalidToken } from './crm-errors.js';
import type { EmulatorContext } from './emulator-context.js';
import { lookup } from './state.js';

/** What `/__emulator/whoami` answers: the user, client and scopes behind the access token. */
export interface WhoamiResponse {
  user: { id: string; email: string; name: string };
  clientId: string;
  scope: string[];
  expiresAt: number;
}

/**
 * `GET /__emulator/whoami`: the smallest authenticated call of the `api` product, so a client's token pipeline
 * can be tested before any real product exists. Never echoes the token itself.
 */
export function registerWhoamiRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.get('/__emulator/whoami', (c) => {
    const auth = authenticate(ctx, c.req.header('authorization'));
    if (!auth.ok) return crmInvalidToken();
    const { token } = auth;
    const user = lookup(ctx.state.users, token.userId);
    const body: WhoamiResponse = {
      user: user ? { id: user.id, email: user.email, name: user.name } : { id: token.userId, email: '', name: '' },
      clientId: token.clientId,
      scope: [...token.scopes],
      expiresAt: token.expiresAt,
    };
    return c.json(body);
  });
}
