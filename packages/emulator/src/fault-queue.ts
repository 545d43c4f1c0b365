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

/** Faults to queue on one route (`control.queueFaults()`): each matching request consumes the next one. */
export interface FaultSpec {
  /** Any method when absent. */
  method?: string;
  /** Exact path, or a prefix ending in `*` (`/api/v1/*`, or `*` for everything). */
  path: string;
  sequence: Fault[];
}

export interface FaultQueue {
  method: string | null;
  path: string;
  sequence: Fault[];
  /** Set when a `repeatForMs` head first applies; the head is dropped once this passes. */
  activeUntil: number | null;
}

export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** Exact paths beat prefixes, longer prefixes beat shorter ones, and a named method beats any-method. */
function specificity(queue: FaultQueue): number {
  const pathScore = queue.path.endsWith('*') ? queue.path.length * 2 : 1_000_000;
  return pathScore + (queue.method === null ? 0 : 1);
}

/** Appends to the queue of that (method, path), creating it if needed. */
export function enqueueFaults(state: EmulatorState, spec: FaultSpec): FaultQueue {
  const method = spec.method ? spec.method.toUpperCase() : null;
  let queue = state.faults.find((q) => q.method === method && q.path === spec.path);
  if (!queue) {
    queue = { method, path: spec.path, sequence: [], activeUntil: null };
    state.faults.push(queue);
  }
  queue.sequence.push(...spec.sequence.map((fault) => ({ ...fault })));
  return queue;
}

/** The fault for this request, consuming it unless it is an outage still in progress; undefined when none. */
export function takeFault(state: EmulatorState, method: string, path: string, now: number): Fault | undefined {
  const candidates = state.faults
    .filter((q) => q.sequence.length > 0 && (q.method === null || q.method === method) && pathMatches(q.path, path))
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
    dropIfEmpty(state, queue);
  }
  return undefined;
}

function dropIfEmpty(state: EmulatorState, queue: FaultQueue): void {
  if (queue.sequence.length === 0) state.faults = state.faults.filter((q) => q !== queue);
}
