/**
 * Client-side limits, so zohokit waits instead of tripping Zoho's (zoho-api.md §2.4, §3.6):
 * - Desk counts concurrent calls per portal (5 on the free edition) and answers 429 above that;
 * - Campaigns counts calls per API in windows and, once a window is exceeded, locks that API for 30 minutes
 *   (code 2101, docs/zoho-behaviour.md). A lock-out is far worse than a wait, so we never send the call that
 *   would exceed a window.
 * State belongs to one client instance (DESIGN.md §2: never module-level).
 */

import type { ZohoProduct } from '../errors.js';
import { MINUTE } from '../time.js';
import type { EventListener } from './events.js';

/** At most `max` calls in any `windowMs`: one of a Campaigns API's call windows. */
export interface LimitWindow {
  /** Calls allowed in any `windowMs` span. */
  max: number;
  windowMs: number;
}

export type Release = () => void;

/** Zoho's documented per-API limits (zoho-api.md §3.3, §3.6). `default` covers every other API. */
export const DEFAULT_CAMPAIGNS_LIMITS: Readonly<Record<string, readonly LimitWindow[]>> = {
  listsubscribe: [
    { max: 500, windowMs: MINUTE },
    { max: 12_500, windowMs: 60 * MINUTE },
    { max: 75_000, windowMs: 24 * 60 * MINUTE },
  ],
  addlistsubscribersinbulk: [{ max: 2_000, windowMs: MINUTE }],
  default: [{ max: 500, windowMs: 5 * MINUTE }],
};

/** Desk calls in flight at once per client, by default (`desk.concurrency`); Zoho answers 429 past its per-org cap. */
export const DEFAULT_DESK_CONCURRENCY = 5;

/**
 * Concurrent CRM calls per app and org that Zoho allows, by edition (Kaizen #203; docs/zoho-behaviour.md
 * "Scopes, tokens, limits"). Above it Zoho answers 429 `TOO_MANY_REQUESTS`.
 */
export const CRM_CONCURRENCY_BY_EDITION: Readonly<
  Record<'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate', number>
> = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
};

/** CRM calls in flight at once per client, by default (`crm.maxConcurrency`): the Free edition's cap, safe everywhere. */
export const DEFAULT_CRM_CONCURRENCY = CRM_CONCURRENCY_BY_EDITION.free;

interface Waiter {
  grant: (release: Release) => void;
  enqueuedAt: number;
}

/**
 * A FIFO gate with an optional concurrency cap and sliding windows. A call holds its window slot from the
 * moment it starts until `windowMs` after it finishes: Zoho counts a call when it arrives, which is somewhere
 * in between, so counting from the finish is the only way to be sure no window ever sees more than `max`.
 */
export class Gate {
  readonly #concurrency: number;
  readonly #windows: readonly LimitWindow[];
  readonly #longest: number;
  readonly #onWait: (waitMs: number) => void;
  readonly #queue: Waiter[] = [];
  /** Finish times of recent calls, ascending. */
  readonly #finished: number[] = [];
  #active = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { concurrency?: number; windows?: readonly LimitWindow[]; onWait: (waitMs: number) => void }) {
    this.#concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
    this.#windows = options.windows ?? [];
    this.#longest = Math.max(0, ...this.#windows.map((w) => w.windowMs));
    this.#onWait = options.onWait;
  }

  /** Resolves with a release function once a slot is free. Rejects with `signal.reason` if aborted first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        enqueuedAt: Date.now(),
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
        this.#pump();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length > 0) {
      const now = Date.now();
      const waitMs = this.#waitMs(now);
      if (waitMs > 0) {
        // Infinity: every slot is taken by a running call; its release pumps again.
        if (Number.isFinite(waitMs)) this.#timer = setTimeout(() => this.#pump(), waitMs);
        return;
      }
      const waiter = this.#queue.shift()!;
      this.#active++;
      if (now > waiter.enqueuedAt) this.#onWait(now - waiter.enqueuedAt);
      waiter.grant(this.#releaser());
    }
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      if (this.#windows.length > 0) this.#finished.push(Date.now());
      this.#pump();
    };
  }

  /** 0 when a call may start now; otherwise how long until one may (Infinity: until a running call ends). */
  #waitMs(now: number): number {
    if (this.#active >= this.#concurrency) return Number.POSITIVE_INFINITY;
    const finished = this.#finished;
    let stale = 0;
    while (stale < finished.length && finished[stale]! <= now - this.#longest) stale++;
    if (stale > 0) finished.splice(0, stale);

    let wait = 0;
    for (const { max, windowMs } of this.#windows) {
      const first = firstAfter(finished, now - windowMs);
      const inWindow = finished.length - first;
      const excess = this.#active + inWindow - max + 1;
      if (excess <= 0) continue;
      if (excess > inWindow) return Number.POSITIVE_INFINITY;
      wait = Math.max(wait, finished[first + excess - 1]! + windowMs - now);
    }
    return wait;
  }
}

/** Index of the first entry greater than `t` in an ascending array (binary search: day windows are long). */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ProductLimitsOptions {
  deskConcurrency: number;
  /** CRM (`/crm/…` on the unified API domain) concurrency; default {@link DEFAULT_CRM_CONCURRENCY}. */
  crmConcurrency?: number | undefined;
  campaignsLimits: Readonly<Record<string, readonly LimitWindow[]>>;
  emit?: EventListener | undefined;
}

/**
 * The gates of one client: one concurrency gate for Desk, one window gate per Campaigns API (each API has its
 * own limit and its own lock-out). Every attempt the pipeline sends passes through `acquire`, so retries and
 * `zoho.request({ product: 'desk' })` count too.
 */
/** Products without a client-side limit (the unified API) share one already-granted slot. */
const UNLIMITED: Promise<Release> = Promise.resolve(() => {});

export class ProductLimits {
  readonly #o: ProductLimitsOptions;
  readonly #desk: Gate;
  readonly #crm: Gate;
  readonly #campaigns = new Map<string, Gate>();

  constructor(options: ProductLimitsOptions) {
    this.#o = options;
    const limit = `concurrency ${options.deskConcurrency}`;
    this.#desk = new Gate({ concurrency: options.deskConcurrency, onWait: this.#waited('desk', limit) });
    const crm = options.crmConcurrency ?? DEFAULT_CRM_CONCURRENCY;
    this.#crm = new Gate({ concurrency: crm, onWait: this.#waited('api', `crm concurrency ${crm}`) });
  }

  acquire(target: { product: ZohoProduct; path: string }, signal?: AbortSignal): Promise<Release> {
    if (target.product === 'desk') return this.#desk.acquire(signal);
    if (target.product === 'campaigns') return this.#campaignsGate(campaignsApiName(target.path)).acquire(signal);
    // CRM shares the unified API domain with other products; its per-org cap covers its paths only.
    if (target.product === 'api' && target.path.startsWith('/crm/')) return this.#crm.acquire(signal);
    return UNLIMITED;
  }

  #campaignsGate(api: string): Gate {
    let gate = this.#campaigns.get(api);
    if (!gate) {
      const limits = this.#o.campaignsLimits;
      const windows = limits[api] ?? limits.default ?? [];
      const label = `${api}: ${windows.map((w) => `${w.max} per ${w.windowMs} ms`).join(', ')}`;
      gate = new Gate({ windows, onWait: this.#waited('campaigns', label) });
      this.#campaigns.set(api, gate);
    }
    return gate;
  }

  #waited(product: ZohoProduct, limit: string): (waitMs: number) => void {
    return (waitMs) => this.#o.emit?.({ type: 'rate_limit.wait', product, limit, waitMs });
  }
}

/** `/api/v1.1/json/listsubscribe?x=1` → `listsubscribe`: Campaigns limits are per API name. */
export function campaignsApiName(path: string): string {
  const segments = path.split(/[?#]/)[0]!.split('/').filter(Boolean);
  return (segments[segments.length - 1] ?? '').toLowerCase();
}
