/**
 * Prometheus metrics of one relay (`GET /metrics` on the intake). Each relay has its own `Registry`, never
 * prom-client's global one, so two relays in one process (or a relay inside an app that has its own metrics) do
 * not collide. Counters count the relay's events in this process; gauges are read from `relay.status()` at
 * each scrape (one read shared by every gauge), so they are never stale and also see what other processes did
 * to a shared queue.
 */

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DELIVERY_STATES } from './delivery.js';
import type { RelayEvent } from './events.js';
import type { Relay, RelayStatus } from './relay.js';

export interface RelayMetricsOptions {
  /** Prepended to every name (default `zohokit_relay_`). */
  prefix?: string;
  /** Also prom-client's process metrics (CPU, memory, event-loop lag, …), with the same prefix. Default false. */
  processMetrics?: boolean;
  /** A registry to add to (default: a new one for this relay). */
  registry?: Registry;
}

const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;

export class RelayMetrics {
  readonly registry: Registry;
  readonly #relay: Relay;
  readonly #unsubscribe: () => void;
  #reading: Promise<RelayStatus> | undefined;
  readonly #enqueued: Counter<'operation'>;
  readonly #attempts: Counter<'operation' | 'result'>;
  readonly #finished: Counter<'operation' | 'state'>;
  readonly #attemptsToDeliver: Histogram<'operation'>;
  readonly #wait: Histogram<'operation'>;
  readonly #leaseLost: Counter<'operation'>;
  readonly #workerErrors: Counter;
  readonly #pauses: Counter<'product' | 'code'>;

  constructor(relay: Relay, options: RelayMetricsOptions = {}) {
    const p = options.prefix ?? 'zohokit_relay_';
    this.registry = options.registry ?? new Registry();
    const registers = [this.registry];
    this.#relay = relay;
    const status = () => this.#status();

    this.#enqueued = new Counter({
      name: `${p}enqueued_total`,
      help: 'Deliveries stored (a repeated idempotency key is not counted).',
      labelNames: ['operation'],
      registers,
    });
    this.#attempts = new Counter({
      name: `${p}attempts_total`,
      help: 'Attempts that ended, by result: delivered, retryable, not_sent, ambiguous (retried), dead, expired.',
      labelNames: ['operation', 'result'],
      registers,
    });
    this.#finished = new Counter({
      name: `${p}deliveries_total`,
      help: 'Deliveries that reached a final state: delivered, dead, expired.',
      labelNames: ['operation', 'state'],
      registers,
    });
    this.#attemptsToDeliver = new Histogram({
      name: `${p}delivery_attempts`,
      help: 'Attempts a delivered delivery took.',
      labelNames: ['operation'],
      buckets: [1, 2, 3, 5, 8, 13, 21],
      registers,
    });
    this.#wait = new Histogram({
      name: `${p}delivery_wait_seconds`,
      help: 'Time from enqueue to delivered.',
      labelNames: ['operation'],
      buckets: [0.1, 0.5, 1, 5, 30, 60, 300, 1800, 3600, 21_600, 86_400],
      registers,
    });
    this.#leaseLost = new Counter({
      name: `${p}lease_lost_total`,
      help: 'Attempts whose lease another worker had taken over (their result was not recorded).',
      labelNames: ['operation'],
      registers,
    });
    this.#workerErrors = new Counter({
      name: `${p}worker_errors_total`,
      help: 'Errors of the worker itself (not answers from Zoho).',
      registers,
    });
    this.#pauses = new Counter({
      name: `${p}pauses_total`,
      help: 'Times the queue was paused for a failure a person must fix.',
      labelNames: ['product', 'code'],
      registers,
    });

    new Gauge({
      name: `${p}queue_depth`,
      help: 'Deliveries in the queue by state.',
      labelNames: ['state'],
      registers,
      async collect() {
        const { counts } = await status();
        for (const state of DELIVERY_STATES) this.set({ state }, counts.byState[state] ?? 0);
      },
    });
    new Gauge({
      name: `${p}oldest_pending_age_seconds`,
      help: 'Age of the oldest delivery still pending or in flight (0 when there is none).',
      registers,
      async collect() {
        const { counts } = await status();
        const at = counts.oldestPendingAt;
        this.set(at === undefined ? 0 : Math.max(0, (Date.now() - at) / 1000));
      },
    });
    new Gauge({
      name: `${p}paused`,
      help: '1 while the queue is paused for a failure a person must fix (see pause_info for its cause).',
      registers,
      async collect() {
        this.set((await status()).paused ? 1 : 0);
      },
    });
    new Gauge({
      name: `${p}pause_info`,
      help: "1 for the product and Zoho's code that paused the queue; absent when it is not paused.",
      labelNames: ['product', 'code'],
      registers,
      async collect() {
        const { paused } = await status();
        this.reset();
        if (paused) this.set({ product: paused.product, code: paused.code ?? 'none' }, 1);
      },
    });
    new Gauge({
      name: `${p}circuit_state`,
      help: "1 for each product's current circuit state (closed, open, half_open) in this process's worker.",
      labelNames: ['product', 'state'],
      registers,
      async collect() {
        const { circuits } = await status();
        this.reset();
        for (const [product, circuit] of Object.entries(circuits)) {
          for (const state of CIRCUIT_STATES) this.set({ product, state }, circuit.state === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: `${p}worker_running`,
      help: '1 when this process runs a worker.',
      registers,
      async collect() {
        this.set((await status()).workerRunning ? 1 : 0);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: p });
    this.#unsubscribe = relay.subscribe((event) => this.#observe(event));
  }

  /** The text a Prometheus scrape reads. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops counting the relay's events. */
  close(): void {
    this.#unsubscribe();
  }

  /** One `relay.status()` for all the gauges of a scrape: they collect at once and share the read in flight. */
  #status(): Promise<RelayStatus> {
    this.#reading ??= this.#relay.status().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  #observe(event: RelayEvent): void {
    switch (event.type) {
      case 'delivery.enqueued':
        if (event.created) this.#enqueued.inc({ operation: event.operation });
        return;
      case 'delivery.delivered':
        this.#attempts.inc({ operation: event.operation, result: 'delivered' });
        this.#finished.inc({ operation: event.operation, state: 'delivered' });
        this.#attemptsToDeliver.observe({ operation: event.operation }, event.attempts);
        this.#wait.observe({ operation: event.operation }, event.waitedMs / 1000);
        return;
      case 'delivery.retry':
        this.#attempts.inc({ operation: event.operation, result: event.outcome });
        return;
      case 'delivery.dead':
      case 'delivery.expired': {
        const state = event.type === 'delivery.dead' ? 'dead' : 'expired';
        this.#attempts.inc({ operation: event.operation, result: state });
        this.#finished.inc({ operation: event.operation, state });
        return;
      }
      case 'delivery.lease_lost':
        this.#leaseLost.inc({ operation: event.operation });
        return;
      case 'queue.paused':
        this.#pauses.inc({ product: event.product, code: event.code ?? 'none' });
        return;
      case 'worker.error':
        this.#workerErrors.inc();
        return;
      default:
        return;
    }
  }
}

export function createRelayMetrics(relay: Relay, options?: RelayMetricsOptions): RelayMetrics {
  return new RelayMetrics(relay, options);
}
