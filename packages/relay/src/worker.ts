/**
 * The worker: lease due deliveries, attempt each through the SDK, and record what the SDK's outcome says
 * (DESIGN.md §8) — delivered; pending again after a backoff or Zoho's `Retry-After`; `dead` when retrying
 * cannot help; `expired` past the maximum age; the whole queue paused when a person must fix credentials.
 * Zoho's own limits (Desk concurrency, Campaigns windows) are kept by the SDK's limiters inside the call, so
 * a backlog drains at Zoho's pace without a lock-out.
 */

import { isZohoError, messageOf, redact, type Zoho, type ZohoProduct } from 'zohokit';
import { type CircuitOptions, Circuits, DEFAULT_CIRCUIT } from './circuit.js';
import type { DeliveryError, Lease } from './delivery.js';
import { DeskFieldCheck, IDEMPOTENCY_FIELD_MISSING } from './desk-field-check.js';
import type { RelayEventListener } from './events.js';
import { execute } from './execute.js';
import type { RelayQueue } from './queue.js';
import { DEFAULT_SCHEDULE, nextAttemptAt, type Schedule } from './schedule.js';

export interface WorkerOptions {
  /** Deliveries attempted at once (the SDK's limiters may still hold some back). Default 4. */
  concurrency?: number;
  /** How often an idle worker looks for due deliveries, in ms. Default 250. */
  pollMs?: number;
  /** How long a lease holds before another worker may take the delivery over, in ms. Default 5 min. */
  leaseMs?: number;
  /** How often a paused queue tries one delivery to see whether the credentials were fixed, in ms. Default 30 s. */
  probeIntervalMs?: number;
  schedule?: Partial<Schedule>;
  circuit?: Partial<CircuitOptions>;
  /**
   * Check, before the first Desk delivery, that the ticket layout has the idempotency field; hold Desk deliveries
   * (paused, `idempotency_field_missing`) while it does not. Default true.
   */
  checkDeskField?: boolean;
  /** The Zoho client's `desk.idempotencyField`, named in the pause's fix (default `cf_zohokit_key`). */
  idempotencyField?: string;
  random?: () => number;
  now?: () => number;
}

export class RelayWorker {
  readonly #zoho: Zoho;
  readonly #queue: RelayQueue;
  readonly #emit: RelayEventListener;
  readonly #o: Required<Omit<WorkerOptions, 'schedule' | 'circuit' | 'checkDeskField' | 'idempotencyField'>> & {
    schedule: Schedule;
  };
  readonly #deskField: DeskFieldCheck | undefined;
  readonly circuits: Circuits;
  readonly #inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #nextProbeAt = 0;
  /** This worker already paused the queue: concurrent failures of the same cause report it once. */
  #pausing = false;

  constructor(zoho: Zoho, queue: RelayQueue, options: WorkerOptions, emit: RelayEventListener) {
    this.#zoho = zoho;
    this.#queue = queue;
    this.#emit = emit;
    this.#o = {
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 250,
      leaseMs: options.leaseMs ?? 5 * 60_000,
      probeIntervalMs: options.probeIntervalMs ?? 30_000,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      schedule: { ...DEFAULT_SCHEDULE, ...options.schedule },
    };
    this.#deskField =
      options.checkDeskField === false
        ? undefined
        : new DeskFieldCheck(zoho, options.idempotencyField ?? 'cf_zohokit_key', this.#o.probeIntervalMs, (message) =>
            emit({ type: 'worker.error', message }),
          );
    this.circuits = new Circuits({ ...DEFAULT_CIRCUIT, ...options.circuit }, (product, state) =>
      emit({ type: 'circuit.changed', product, state: state.state, until: state.until }),
    );
  }

  get running(): boolean {
    return this.#running !== undefined && !this.#stopping;
  }

  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /** Looks for due deliveries now (after an enqueue) instead of at the next poll. */
  wake(): void {
    this.#wake?.();
  }

  /**
   * Stops leasing; lets in-flight deliveries finish for up to `graceMs`, then aborts them and gives their
   * leases back (an abort after sending counts as "may have reached Zoho", so the next attempt reconciles).
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    const pending = [...this.#inFlight.values()];
    const grace = new Promise<void>((resolve) => setTimeout(resolve, options.graceMs ?? 10_000).unref());
    await Promise.race([Promise.all(pending.map((p) => p.done)), grace]);
    for (const { controller } of this.#inFlight.values()) controller.abort();
    await Promise.all([...this.#inFlight.values()].map((p) => p.done));
    this.#running = undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      try {
        await this.#tick();
      } catch (error) {
        this.#emit({ type: 'worker.error', message: messageOf(error) });
      }
      if (this.#stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#o.pollMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
      this.#wake = undefined;
    }
  }

  async #tick(): Promise<void> {
    const free = this.#o.concurrency - this.#inFlight.size;
    if (free <= 0) return;
    const now = this.#o.now();
    const { paused } = await this.#queue.control();
    // Resumed elsewhere (another process's `relay resume`): a later failure of that kind pauses again.
    if (!paused && !this.#inFlight.size) this.#pausing = false;
    if (paused?.code === IDEMPOTENCY_FIELD_MISSING && this.#deskField) {
      // No probe delivery: it would be sent without a findable key. Look at the layout again instead.
      if (this.#inFlight.size > 0 || now < this.#nextProbeAt) return;
      this.#nextProbeAt = now + this.#o.probeIntervalMs;
      if ((await this.#deskField.status(now, true)) !== 'missing') await this.resume('probe');
      return;
    }
    if (paused) {
      // One delivery of the product that paused the queue, now and then: its success resumes everything.
      if (this.#inFlight.size > 0 || now < this.#nextProbeAt) return;
      this.#nextProbeAt = now + this.#o.probeIntervalMs;
      const probe = await this.#lease(now, 1, { onlyProducts: [paused.product] });
      for (const lease of probe) this.#run(lease, 'pause');
      return;
    }
    const { skip, probes } = this.circuits.blocked(now);
    const desk = (await this.#deskField?.status(now)) ?? 'present';
    if (desk === 'missing') {
      await this.#pause('desk', this.#deskField!.missing(now), now);
      return;
    }
    const held = desk === 'unknown' ? (['desk'] as ZohoProduct[]) : [];
    const leases = await this.#lease(now, free, { skipProducts: [...skip, ...probes, ...held] });
    for (const lease of leases) this.#run(lease);
    for (const product of probes.slice(0, free - leases.length).filter((p) => !held.includes(p))) {
      const [probe] = await this.#lease(now, 1, { onlyProducts: [product] });
      if (!probe) continue;
      this.circuits.probing(product);
      this.#run(probe);
    }
  }

  #lease(now: number, limit: number, filter: { skipProducts?: ZohoProduct[]; onlyProducts?: ZohoProduct[] }) {
    return this.#queue.lease({ now, leaseMs: this.#o.leaseMs, limit, ...filter });
  }

  #run(lease: Lease, probe?: 'pause'): void {
    const controller = new AbortController();
    const done = this.#attempt(lease, controller.signal, probe)
      .catch((error: unknown) => this.#emit({ type: 'worker.error', message: messageOf(error) }))
      .finally(() => {
        this.#inFlight.delete(lease.delivery.id);
        this.wake();
      });
    this.#inFlight.set(lease.delivery.id, { controller, done });
  }

  async #attempt(lease: Lease, signal: AbortSignal, probe?: 'pause'): Promise<void> {
    const { delivery, fence } = lease;
    const heartbeat = setInterval(() => {
      this.#queue.extend(delivery.id, fence, this.#o.now() + this.#o.leaseMs).catch(() => undefined);
    }, this.#o.leaseMs / 3);
    heartbeat.unref();
    let result: unknown;
    try {
      result = await execute(this.#zoho, lease, signal);
    } catch (error) {
      await this.#failed(lease, error, signal);
      return;
    } finally {
      clearInterval(heartbeat);
    }
    const now = this.#o.now();
    this.circuits.success(delivery.product);
    if (!(await this.#queue.settle(delivery.id, fence, { state: 'delivered', result }, now))) {
      this.#emit({ type: 'delivery.lease_lost', id: delivery.id, operation: delivery.operation });
      return;
    }
    const waitedMs = now - delivery.createdAt;
    this.#emit({
      type: 'delivery.delivered',
      id: delivery.id,
      operation: delivery.operation,
      attempts: delivery.attempts,
      waitedMs,
    });
    if (probe === 'pause') await this.resume('probe');
  }

  async #failed(lease: Lease, thrown: unknown, signal: AbortSignal): Promise<void> {
    const { delivery, fence } = lease;
    const now = this.#o.now();
    const error = describeFailure(thrown, now);
    if (signal.aborted && this.#stopping) {
      await this.#queue.release(delivery.id, fence, { now, ambiguous: error.outcome === 'ambiguous' });
      return;
    }
    this.#countForCircuit(delivery.product, error, now);
    const id = delivery.id;
    const operation = delivery.operation;
    if (error.outcome === 'permanent') {
      if (await this.#settle(lease, { state: 'dead', error }, now)) {
        this.#emit({ type: 'delivery.dead', id, operation, code: error.code, summary: error.summary });
      }
      return;
    }
    if (error.outcome === 'blocked') {
      // Nothing is dead-lettered for a failure a person must fix: the queue waits, with the reason.
      await this.#pause(delivery.product, error, now);
      await this.#queue.release(id, fence, { now, ambiguous: false });
      return;
    }
    const retryAfterMs = isZohoError(thrown) ? thrown.retryAfterMs : undefined;
    const at = nextAttemptAt({ ...delivery, retryAfterMs, now }, this.#o.schedule, this.#o.random);
    if (at === undefined) {
      if (await this.#settle(lease, { state: 'expired', error }, now)) {
        this.#emit({ type: 'delivery.expired', id, operation, code: error.code });
      }
      return;
    }
    const settlement = { state: 'pending' as const, nextAttemptAt: at, error, outcome: error.outcome };
    if (await this.#settle(lease, settlement, now)) {
      const attempts = delivery.attempts;
      this.#emit({
        type: 'delivery.retry',
        id,
        operation,
        attempts,
        code: error.code,
        outcome: error.outcome,
        nextAttemptAt: at,
      });
    }
  }

  async #settle(lease: Lease, settlement: Parameters<RelayQueue['settle']>[2], now: number): Promise<boolean> {
    const ok = await this.#queue.settle(lease.delivery.id, lease.fence, settlement, now);
    if (!ok) this.#emit({ type: 'delivery.lease_lost', id: lease.delivery.id, operation: lease.delivery.operation });
    return ok;
  }

  /** "Zoho is not there" opens the circuit; any answer from Zoho (even a 4xx) shows it is there. */
  #countForCircuit(product: ZohoProduct, error: DeliveryError, now: number): void {
    const unreachable = error.kind === 'connection' || (error.status !== undefined && error.status >= 500);
    if (unreachable && error.outcome !== 'blocked') this.circuits.failure(product, now);
    else if (error.kind !== 'internal' && error.code !== 'token_budget_exhausted') this.circuits.success(product);
  }

  async #pause(product: ZohoProduct, error: DeliveryError, now: number): Promise<void> {
    if (this.#pausing) return;
    this.#pausing = true;
    const control = await this.#queue.control();
    if (control.paused) return;
    const reason = error.summary;
    await this.#queue.setControl({ paused: { reason, code: error.code, fix: error.fix, product, since: now } });
    this.#nextProbeAt = now + this.#o.probeIntervalMs;
    this.#emit({ type: 'queue.paused', product, code: error.code, reason });
  }

  async resume(by: 'probe' | 'resume'): Promise<void> {
    const control = await this.#queue.control();
    this.#pausing = false;
    if (!control.paused) return;
    await this.#queue.setControl({});
    this.#nextProbeAt = 0;
    this.#emit({ type: 'queue.resumed', by });
    this.wake();
  }
}

/** The facts of a failure worth keeping, from the SDK's error (already redacted) or anything else thrown. */
export function describeFailure(thrown: unknown, now: number): DeliveryError {
  if (isZohoError(thrown)) {
    const { kind, code, status, summary, fix, outcome } = thrown;
    return { kind, code, status, summary, fix, outcome, at: now };
  }
  // Not the SDK's: a bug or an exhausted resource, not Zoho's answer. Retried with backoff until it expires.
  return {
    kind: 'internal',
    code: 'internal_error',
    status: undefined,
    summary: redact(messageOf(thrown)),
    fix: 'This is not an answer from Zoho; check the relay logs',
    outcome: 'retryable',
    at: now,
  };
}
