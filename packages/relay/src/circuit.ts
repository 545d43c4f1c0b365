/**
 * One circuit per product. After `threshold` failures in a row that say "Zoho is not there" (no connection,
 * 5xx), the product's deliveries wait instead of each burning its attempts; after the cool-down one delivery
 * is let through as a probe: success closes the circuit, failure opens it again for twice as long.
 */

import type { ZohoProduct } from 'zohokit';

export interface CircuitOptions {
  threshold: number;
  coolDownMs: number;
  maxCoolDownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { threshold: 5, coolDownMs: 5_000, maxCoolDownMs: 5 * 60_000 };

/** `closed`: normal; `open`: waiting until `until`; `half_open`: one probe in flight. */
export interface CircuitState {
  state: 'closed' | 'open' | 'half_open';
  failures: number;
  until: number | undefined;
  coolDownMs: number;
}

export class Circuits {
  readonly #o: CircuitOptions;
  readonly #states = new Map<ZohoProduct, CircuitState>();
  readonly #onChange: (product: ZohoProduct, state: CircuitState) => void;

  constructor(options: CircuitOptions, onChange: (product: ZohoProduct, state: CircuitState) => void) {
    this.#o = options;
    this.#onChange = onChange;
  }

  #get(product: ZohoProduct): CircuitState {
    let state = this.#states.get(product);
    if (!state) {
      state = { state: 'closed', failures: 0, until: undefined, coolDownMs: this.#o.coolDownMs };
      this.#states.set(product, state);
    }
    return state;
  }

  /** Products whose deliveries must not be leased now; an open circuit past its cool-down turns half-open. */
  blocked(now: number): { skip: ZohoProduct[]; probes: ZohoProduct[] } {
    const skip: ZohoProduct[] = [];
    const probes: ZohoProduct[] = [];
    for (const [product, state] of this.#states) {
      if (state.state === 'half_open') skip.push(product);
      else if (state.state === 'open') {
        if (now >= (state.until ?? 0)) probes.push(product);
        else skip.push(product);
      }
    }
    return { skip, probes };
  }

  /** The one delivery let through after a cool-down. */
  probing(product: ZohoProduct): void {
    const state = this.#get(product);
    state.state = 'half_open';
    this.#onChange(product, state);
  }

  success(product: ZohoProduct): void {
    const state = this.#get(product);
    const changed = state.state !== 'closed';
    Object.assign(state, { state: 'closed', failures: 0, until: undefined, coolDownMs: this.#o.coolDownMs });
    if (changed) this.#onChange(product, state);
  }

  failure(product: ZohoProduct, now: number): void {
    const state = this.#get(product);
    state.failures++;
    if (state.state === 'half_open') {
      state.coolDownMs = Math.min(this.#o.maxCoolDownMs, state.coolDownMs * 2);
    } else if (state.state === 'open' || state.failures < this.#o.threshold) {
      return;
    }
    state.state = 'open';
    state.until = now + state.coolDownMs;
    this.#onChange(product, state);
  }

  snapshot(): Partial<Record<ZohoProduct, CircuitState>> {
    return Object.fromEntries([...this.#states].map(([p, s]) => [p, { ...s }]));
  }
}
