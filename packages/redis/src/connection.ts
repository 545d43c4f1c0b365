import { Redis, type RedisOptions } from 'ioredis';
import { createZohoError, type ZohoError } from 'zohokit';
import type { RedisStoreEvent } from './options.js';

export interface ConnectionOptions {
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  onEvent: ((event: RedisStoreEvent) => void) | undefined;
}

/**
 * One ioredis connection that never makes a caller wait on a dead Redis: commands run only while the connection
 * is ready (otherwise they fail at once), each under a deadline, and only the very first use waits, boundedly,
 * for the initial connect. ioredis keeps reconnecting in the background, so Redis coming back is picked up.
 */
export class RedisConnection {
  readonly redis: Redis;
  /** Whether `close()` should quit `redis` (false for an instance the caller passed in). */
  readonly #owned: boolean;
  readonly #o: ConnectionOptions;
  readonly #initial: Promise<void>;
  #settled = false;
  #lastError: string | undefined;
  #wasReady = false;
  #reportedDown = false;
  #closed = false;
  readonly #listeners: [string, (error?: Error) => void][] = [
    [
      'error',
      (error?: Error) => {
        this.#lastError = error?.message ?? 'unknown error';
        this.#down(this.#lastError);
      },
    ],
    ['close', () => this.#down('connection closed')],
    [
      'ready',
      () => {
        this.#wasReady = true;
        if (this.#reportedDown || !this.#settled) this.#emit({ type: 'connection', state: 'ready' });
        this.#reportedDown = false;
      },
    ],
  ];

  constructor(redis: Redis | string | RedisOptions, options: ConnectionOptions) {
    this.#o = options;
    this.#owned = !isRedisInstance(redis);
    this.redis = isRedisInstance(redis) ? redis : createClient(redis, options);
    // Without a listener ioredis prints every failed reconnect as an "Unhandled error event".
    for (const [event, listener] of this.#listeners) this.redis.on(event, listener);
    this.#initial = this.#firstConnect();
    this.#initial.catch(() => undefined);
    if (this.redis.status === 'wait') this.redis.connect().catch(() => undefined);
  }

  get available(): boolean {
    return this.redis.status === 'ready';
  }

  /** Resolves once connected; rejects with the clear error when the first connect fails or times out. */
  ready(): Promise<void> {
    return this.#settled && this.available ? Promise.resolve() : this.#initial.then(() => undefined);
  }

  /** Runs `op` on a ready connection under the command deadline; every failure is a `ZohoError`. */
  async run<T>(what: string, op: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw this.unavailable(`${what}: the store is closed`);
    if (!this.available) {
      if (this.#settled) throw this.unavailable(what);
      await this.#initial;
      if (!this.available) throw this.unavailable(what);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.unavailable(`${what} timed out after ${this.#o.commandTimeoutMs} ms`)),
        this.#o.commandTimeoutMs,
      );
    });
    try {
      return await Promise.race([op(this.redis), deadline]);
    } catch (error) {
      if ((error as ZohoError).code === 'redis_unavailable') throw error;
      const reply = (error as Error).name === 'ReplyError';
      throw createZohoError(reply ? 'api' : 'connection', {
        message: `zohokit: Redis ${what} failed: ${(error as Error).message}`,
        code: reply ? 'redis_error' : 'redis_unavailable',
        fix: reply ? undefined : FIX,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  unavailable(what: string): ZohoError {
    const why = this.#lastError ?? `status ${this.redis.status}`;
    return createZohoError('connection', {
      message: `zohokit: Redis is unavailable at ${this.address} (${why}); ${what}`,
      code: 'redis_unavailable',
      fix: FIX,
    });
  }

  get address(): string {
    const { host, port, path } = this.redis.options;
    return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
  }

  /** A second connection with the same settings (pub/sub needs its own), queueing until it connects. */
  duplicate(): Redis {
    const sub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    sub.on('error', () => undefined);
    return sub;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await quit(this.redis, this.#o.commandTimeoutMs);
    // The caller's instance lives on: take our listeners off it.
    else for (const [event, listener] of this.#listeners) this.redis.off(event, listener);
  }

  #firstConnect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: ZohoError) => {
        if (this.#settled) return;
        this.#settled = true;
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        this.redis.off('error', onError);
        if (error) {
          this.#down(this.#lastError ?? 'no connection');
          reject(error);
        } else resolve();
      };
      const onReady = () => finish();
      const onError = () => finish(this.unavailable('could not connect at start'));
      const timer = setTimeout(
        () => finish(this.unavailable(`no connection within ${this.#o.connectTimeoutMs} ms at start`)),
        this.#o.connectTimeoutMs,
      );
      if (this.redis.status === 'ready') finish();
      this.redis.on('ready', onReady);
      this.redis.on('error', onError);
    });
  }

  #down(message: string): void {
    if (this.#closed || this.#reportedDown || (!this.#wasReady && !this.#settled)) return;
    this.#reportedDown = true;
    this.#emit({ type: 'connection', state: 'unavailable', message: `Redis at ${this.address}: ${message}` });
  }

  #emit(event: RedisStoreEvent): void {
    try {
      this.#o.onEvent?.(event);
    } catch {
      // A broken listener must not break the store.
    }
  }
}

const FIX =
  'Start Redis or fix the "redis" option; until it is back each process refreshes on its own (one refresh at a time per process)';

function createClient(target: string | RedisOptions, o: ConnectionOptions): Redis {
  const failFast: RedisOptions = {
    // Queued commands would wait for a reconnect: fail at once instead and let the token manager carry on.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: o.connectTimeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  return typeof target === 'string' ? new Redis(target, failFast) : new Redis({ ...failFast, ...target });
}

/** Duck-typed so an instance from another copy of ioredis is recognised too. */
function isRedisInstance(value: unknown): value is Redis {
  const v = value as { duplicate?: unknown; status?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.duplicate === 'function' && typeof v.status === 'string';
}

/** QUIT when connected (pending replies arrive first), otherwise drop the socket; never waits long. */
export async function quit(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    redis.quit().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // QUIT may have timed out on a server that stopped answering.
  if ((redis.status as string) !== 'end') redis.disconnect();
}
