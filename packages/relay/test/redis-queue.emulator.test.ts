/**
 * Many workers on one Redis queue, against the real emulator: three worker processes deliver 200 tickets while
 * one of them is SIGKILLed every 1–2 s (holding leases, mid-call) and replaced. The emulator counts the
 * tickets per idempotency key: none lost, none twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { useRedisServer } from '../../redis/test/support/use-redis-server.js';
import { runKillFleet } from './support/kill-fleet.js';
import { startRelayTenant } from './support/relay-tenant.js';

const dir = mkdtempSync(join(tmpdir(), 'zohokit-relay-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useRedisServer(undefined, { aof: { dir } });

it('3 worker processes, one SIGKILLed every 1–2 s: every delivery delivered once, 0 lost, 0 duplicates', async () => {
  const tenant = await startRelayTenant();
  try {
    const result = await runKillFleet({
      control: tenant.emulator.control,
      endpoints: tenant.emulator.endpoints,
      ...tenant.client,
      refreshToken: tenant.refreshToken,
      redisUrl: server().url,
      run: 'fleet',
      deliveries: 200,
      workers: 3,
      concurrency: 3,
      // Long enough that a live worker's heartbeat (every leaseMs / 3) keeps its lease on a busy machine.
      leaseMs: 3_000,
      killEveryMs: [1_000, 2_000],
      createDelayMs: 250,
      timeoutMs: 45_000,
    });
    expect(result).toMatchObject({ settled: true, delivered: 200, lost: 0, duplicates: 0, tickets: 200 });
    // Kills landed on workers holding leases: those deliveries were taken over (and reconciled first).
    expect(result.kills).toBeGreaterThanOrEqual(2);
    expect(result.reconciled).toBeGreaterThanOrEqual(1);
  } finally {
    await tenant.close();
  }
});
