import { type FleetResult, percentile, runFleet, tokenBound } from '../packages/redis/test/support/fleet.js';
import { startRedisServer } from '../packages/redis/test/support/redis-server.js';
import { startTenant } from '../packages/redis/test/support/tenant.js';
import type { BenchSection } from './report.js';

const WORKERS = 8;
const CONCURRENCY = 250;
const DURATION_MS = 30_000;
const TTL_MS = 5_000;
/*
 * Each worker has 250 callers with a call outstanding at all times, at most INFLIGHT of them on the wire (the others
 * wait their turn before asking for a token, as behind any client-side concurrency limit). A call costs ~2.5 ms of
 * CPU (SDK + undici + emulator) on a shared 2-core machine; without the limit the emulator's queue grows past the
 * 1.25 s early-refresh margin, tokens expire in flight (401s) and the run measures the machine, not the store.
 */
const INFLIGHT = 2;

/**
 * 8 real processes × 250 concurrent callers for 30 s against the emulator (5 s tokens, Zoho's default limits):
 * once sharing one RedisTokenStore, once with a MemoryTokenStore each. Token calls as counted by the emulator.
 */
export async function redisFleet(): Promise<BenchSection> {
  const redis = await startRedisServer();
  const tenant = await startTenant({ tokenTtlSec: TTL_MS / 1000 });
  try {
    const run = async (shared: boolean) =>
      runFleet({
        emulator: tenant.emulator,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        // Each run gets its own refresh token, so the second does not inherit the first one's throttle window.
        refreshToken: await tenant.newRefreshToken(),
        redisUrl: shared ? redis.url : undefined,
        workers: WORKERS,
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
        inflight: INFLIGHT,
      });
    const shared = await run(true);
    const alone = await run(false);
    return section(shared, alone);
  } finally {
    await tenant.emulator.close();
    await redis.stop();
  }
}

function section(shared: FleetResult, alone: FleetResult): BenchSection {
  const bound = tokenBound(DURATION_MS, TTL_MS);
  const p50 = percentile(shared.lockWaitsMs, 50);
  const p99 = percentile(shared.lockWaitsMs, 99);
  const margin = TTL_MS / 4;
  const calls = (r: FleetResult) => r.ok + r.failed;
  const rate = (r: FleetResult) => Math.round(calls(r) / (r.elapsedMs / 1000));
  const failures = (r: FleetResult) =>
    Object.entries(r.failures)
      .map(([code, n]) => `${n} ${code}`)
      .join(', ') || 'none';
  return {
    title: 'Fleet: one token for many processes (Redis)',
    method: `${WORKERS} worker processes × ${CONCURRENCY} concurrent callers for ${DURATION_MS / 1000} s against the emulator (token TTL ${TTL_MS / 1000} s, early refresh ${margin / 1000} s before expiry, Zoho's default limits: 10 tokens per refresh token per 10 min, 15 live). Every caller always has a call outstanding (a failed one backs off 250 ms); each worker puts at most ${INFLIGHT} on the wire at once (the rest wait their turn before asking for a token). Run once with one shared RedisTokenStore (a connection per process), once with a MemoryTokenStore per process. Token calls and Access Denied as counted by the emulator; lock waits measured by the store (time from finding the lock taken to having the holder's token).`,
    rows: [
      {
        metric: 'token calls, shared RedisTokenStore',
        value: String(shared.tokenCalls),
        target: `≤ ${bound} (${DURATION_MS / 1000} s / (${TTL_MS / 1000} s − ${margin / 1000} s) + 1)`,
        pass: shared.tokenCalls <= bound,
      },
      {
        metric: 'token calls, a store per process (baseline)',
        value: `${alone.tokenCalls} (${alone.accessDenied} answered Access Denied)`,
        target: `> shared (the storm): ${alone.tokenCalls} vs ${shared.tokenCalls}`,
        pass: alone.tokenCalls > shared.tokenCalls,
      },
      {
        metric: 'failed calls, shared',
        value: `${shared.failed} of ${calls(shared)} (${rate(shared)}/s)`,
        target: '0',
        pass: shared.failed === 0,
      },
      {
        metric: 'Access Denied, shared',
        value: String(shared.accessDenied),
        target: '0',
        pass: shared.accessDenied === 0,
      },
      {
        metric: 'failed calls, a store per process (baseline)',
        value: `${alone.failed} of ${calls(alone)}: ${failures(alone)}`,
        target: 'reported',
        pass: true,
      },
      {
        metric: 'lock wait p50 / p99, shared',
        value: `${Math.round(p50)} ms / ${Math.round(p99)} ms (${shared.lockWaitsMs.length} waits)`,
        target: `p99 < ${margin} ms (the early-refresh margin)`,
        pass: shared.lockWaitsMs.length > 0 && p99 < margin,
      },
      {
        metric: 'call latency on the wire p50 / p99, shared',
        value: `${Math.round(shared.latencyP50Ms)} ms / ${Math.round(shared.latencyP99Ms)} ms; ${shared.unauthorized} 401s`,
        target: 'reported',
        pass: true,
      },
    ],
  };
}
