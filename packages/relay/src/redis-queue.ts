/**
 * The queue for many workers on many machines: the relay's deliveries in Redis — the Redis a BullMQ deployment
 * runs on, with BullMQ's requirements (AOF for durability, `maxmemory-policy noeviction`) — with the same
 * states and guarantees as the SQLite queue, and the same behavioural suite.
 *
 * Why this is not built on BullMQ's job machinery (Worker, `getNextJob(token)`, `moveToCompleted/Failed/Delayed`,
 * `extendLock`, the stalled checker), though it was the first plan:
 * - Fencing. BullMQ checks the lock token when it moves a job, but a pending retry needs its error, outcome
 *   and the sticky "may have reached Zoho" flag written with the move; `moveToDelayed` writes none of them, and
 *   `job.updateData` is a separate, unfenced write of the whole data blob (a worker whose lease expired could
 *   overwrite the new holder's flag: the next attempt would not reconcile and could make a duplicate ticket).
 * - Policy. The relay's worker owns backoff, circuits and the pause; BullMQ's worker owns attempts, backoff
 *   and a stall limit (`maxStalledCount`) after which it fails a job on its own. The relay needs per-product
 *   leasing (an open circuit skips one product, a probe takes only one), where BullMQ serves one queue's head.
 * - States and clocks. BullMQ has no `expired`, `discarded`, "replay only finished ones" or "release without
 *   counting the attempt", and its locks expire on Redis's clock, where the queue contract takes the caller's
 *   `now` (the suite drives every adapter with explicit clocks).
 * So each state change here is one Lua script (redis-scripts.ts) over Redis hashes and sorted sets, run through
 * ioredis: the fence check and the change are one atomic step; a lease that expired (its worker died) is due
 * again and comes back marked maybe-sent, exactly as in SQLite. The idempotency key is the delivery's identity
 * (`k:<key>`, set in the same script that stores the delivery). BullMQ itself is not imported.
 *
 * Durability rests on Redis: `add` resolves once Redis has answered the script, and with `appendonly yes` and
 * `appendfsync always` Redis writes and fsyncs the AOF before it answers (commands of one event-loop turn share
 * one fsync: group commit); `everysec` may lose the last second on a crash of the machine (not of Redis
 * alone). `maxmemory-policy` must be `noeviction`, or Redis may drop a stored delivery under memory pressure:
 * `open` refuses any other policy. ioredis is an optional peer, imported only when `open` is given a URL, so
 * the relay loads without it.
 */

import type { Redis } from 'ioredis';
import type { ZohoProduct } from 'zohokit';
import type { Delivery, DeliveryState, Lease, Settlement } from './delivery.js';
import { DELIVERY_STATES } from './delivery.js';
import type {
  AddResult,
  DeliveryFilter,
  LeaseOptions,
  NewDelivery,
  QueueControl,
  QueueCounts,
  RelayQueue,
} from './queue.js';
import { runScript } from './redis-scripts.js';
import { RelayQueueSetupError } from './relay-errors.js';

export interface RedisQueueOptions {
  /**
   * A Redis URL (`redis://127.0.0.1:6379`; ioredis is imported then), or an ioredis connection of yours. A
   * connection the queue made is closed by `close()`; yours stays open.
   */
  redis: string | Redis;
  /** The queue's name: several relays may share one Redis under different names. Default `relay`. */
  name?: string;
  /** The first part of every key. Default `zohokit`: keys are `zohokit:relay:…`. */
  prefix?: string;
}

/** What the Redis server says about the settings durability rests on (`CONFIG GET`), when it lets us ask. */
export interface RedisDurability {
  appendonly: string;
  appendfsync: string;
  maxmemoryPolicy: string;
}

type Hash = Record<string, string>;

const PAGE = 256;

export class RedisQueue implements RelayQueue {
  readonly #redis: Redis;
  readonly #owned: boolean;
  readonly #p: string;

  private constructor(redis: Redis, owned: boolean, prefix: string) {
    this.#redis = redis;
    this.#owned = owned;
    this.#p = prefix;
  }

  /**
   * Connects (or takes your connection), checks that Redis does not evict keys, and resolves to the queue.
   * Throws `RelayQueueSetupError` when ioredis is not installed or Redis is set to evict.
   */
  static async open(options: RedisQueueOptions): Promise<RedisQueue> {
    const name = options.name ?? 'relay';
    const prefix = `${options.prefix ?? 'zohokit'}:${name}:`;
    let redis: Redis;
    const owned = typeof options.redis === 'string';
    if (typeof options.redis === 'string') {
      const { Redis: Client } = await import('ioredis').catch((error: unknown) => {
        throw new RelayQueueSetupError(
          'redis_client_missing',
          'relay: the Redis queue needs the ioredis package, which is not installed',
          "Install it beside @zohokit/relay: 'npm install ioredis@6'",
          error,
        );
      });
      // Auto-pipelining sends the adds of one turn of the event loop in one write: Redis then runs them in one
      // turn of its own, and with appendfsync always they share one fsync.
      redis = new Client(options.redis, { enableAutoPipelining: true, maxRetriesPerRequest: 3, lazyConnect: true });
      // Commands fail while Redis is away (and ioredis reconnects); without a listener each failed reconnect
      // would also print as an unhandled 'error' event.
      let lastError: Error | undefined;
      redis.on('error', (error: Error) => {
        lastError = error;
      });
      await redis.connect().catch((error: unknown) => {
        redis.disconnect();
        throw new RelayQueueSetupError(
          'redis_unreachable',
          `relay: cannot reach Redis (${(lastError ?? (error as Error)).message})`,
          'Start redis-server (redis-server --appendonly yes --appendfsync always), or pass the right URL',
          error,
        );
      });
    } else {
      redis = options.redis;
    }
    const queue = new RedisQueue(redis, owned, prefix);
    const durability = await queue.durability();
    if (durability && durability.maxmemoryPolicy !== 'noeviction') {
      if (owned) redis.disconnect();
      throw new RelayQueueSetupError(
        'redis_evicts',
        `relay: Redis has maxmemory-policy ${durability.maxmemoryPolicy}: it may evict stored deliveries under memory pressure`,
        "Set 'maxmemory-policy noeviction' in redis.conf (or CONFIG SET maxmemory-policy noeviction), as BullMQ requires too",
      );
    }
    return queue;
  }

  /** The server's AOF and eviction settings, or undefined where `CONFIG` is not allowed (managed Redis). */
  async durability(): Promise<RedisDurability | undefined> {
    try {
      const read = async (key: string) => ((await this.#redis.config('GET', key)) as string[])[1] ?? '';
      const [appendonly, appendfsync, maxmemoryPolicy] = await Promise.all(
        ['appendonly', 'appendfsync', 'maxmemory-policy'].map(read),
      );
      return { appendonly: appendonly ?? '', appendfsync: appendfsync ?? '', maxmemoryPolicy: maxmemoryPolicy ?? '' };
    } catch {
      return undefined;
    }
  }

  async add(delivery: NewDelivery): Promise<AddResult> {
    const [created, flat] = (await this.#run('add', [
      delivery.id,
      delivery.idempotencyKey,
      delivery.operation,
      delivery.product,
      JSON.stringify(delivery.input) ?? 'null',
      delivery.payloadHash,
      String(delivery.now),
    ])) as [number, string[]];
    const hash = hashOf(flat);
    return { delivery: fromHash(hash), created: created === 1, conflict: hash.payloadHash !== delivery.payloadHash };
  }

  async lease(options: LeaseOptions): Promise<Lease[]> {
    const leased = (await this.#run('lease', [
      String(options.now),
      String(options.now + options.leaseMs),
      options.limit,
      JSON.stringify(options.skipProducts ?? []),
      options.onlyProducts ? JSON.stringify(options.onlyProducts) : '',
    ])) as string[][];
    return leased.map((flat) => {
      const hash = hashOf(flat);
      return { delivery: fromHash(hash), fence: Number(hash.fence), reconcile: hash.maybeSent === '1' };
    });
  }

  async extend(id: string, fence: number, until: number): Promise<boolean> {
    return (await this.#run('extend', [id, String(fence), String(until)])) === 1;
  }

  async settle(id: string, fence: number, settlement: Settlement, now: number): Promise<boolean> {
    const delivered = settlement.state === 'delivered';
    const outcome = settlement.state === 'pending' ? settlement.outcome : delivered ? '' : settlement.error.outcome;
    return (
      (await this.#run('settle', [
        id,
        String(fence),
        String(now),
        settlement.state,
        settlement.state === 'pending' ? String(settlement.nextAttemptAt) : '',
        outcome,
        delivered ? '' : JSON.stringify(settlement.error),
        delivered ? (JSON.stringify(settlement.result ?? null) ?? 'null') : '',
        delivered ? '' : (settlement.error.code ?? ''),
      ])) === 1
    );
  }

  async release(id: string, fence: number, options: { now: number; ambiguous: boolean }): Promise<boolean> {
    const args = [id, String(fence), String(options.now), options.ambiguous ? '1' : '0'];
    return (await this.#run('release', args)) === 1;
  }

  async get(id: string): Promise<Delivery | undefined> {
    const hash = await this.#redis.hgetall(this.#key(`d:${id}`));
    return hash.id ? fromHash(hash) : undefined;
  }

  async list(filter: DeliveryFilter = {}): Promise<Delivery[]> {
    const limit = Math.max(1, (filter.limit ?? 100) | 0);
    const found: Hash[] = [];
    if (filter.ids) {
      for (const hash of await this.#hashes([...new Set(filter.ids)])) if (matches(hash, filter)) found.push(hash);
    } else {
      const sources = filter.states ? [...new Set(filter.states)].map((s) => this.#key(`s:${s}`)) : [this.#key('all')];
      for await (const page of this.#newestFirst(sources)) {
        for (const hash of await this.#hashes(page)) if (matches(hash, filter)) found.push(hash);
        if (found.length >= limit) break;
      }
    }
    const newestFirst = (a: Hash, b: Hash) =>
      Number(b.createdAt) - Number(a.createdAt) || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0);
    return found.sort(newestFirst).slice(0, limit).map(fromHash);
  }

  async counts(): Promise<QueueCounts> {
    const tx = this.#redis.multi();
    for (const state of DELIVERY_STATES) tx.zcard(this.#key(`s:${state}`));
    tx.zrange(this.#key('s:pending'), '0', '0', 'WITHSCORES');
    tx.zrange(this.#key('s:in_flight'), '0', '0', 'WITHSCORES');
    const replies = ((await tx.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const byState = Object.fromEntries(DELIVERY_STATES.map((s, i) => [s, Number(replies[i])])) as Record<
      DeliveryState,
      number
    >;
    const oldest = replies
      .slice(DELIVERY_STATES.length)
      .map((r) => (r as string[])[1])
      .filter((score): score is string => score !== undefined)
      .map(Number);
    return { byState, oldestPendingAt: oldest.length > 0 ? Math.min(...oldest) : undefined };
  }

  replay(filter: DeliveryFilter, now: number): Promise<number> {
    return this.#finish(filter, now, 'pending');
  }

  discard(filter: DeliveryFilter, now: number): Promise<number> {
    return this.#finish(filter, now, 'discarded');
  }

  async control(): Promise<QueueControl> {
    const value = await this.#redis.get(this.#key('control'));
    return value ? (JSON.parse(value) as QueueControl) : {};
  }

  async setControl(control: QueueControl): Promise<void> {
    await this.#redis.set(this.#key('control'), JSON.stringify(control));
  }

  async close(): Promise<void> {
    if (!this.#owned) return;
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  /** Only dead and expired deliveries are replayed or discarded, whatever the filter says (checked in Redis). */
  async #finish(filter: DeliveryFilter, now: number, target: 'pending' | 'discarded'): Promise<number> {
    const allowed = (['dead', 'expired'] as const).filter((s) => !filter.states || filter.states.includes(s));
    const wanted = filter.ids ? new Set(filter.ids) : undefined;
    const ids: string[] = [];
    for (const state of allowed) {
      for (const id of await this.#redis.zrange(this.#key(`s:${state}`), '0', '-1')) {
        if (!wanted || wanted.has(id)) ids.push(id);
      }
    }
    let changed = 0;
    for (let i = 0; i < ids.length; i += PAGE) {
      const hashes = await this.#hashes(ids.slice(i, i + PAGE));
      const chosen = hashes.filter((h) => matches(h, { ...filter, states: undefined }));
      const results = await Promise.all(
        chosen.map((h) => this.#run('finished', [h.id!, String(now), target, JSON.stringify(allowed)])),
      );
      changed += results.filter((r) => r === 1).length;
    }
    return changed;
  }

  /** Ids from the given `createdAt` sorted sets, newest first across all of them, a page at a time. */
  async *#newestFirst(keys: string[]): AsyncGenerator<string[]> {
    const heads = keys.map((key) => ({ key, offset: 0, buffer: [] as [string, number][], done: false }));
    const fill = async (head: (typeof heads)[number]) => {
      if (head.buffer.length > 0 || head.done) return;
      const flat = await this.#redis.zrevrange(head.key, head.offset, head.offset + PAGE - 1, 'WITHSCORES');
      head.offset += PAGE;
      for (let i = 0; i < flat.length; i += 2) head.buffer.push([flat[i]!, Number(flat[i + 1])]);
      if (flat.length < PAGE * 2) head.done = true;
    };
    for (;;) {
      const page: string[] = [];
      while (page.length < PAGE) {
        await Promise.all(heads.map(fill));
        let best: (typeof heads)[number] | undefined;
        for (const head of heads) {
          const top = head.buffer[0];
          if (top && (!best || top[1] > best.buffer[0]![1])) best = head;
        }
        if (!best) break;
        page.push(best.buffer.shift()![0]);
      }
      if (page.length === 0) return;
      yield page;
    }
  }

  async #hashes(ids: string[]): Promise<Hash[]> {
    const hashes = await Promise.all(ids.map((id) => this.#redis.hgetall(this.#key(`d:${id}`))));
    return hashes.filter((h) => h.id !== undefined);
  }

  #run(name: Parameters<typeof runScript>[1], args: (string | number)[]): Promise<unknown> {
    return runScript(this.#redis, name, [this.#p, ...args]);
  }

  #key(suffix: string): string {
    return `${this.#p}${suffix}`;
  }
}

function matches(hash: Hash, filter: DeliveryFilter): boolean {
  if (filter.states && !filter.states.includes(hash.state as DeliveryState)) return false;
  if (filter.operation && hash.operation !== filter.operation) return false;
  if (filter.code && hash.code !== filter.code) return false;
  return true;
}

/** A script's HGETALL reply (`[field, value, …]`) as an object. */
function hashOf(flat: string[]): Hash {
  const hash: Hash = {};
  for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
  return hash;
}

function fromHash(h: Hash): Delivery {
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    id: h.id!,
    idempotencyKey: h.idempotencyKey!,
    operation: h.operation as Delivery['operation'],
    product: h.product as ZohoProduct,
    input: JSON.parse(h.input ?? 'null'),
    state: h.state as DeliveryState,
    attempts: Number(h.attempts),
    createdAt: Number(h.createdAt),
    updatedAt: Number(h.updatedAt),
    nextAttemptAt: Number(h.nextAttemptAt),
    ageFrom: Number(h.ageFrom),
    lastOutcome: h.lastOutcome as Delivery['lastOutcome'],
    maybeSent: h.maybeSent === '1',
    lastError: h.lastError ? JSON.parse(h.lastError) : undefined,
    result: h.result ? JSON.parse(h.result) : undefined,
    deliveredAt: number(h.deliveredAt),
  };
}
