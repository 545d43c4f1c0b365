import { type RedisStoreEvent, RedisTokenStore } from '@zohokit/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Zoho, type ZohoEvent, type ZohoOptions } from 'zohokit';
import { counts, startTenant, type Tenant, whoami } from './support/tenant.js';
import { useRedisServer } from './support/use-redis-server.js';

let tenant: Tenant;
const stores: RedisTokenStore[] = [];
const redisServer = useRedisServer();

beforeAll(async () => {
  tenant = await startTenant({ tokenTtlSec: 3600 });
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await tenant?.emulator.close();
});

let prefixes = 0;

/** `n` clients as separate processes would have them: each with its own store and Redis connection. */
function fleet(n: number, options: { prefix: string; refreshToken?: string; storedAs?: string }) {
  return Array.from({ length: n }, () => {
    const storeEvents: RedisStoreEvent[] = [];
    const store = new RedisTokenStore({
      redis: redisServer().url,
      prefix: options.prefix,
      onEvent: (e) => storeEvents.push(e),
    });
    stores.push(store);
    const events: ZohoEvent[] = [];
    const zohoOptions: ZohoOptions = {
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      endpoints: tenant.emulator.endpoints,
      tokenStore: options.storedAs ? store.withRefreshToken(options.storedAs) : store,
      onEvent: (e) => events.push(e),
    };
    if (options.refreshToken) zohoOptions.refreshToken = options.refreshToken;
    return { zoho: new Zoho(zohoOptions), store, events, storeEvents };
  });
}

describe('one token for the whole fleet', () => {
  it('8 clients with their own Redis connections × 50 concurrent calls make exactly one token call', async () => {
    const refreshToken = await tenant.newRefreshToken();
    const clients = fleet(8, { prefix: `t${++prefixes}`, refreshToken });
    const results = await Promise.allSettled(
      clients.flatMap(({ zoho }) => Array.from({ length: 50 }, () => zoho.request(whoami))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    const c = await counts(tenant.emulator);
    expect(c.refreshCalls).toBe(1);
    expect(c.whoamiOk).toBe(400);
    // The others waited for the one that refreshed (a late starter may find the token already written).
    const waits = clients.flatMap((x) => x.storeEvents).filter((e) => e.type === 'lock.wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.length).toBeLessThanOrEqual(7);
    expect(waits.every((e) => e.outcome === 'updated')).toBe(true);
    expect(clients.flatMap((x) => x.events).filter((e) => e.type === 'warning')).toHaveLength(0);
  });

  it('after Zoho expires the token, the fleet still refreshes once', async () => {
    const refreshToken = await tenant.newRefreshToken();
    const clients = fleet(5, { prefix: `t${++prefixes}`, refreshToken });
    await Promise.all(clients.map(({ zoho }) => zoho.request(whoami)));
    await tenant.emulator.control.expireTokens({ clientId: tenant.clientId });
    await tenant.emulator.control.resetCounters();
    const results = await Promise.allSettled(
      clients.flatMap(({ zoho }) => Array.from({ length: 40 }, () => zoho.request(whoami))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);
  });

  it('a lock holder that crashed blocks nobody: its lock expires and another client refreshes', async () => {
    const refreshToken = await tenant.newRefreshToken();
    const prefix = `t${++prefixes}`;
    const [client] = fleet(1, { prefix, refreshToken });
    if (!client) throw new Error('no client');
    // A process took the refresh lock and died before writing a token or releasing it.
    const raw = new Redis(redisServer().url);
    try {
      expect(await raw.set(`${prefix}:lock:${await client.zoho.tokens.key()}`, 'dead', 'PX', 1_500, 'NX')).toBe('OK');
    } finally {
      raw.disconnect();
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => client.zoho.request(whoami)));
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_300);
    expect(took).toBeLessThan(4_000);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);
    expect(client.storeEvents.find((e) => e.type === 'lock.wait')).toMatchObject({ outcome: 'acquired' });
  });
});

describe('the refresh token kept in Redis', () => {
  it('clients read it before refreshing, so rotating it is one write for the whole fleet', async () => {
    const prefix = `t${++prefixes}`;
    const admin = new RedisTokenStore({ redis: redisServer().url, prefix });
    stores.push(admin);
    const first = await tenant.newRefreshToken();
    await admin.setRefreshToken('crm', first);

    // No refreshToken option: the clients get it from the store.
    const clients = fleet(4, { prefix, storedAs: 'crm' });
    await Promise.all(clients.flatMap(({ zoho }) => Array.from({ length: 10 }, () => zoho.request(whoami))));
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);

    // Rotate: one write, then the old token is revoked (its access tokens stop working at once).
    const second = await tenant.newRefreshToken();
    await admin.setRefreshToken('crm', second);
    await tenant.emulator.control.revokeToken(first);
    await tenant.emulator.control.resetCounters();

    const results = await Promise.allSettled(
      clients.flatMap(({ zoho }) => Array.from({ length: 10 }, () => zoho.request(whoami))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    const c = await counts(tenant.emulator);
    expect(c.refreshCalls).toBe(1);
    expect(c.unauthorized).toBeGreaterThan(0);
    // The new token was minted from the rotated refresh token: its exchange plus the fleet's one refresh.
    const snapshot = await tenant.emulator.control.tokens();
    const rotated = snapshot.refreshTokens
      .filter((rt) => rt.state === 'live')
      .sort((a, b) => b.createdAt - a.createdAt);
    expect(rotated[0]?.mintedInWindow).toBe(2);
    expect(snapshot.refreshTokens.some((rt) => rt.state === 'revoked')).toBe(true);
  });

  it('the refreshToken option still works as the fallback when the store holds none', async () => {
    const refreshToken = await tenant.newRefreshToken();
    const [client] = fleet(1, { prefix: `t${++prefixes}`, refreshToken, storedAs: 'nothing-here' });
    await client?.zoho.request(whoami);
    expect((await counts(tenant.emulator)).refreshCalls).toBe(1);
  });
});
