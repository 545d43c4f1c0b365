/**
 * Where access tokens live between calls. A store can be shared by several `Zoho` clients (and, for the
 * file and Redis stores, several processes): entries are keyed by tenant, so one store serves many.
 */

/** What a store keeps for one tenant. Plain JSON, so any store can serialise it. */
export interface StoredToken {
  /** Absent after `invalidate`: the entry then only carries the refresh budget. */
  accessToken?: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** When the token was obtained (epoch ms); with `expiresAt` it gives the token's lifetime. */
  obtainedAt: number;
  /** `api_domain` from Zoho's token response. */
  apiDomain?: string | undefined;
  scope?: string[] | undefined;
  /** Epoch ms of this tenant's recent refreshes, for the 10-per-10-minutes budget. */
  refreshes?: number[] | undefined;
  /** Zoho answered `Access Denied`: no refresh before this time (epoch ms). */
  blockedUntil?: number | undefined;
}

/** A lock held on a tenant while it refreshes. */
export interface TokenLock {
  /** Releases the lock if this holder still owns it; safe to call twice. */
  release(): Promise<void>;
}

/**
 * Where access tokens are cached, keyed per tenant; share one store between clients to share their tokens.
 * `MemoryTokenStore`, `FileTokenStore` (zohokit/node) and `RedisTokenStore` (@zohokit/redis) implement it.
 */
export interface TokenStore {
  /** The cached token of `key`, or undefined. */
  get(key: string): Promise<StoredToken | undefined>;
  /** Caches the token of `key`. */
  set(key: string, value: StoredToken): Promise<void>;
  /** Forgets the token of `key` (after Zoho rejected it). */
  delete(key: string): Promise<void>;
  /**
   * Optional cross-client single-flight. Resolves to a lock when acquired, or `null` when another holder has
   * it (the caller then waits for the holder's token instead of refreshing itself). The lock must expire by
   * itself after `ttlMs` so a crashed holder cannot block the tenant.
   */
  lock?(key: string, ttlMs: number): Promise<TokenLock | null>;
  /** Optional: resolves when `key` is written, or after `timeoutMs`. Lets lock waiters wake without polling. */
  waitForUpdate?(key: string, timeoutMs: number): Promise<void>;
  /**
   * Optional: the refresh token, for a store that keeps it (`RedisTokenStore.withRefreshToken(name)`). Read before
   * each refresh and preferred to the `refreshToken` option, so rotating the credential is one write to the store.
   * Undefined (nothing stored) or a failed read keeps the token used so far.
   */
  refreshToken?(): Promise<string | undefined>;
}

/** The default store: in-process, with an in-process lock so clients sharing it refresh once between them. */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, StoredToken>();
  readonly #locks = new Map<string, { owner: symbol; expiresAt: number }>();
  readonly #waiters = new Map<string, Set<() => void>>();

  /** A copy of the token of `key`, or undefined. */
  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entries.get(key);
    return entry ? structuredClone(entry) : undefined;
  }

  /** Stores a copy of the token of `key` and wakes its waiters. */
  async set(key: string, value: StoredToken): Promise<void> {
    this.#entries.set(key, structuredClone(value));
    this.#wake(key);
  }

  /** Forgets the token of `key`. */
  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
    this.#wake(key);
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock | null> {
    const held = this.#locks.get(key);
    if (held && held.expiresAt > Date.now()) return null;
    const owner = Symbol(key);
    this.#locks.set(key, { owner, expiresAt: Date.now() + ttlMs });
    return {
      release: async () => {
        if (this.#locks.get(key)?.owner === owner) {
          this.#locks.delete(key);
          this.#wake(key);
        }
      },
    };
  }

  waitForUpdate(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(key);
      if (!waiters) {
        waiters = new Set();
        this.#waiters.set(key, waiters);
      }
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  #wake(key: string): void {
    const waiters = this.#waiters.get(key);
    if (!waiters) return;
    for (const wake of [...waiters]) wake();
  }
}
