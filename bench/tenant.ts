import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from 'zohokit';

export interface BenchTenant {
  emulator: EmulatorHandle;
  options: ZohoOptions;
  zoho(overrides?: Partial<ZohoOptions>): Zoho;
  close(): Promise<void>;
}

/** An emulator plus a refresh token obtained through the real console flow (grant code → exchange). */
export async function benchTenant(emulatorOptions: EmulatorOptions = {}): Promise<BenchTenant> {
  const emulator = await startEmulator({ port: 0, ...emulatorOptions });
  const client = await emulator.control.createClient({ type: 'self', name: 'bench' });
  const { refreshToken } = await emulator.control.issueRefreshToken({
    ...client,
    scope: ['ZohoCRM.users.READ', 'Desk.tickets.ALL', 'Desk.basic.READ', 'ZohoCampaigns.contact.ALL'],
  });
  const options: ZohoOptions = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken,
    endpoints: emulator.endpoints,
  };
  await emulator.control.resetCounters();
  return {
    emulator,
    options,
    zoho: (overrides = {}) => new Zoho({ ...options, ...overrides }),
    close: () => emulator.close(),
  };
}
