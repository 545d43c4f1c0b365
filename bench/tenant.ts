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
  const grant = await emulator.control.mintGrantCode({
    clientId: client.clientId,
    scope: ['ZohoCRM.users.READ', 'Desk.tickets.ALL', 'Desk.basic.READ', 'ZohoCampaigns.contact.ALL'],
  });
  const bootstrap = new Zoho({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    endpoints: emulator.endpoints,
  });
  const { refreshToken } = await bootstrap.tokens.exchangeCode({ code: grant.code });
  const options: ZohoOptions = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken: refreshToken as string,
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
