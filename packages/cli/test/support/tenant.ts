/**
 * An emulator started in the test process, and a config home whose default profile is logged in to it through
 * the CLI itself (`auth exchange`), the way the README tells a newcomer to do it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CreatedClient, type EmulatorHandle, type EmulatorOptions, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt } from './build.js';
import { baseEnv, type CliResult, type Env, runCli, tempHome } from './run-cli.js';

export const SCOPES = [
  'Desk.tickets.ALL',
  'Desk.contacts.ALL',
  'Desk.basic.READ',
  'Desk.search.READ',
  'ZohoCampaigns.contact.ALL',
  'ZohoCRM.users.READ',
];

export interface Tenant {
  emulator: EmulatorHandle;
  client: CreatedClient;
  home: string;
  /** Points the CLI at the emulator and this tenant's config home. */
  env: Env;
  /** Runs the CLI with `env` (plus `extra`). */
  cli(args: string[], extra?: Env, options?: { input?: string; timeoutMs?: number }): Promise<CliResult>;
  /** The profile file, as the CLI wrote it. */
  config(): { defaultProfile?: string; profiles: Record<string, Record<string, unknown>> };
  close(): Promise<void>;
}

export function emulatorEnv(emulator: EmulatorHandle): Env {
  return {
    ZOHO_ACCOUNTS_URL: emulator.endpoints.accounts,
    ZOHO_API_URL: emulator.endpoints.api,
    ZOHO_DESK_URL: emulator.endpoints.desk,
    ZOHO_CAMPAIGNS_URL: emulator.endpoints.campaigns,
  };
}

export async function startTenant(
  options: { emulator?: EmulatorOptions; login?: boolean; scopes?: string[]; emulatorHandle?: EmulatorHandle } = {},
): Promise<Tenant> {
  const emulator = options.emulatorHandle ?? (await startEmulator({ port: 0, ...options.emulator }));
  const client = await emulator.control.createClient({ type: 'self', name: 'cli-test' });
  const home = tempHome();
  const env = baseEnv(home, {
    ...emulatorEnv(emulator),
    ZOHO_CLIENT_ID: client.clientId,
    ZOHO_CLIENT_SECRET: client.clientSecret,
  });
  const tenant: Tenant = {
    emulator,
    client,
    home,
    env,
    cli: (args, extra = {}, runOptions = {}) => runCli(args, { ...env, ...extra }, runOptions),
    config: () => JSON.parse(readFileSync(join(home, '.config/zohokit/config.json'), 'utf8')),
    close: () => (options.emulatorHandle ? Promise.resolve() : emulator.close()),
  };
  if (options.login ?? true) {
    const { code } = await emulator.control.mintGrantCode({
      clientId: client.clientId,
      scope: options.scopes ?? SCOPES,
    });
    const result = await tenant.cli(['auth', 'exchange', '--code', code]);
    if (result.code !== 0) throw new Error(`auth exchange failed (${result.code}): ${result.stderr}`);
  }
  return tenant;
}

/** Asserts the exit code, showing the CLI's output when it differs. */
export function expectExit(result: CliResult, code: number): CliResult {
  if (result.code !== code) {
    throw new Error(
      `zohokit ${result.args.join(' ')} exited ${result.code} (signal ${result.signal}), expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** One tenant for a test file: the CLI built, an emulator started before the tests and closed after them. */
export function useTenant(set: (tenant: Tenant) => void | Promise<void>): void {
  let tenant: Tenant | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    tenant = await startTenant();
    await set(tenant);
  }, 180_000);
  afterAll(() => tenant?.close());
}
