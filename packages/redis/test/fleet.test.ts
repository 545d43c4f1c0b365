import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FleetResult, runFleet, tokenBound } from './support/fleet.js';
import { startTenant, type Tenant } from './support/tenant.js';
import { useRedisServer } from './support/use-redis-server.js';

/*
 * The cross-process proof with real child processes (`node --import tsx support/fleet-worker.ts`), shortened for
 * CI; `npm run bench` runs it at 8 workers × 250 concurrent calls for 30 s. Each caller pauses between calls and
 * each worker has at most 4 calls on the wire, so the emulator answers well inside the early-refresh margin even on
 * a busy machine: a server slower than the token's remaining life produces 401s whatever the token store does.
 */
const TTL_MS = 2_000;
const RUN = { workers: 4, concurrency: 50, durationMs: 5_000, pauseMs: 1_000, inflight: 4 };

let tenant: Tenant;
const redisServer = useRedisServer();

beforeAll(async () => {
  tenant = await startTenant({ tokenTtlSec: TTL_MS / 1000 });
});

afterAll(async () => {
  await tenant?.emulator.close();
});

async function fleet(options: {
  shared: boolean;
  skewsMs?: number[];
  workers?: number;
  durationMs?: number;
}): Promise<FleetResult> {
  return runFleet({
    ...RUN,
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.durationMs ? { durationMs: options.durationMs } : {}),
    emulator: tenant.emulator,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    // A fresh refresh token per run: each has its own 10-per-10-minutes window at the emulator.
    refreshToken: await tenant.newRefreshToken(),
    redisUrl: options.shared ? redisServer().url : undefined,
    skewsMs: options.skewsMs,
  });
}

function summary(r: FleetResult) {
  const { tokenCalls, failed, failures, accessDenied, ok, unauthorized, elapsedMs } = r;
  return { tokenCalls, failed, failures, accessDenied, ok, unauthorized, elapsedMs };
}

describe('a fleet of processes sharing one RedisTokenStore', () => {
  let shared: FleetResult;

  it('makes one token call per token lifetime for the whole fleet, with no failed call and no Access Denied', async () => {
    shared = await fleet({ shared: true });
    const bound = tokenBound(shared.elapsedMs, TTL_MS);
    const info = JSON.stringify({
      ...summary(shared),
      bound,
      warnings: shared.warnings,
      lockWaits: shared.lockWaitsMs,
    });
    expect(shared.tokenCalls, info).toBeLessThanOrEqual(bound);
    expect(shared.tokenCalls, info).toBeGreaterThanOrEqual(2);
    expect(shared.failed, info).toBe(0);
    expect(shared.accessDenied, info).toBe(0);
    expect(shared.ok, info).toBeGreaterThan(RUN.workers * 10);
    expect(shared.unhandledRejections, info).toBe(0);
    expect(shared.warnings, info).toEqual({});
    // Processes that found the lock taken waited for the holder's token instead of refreshing.
    expect(shared.lockWaitsMs.length, info).toBeGreaterThan(0);
  }, 60_000);

  it('without the shared store the same run storms the token endpoint', async () => {
    // Two token lifetimes are enough for the storm to hit the emulator's limit.
    const alone = await fleet({ shared: false, durationMs: 4_000 });
    expect(alone.tokenCalls, JSON.stringify({ shared: summary(shared), alone: summary(alone) })).toBeGreaterThan(
      shared.tokenCalls,
    );
    expect(alone.tokenCalls).toBeGreaterThan(tokenBound(alone.elapsedMs, TTL_MS));
  }, 60_000);

  it('clock skew between processes (one 2 s fast, one 2 s slow) causes no early refreshes and no expired tokens', async () => {
    const skewed = await fleet({ shared: true, workers: 3, durationMs: 4_000, skewsMs: [0, 2_000, -2_000] });
    expect(skewed.tokenCalls, JSON.stringify(summary(skewed))).toBeLessThanOrEqual(
      tokenBound(skewed.elapsedMs, TTL_MS),
    );
    expect(skewed.failed, JSON.stringify(skewed.failures)).toBe(0);
    // Every process, whatever its clock, knows when its token really expires: the fast one does not think it
    // 2 s older (early refreshes), the slow one does not think it 2 s younger (using expired tokens).
    for (const worker of skewed.workers) {
      const off = worker.expiryErrorsMs.filter((e) => Math.abs(e) > 1_000).length;
      expect(
        off / worker.expiryErrorsMs.length,
        `worker ${worker.index}: ${off} of ${worker.expiryErrorsMs.length}`,
      ).toBeLessThan(0.25);
    }
  }, 60_000);
});
