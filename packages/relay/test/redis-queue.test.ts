/**
 * The Redis queue against a real redis-server this file starts (AOF on, fsync always): the one behavioural
 * suite, deliveries kept across a new connection and across a killed and restarted Redis, the settings check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startRedisServer } from '../../redis/test/support/redis-server.js';
import { useRedisServer } from '../../redis/test/support/use-redis-server.js';
import { RedisQueue, RelayQueueSetupError } from '../src/index.js';
import { newDelivery, queueSuite } from './support/queue-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'zohokit-relay-redis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useRedisServer(undefined, { aof: { dir: join(dir, 'suite') } });
let names = 0;

queueSuite('RedisQueue', async () => {
  const name = `suite-${++names}`;
  const open = () => RedisQueue.open({ redis: server().url, name });
  return { queue: await open(), reopen: open };
});

describe('RedisQueue: Redis', () => {
  it('reports the AOF settings it rests on', async () => {
    const queue = await RedisQueue.open({ redis: server().url, name: 'settings' });
    expect(await queue.durability()).toEqual({
      appendonly: 'yes',
      appendfsync: 'always',
      maxmemoryPolicy: 'noeviction',
    });
    await queue.close();
  });

  it('refuses a Redis that may evict deliveries, and leaves a connection it was given open', async () => {
    const redis = new Redis(server().url);
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const refused = await RedisQueue.open({ redis, name: 'evicts' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RelayQueueSetupError);
      expect(refused).toMatchObject({ code: 'redis_evicts', fix: expect.stringContaining('noeviction') });
    } finally {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
    }
    const queue = await RedisQueue.open({ redis, name: 'given' });
    await queue.add(newDelivery());
    await queue.close();
    expect(await redis.ping()).toBe('PONG');
    await redis.quit();
  });

  it('without ioredis installed, names the package to install (the relay itself loads without it)', async () => {
    vi.doMock('ioredis', () => {
      throw new Error("Cannot find package 'ioredis'");
    });
    try {
      const refused = await RedisQueue.open({ redis: server().url }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RelayQueueSetupError);
      expect(refused).toMatchObject({
        code: 'redis_client_missing',
        fix: expect.stringContaining('npm install ioredis'),
      });
    } finally {
      vi.doUnmock('ioredis');
    }
  });

  it('names an unreachable Redis, with the fix', async () => {
    const down = await startRedisServer();
    await down.stop();
    const refused = await RedisQueue.open({ redis: down.url }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'redis_unreachable', fix: expect.stringContaining('redis-server') });
  });

  it('keeps every delivery, its lease and the pause across a killed and restarted redis-server', async () => {
    const aof = join(dir, 'restart');
    let redis = await startRedisServer(undefined, { aof: { dir: aof } });
    try {
      const queue = await RedisQueue.open({ redis: redis.url, name: 'restart' });
      const added = await Promise.all(Array.from({ length: 50 }, () => queue.add(newDelivery())));
      const [lease] = await queue.lease({ now: Date.now(), leaseMs: 60_000, limit: 1 });
      await queue.setControl({ paused: { reason: 'r', code: 'invalid_code', fix: 'f', product: 'desk', since: 1 } });
      await queue.close();
      // SIGKILL: no shutdown save. Only what the AOF synced before each answer comes back.
      await redis.kill();
      redis = await startRedisServer(redis.port, { aof: { dir: aof } });
      const again = await RedisQueue.open({ redis: redis.url, name: 'restart' });
      const ids = new Set(added.map((a) => a.delivery.id));
      const kept = await again.list({ limit: 100 });
      expect(new Set(kept.map((d) => d.id))).toEqual(ids);
      expect((await again.counts()).byState).toMatchObject({ pending: 49, in_flight: 1 });
      expect((await again.control()).paused?.code).toBe('invalid_code');
      // The fence survived too: the lease taken before the crash still settles, an older fence does not.
      expect(await again.settle(lease!.delivery.id, lease!.fence - 1, { state: 'delivered', result: 1 }, 2)).toBe(
        false,
      );
      expect(await again.settle(lease!.delivery.id, lease!.fence, { state: 'delivered', result: 1 }, 2)).toBe(true);
      await again.close();
    } finally {
      await redis.stop();
    }
  });
});
