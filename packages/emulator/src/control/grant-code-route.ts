import type { Hono } from 'hono';
import { mintGrantCode } from '../auth/grant-codes.js';
import { parseScopes } from '../auth/scopes.js';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { controlError, readInput } from './read-input.js';
import { mintGrantCodeSchema } from './schemas.js';
import type { MintedGrantCode } from './types.js';

/**
 * The API console's "Generate code" for a self client (zoho-api.md §1.7): there is no URL for this at Zoho,
 * so it is a control route. The expiry is selectable like the console's; the code is always offline.
 */
export function registerGrantCodeRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.post('/__emulator/grant-codes', async (c) => {
    const input = await readInput(c, mintGrantCodeSchema);
    if (!input.ok) return input.response;
    const client = lookup(ctx.state.clients, input.data.clientId);
    if (!client) return controlError(400, `clientId: no client '${input.data.clientId}' on this emulator`);
    if (client.type !== 'self')
      return controlError(400, 'clientId: grant codes can only be generated for self clients');
    const ttlSec = input.data.ttlSec ?? ctx.options.grantCodeTtlSec;
    const { code } = mintGrantCode(ctx, {
      client,
      scopes: parseScopes(input.data.scope),
      redirectUri: null,
      accessType: 'offline',
      ttlSec,
    });
    const minted: MintedGrantCode = { code, expiresInSec: ttlSec };
    return c.json(minted, 201);
  });
}
