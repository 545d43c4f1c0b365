/**
 * What the admin endpoints answer (the status page reads them): the relay's status and lists of deliveries, with
 * times in ISO-8601 and every e-mail address in Zoho's error texts masked. A delivery's input (the customer's
 * message) and result are never in a list: the page shows ids, operations, states, attempts and Zoho's reasons.
 */

import type { CircuitState } from '../circuit.js';
import type { Delivery, DeliveryState } from '../delivery.js';
import type { RelayStatus } from '../relay.js';
import { maskEmails } from '../scrub.js';
import { type DeliveryView, deliveryView } from './intake-responses.js';

/** `GET /v1/status`. */
export interface StatusView {
  /** When this was read (the page counts ages from it, not from the browser's clock). */
  now: string;
  counts: Record<DeliveryState, number>;
  /** The oldest delivery still pending or in flight. */
  oldestPendingAt: string | null;
  oldestPendingAgeMs: number | null;
  /** The whole queue waits for a person: Zoho's reason and the fix. */
  paused: { product: string; code: string | null; reason: string; fix: string | null; since: string } | null;
  /** The circuits of the worker in this process (none when it runs elsewhere). */
  circuits: { product: string; state: CircuitState['state']; failures: number; until: string | null }[];
  workerRunning: boolean;
}

/** One row of `GET /v1/deliveries`. */
export interface AdminDeliveryView extends Omit<DeliveryView, 'result'> {
  product: Delivery['product'];
  updatedAt: string;
  /** When a pending delivery is tried next. */
  nextAttemptAt: string | null;
  /** An earlier attempt may have reached Zoho: the next one looks for what it made first. */
  maybeSent: boolean;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function statusView(status: RelayStatus, now: number): StatusView {
  const { counts, paused } = status;
  return {
    now: new Date(now).toISOString(),
    counts: counts.byState,
    oldestPendingAt: iso(counts.oldestPendingAt),
    oldestPendingAgeMs: counts.oldestPendingAt === undefined ? null : Math.max(0, now - counts.oldestPendingAt),
    paused: paused
      ? {
          product: paused.product,
          code: paused.code ?? null,
          reason: maskEmails(paused.reason),
          fix: maskEmails(paused.fix) ?? null,
          since: new Date(paused.since).toISOString(),
        }
      : null,
    circuits: Object.entries(status.circuits).map(([product, circuit]) => ({
      product,
      state: circuit.state,
      failures: circuit.failures,
      until: iso(circuit.until),
    })),
    workerRunning: status.workerRunning,
  };
}

export function adminDeliveryView(delivery: Delivery): AdminDeliveryView {
  const { result: _never, ...view } = deliveryView(delivery, false);
  const error = view.lastError;
  return {
    ...view,
    lastError: error && {
      ...error,
      summary: maskEmails(error.summary),
      fix: maskEmails(error.fix ?? undefined) ?? null,
    },
    product: delivery.product,
    updatedAt: new Date(delivery.updatedAt).toISOString(),
    nextAttemptAt: delivery.state === 'pending' ? new Date(delivery.nextAttemptAt).toISOString() : null,
    maybeSent: delivery.maybeSent,
  };
}
