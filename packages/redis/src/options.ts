import type { Redis, RedisOptions } from 'ioredis';
import { createZohoError, type ZohoConfigError } from 'zohokit';
import { parseEncryptionKey } from './value-cipher.js';

/** What the store reports about itself, besides the errors the token manager turns into `warning` events. */
export type RedisStoreEvent =
  /** The connection came up (`ready`) or went away (`unavailable`); sent on transitions only, never per retry. */
  | { type: 'connection'; state: 'ready' | 'unavailable'; message?: string | undefined }
  /**
   * A refresh lock was held by another client; this one waited `waitedMs` until that client's token was written
   * (`updated`) or until it took the lock itself (`acquired`, e.g. after the holder died and the lock expired).
   */
  | { type: 'lock.wait'; key: string; waitedMs: number; outcome: 'updated' | 'acquired' };

/** Options of `new RedisTokenStore()` / `RedisTokenStore.connect()`. */
export interface RedisTokenStoreOptions {
  /**
   * An ioredis instance (used as is and left open by `close()`), or a connection URL / ioredis options (the
   * store opens the connection, configured to fail fast, and closes it).
   */
  redis: Redis | string | RedisOptions;
  /** First segment of every key and channel; default `zohokit`. */
  prefix?: string;
  /**
   * 32-byte key (Buffer/Uint8Array, 64 hex characters or base64): tokens and refresh tokens are stored with
   * AES-256-GCM, so a Redis dump holds no usable token and a tampered value is rejected.
   */
  encryptionKey?: Uint8Array | string;
  /**
   * Redis unreachable at start: `fallback` (default) lets `ready()` resolve to false and each process keeps its own
   * single-flight (store errors become the client's `warning` events); `throw` makes `ready()` and
   * `RedisTokenStore.connect()` reject with a clear error, for deployments that would rather not start uncoordinated.
   */
  onUnavailable?: 'fallback' | 'throw';
  /** How often a lock waiter checks whether the holder is gone, besides being woken by pub/sub; default 100 ms. */
  pollIntervalMs?: number;
  /** Deadline of every Redis command; default 1000 ms. A request never waits longer than this on Redis. */
  commandTimeoutMs?: number;
  /** How long the first use waits for the initial connection; default 2000 ms. */
  connectTimeoutMs?: number;
  /**
   * The clock the token manager uses (default `Date.now`). Times at rest are relative, measured on Redis's clock,
   * and rebuilt with this one on read, so a process whose clock is off sees the right remaining lifetime.
   */
  clock?: () => number;
  /** Connection changes and lock waits. A listener that throws is ignored. */
  onEvent?: (event: RedisStoreEvent) => void;
}

export interface ResolvedStoreOptions {
  prefix: string;
  encryptionKey: Buffer | undefined;
  onUnavailable: 'fallback' | 'throw';
  pollIntervalMs: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  clock: () => number;
  onEvent: ((event: RedisStoreEvent) => void) | undefined;
}

const KNOWN = [
  'redis',
  'prefix',
  'encryptionKey',
  'onUnavailable',
  'pollIntervalMs',
  'commandTimeoutMs',
  'connectTimeoutMs',
  'clock',
  'onEvent',
];

export function storeConfigError(message: string, fix?: string): ZohoConfigError {
  return createZohoError('config', {
    message: `zohokit: RedisTokenStore ${message}`,
    code: 'invalid_config',
    fix,
  }) as ZohoConfigError;
}

/** Validates everything but `redis` (see `openConnection`). Unknown options are rejected, never ignored. */
export function resolveStoreOptions(input: unknown): ResolvedStoreOptions {
  if (typeof input !== 'object' || input === null) {
    throw storeConfigError('needs an options object', "Pass { redis: 'redis://127.0.0.1:6379' }");
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) throw storeConfigError(`unknown option "${key}"`, `Known options: ${KNOWN.join(', ')}`);
  }
  if (o.redis === undefined || o.redis === null || (typeof o.redis !== 'string' && typeof o.redis !== 'object')) {
    throw storeConfigError(
      'option "redis" is required',
      "Pass an ioredis instance, a URL such as 'redis://127.0.0.1:6379', or ioredis options",
    );
  }
  const prefix = o.prefix ?? 'zohokit';
  if (typeof prefix !== 'string' || !/^[^\s{}]+$/.test(prefix)) {
    throw storeConfigError(
      `option "prefix" must be a non-empty string without spaces or braces (got ${JSON.stringify(prefix)})`,
      "Omit it for 'zohokit'",
    );
  }
  const onUnavailable = o.onUnavailable ?? 'fallback';
  if (onUnavailable !== 'fallback' && onUnavailable !== 'throw') {
    throw storeConfigError(
      `option "onUnavailable" must be 'fallback' or 'throw' (got ${JSON.stringify(onUnavailable)})`,
      "Omit it for 'fallback'",
    );
  }
  for (const key of ['clock', 'onEvent'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') {
      throw storeConfigError(`option "${key}" must be a function`);
    }
  }
  return {
    prefix,
    encryptionKey: o.encryptionKey === undefined ? undefined : parseEncryptionKey(o.encryptionKey),
    onUnavailable,
    pollIntervalMs: positiveMs(o, 'pollIntervalMs', 100),
    commandTimeoutMs: positiveMs(o, 'commandTimeoutMs', 1_000),
    connectTimeoutMs: positiveMs(o, 'connectTimeoutMs', 2_000),
    clock: (o.clock as (() => number) | undefined) ?? (() => Date.now()),
    onEvent: o.onEvent as ((event: RedisStoreEvent) => void) | undefined,
  };
}

function positiveMs(o: Record<string, unknown>, key: string, fallback: number): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw storeConfigError(
      `option "${key}" must be a positive number of milliseconds (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}
