import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { maskSecret, newClientId, newClientSecret } from '../ids.js';
import { lookup } from '../state.js';
import { controlError, readInput } from './read-input.js';
import { createClientSchema } from './schemas.js';
import type { ClientSummary, CreatedClient } from './types.js';

/**
 * Registering a client here is the API console's "Add client". The client exists only on this emulator, i.e.
 * only in the data centre it pretends to be (zoho-api.md §1.6), so other emulators answer `invalid_client`.
 */
export function registerClientRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.post('/__emulator/clients', async (c) => {
    const input = await readInput(c, createClientSchema);
    if (!input.ok) return input.response;
    const { type, name, redirectUris = [] } = input.data;
    const clientId = input.data.clientId ?? newClientId();
    if (lookup(ctx.state.clients, clientId)) return controlError(400, `clientId: '${clientId}' already exists`);
    const clientSecret = input.data.clientSecret ?? newClientSecret();
    ctx.state.clients[clientId] = {
      clientId,
      clientSecret,
      type,
      name: name ?? (type === 'self' ? 'Self Client' : 'Server-based Application'),
      redirectUris: [...redirectUris],
      createdAt: ctx.now(),
    };
    const created: CreatedClient = { clientId, clientSecret, type, redirectUris: [...redirectUris] };
    return c.json(created, 201);
  });

  app.get('/__emulator/clients', (c) => {
    const clients: ClientSummary[] = Object.values(ctx.state.clients).map((client) => ({
      clientId: client.clientId,
      clientSecret: maskSecret(client.clientSecret),
      type: client.type,
      name: client.name,
      redirectUris: [...client.redirectUris],
      createdAt: client.createdAt,
    }));
    return c.json({ clients });
  });
}
