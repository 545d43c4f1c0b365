/**
 * Runtime conformance: test/runtimes/scenarios.mjs runs on the built `zohokit` ESM entry under Node, Bun, Deno
 * (binaries from their npm packages) and an edge-runtime VM (Web APIs only), each in its own process, against one
 * emulator started here. Each runtime gets its own self client and grant code; the assertions are the same for
 * all of them. The README's "Tested runtimes" lists what this file runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CAMPAIGNS_SEED_LISTS, type EmulatorHandle, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const HERE = import.meta.dirname;
const BIN = join(ROOT, 'node_modules', '.bin');
const exec = promisify(execFile);

const SCOPES = [
  'ZohoCRM.users.READ',
  'Desk.tickets.ALL',
  'Desk.basic.READ',
  'Desk.search.READ',
  'ZohoCampaigns.contact.ALL',
];

const entry = join(HERE, 'entry.mjs');
const RUNTIMES: { name: string; command: string; args: string[] }[] = [
  { name: 'node', command: process.execPath, args: [entry] },
  { name: 'bun', command: join(BIN, 'bun'), args: [entry] },
  // Network to the loopback only; no read/env/run permission: loading the local modules needs none.
  {
    name: 'deno',
    command: join(BIN, 'deno'),
    args: ['run', '--no-config', '--no-prompt', '--allow-net=127.0.0.1', entry],
  },
  { name: 'edge-runtime', command: process.execPath, args: [join(HERE, 'edge-host.mjs')] },
];

interface Run {
  runtime: string;
  version: string;
  globals?: Record<string, string>;
  results: Record<string, Record<string, unknown>>;
  output: string;
}

let emulator: EmulatorHandle;
const runs = new Map<string, Run>();
const clientSecrets: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'packages/zohokit/dist/index.js'))) {
    throw new Error('packages/zohokit/dist/index.js is missing: run `npm run build -w packages/zohokit` first');
  }
  emulator = await startEmulator({ port: 0 });
  // One runtime at a time: the fault queues are per route, shared by every client.
  for (const runtime of RUNTIMES) {
    const client = await emulator.control.createClient({ type: 'self', name: `conformance-${runtime.name}` });
    clientSecrets.push(client.clientSecret);
    const { code } = await emulator.control.mintGrantCode({ clientId: client.clientId, scope: SCOPES });
    const config = {
      url: emulator.url,
      endpoints: emulator.endpoints,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      code,
      listKey: CAMPAIGNS_SEED_LISTS.immediate.listKey,
      email: `${runtime.name}@example.com`,
    };
    const { stdout, stderr } = await exec(runtime.command, [...runtime.args, JSON.stringify(config)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${runtime.name} failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    runs.set(runtime.name, { ...(JSON.parse(last) as Omit<Run, 'output'>), output: stdout + stderr });
  }
}, 240_000);

afterAll(async () => {
  await emulator?.close();
});

describe.each(RUNTIMES.map((r) => r.name))('zohokit on %s', (name) => {
  const run = () => runs.get(name)!;

  it('reports its runtime and version', () => {
    expect(run().runtime).toBe(name);
    expect(run().version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exchanges a grant code and makes an authorized call', () => {
    expect(run().results.codeExchange).toEqual({
      gotRefreshToken: true,
      expiresInFuture: true,
      email: expect.stringContaining('@'),
    });
  });

  it('refreshes once after the emulator expires its token, and replays', () => {
    expect(run().results.refreshAfterExpiry).toEqual({
      expired: 1,
      email: expect.stringContaining('@'),
      refreshes: 1,
      authRetries: 1,
    });
  });

  it('creates a Desk ticket and finds it in the ticket list', () => {
    expect(run().results.deskTicket).toEqual({ created: true, listedSubject: true });
  });

  it('subscribes to a Campaigns list', () => {
    expect(run().results.campaignsSubscribe).toEqual({ status: 'subscribed' });
  });

  it('retries a 503 once and succeeds', () => {
    expect(run().results.retry503).toEqual({ email: expect.stringContaining('@'), retries: 1, retryStatus: 503 });
  });

  it('typed errors and events never contain the client secret, refresh token or access token', () => {
    expect(run().results.redaction).toEqual({
      exchangeError: 'ZohoAuthError invalid_code',
      authError: 'ZohoAuthError 401',
      isZohoError: true,
      secretsChecked: 3,
      leaks: 0,
    });
    for (const secret of clientSecrets) expect(run().output).not.toContain(secret);
  });
});

it('the edge-runtime context has no Node globals (so the SDK ran on Web APIs alone)', () => {
  expect(runs.get('edge-runtime')?.globals).toEqual({
    process: 'undefined',
    require: 'undefined',
    Buffer: 'undefined',
    EdgeRuntime: 'string',
  });
});
