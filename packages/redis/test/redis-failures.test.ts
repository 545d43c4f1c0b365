import { type RedisStoreEvent, RedisTokenStore } from '@zohokit/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Zoho, ZohoConnectionError, type ZohoEvent } from 'zohokit';
import { freePort, type RedisServer, startRedisServer } from './support/redis-server.js';
import { counts, startTenant, type Tenant, whoami } from './support/tenant.js';

let tenant: Tenant;
const stores: RedisTokenStore[] = [];
const servers: RedisServer[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  tenant = await startTenant({ tokenTtlSec: 3600 });
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await tenant?.emulator.close();
});

function client(url: string, options: { onUnavailable?: 'fallback' | 'throw' } = {}) {
  const storeEvents: RedisStoreEvent[] = [];
  const store = new RedisTokenStore({ redis: url, ...options, onEvent: (e) => storeEvents.push(e) });
  stores.push(store);
  return { store, storeEvents };
}

function zohoWith(store: RedisTokenStore, refreshToken: string) {
  const events: ZohoEvent[] = [];
  const zoho = new Zoho({
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    refreshToken,
    endpoints: tenant.emulator.endpoints,
    tokenStore: store,
    onEvent: (e) => events.push(e),
  });
  const warnings = () => events.filter((e) => e.type === 'warning');
  return { zoho, events, warnings };
}

describe('Redis down at start', () => {
  it("fallback (default): calls work with this process's own single-flight, and say why in warning events", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const { store, storeEvents } = client(url);
    const started = performance.now();
    expect(await store.ready()).toBe(false);
    expect(storeEvents).toContainEqual(expect.objectContaining({ type: 'connection', state: 'unavailable' }));

    const { zoho, warnings } = zohoWith(store, await tenant.newRefreshToken());
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => zoho.request(whoami)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(3_000);
    // One refresh for the 50 calls: the in-process single-flight still holds.
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);
    const messages = warnings().map((w) => (w.type === 'warning' ? `${w.code}: ${w.message}` : ''));
    expect(messages.some((m) => /^token_store_failed: .*Redis is unavailable at 127\.0\.0\.1:\d+/.test(m))).toBe(true);
    expect(messages.some((m) => /^token_lock_failed: /.test(m))).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('throw: RedisTokenStore.connect() and ready() reject with a clear error instead', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const error = await RedisTokenStore.connect({ redis: url, onUnavailable: 'throw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect((error as ZohoConnectionError).code).toBe('redis_unavailable');
    expect((error as Error).message).toMatch(
      new RegExp(
        `Redis is unavailable at 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED[^)]*\\); could not connect at start`,
      ),
    );
    expect((error as Error).message).toMatch(/Start Redis or fix the "redis" option/);

    const { store } = client(url, { onUnavailable: 'throw' });
    await expect(store.ready()).rejects.toThrow(/Redis is unavailable/);
    // Once Redis is there, the same configuration connects.
    const server = await startRedisServer(port);
    servers.push(server);
    const connected = await RedisTokenStore.connect({ redis: url, onUnavailable: 'throw' });
    stores.push(connected);
    expect(connected.available).toBe(true);
  });
});

describe('Redis lost mid-run', () => {
  it('calls go on with the cached token, refresh still works, nothing hangs or rejects unhandled; Redis coming back is picked up', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const a = client(server.url);
    const b = client(server.url);
    const refreshToken = await tenant.newRefreshToken();
    const za = zohoWith(a.store, refreshToken);
    const zb = zohoWith(b.store, refreshToken);
    const burst = (n: number) =>
      Promise.allSettled([za, zb].flatMap(({ zoho }) => Array.from({ length: n }, () => zoho.request(whoami))));

    expect((await burst(20)).filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);

    await server.kill();
    await new Promise((r) => setTimeout(r, 100));
    await tenant.emulator.control.resetCounters();

    // The cached token needs no Redis at all.
    let started = performance.now();
    expect((await burst(50)).filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(0);

    // Zoho expires the token while Redis is down: each process refreshes on its own, once, and says so.
    await tenant.emulator.control.expireTokens({ clientId: tenant.clientId });
    started = performance.now();
    expect((await burst(50)).filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(2);
    for (const z of [za, zb]) {
      expect(z.warnings().some((w) => w.type === 'warning' && /Redis is unavailable/.test(w.message))).toBe(true);
    }
    expect(a.storeEvents).toContainEqual(expect.objectContaining({ type: 'connection', state: 'unavailable' }));

    // Redis comes back on the same port: the stores reconnect by themselves and share again.
    servers.splice(servers.indexOf(server), 1);
    const again = await startRedisServer(server.port);
    servers.push(again);
    const deadline = Date.now() + 8_000;
    while (!(a.store.available && b.store.available) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(a.store.available && b.store.available).toBe(true);
    expect(a.storeEvents.at(-1)).toMatchObject({ type: 'connection', state: 'ready' });
    await a.store.set('zohokit:back', { accessToken: 'x', expiresAt: Date.now() + 60_000, obtainedAt: Date.now() });
    expect((await b.store.get('zohokit:back'))?.accessToken).toBe('x');

    expect(unhandled).toEqual([]);
  });
});
