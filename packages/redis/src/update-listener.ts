import type { Redis } from 'ioredis';
import { quit } from './connection.js';

export interface UpdateListenerOptions {
  /** Creates the subscriber connection, on first use. */
  connect: () => Redis;
  pollIntervalMs: number;
  commandTimeoutMs: number;
}

/**
 * Wakes lock waiters when a tenant's entry is written or its lock released: a message on the tenant's channel
 * (one lazily created subscriber connection for the whole store), with polling as the fallback. Pub/sub is
 * at-most-once (a message sent while the subscriber reconnects is lost), so a waiter also checks every
 * `pollIntervalMs` whether the holder is gone, and once right after subscribing, which closes the gap between
 * "the lock was taken" and "we are listening".
 */
export class UpdateListener {
  readonly #o: UpdateListenerOptions;
  #subscriber: Redis | undefined;
  /** channel → subscribed (true), or not possible now (false; the next wait tries again). */
  readonly #channels = new Map<string, Promise<boolean>>();
  readonly #waiters = new Map<string, Set<() => void>>();
  #closed = false;

  constructor(options: UpdateListenerOptions) {
    this.#o = options;
  }

  /**
   * Resolves on a message for `channel`, when `settled()` says the holder is gone, or after `timeoutMs`. Never
   * rejects: on any Redis trouble it simply waits out the timeout (the caller re-reads the store either way).
   */
  wait(channel: string, timeoutMs: number, settled: () => Promise<boolean>): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      let poll: ReturnType<typeof setTimeout> | undefined;
      const waiters = this.#waiters.get(channel) ?? new Set<() => void>();
      this.#waiters.set(channel, waiters);
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(poll);
        waiters.delete(finish);
        if (waiters.size === 0) this.#waiters.delete(channel);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      waiters.add(finish);

      const check = async (): Promise<void> => {
        if (done) return;
        try {
          if (await settled()) return finish();
        } catch {
          return; // Redis trouble: the timeout ends the wait.
        }
        if (!done) poll = setTimeout(() => void check(), this.#o.pollIntervalMs);
      };
      void this.#subscribe(channel).then(check);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiters of [...this.#waiters.values()]) for (const wake of [...waiters]) wake();
    this.#channels.clear();
    const sub = this.#subscriber;
    this.#subscriber = undefined;
    if (sub) await quit(sub, this.#o.commandTimeoutMs);
  }

  #subscribe(channel: string): Promise<boolean> {
    let subscribed = this.#channels.get(channel);
    if (!subscribed) {
      subscribed = this.#trySubscribe(channel);
      this.#channels.set(channel, subscribed);
    }
    return subscribed;
  }

  async #trySubscribe(channel: string): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const sub = this.#connection();
      await Promise.race([
        sub.subscribe(channel),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('subscribe timed out')), this.#o.commandTimeoutMs);
        }),
      ]);
      return true;
    } catch {
      // Polling covers this wait; forget the failure so a later wait tries pub/sub again.
      this.#channels.delete(channel);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  #connection(): Redis {
    if (!this.#subscriber) {
      const sub = this.#o.connect();
      sub.on('message', (channel: string) => {
        const waiters = this.#waiters.get(channel);
        if (waiters) for (const wake of [...waiters]) wake();
      });
      this.#subscriber = sub;
    }
    return this.#subscriber;
  }
}
