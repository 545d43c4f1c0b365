/**
 * `createRelay({ zoho, queue })`: enqueue Zoho operations durably, and a worker that delivers them exactly once
 * in effect. `enqueue` resolves only once the delivery is stored (committed and synced); the same
 * idempotency key returns the same delivery, and the same key with another payload is a conflict.
 */

import { createHash, randomUUID } from 'node:crypto';
import { checkIdempotencyKey, type Zoho } from 'zohokit';
import type { Delivery, DeliveryState } from './delivery.js';
import type { RelayEvent, RelayEventListener } from './events.js';
import { checkOperation, type Operation, productOf } from './operations.js';
import type { DeliveryFilter, QueueControl, QueueCounts, RelayQueue } from './queue.js';
import { RelayConflictError } from './relay-errors.js';
import { SqliteQueue } from './sqlite-queue.js';
import { RelayWorker, type WorkerOptions } from './worker.js';

export interface RelayOptions {
  zoho: Zoho;
  /** A queue adapter, or the path of the SQLite file (default `relay.db`). */
  queue?: RelayQueue | string;
  worker?: WorkerOptions;
  onEvent?: RelayEventListener;
  /** The Zoho client's `desk.idempotencyField` (default `cf_zohokit_key`), which a payload may not set. */
  idempotencyField?: string;
}

export interface EnqueueResult {
  id: string;
  state: DeliveryState;
  /** False when the idempotency key named a delivery that already existed. */
  created: boolean;
}

export interface RelayStatus {
  counts: QueueCounts;
  paused: QueueControl['paused'];
  circuits: ReturnType<RelayWorker['circuits']['snapshot']>;
  workerRunning: boolean;
}

export class Relay {
  readonly queue: RelayQueue;
  readonly worker: RelayWorker;
  readonly #emit: RelayEventListener;
  /** Listeners added after construction (metrics, logs) besides `onEvent`. */
  readonly #listeners = new Set<RelayEventListener>();
  readonly #now: () => number;
  readonly #idempotencyField: string | undefined;

  constructor(options: RelayOptions) {
    const listener = options.onEvent;
    this.#emit = (event: RelayEvent) => {
      for (const each of listener ? [listener, ...this.#listeners] : this.#listeners) {
        try {
          each(event);
        } catch {
          // A broken listener must not lose a delivery, nor keep the others from hearing of it.
        }
      }
    };
    this.queue =
      typeof options.queue === 'object' ? options.queue : new SqliteQueue({ path: options.queue ?? 'relay.db' });
    const worker = { idempotencyField: options.idempotencyField, ...options.worker };
    this.worker = new RelayWorker(options.zoho, this.queue, worker, this.#emit);
    this.#now = options.worker?.now ?? Date.now;
    this.#idempotencyField = options.idempotencyField;
  }

  /**
   * Stores an operation for delivery; resolves once it is durable. Refuses (with the SDK's
   * `ZohoValidationError`, nothing stored) a payload the call would refuse.
   */
  async enqueue(operation: Operation, options: { idempotencyKey?: string } = {}): Promise<EnqueueResult> {
    const op = checkOperation(operation, { idempotencyField: this.#idempotencyField });
    const idempotencyKey = options.idempotencyKey ?? randomUUID();
    checkIdempotencyKey(idempotencyKey);
    const payloadHash = digest({ type: op.type, input: op.input });
    const added = await this.queue.add({
      id: randomUUID(),
      idempotencyKey,
      operation: op.type,
      product: productOf(op),
      input: op.input,
      payloadHash,
      now: this.#now(),
    });
    if (added.conflict) throw new RelayConflictError(idempotencyKey, added.delivery.id);
    const { id, state } = added.delivery;
    this.#emit({ type: 'delivery.enqueued', id, operation: op.type, created: added.created });
    if (added.created) this.worker.wake();
    return { id, state, created: added.created };
  }

  /** Hears every event from now on, besides `onEvent` (metrics, logs); returns the function that stops it. */
  subscribe(listener: RelayEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get(id: string): Promise<Delivery | undefined> {
    return this.queue.get(id);
  }

  list(filter?: DeliveryFilter): Promise<Delivery[]> {
    return this.queue.list(filter);
  }

  /** Dead or expired deliveries (by id, operation, error code, or all) are tried again from now. */
  async retry(filter: DeliveryFilter): Promise<number> {
    const count = await this.queue.replay(filter, this.#now());
    if (count > 0) this.worker.wake();
    return count;
  }

  /** Dead or expired deliveries (by id, operation, error code, or all) are dropped for good. */
  discard(filter: DeliveryFilter): Promise<number> {
    return this.queue.discard(filter, this.#now());
  }

  /** Ends a pause now (once the credentials are fixed), without waiting for the next probe. */
  resume(): Promise<void> {
    return this.worker.resume('resume');
  }

  async status(): Promise<RelayStatus> {
    const [counts, control] = await Promise.all([this.queue.counts(), this.queue.control()]);
    return {
      counts,
      paused: control.paused,
      circuits: this.worker.circuits.snapshot(),
      workerRunning: this.worker.running,
    };
  }

  start(): this {
    this.worker.start();
    return this;
  }

  /** Stops the worker (in-flight deliveries finish or give their leases back) and closes the queue. */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    await this.worker.stop(options);
    await this.queue.close();
  }
}

export function createRelay(options: RelayOptions): Relay {
  return new Relay(options);
}

/** A stable digest of a payload: keys sorted at every level, so `{a,b}` and `{b,a}` are the same payload. */
function digest(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
