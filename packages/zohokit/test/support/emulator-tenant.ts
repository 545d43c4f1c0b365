import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoEvent, type ZohoOptions } from 'zohokit';

export const SCOPES = ['ZohoCRM.users.READ', 'Desk.tickets.ALL', 'Desk.basic.READ', 'ZohoCampaigns.contact.ALL'];

export interface Tenant {
  emulator: EmulatorHandle;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Another refresh token of the same client and user, granted only `scopes` (same console flow). */
  refreshTokenFor(scopes: readonly string[]): Promise<string>;
  /** A client with the tenant's refresh token and a cold cache; events land in `events`. */
  zoho(options?: Partial<ZohoOptions>): { zoho: Zoho; events: ZohoEvent[] };
}

/**
 * A running emulator with a self client and a refresh token obtained the way a user would: grant code from
 * the console, exchanged at the token endpoint outside any client, so no client starts warm.
 */
export async function startTenant(options: EmulatorOptions = {}, scopes: readonly string[] = SCOPES): Promise<Tenant> {
  const emulator = await startEmulator({ port: 0, ...options });
  const client = await emulator.control.createClient({ type: 'self', name: 'tests' });
  const refreshTokenFor = async (granted: readonly string[]) =>
    (await emulator.control.issueRefreshToken({ ...client, scope: granted })).refreshToken;
  const refreshToken = await refreshTokenFor(scopes);
  await emulator.control.resetCounters();
  return {
    emulator,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken,
    refreshTokenFor,
    zoho(overrides = {}) {
      const events: ZohoEvent[] = [];
      const zoho = new Zoho({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken,
        endpoints: emulator.endpoints,
        retry: { baseDelayMs: 5, maxDelayMs: 50 },
        onEvent: (event) => events.push(event),
        ...overrides,
      });
      return { zoho, events };
    },
  };
}

export const whoami = { product: 'api', path: '/__emulator/whoami' } as const;

/** Token endpoint calls and API requests, as the emulator counted them. */
export async function counts(emulator: EmulatorHandle) {
  const c = await emulator.control.counters();
  const route = (key: string) => Object.values(c.requests[key] ?? {}).reduce((a, b) => a + b, 0);
  return {
    token: c.tokenCalls,
    whoami: route('GET /__emulator/whoami'),
    echoPost: route('POST /__emulator/echo'),
    raw: c,
  };
}

/** Requests the emulator counted for one route (`'GET /api/v1/tickets'`): the total and the count by outcome. */
export async function routeCounts(
  emulator: EmulatorHandle,
  key: string,
): Promise<{ total: number; byOutcome: Record<string, number> }> {
  const byOutcome = (await emulator.control.counters()).requests[key] ?? {};
  return { total: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome };
}
