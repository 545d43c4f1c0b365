/**
 * A delivery: one Zoho operation the relay has promised to carry out exactly once in effect. These are the
 * records every queue stores (packages/relay/README.md, "States").
 */

import type { ZohoErrorKind, ZohoOutcome, ZohoProduct } from 'zohokit';
import type { OperationName } from './operations.js';

/**
 * - `pending`: waiting for its next attempt (`nextAttemptAt`).
 * - `in_flight`: leased by a worker; a lease that expires (the worker died) makes it due again.
 * - `delivered`: Zoho has it; `result` holds what Zoho answered (the ticket, the contact, …).
 * - `dead`: Zoho refused it for good (validation, not found, …); `lastError` says why and how to fix it.
 * - `expired`: still failing when it reached the maximum age (default 72 h).
 * - `discarded`: a person chose to drop it (from `dead` or `expired`).
 */
export type DeliveryState = 'pending' | 'in_flight' | 'delivered' | 'dead' | 'expired' | 'discarded';

export const DELIVERY_STATES: readonly DeliveryState[] = [
  'pending',
  'in_flight',
  'delivered',
  'dead',
  'expired',
  'discarded',
];

/** What the last failed attempt said, without the payload and with secrets already redacted by the SDK. */
export interface DeliveryError {
  kind: ZohoErrorKind | 'internal';
  code: string | undefined;
  status: number | undefined;
  /** What happened, in one sentence. */
  summary: string;
  /** What to do about it. */
  fix: string | undefined;
  outcome: ZohoOutcome;
  /** Epoch ms. */
  at: number;
}

export interface Delivery {
  id: string;
  idempotencyKey: string;
  operation: OperationName;
  product: ZohoProduct;
  input: unknown;
  state: DeliveryState;
  /** Attempts started (a lease counts as one). */
  attempts: number;
  /** Epoch ms of the enqueue. */
  createdAt: number;
  updatedAt: number;
  /** When it is due (pending), or was due (in flight). */
  nextAttemptAt: number;
  /** Maximum age counts from here: the enqueue, or the last replay of a dead or expired delivery. */
  ageFrom: number;
  /** The outcome of the last attempt. */
  lastOutcome: ZohoOutcome | undefined;
  /**
   * An attempt may have reached Zoho without an answer (an ambiguous outcome, or a worker that died
   * mid-call): every later attempt looks for what it made before sending again.
   */
  maybeSent: boolean;
  lastError: DeliveryError | undefined;
  result: unknown;
  deliveredAt: number | undefined;
}

/** A delivery leased by one worker. `fence` proves the lease: a settle with an older fence is refused. */
export interface Lease {
  delivery: Delivery;
  fence: number;
  /** An earlier attempt may have taken effect (`maybeSent`): look for its result before sending. */
  reconcile: boolean;
}

/** How a leased delivery ends its attempt. */
export type Settlement =
  | { state: 'delivered'; result: unknown }
  | { state: 'pending'; nextAttemptAt: number; error: DeliveryError; outcome: ZohoOutcome }
  | { state: 'dead' | 'expired'; error: DeliveryError };
