import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@zohokit/emulator';

export const SCOPES = ['ZohoCRM.users.READ', 'Desk.tickets.ALL'];

/** The smallest authenticated call; every fleet worker makes it over and over. */
export const whoami = { product: 'api', path: '/__emulator/whoami' } as const;

export interface Tenant {
  emulator: EmulatorHandle;
  clientId: string;
  clientSecret: string;
  /** A fresh refresh token, obtained the way a user would (console grant code → exchange), counters reset. */
  newRefreshToken(): Promise<string>;
}

/** An emulator with one self client. Each refresh token has its own 10-per-10-minutes window. */
export async function startTenant(options: EmulatorOptions = {}): Promise<Tenant> {
  const emulator = await startEmulator({ port: 0, ...options });
  const client = await emulator.control.createClient({ type: 'self', name: 'redis-tests' });
  return {
    emulator,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    async newRefreshToken() {
      const { refreshToken } = await emulator.control.issueRefreshToken({ ...client, scope: SCOPES });
      await emulator.control.resetCounters();
      return refreshToken;
    },
  };
}

/** Token calls and whoami outcomes, as the emulator counted them. */
export async function counts(emulator: EmulatorHandle) {
  const c = await emulator.control.counters();
  const whoamiOutcomes = c.requests['GET /__emulator/whoami'] ?? {};
  return {
    refreshCalls: c.tokenCalls.refresh_token,
    accessDenied: c.tokenErrors['Access Denied'] ?? 0,
    tokenErrors: c.tokenErrors,
    whoamiOk: whoamiOutcomes['200'] ?? 0,
    unauthorized: whoamiOutcomes['401'] ?? 0,
  };
}
