import { randomUUID } from 'node:crypto';
import { createZohoError, type StoredToken, type TokenLock, type TokenStore } from 'zohokit';
import { RedisConnection } from './connection.js';
import { type RedisStoreEvent, type RedisTokenStoreOptions, resolveStoreOptions, storeConfigError } from './options.js';
import { decodeRecord, encodeRecord, retentionMs } from './record-codec.js';
import { DELETE_SCRIPT, GET_SCRIPT, RELEASE_SCRIPT, SET_SCRIPT } from './scripts.js';
import { UpdateListener } from './update-listener.js';
import { ValueCipher } from './value-cipher.js';

/**
 * A `TokenStore` shared by every process that points at the same Redis: one access token per tenant for the whole
 * fleet, one refresh per expiry. `lock` is `SET NX PX` with a unique owner id, released by a compare-and-delete
 * script; lock waiters are woken by pub/sub when the new token is written. Times at rest are relative to Redis's
 * clock (see record-codec.ts), so clock skew between processes does not cause early refreshes.
 *
 * Every operation fails fast (`redis_unavailable`) when Redis is down; the token manager turns that into a
 * `warning` event and carries on with its in-process cache and single-flight, so requests never fail or hang
 * because of Redis.
 */
export class RedisTokenStore implements TokenStore {
  readonly #prefix: string;
  readonly #cipher: ValueCipher;
  readonly #clock: () => number;
  readonly #onUnavailable: 'fallback' | 'throw';
  readonly #onEvent: ((event: RedisStoreEvent) => void) | undefined;
  readonly #connection: RedisConnection;
  readonly #updates: UpdateListener;
  /** Tenant key → the access token this client last read (what a lock wait waits to see replaced). */
  readonly #lastSeen = new Map<string, string | undefined>();
  /** Tenant key → when this client found the lock held (its clock) and the token it had then, until the wait ends. */
  readonly #waiting = new Map<string, { since: number; stale: string | undefined }>();

  constructor(options: RedisTokenStoreOptions) {
    const o = resolveStoreOptions(options);
    this.#prefix = o.prefix;
    this.#cipher = new ValueCipher(o.encryptionKey);
    this.#clock = o.clock;
    this.#onUnavailable = o.onUnavailable;
    this.#onEvent = o.onEvent;
    this.#connection = new RedisConnection(options.redis, {
      commandTimeoutMs: o.commandTimeoutMs,
      connectTimeoutMs: o.connectTimeoutMs,
      onEvent: o.onEvent,
    });
    this.#updates = new UpdateListener({
      connect: () => this.#connection.duplicate(),
      pollIntervalMs: o.pollIntervalMs,
      commandTimeoutMs: o.commandTimeoutMs,
    });
  }

  /**
   * A new store, after waiting for `ready()`: in `throw` mode it rejects (and closes the store) when Redis cannot
   * be reached, so a process can refuse to start uncoordinated.
   */
  static async connect(options: RedisTokenStoreOptions): Promise<RedisTokenStore> {
    const store = new RedisTokenStore(options);
    try {
      await store.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Waits for the first connection. Resolves `true` once connected. When Redis cannot be reached: `throw` mode
   * rejects with a clear error; `fallback` mode resolves `false` (the store keeps trying in the background).
   */
  async ready(): Promise<boolean> {
    try {
      await this.#connection.ready();
      return true;
    } catch (error) {
      if (this.#onUnavailable === 'throw') throw error;
      return false;
    }
  }

  /** Whether Redis is connected right now. */
  get available(): boolean {
    return this.#connection.available;
  }

  /**
   * The cached token of `key`, or undefined when there is none, it expired, or Redis is unavailable with
   * `onUnavailable: 'fallback'`.
   */
  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entryKey(key);
    const reply = await this.#connection.run(
      'read',
      (redis) => redis.eval(GET_SCRIPT, 1, entry) as Promise<[string, string, string]>,
    );
    const now = this.#clock();
    const [value, writtenAt, redisNow] = reply;
    const record = value ? this.#decode(value, entry, now, Number(redisNow) - Number(writtenAt)) : undefined;
    this.#lastSeen.set(key, record?.accessToken);
    if (record?.accessToken !== undefined && record.accessToken !== this.#waiting.get(key)?.stale) {
      this.#endWait(key, now, 'updated');
    }
    return record;
  }

  /** Stores the token of `key` (encrypted when an `encryptionKey` is set) and tells the other processes. */
  async set(key: string, value: StoredToken): Promise<void> {
    const entry = this.#entryKey(key);
    const now = this.#clock();
    const sealed = this.#cipher.seal(encodeRecord(value, now), entry);
    await this.#connection.run('write', (redis) =>
      redis.eval(SET_SCRIPT, 1, entry, sealed, retentionMs(value, now), this.#channel(key)),
    );
    // This client stopped waiting and refreshed itself (the token manager gave up on the holder).
    this.#endWait(key, this.#clock(), 'acquired');
  }

  /** Deletes the cached token of `key` and wakes the processes waiting on it. */
  async delete(key: string): Promise<void> {
    await this.#connection.run('delete', (redis) =>
      redis.eval(DELETE_SCRIPT, 1, this.#entryKey(key), this.#channel(key)),
    );
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock | null> {
    const lockKey = this.#lockKey(key);
    const owner = randomUUID();
    const ttl = Math.max(1, Math.ceil(ttlMs));
    // Taken before the command: a token the holder writes while our SET is on the wire ends this wait.
    const asked = this.#clock();
    const acquired = await this.#connection.run('lock', (redis) => redis.set(lockKey, owner, 'PX', ttl, 'NX'));
    if (acquired !== 'OK') {
      if (!this.#waiting.has(key)) this.#waiting.set(key, { since: asked, stale: this.#lastSeen.get(key) });
      return null;
    }
    this.#endWait(key, this.#clock(), 'acquired');
    return {
      // Compare-and-delete: a holder whose lock already expired must not delete the next holder's lock.
      release: async () => {
        await this.#connection.run('unlock', (redis) =>
          redis.eval(RELEASE_SCRIPT, 1, lockKey, owner, this.#channel(key)),
        );
      },
    };
  }

  waitForUpdate(key: string, timeoutMs: number): Promise<void> {
    const lockKey = this.#lockKey(key);
    const holderGone = async () => (await this.#connection.run('lock check', (redis) => redis.exists(lockKey))) === 0;
    return this.#updates.wait(this.#channel(key), timeoutMs, holderGone);
  }

  /** Stores a refresh token under `name` (encrypted when the store has a key). Rotating it is this one write. */
  async setRefreshToken(name: string, refreshToken: string): Promise<void> {
    if (typeof refreshToken !== 'string' || refreshToken.trim() === '') {
      throw storeConfigError('setRefreshToken needs a non-empty refresh token');
    }
    const key = this.#refreshTokenKey(name);
    const sealed = this.#cipher.seal(refreshToken, key);
    await this.#connection.run('write refresh token', (redis) => redis.set(key, sealed));
  }

  /** The refresh token stored under `name`, or undefined. */
  async getRefreshToken(name: string): Promise<string | undefined> {
    const key = this.#refreshTokenKey(name);
    const value = await this.#connection.run('read refresh token', (redis) => redis.get(key));
    return value === null ? undefined : this.#cipher.open(value, key);
  }

  /** Deletes the refresh token stored under `name` (see `withRefreshToken`). */
  async deleteRefreshToken(name: string): Promise<void> {
    const key = this.#refreshTokenKey(name);
    await this.#connection.run('delete refresh token', (redis) => redis.del(key));
  }

  /**
   * This store, for a `Zoho` client whose refresh token lives in Redis under `name`: the token manager reads it
   * before each refresh (and prefers it to the `refreshToken` option), so `setRefreshToken(name, newToken)`
   * rotates the credential for the whole fleet. Shares this store's connections.
   */
  withRefreshToken(name: string): TokenStore {
    this.#refreshTokenKey(name);
    return {
      get: (key) => this.get(key),
      set: (key, value) => this.set(key, value),
      delete: (key) => this.delete(key),
      lock: (key, ttlMs) => this.lock(key, ttlMs),
      waitForUpdate: (key, timeoutMs) => this.waitForUpdate(key, timeoutMs),
      refreshToken: () => this.getRefreshToken(name),
    };
  }

  /** Closes the subscriber and, unless the caller passed its own ioredis instance, the main connection. */
  async close(): Promise<void> {
    await this.#updates.close();
    await this.#connection.close();
  }

  /** Same as `close()`. */
  quit(): Promise<void> {
    return this.close();
  }

  #decode(value: string, entry: string, now: number, ageMs: number): StoredToken {
    const json = this.#cipher.open(value, entry);
    try {
      return decodeRecord(json, now, ageMs);
    } catch (error) {
      throw createZohoError('api', {
        message: `zohokit: the value at Redis key "${entry}" is not a token record: ${(error as Error).message}`,
        code: 'token_store_unreadable',
        fix: 'Another program writes under this prefix; give the store its own prefix. The next refresh overwrites it',
      });
    }
  }

  /** Closes a lock wait: this client took the lock (or refreshed anyway), or read a token other than the stale one. */
  #endWait(key: string, now: number, outcome: 'updated' | 'acquired'): void {
    const wait = this.#waiting.get(key);
    if (!wait) return;
    this.#waiting.delete(key);
    try {
      this.#onEvent?.({ type: 'lock.wait', key, waitedMs: Math.max(0, now - wait.since), outcome });
    } catch {
      // A broken listener must not break the store.
    }
  }

  #entryKey(key: string): string {
    return `${this.#prefix}:token:${key}`;
  }

  #lockKey(key: string): string {
    return `${this.#prefix}:lock:${key}`;
  }

  #channel(key: string): string {
    return `${this.#prefix}:updated:${key}`;
  }

  #refreshTokenKey(name: string): string {
    if (typeof name !== 'string' || !/^\S+$/.test(name)) {
      throw storeConfigError(
        `refresh token name must be a non-empty string without spaces (got ${JSON.stringify(name)})`,
        "For example 'crm-sync'",
      );
    }
    return `${this.#prefix}:refresh-token:${name}`;
  }
}
