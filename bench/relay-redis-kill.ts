/**
 * The Redis queue for many machines under worker crashes (issue 11): 2,000 Desk ticket deliveries in one Redis
 * queue (redis-server with AOF, appendfsync always), delivered by 3 worker processes of which one is SIGKILLed
 * every 2–4 s, mid-call and holding leases, and replaced. Counted in the emulator per idempotency key: every
 * delivery delivered, none lost, none twice. Throughput is judged against one SQLite worker in the same run,
 * same emulator, same per-create delay.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '@zohokit/relay';
import { startRedisServer } from '../packages/redis/test/support/redis-server.js';
import { fleetTicket, runKillFleet } from '../packages/relay/test/support/kill-fleet.js';
import { relayBenchTenant, ticketsPerKey, waitUntil } from './relay-support.js';
import type { BenchRow, BenchSection } from './report.js';

const DELIVERIES = 2_000;
const WORKERS = 3;
const CONCURRENCY = 4;
/** Each ticket create waits this long in the emulator: Zoho's latency, and the window a kill lands in. */
const CREATE_DELAY_MS = 50;
const LEASE_MS = 3_000;

export async function relayRedisKill(): Promise<BenchSection> {
  // Desk's per-org cap raised: this measures the queue and the fleet, not Zoho's limit (relay-delivery does).
  const tenant = await relayBenchTenant({ desk: { concurrency: 100 } }, { process: 'separate' });
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-bench-redis-'));
  const redis = await startRedisServer(undefined, { aof: { dir, fsync: 'always' } });
  try {
    const { control, endpoints } = tenant.emulator;
    await control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      sequence: [{ delayMs: CREATE_DELAY_MS, repeatForMs: 10 * 60_000 }],
    });

    // Baseline: one worker on SQLite, in this process, with the same concurrency.
    const baselineRun = 'sqlite-one-worker';
    const relay = createRelay({
      zoho: tenant.zoho(),
      queue: tenant.dbPath(baselineRun),
      worker: { concurrency: CONCURRENCY, pollMs: 20 },
    });
    let baselineSeconds: number;
    try {
      for (let n = 1; n <= DELIVERIES; n++) {
        await relay.enqueue(fleetTicket(baselineRun, n), { idempotencyKey: `${baselineRun}-${n}` });
      }
      const started = performance.now();
      relay.start();
      await waitUntil(async () => {
        const { byState } = (await relay.status()).counts;
        return byState.pending + byState.in_flight === 0;
      }, 300_000);
      baselineSeconds = (performance.now() - started) / 1000;
    } finally {
      await relay.close({ graceMs: 0 });
    }
    const baselineTickets = [...(await ticketsPerKey(tenant.emulator, baselineRun)).values()].length;

    const client = await control.createClient({ type: 'self', name: 'redis kill bench' });
    const { refreshToken } = await control.issueRefreshToken({
      ...client,
      scope: ['Desk.tickets.ALL', 'Desk.basic.READ', 'Desk.search.READ'],
    });
    const result = await runKillFleet({
      control,
      endpoints,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken,
      redisUrl: redis.url,
      run: 'redis-kill',
      deliveries: DELIVERIES,
      workers: WORKERS,
      concurrency: CONCURRENCY,
      leaseMs: LEASE_MS,
      killEveryMs: [2_000, 4_000],
      createDelayMs: 0,
      timeoutMs: 300_000,
    });
    const seconds = result.elapsedMs / 1000;
    const rate = DELIVERIES / seconds;
    const baselineRate = DELIVERIES / baselineSeconds;
    const row = (metric: string, value: string, target: string, pass: boolean): BenchRow => ({
      metric,
      value,
      target,
      pass,
    });
    return {
      title: 'Relay on Redis: 3 workers, one SIGKILLed every 2–4 s',
      method: `${DELIVERIES} Desk ticket deliveries enqueued into one RedisQueue (redis-server 7, appendonly yes, appendfsync always), then delivered by ${WORKERS} worker processes (concurrency ${CONCURRENCY} each, lease ${LEASE_MS / 1000} s renewed every lease/3) while one random worker is SIGKILLed every 2–4 s and a new one started; each ticket create waits ${CREATE_DELAY_MS} ms in the emulator (its own process; Desk's per-org cap raised to 100). Tickets counted in the emulator per idempotency key. Baseline: the same ${DELIVERIES} deliveries by one worker on SQLite (concurrency ${CONCURRENCY}, no kills) in the same run.`,
      rows: [
        row('settled (nothing pending or in flight)', result.settled ? 'yes' : 'no, timed out', 'yes', result.settled),
        row('delivered', `${result.delivered} of ${DELIVERIES}`, `${DELIVERIES}`, result.delivered === DELIVERIES),
        row('lost (not delivered, or no such ticket in Desk)', `${result.lost}`, '0', result.lost === 0),
        row('duplicate tickets (tickets − distinct keys)', `${result.duplicates}`, '0', result.duplicates === 0),
        row('workers SIGKILLed', `${result.kills}`, '≥ 1', result.kills >= 1),
        row('delivered after a take-over (reconciled first)', `${result.reconciled}`, 'info', true),
        row('attempts (all deliveries)', `${result.attempts}`, 'info', true),
        row(
          'throughput: 3 Redis workers with kills / 1 SQLite worker',
          `${(rate / baselineRate).toFixed(2)}x (${rate.toFixed(0)}/s vs ${baselineRate.toFixed(0)}/s)`,
          '> 1x',
          rate > baselineRate,
        ),
        row(
          'SQLite baseline delivered (tickets in Desk)',
          `${baselineTickets}`,
          `${DELIVERIES}`,
          baselineTickets === DELIVERIES,
        ),
        row('wall time (Redis fleet)', `${seconds.toFixed(1)} s`, 'info', true),
      ],
    };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    await tenant.close();
  }
}
