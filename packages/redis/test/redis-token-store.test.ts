import { randomBytes } from 'node:crypto';
import { type RedisStoreEvent, RedisTokenStore } from '@zohokit/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type StoredToken, ZohoConfigError } from 'zohokit';
import { useRedisServer } from './support/use-redis-server.js';

let raw: Redis;
const stores: RedisTokenStore[] = [];
const redisServer = useRedisServer((server) => {
  raw = new Redis(server.url);
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

afterAll(() => {
  raw?.disconnect();
});

function store(options: Partial<ConstructorParameters<typeof RedisTokenStore>[0]> = {}): RedisTokenStore {
  const s = new RedisTokenStore({ redis: redisServer().url, ...options });
  stores.push(s);
  return s;
}

let seq = 0;
/** A tenant key of our own per test, so tests never see each other's entries. */
const tenant = () => `zohokit:accounts.test:client:${process.pid}-${++seq}`;

/** Not shaped like a Zoho token on purpose. */
const fakeToken = () => `test-access-${randomBytes(8).toString('hex')}`;

function record(now = Date.now(), overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    accessToken: fakeToken(),
    obtainedAt: now,
    expiresAt: now + 3_600_000,
    apiDomain: 'https://www.zohoapis.com',
    scope: ['ZohoCRM.users.READ'],
    refreshes: [now],
    ...overrides,
  };
}

describe('get / set / delete', () => {
  it('round-trips a token record; a missing key is undefined; delete removes it', async () => {
    const s = store();
    const key = tenant();
    expect(await s.get(key)).toBeUndefined();
    const value = record();
    await s.set(key, value);
    const read = await s.get(key);
    expect(read?.accessToken).toBe(value.accessToken);
    expect(read?.apiDomain).toBe(value.apiDomain);
    expect(read?.scope).toEqual(value.scope);
    // Times are rebuilt from relative values: equal to within the read's own latency.
    expect(Math.abs((read?.expiresAt ?? 0) - value.expiresAt)).toBeLessThan(50);
    expect(Math.abs((read?.obtainedAt ?? 0) - value.obtainedAt)).toBeLessThan(50);
    expect(Math.abs((read?.refreshes?.[0] ?? 0) - value.obtainedAt)).toBeLessThan(50);
    await s.delete(key);
    expect(await s.get(key)).toBeUndefined();
  });

  it('keeps an invalidated entry (no access token) with its refresh budget and throttle block', async () => {
    const s = store();
    const key = tenant();
    const now = Date.now();
    await s.set(key, { expiresAt: 0, obtainedAt: 0, refreshes: [now - 1_000, now], blockedUntil: now + 60_000 });
    const read = await s.get(key);
    expect(read?.accessToken).toBeUndefined();
    expect(read?.refreshes).toHaveLength(2);
    expect(Math.abs((read?.blockedUntil ?? 0) - (now + 60_000))).toBeLessThan(50);
    // Kept past the block and the budget window, then cleaned up by Redis.
    expect(await raw.pttl(`zohokit:token:${key}`)).toBeGreaterThan(3_600_000);
  });

  it('two stores on the same Redis see each other’s writes; another prefix does not', async () => {
    const key = tenant();
    const value = record();
    await store().set(key, value);
    expect((await store().get(key))?.accessToken).toBe(value.accessToken);
    expect(await store({ prefix: 'other-app' }).get(key)).toBeUndefined();
  });
});

describe('encryption at rest', () => {
  const key32 = randomBytes(32);

  it('stores no token in the clear and reads it back with the key', async () => {
    const s = store({ encryptionKey: key32.toString('hex') });
    const key = tenant();
    const value = record();
    await s.set(key, value);
    const at = await raw.hget(`zohokit:token:${key}`, 'v');
    expect(at).toMatch(/^aes256gcm:/);
    expect(at).not.toContain(value.accessToken);
    expect(at).not.toContain('accessToken');
    expect((await s.get(key))?.accessToken).toBe(value.accessToken);
    // The same key as base64 or bytes reads it too.
    expect((await store({ encryptionKey: key32.toString('base64') }).get(key))?.accessToken).toBe(value.accessToken);
    expect((await store({ encryptionKey: new Uint8Array(key32) }).get(key))?.accessToken).toBe(value.accessToken);
  });

  it('refuses values it cannot authenticate: no key, another key, plain text, or moved to another tenant', async () => {
    const key = tenant();
    await store({ encryptionKey: key32 }).set(key, record());
    await expect(store().get(key)).rejects.toThrow(/encrypted and this store has no encryptionKey/);
    await expect(store({ encryptionKey: randomBytes(32) }).get(key)).rejects.toThrow(/does not decrypt/);

    const plain = tenant();
    await store().set(plain, record());
    await expect(store({ encryptionKey: key32 }).get(plain)).rejects.toThrow(/not encrypted/);

    const moved = tenant();
    const sealed = (await raw.hget(`zohokit:token:${key}`, 'v')) as string;
    await raw.hset(`zohokit:token:${moved}`, 'v', sealed, 't', String(Date.now()));
    await expect(store({ encryptionKey: key32 }).get(moved)).rejects.toThrow(/does not decrypt/);
  });

  it('encrypts a stored refresh token too', async () => {
    const s = store({ encryptionKey: key32 });
    const refreshToken = `test-refresh-${randomBytes(8).toString('hex')}`;
    await s.setRefreshToken('crm-sync', refreshToken);
    const at = await raw.get('zohokit:refresh-token:crm-sync');
    expect(at).toMatch(/^aes256gcm:/);
    expect(at).not.toContain(refreshToken);
    expect(await s.getRefreshToken('crm-sync')).toBe(refreshToken);
    await s.deleteRefreshToken('crm-sync');
    expect(await s.getRefreshToken('crm-sync')).toBeUndefined();
  });
});

describe('options', () => {
  it('rejects unknown or invalid options with a ZohoConfigError naming the option, never echoing a key', () => {
    const make = (o: Record<string, unknown>) => () =>
      new RedisTokenStore({ redis: redisServer().url, ...o } as ConstructorParameters<typeof RedisTokenStore>[0]);
    expect(make({ lockTtl: 5 })).toThrow(ZohoConfigError);
    expect(make({ lockTtl: 5 })).toThrow(/unknown option "lockTtl"/);
    expect(make({ encryptionKey: 'ab'.repeat(16) })).toThrow(/must be 32 bytes \(got 16\)/);
    expect(make({ encryptionKey: 'not a key!' })).toThrow(/encryptionKey/);
    expect(make({ prefix: 'has space' })).toThrow(/prefix/);
    expect(make({ onUnavailable: 'ignore' })).toThrow(/onUnavailable/);
    expect(make({ commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => new RedisTokenStore({} as never)).toThrow(/option "redis" is required/);
    const secretish = 'cd'.repeat(20);
    expect(make({ encryptionKey: secretish })).not.toThrow(new RegExp(secretish));
  });
});

describe('lock', () => {
  it('is exclusive, expires by itself, and is released only by its owner', async () => {
    const key = tenant();
    const lockKey = `zohokit:lock:${key}`;
    const [a, b, c] = [store(), store(), store()];
    const first = await a.lock(key, 300);
    expect(first).not.toBeNull();
    expect(await b.lock(key, 5_000)).toBeNull();

    await new Promise((r) => setTimeout(r, 400));
    const second = await b.lock(key, 5_000);
    expect(second).not.toBeNull();
    const owner = await raw.get(lockKey);

    // The first holder's lock expired: releasing it late must not delete the second holder's lock.
    await first?.release();
    expect(await raw.get(lockKey)).toBe(owner);
    expect(await raw.pttl(lockKey)).toBeGreaterThan(0);
    expect(await c.lock(key, 5_000)).toBeNull();

    await second?.release();
    expect(await raw.exists(lockKey)).toBe(0);
    expect(await c.lock(key, 5_000)).not.toBeNull();
  });

  it('wakes a waiter by pub/sub as soon as the holder writes, long before the poll interval', async () => {
    const key = tenant();
    const holder = store();
    const events: RedisStoreEvent[] = [];
    const waiter = store({ pollIntervalMs: 5_000, onEvent: (e) => events.push(e) });
    const lock = await holder.lock(key, 10_000);
    expect(await waiter.lock(key, 10_000)).toBeNull();

    const started = performance.now();
    let written = 0;
    setTimeout(() => {
      void holder.set(key, record()).then(() => {
        written = performance.now();
      });
    }, 200);
    await waiter.waitForUpdate(key, 8_000);
    const woke = performance.now();
    expect(woke - started).toBeGreaterThanOrEqual(190);
    expect(woke - started).toBeLessThan(1_000);
    expect(woke - (written || woke)).toBeLessThan(100);

    expect((await waiter.get(key))?.accessToken).toBeDefined();
    const wait = events.find((e) => e.type === 'lock.wait');
    expect(wait).toMatchObject({ type: 'lock.wait', key, outcome: 'updated' });
    expect((wait as { waitedMs: number }).waitedMs).toBeLessThan(1_000);
    await lock?.release();
  });

  it('falls back to polling: a waiter notices a crashed holder’s lock expiring (no message is ever sent)', async () => {
    const key = tenant();
    await raw.set(`zohokit:lock:${key}`, 'crashed-holder', 'PX', 300, 'NX');
    const waiter = store({ pollIntervalMs: 50 });
    const started = performance.now();
    await waiter.waitForUpdate(key, 5_000);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1_000);
  });

  it('returns at once when the holder finished before the waiter subscribed', async () => {
    const waiter = store({ pollIntervalMs: 5_000 });
    const started = performance.now();
    await waiter.waitForUpdate(tenant(), 5_000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('clock skew', () => {
  it('a reader whose clock is 2 s fast sees the true remaining lifetime, not 2 s less', async () => {
    const key = tenant();
    const writer = store();
    const fast = store({ clock: () => Date.now() + 2_000 });
    const slow = store({ clock: () => Date.now() - 2_000 });
    const now = Date.now();
    await writer.set(key, record(now, { expiresAt: now + 5_000, blockedUntil: now + 10_000 }));
    await new Promise((r) => setTimeout(r, 300));

    for (const [reader, skew] of [
      [fast, 2_000],
      [slow, -2_000],
    ] as const) {
      const read = await reader.get(key);
      const readerNow = Date.now() + skew;
      // ~4.7 s left in the reader's own clock, the token's real remaining life.
      expect((read?.expiresAt ?? 0) - readerNow).toBeGreaterThan(4_500);
      expect((read?.expiresAt ?? 0) - readerNow).toBeLessThanOrEqual(4_750);
      // The lifetime is unchanged, so the early-refresh margin (a quarter of it) is too.
      expect((read?.expiresAt ?? 0) - (read?.obtainedAt ?? 0)).toBe(5_000);
      expect((read?.blockedUntil ?? 0) - readerNow).toBeGreaterThan(9_500);
    }
  });
});

describe('connections', () => {
  it('close() releases the main and the subscriber connection', async () => {
    const clients = async () =>
      String(await raw.client('LIST'))
        .trim()
        .split('\n').length;
    const before = await clients();
    const s = new RedisTokenStore({ redis: redisServer().url });
    expect(await s.ready()).toBe(true);
    expect(s.available).toBe(true);
    await s.waitForUpdate(tenant(), 50);
    expect(await clients()).toBe(before + 2);
    await s.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await clients()).toBe(before);
  });

  it('leaves a caller-supplied ioredis instance open', async () => {
    const mine = new Redis(redisServer().url);
    const listeners = mine.listenerCount('error');
    const s = new RedisTokenStore({ redis: mine });
    const key = tenant();
    await s.set(key, record());
    expect(await s.get(key)).toBeDefined();
    await s.close();
    expect(await mine.ping()).toBe('PONG');
    expect(mine.listenerCount('error')).toBe(listeners);
    mine.disconnect();
  });
});
