/** An emulator with a Desk/Campaigns tenant, and relays over SQLite files in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_ORG_ID, type EmulatorHandle, startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from 'zohokit';
import { createRelay, type Relay, type RelayEvent, type WorkerOptions } from '../../src/index.js';

export const SCOPES = [
  'Desk.tickets.ALL',
  'Desk.contacts.ALL',
  'Desk.search.READ',
  'Desk.basic.READ',
  'ZohoCampaigns.contact.ALL',
];

export interface RelayTenant {
  emulator: EmulatorHandle;
  client: { clientId: string; clientSecret: string };
  refreshToken: string;
  zoho(overrides?: Partial<ZohoOptions>): Zoho;
  /** A relay on a fresh SQLite file (or `path`), fast schedules for tests; events land in `events`. */
  relay(options?: { path?: string; worker?: WorkerOptions; zoho?: Zoho }): {
    relay: Relay;
    events: RelayEvent[];
    path: string;
  };
  close(): Promise<void>;
}

export async function startRelayTenant(): Promise<RelayTenant> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-relay-'));
  const emulator = await startEmulator({ port: 0 });
  const created = await emulator.control.createClient({ type: 'self', name: 'relay tests' });
  const client = { clientId: created.clientId, clientSecret: created.clientSecret };
  const { refreshToken } = await emulator.control.issueRefreshToken({ ...client, scope: SCOPES });
  const relays: Relay[] = [];
  let files = 0;
  const zoho = (overrides: Partial<ZohoOptions> = {}) =>
    new Zoho({
      ...client,
      refreshToken,
      endpoints: emulator.endpoints,
      desk: { orgId: DESK_ORG_ID },
      retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 },
      ...overrides,
    });
  return {
    emulator,
    client,
    refreshToken,
    zoho,
    relay(options = {}) {
      const events: RelayEvent[] = [];
      const path = options.path ?? join(dir, `relay-${++files}.db`);
      const relay = createRelay({
        zoho: options.zoho ?? zoho(),
        queue: path,
        worker: {
          pollMs: 20,
          probeIntervalMs: 200,
          schedule: { baseDelayMs: 20, maxDelayMs: 200 },
          ...options.worker,
        },
        onEvent: (event) => events.push(event),
      });
      relays.push(relay);
      return { relay, events, path };
    },
    async close() {
      await Promise.all(relays.map((r) => r.close({ graceMs: 0 }).catch(() => undefined)));
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` holds (polling), or fails with what it last saw. */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
