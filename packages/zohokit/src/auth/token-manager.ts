import { configError, createZohoError, messageOf, type ZohoError } from '../errors.js';
import type { EventListener } from '../http/events.js';
import { sleep } from '../time.js';
import type { StoredToken, TokenStore } from './stores.js';
import type { AuthorizeUrlInput, ExchangeCodeInput, TokenEndpoint, TokenSet } from './token-endpoint.js';

/** SHA-256 of a string as 64 lowercase hex characters (option `sha256` of `new Zoho()`). */
export type Sha256Hex = (text: string) => string | Promise<string>;

/** An access token ready to use. */
export interface AccessToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  apiDomain?: string | undefined;
  scope: string[];
}

export interface TokenManagerOptions {
  endpoint: TokenEndpoint;
  /** Builds a token endpoint for another accounts server (the `accounts-server` of an OAuth callback). */
  endpointFor: (accountsUrl: string) => TokenEndpoint;
  clientId: string;
  refreshToken?: string | undefined;
  clientCredentials?: { scope: string | string[]; soid: string } | undefined;
  store: TokenStore;
  /** SHA-256 in hex for the tenant key; default the runtime's own (see `ZohoOptions.sha256`). */
  sha256?: Sha256Hex | undefined;
  /** Refresh this long before expiry (capped at a quarter of the token's lifetime). */
  refreshBeforeMs: number;
  /** Zoho mints at most `max` access tokens per refresh token per `windowMs`; we stay inside that by ourselves. */
  budget: { max: number; windowMs: number };
  /** How long a cross-process refresh lock lives if its holder dies. */
  lockTtlMs: number;
  emit?: EventListener | undefined;
}

type RefreshReason = 'cold' | 'expiring' | 'invalidated' | 'forced';

/**
 * Owns one tenant's access token: cached in memory and in the store, refreshed early, one refresh in flight
 * (in this process through a shared promise, across clients and processes through the store's lock), and a
 * local refresh budget so this process never trips Zoho's throttle by itself.
 */
export class TokenManager {
  readonly #o: TokenManagerOptions;
  #endpoint: TokenEndpoint;
  #refreshToken: string | undefined;
  #cached: StoredToken | undefined;
  #inflight: Promise<StoredToken> | undefined;
  #key: Promise<string> | undefined;
  #invalidatedToken: string | undefined;

  constructor(options: TokenManagerOptions) {
    this.#o = options;
    this.#endpoint = options.endpoint;
    this.#refreshToken = options.refreshToken;
  }

  /** The accounts server this tenant's tokens come from. */
  get accountsUrl(): string {
    return this.#endpoint.accountsUrl;
  }

  /** Whether a refresh token or client credentials are configured (otherwise only `exchangeCode` works). */
  get hasCredentials(): boolean {
    return (
      this.#refreshToken !== undefined ||
      this.#o.clientCredentials !== undefined ||
      typeof this.#o.store.refreshToken === 'function'
    );
  }

  /** The tenant key: accounts server + client id + a hash of the refresh token (never the token itself). */
  key(): Promise<string> {
    this.#key ??= tenantKey(this.accountsUrl, this.#o.clientId, this.#credentialId(), this.#o.sha256 ?? sha256Hex);
    return this.#key;
  }

  /** The cached token, without any I/O; undefined when none is cached or it has expired. */
  peek(): AccessToken | undefined {
    const c = this.#cached;
    return c?.accessToken && Date.now() < c.expiresAt ? view(c) : undefined;
  }

  /** A valid access token: cached, or refreshed (once, however many callers ask at the same time). */
  get(): Promise<AccessToken> {
    const c = this.#cached;
    if (c?.accessToken && Date.now() < c.expiresAt - this.#margin(c)) return Promise.resolve(view(c));
    return this.#shared(c?.accessToken ? 'expiring' : this.#invalidatedToken ? 'invalidated' : 'cold').then(view);
  }

  /** Forces a new access token (single-flight with any refresh already running). */
  async refresh(): Promise<AccessToken> {
    if (this.#inflight) return view(await this.#inflight);
    this.#cached = undefined;
    return view(await this.#shared('forced', true));
  }

  /**
   * Drops `token` after Zoho rejected it, but only if it is still the cached one: a late 401 for an old token
   * must not throw away the newer token another caller already fetched.
   */
  async invalidate(token: string): Promise<void> {
    if (this.#cached?.accessToken !== token) return;
    this.#cached = undefined;
    this.#invalidatedToken = token;
    try {
      const key = await this.key();
      const stored = await this.#o.store.get(key);
      if (stored?.accessToken === token)
        await this.#o.store.set(key, { ...stored, accessToken: undefined, expiresAt: 0 });
    } catch (error) {
      this.#warn('token_store_failed', `could not clear the rejected token in the token store: ${messageOf(error)}`);
    }
  }

  /** Zoho's consent page URL for the redirect flow; defaults `access_type=offline` and `prompt=consent`. */
  authorizeUrl(input: AuthorizeUrlInput): string {
    return this.#endpoint.authorizeUrl(input);
  }

  /**
   * Exchanges a grant code and adopts the result: the refresh token replaces the configured one and the
   * access token is cached, so calls work at once without another token call.
   */
  async exchangeCode(input: ExchangeCodeInput): Promise<TokenSet> {
    const started = Date.now();
    const set = await this.#endpoint.exchangeCode(input).catch((error: unknown) => {
      this.#emitRefresh('exchange', started, error);
      throw error;
    });
    if (input.accountsServer !== undefined) this.#endpoint = this.#o.endpointFor(input.accountsServer);
    if (set.refreshToken) {
      this.#refreshToken = set.refreshToken;
      this.#key = undefined;
    }
    const record = toRecord(set, [set.obtainedAt]);
    this.#cached = record;
    this.#emitRefresh('exchange', started, undefined, record);
    await this.#write(await this.key(), record);
    return set;
  }

  /** Revokes the refresh token at Zoho (every access token minted from it stops working) and forgets it. */
  async revoke(): Promise<void> {
    await this.#syncRefreshToken();
    const refreshToken = this.#refreshToken;
    if (!refreshToken) throw this.#noCredentials();
    await this.#endpoint.revoke(refreshToken);
    const key = await this.key();
    this.#cached = undefined;
    this.#refreshToken = undefined;
    this.#key = undefined;
    await this.#o.store.delete(key).catch((error: unknown) => {
      this.#warn('token_store_failed', `could not delete the revoked token from the store: ${messageOf(error)}`);
    });
  }

  #shared(reason: RefreshReason, force = false): Promise<StoredToken> {
    if (!this.#inflight) {
      this.#inflight = this.#obtain(reason, force).finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  async #obtain(reason: RefreshReason, force: boolean): Promise<StoredToken> {
    await this.#syncRefreshToken();
    if (this.#refreshToken === undefined && this.#o.clientCredentials === undefined) throw this.#noCredentials();
    const key = await this.key();
    const store = this.#o.store;
    let stored = await this.#read(key);
    if (!force && stored && this.#fresh(stored)) return this.#adopt(stored);
    if (!store.lock) return this.#mint(key, stored, reason);

    // Cross-client single-flight: whoever holds the lock refreshes; the others wait for its token.
    const deadline = Date.now() + this.#o.lockTtlMs + 1_000;
    while (Date.now() < deadline) {
      let lock: Awaited<ReturnType<NonNullable<TokenStore['lock']>>>;
      try {
        lock = await store.lock(key, this.#o.lockTtlMs);
      } catch (error) {
        this.#warn('token_lock_failed', `token store lock failed, refreshing without it: ${messageOf(error)}`);
        return this.#mint(key, stored, reason);
      }
      if (lock) {
        try {
          // Re-check under the lock: the previous holder may have just written a fresh token.
          stored = await this.#read(key);
          if (!force && stored && this.#fresh(stored)) return this.#adopt(stored);
          return await this.#mint(key, stored, reason);
        } finally {
          await lock.release().catch((error: unknown) => {
            this.#warn('token_lock_failed', `could not release the token lock: ${messageOf(error)}`);
          });
        }
      }
      const waitMs = Math.max(1, Math.min(250, deadline - Date.now()));
      if (store.waitForUpdate) await store.waitForUpdate(key, waitMs).catch(() => sleep(waitMs));
      else await sleep(waitMs);
      stored = await this.#read(key);
      if (stored && this.#fresh(stored)) return this.#adopt(stored);
      if (stored?.blockedUntil && stored.blockedUntil > Date.now()) return this.#mint(key, stored, reason);
    }
    this.#warn('token_lock_timeout', 'waited too long for another process to refresh; refreshing here');
    return this.#mint(key, stored, reason);
  }

  /** A store that keeps the refresh token is asked before each refresh: a rotated token changes the tenant key. */
  async #syncRefreshToken(): Promise<void> {
    const store = this.#o.store;
    if (!store.refreshToken || this.#o.clientCredentials) return;
    let token: string | undefined;
    try {
      token = await store.refreshToken();
    } catch (error) {
      this.#warn(
        'token_store_failed',
        `could not read the refresh token from the store, using the last one: ${messageOf(error)}`,
      );
      return;
    }
    if (token !== undefined && token !== this.#refreshToken) {
      this.#refreshToken = token;
      this.#key = undefined;
    }
  }

  async #mint(key: string, stored: StoredToken | undefined, reason: RefreshReason): Promise<StoredToken> {
    const now = Date.now();
    const { max, windowMs } = this.#o.budget;
    const refreshes = (stored?.refreshes ?? []).filter((t) => t > now - windowMs);
    // An automatic refresh that cannot happen may keep serving a token that has not expired yet; a forced one may not.
    const stillValid = reason !== 'forced' && stored?.accessToken && now < stored.expiresAt ? stored : undefined;

    if (stored?.blockedUntil && stored.blockedUntil > now) {
      if (stillValid) return this.#adopt(stillValid);
      throw this.#budgetError(stored.blockedUntil - now, 'Zoho throttled this refresh token earlier in this window');
    }
    if (refreshes.length >= max) {
      if (stillValid) return this.#adopt(stillValid);
      const retryAfterMs = (refreshes[0] ?? now) + windowMs - now;
      throw this.#budgetError(
        retryAfterMs,
        `${max} token refreshes were already made in the last ${windowMs / 1000} s`,
      );
    }

    const started = Date.now();
    let set: TokenSet;
    try {
      set = this.#o.clientCredentials
        ? await this.#endpoint.clientCredentials(this.#o.clientCredentials)
        : await this.#endpoint.refresh(this.#refreshToken as string);
    } catch (error) {
      this.#emitRefresh(reason, started, error);
      if ((error as ZohoError).kind === 'rate_limit') {
        // Zoho blocks for the rest of its window; our oldest known refresh is the best estimate of its start.
        const blockedUntil = (refreshes[0] ?? now) + windowMs;
        await this.#write(key, { ...(stored ?? { expiresAt: 0, obtainedAt: 0 }), refreshes, blockedUntil });
        if (stillValid) return this.#adopt(stillValid);
      }
      // An early refresh that failed for a passing reason keeps serving the token that has not expired yet.
      const kind = (error as ZohoError).kind;
      if (stillValid && (kind === 'connection' || kind === 'api')) {
        this.#warn(
          'token_refresh_failed',
          `early token refresh failed (${(error as ZohoError).code}); using the current token until it expires`,
        );
        return this.#adopt(stillValid);
      }
      throw error;
    }
    const record = toRecord(set, [...refreshes, started]);
    this.#invalidatedToken = undefined;
    await this.#write(key, record);
    this.#emitRefresh(reason, started, undefined, record);
    return this.#adopt(record);
  }

  #adopt(record: StoredToken): StoredToken {
    this.#cached = record;
    return record;
  }

  #fresh(record: StoredToken | undefined): boolean {
    if (!record?.accessToken) return false;
    // A store shared with another process may still hold the token Zoho just rejected here.
    if (record.accessToken === this.#invalidatedToken) return false;
    return Date.now() < record.expiresAt - this.#margin(record);
  }

  #margin(record: StoredToken): number {
    const lifetime = Math.max(0, record.expiresAt - record.obtainedAt);
    return Math.min(this.#o.refreshBeforeMs, lifetime / 4);
  }

  async #read(key: string): Promise<StoredToken | undefined> {
    try {
      return await this.#o.store.get(key);
    } catch (error) {
      // A corrupt file or an unreachable Redis is a cache miss, not an outage.
      this.#warn('token_store_failed', `token store read failed, treating it as empty: ${messageOf(error)}`);
      return this.#cached;
    }
  }

  async #write(key: string, record: StoredToken): Promise<void> {
    try {
      await this.#o.store.set(key, record);
    } catch (error) {
      this.#warn('token_store_failed', `token store write failed; the token is kept in memory: ${messageOf(error)}`);
    }
  }

  #credentialId(): string {
    if (this.#o.clientCredentials) {
      const { scope, soid } = this.#o.clientCredentials;
      return `cc:${soid}:${Array.isArray(scope) ? scope.join(',') : scope}`;
    }
    return `rt:${this.#refreshToken ?? ''}`;
  }

  #budgetError(retryAfterMs: number, why: string): ZohoError {
    return createZohoError('rate_limit', {
      message: `not refreshing the access token: ${why}; Zoho allows 10 per refresh token per 10 minutes`,
      code: 'token_budget_exhausted',
      product: 'accounts',
      retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
      fix: `Retry in ${Math.ceil(retryAfterMs / 1000)} s; share one token store between processes so they refresh once between them`,
    });
  }

  #noCredentials(): ZohoError {
    return createZohoError('config', {
      message: 'no refresh token is configured',
      code: 'missing_refresh_token',
      product: 'accounts',
      fix: 'Pass refreshToken (or clientCredentials) to new Zoho(), or exchange a grant code first with zoho.tokens.exchangeCode()',
    });
  }

  #emitRefresh(reason: RefreshReason | 'exchange', started: number, error: unknown, record?: StoredToken): void {
    this.#o.emit?.({
      type: 'token.refresh',
      reason,
      ok: error === undefined,
      durationMs: Date.now() - started,
      expiresAt: record?.expiresAt,
      code: error === undefined ? undefined : ((error as ZohoError).code ?? 'unknown'),
    });
  }

  #warn(code: string, message: string): void {
    this.#o.emit?.({ type: 'warning', code, message });
  }
}

function toRecord(set: TokenSet, refreshes: number[]): StoredToken {
  return {
    accessToken: set.accessToken,
    expiresAt: set.expiresAt,
    obtainedAt: set.obtainedAt,
    apiDomain: set.apiDomain,
    scope: set.scope,
    refreshes,
  };
}

function view(record: StoredToken): AccessToken {
  return {
    token: record.accessToken as string,
    expiresAt: record.expiresAt,
    apiDomain: record.apiDomain,
    scope: record.scope ?? [],
  };
}

async function tenantKey(
  accountsUrl: string,
  clientId: string,
  credential: string,
  sha256: Sha256Hex,
): Promise<string> {
  const digest = await sha256(credential);
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
    throw configError(
      'option "sha256" returned something other than a SHA-256 in hex (64 lowercase hex characters)',
      'Return the digest as lowercase hex, for example bytesToHex(sha256(utf8ToBytes(text))) with @noble/hashes',
    );
  }
  return `zohokit:${new URL(accountsUrl).host}:${clientId}:${digest.slice(0, 24)}`;
}

type CreateHash = (algorithm: 'sha256') => { update(text: string): { digest(encoding: 'hex'): string } };

/**
 * SHA-256 in hex. Web Crypto everywhere; where the runtime hands out its own crypto module without an import
 * (`process.getBuiltinModule`: Node ≥ 20.16, Bun, Deno), its synchronous hash, which on Node costs a third of
 * the first `crypto.subtle.digest` (that loads Web Crypto: ~0.6 ms of every CLI start). Same bytes either way.
 */
async function sha256Hex(text: string): Promise<string> {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const builtin = runtime?.getBuiltinModule?.('node:crypto') as { createHash?: CreateHash } | undefined;
  if (typeof builtin?.createHash === 'function') return builtin.createHash('sha256').update(text).digest('hex');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
