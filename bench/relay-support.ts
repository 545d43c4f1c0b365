/** What the relay benchmarks share: a tenant whose client can create Desk tickets, temp files, counting. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DESK_ORG_ID,
  DESK_SUPPORT_DEPARTMENT_ID,
  EmulatorControl,
  type EmulatorEndpoints,
  type EmulatorOptions,
  startEmulator,
} from '@zohokit/emulator';
import type { Operation } from '@zohokit/relay';
import { Zoho, type ZohoOptions } from 'zohokit';

/** What the relay benchmarks use of an emulator, in this process or another. */
export interface BenchEmulator {
  endpoints: EmulatorEndpoints;
  control: EmulatorControl;
  close(): Promise<void>;
}

export interface RelayBenchTenant {
  emulator: BenchEmulator;
  /** The tenant's client and refresh token, for a relay in another process. */
  client: { clientId: string; clientSecret: string };
  refreshToken: string;
  zoho(overrides?: Partial<ZohoOptions>): Zoho;
  /** A fresh SQLite file in this tenant's temporary folder. */
  dbPath(name: string): string;
  close(): Promise<void>;
}

/** An emulator in a child process (bench/emulator-process.ts), driven over its control API. */
async function emulatorProcess(options: EmulatorOptions): Promise<BenchEmulator> {
  const script = new URL('./emulator-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    if (output.includes('\n')) break;
  }
  const url = output.trim();
  if (!url.startsWith('http://')) throw new Error(`the emulator process printed no URL (${url || 'nothing'})`);
  return {
    endpoints: { accounts: url, api: url, desk: url, campaigns: url },
    control: new EmulatorControl(url),
    async close() {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * An emulator and a refresh token with the scopes a ticket create with an idempotency key needs; with
 * `process: 'separate'` the emulator runs in a child process, as Zoho would be elsewhere.
 */
export async function relayBenchTenant(
  options: EmulatorOptions = {},
  where: { process?: 'same' | 'separate' } = {},
): Promise<RelayBenchTenant> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-bench-relay-'));
  const emulatorOptions = { requestLogSize: 0, ...options };
  const emulator: BenchEmulator =
    where.process === 'separate'
      ? await emulatorProcess(emulatorOptions)
      : await startEmulator({ port: 0, ...emulatorOptions });
  const client = await emulator.control.createClient({ type: 'self', name: 'relay bench' });
  const { refreshToken } = await emulator.control.issueRefreshToken({
    ...client,
    scope: ['Desk.tickets.ALL', 'Desk.basic.READ', 'Desk.search.READ'],
  });
  await emulator.control.resetCounters();
  return {
    emulator,
    client: { clientId: client.clientId, clientSecret: client.clientSecret },
    refreshToken,
    zoho: (overrides = {}) =>
      new Zoho({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken,
        endpoints: emulator.endpoints,
        desk: { orgId: DESK_ORG_ID },
        ...overrides,
      }),
    dbPath: (name) => join(dir, `${name}.db`),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ticket `n` of a run: its subject names it, so the emulator's tickets can be counted per submission. */
export function benchTicket(run: string, n: number): Operation {
  return {
    type: 'desk.ticket.create',
    input: {
      subject: `${run} #${n}`,
      description: 'My order has not arrived.',
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
      contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
    },
  };
}

/** Tickets in the emulator per idempotency key (the relay's `cf_zohokit_key`), for this run's subjects. */
export async function ticketsPerKey(emulator: BenchEmulator, run: string): Promise<Map<string, number>> {
  const perKey = new Map<string, number>();
  for (const ticket of await emulator.control.desk.tickets()) {
    if (!String(ticket.subject).startsWith(`${run} #`)) continue;
    const key = String(ticket.cf?.cf_zohokit_key);
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  return perKey;
}

/** Requests the emulator answered with `status` (or `reset`), over every route. */
export async function answered(emulator: BenchEmulator, outcome: string): Promise<number> {
  const { requests } = await emulator.control.counters();
  return Object.values(requests).reduce((sum, byOutcome) => sum + (byOutcome[outcome] ?? 0), 0);
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
