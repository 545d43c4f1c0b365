import type { EmulatorState } from './state.js';

/**
 * One scripted answer. Exactly one kind applies: `status` (answer without the real handler), `reset`, `hang`, or
 * pass-through (`pass: true`, or a fault that names none of the others, e.g. a bare `{ delayMs }`).
 */
export interface Fault {
  status?: number;
  /** An object is sent as JSON; a string as-is. Without a body, >= 500 sends a proxy's HTML page, else `{}`. */
  body?: string | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
  /** Seconds, sent as the `Retry-After` header. */
  retryAfter?: number;
  /** Wait this long first (then apply the rest of the fault). */
  delayMs?: number;
  /** `before`: drop the connection unanswered. `after`: run the real handler, then drop the connection. */
  reset?: 'before' | 'after';
  /** Never answer, until the client gives up or the emulator closes. */
  hang?: boolean;
  /** Run the real handler (after `delayMs`). */
  pass?: boolean;
  /** Keep applying this fault to every matching request for this long (an outage), then drop it. */
  repeatForMs?: number;
}

/** One fault of a mix, with the share of matching requests it answers (0 < weight ≤ 1). */
export interface WeightedFault extends Omit<Fault, 'repeatForMs'> {
  weight: number;
}

/**
 * A standing random mix ("30% 503, 5% 429"): once a route's sequence is used up, every matching request draws
 * one of `faults` by weight, and passes through with the rest of the probability, until the route is cleared.
 * `seed` makes the draws the same on every run (a run's requests arriving in the same order).
 */
export interface FaultMix {
  faults: WeightedFault[];
  seed?: number;
}

/** Faults to queue on one route (`control.queueFaults()`): each matching request consumes the next one. */
export interface FaultSpec {
  /** Any method when absent. */
  method?: string;
  /** Exact path, or a prefix ending in `*` (`/api/v1/*`, or `*` for everything). */
  path: string;
  /** Played in order, one per matching request. */
  sequence?: Fault[];
  /** Drawn from after the sequence; replaces the route's earlier mix. */
  mix?: FaultMix;
}

export interface FaultQueue {
  method: string | null;
  path: string;
  sequence: Fault[];
  /** Set when a `repeatForMs` head first applies; the head is dropped once this passes. */
  activeUntil: number | null;
  mix: FaultMix | null;
  /** The mix's generator (seeded from `mix.seed`). */
  draw: (() => number) | null;
}

/**
 * A full outage (`control.outage()`): until `until`, every non-control route (the token endpoint included)
 * answers `status`, ahead of any queued fault.
 */
export interface Outage {
  until: number;
  status: number;
  retryAfter?: number;
}

export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** Exact paths beat prefixes, longer prefixes beat shorter ones, and a named method beats any-method. */
function specificity(queue: FaultQueue): number {
  const pathScore = queue.path.endsWith('*') ? queue.path.length * 2 : 1_000_000;
  return pathScore + (queue.method === null ? 0 : 1);
}

/** Appends to the queue of that (method, path), creating it if needed; a mix replaces the route's mix. */
export function enqueueFaults(state: EmulatorState, spec: FaultSpec): FaultQueue {
  const method = spec.method ? spec.method.toUpperCase() : null;
  let queue = state.faults.find((q) => q.method === method && q.path === spec.path);
  if (!queue) {
    queue = { method, path: spec.path, sequence: [], activeUntil: null, mix: null, draw: null };
    state.faults.push(queue);
  }
  queue.sequence.push(...(spec.sequence ?? []).map((fault) => ({ ...fault })));
  if (spec.mix) {
    queue.mix = { ...spec.mix, faults: spec.mix.faults.map((fault) => ({ ...fault })) };
    queue.draw = seeded(spec.mix.seed ?? Math.floor(Math.random() * 2 ** 32));
  }
  return queue;
}

/** The outage in progress at `now`, if any (an ended one is cleared). */
export function currentOutage(state: EmulatorState, now: number): Outage | undefined {
  if (state.outage && now >= state.outage.until) state.outage = null;
  return state.outage ?? undefined;
}

/** The fault for this request, consuming it unless it is an outage still in progress; undefined when none. */
export function takeFault(state: EmulatorState, method: string, path: string, now: number): Fault | undefined {
  const candidates = state.faults
    .filter(
      (q) =>
        (q.sequence.length > 0 || q.mix !== null) &&
        (q.method === null || q.method === method) &&
        pathMatches(q.path, path),
    )
    .sort((a, b) => specificity(b) - specificity(a));
  for (const queue of candidates) {
    while (queue.sequence.length > 0) {
      const head = queue.sequence[0]!;
      if (head.repeatForMs === undefined) {
        queue.sequence.shift();
        dropIfEmpty(state, queue);
        return head;
      }
      if (queue.activeUntil === null) queue.activeUntil = now + head.repeatForMs;
      if (now < queue.activeUntil) return head;
      // The outage is over: drop it and let the next fault in this queue (if any) answer.
      queue.sequence.shift();
      queue.activeUntil = null;
    }
    if (queue.mix && queue.draw) return drawFault(queue.mix, queue.draw());
    dropIfEmpty(state, queue);
  }
  return undefined;
}

/** The mix's fault whose share `r` (0 ≤ r < 1) falls in; a pass beyond the weights. */
function drawFault(mix: FaultMix, r: number): Fault {
  let upTo = 0;
  for (const { weight, ...fault } of mix.faults) {
    upTo += weight;
    if (r < upTo) return fault;
  }
  return { pass: true };
}

/** mulberry32: small, fast, and the same draws for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function dropIfEmpty(state: EmulatorState, queue: FaultQueue): void {
  if (queue.sequence.length === 0 && queue.mix === null) state.faults = state.faults.filter((q) => q !== queue);
}
