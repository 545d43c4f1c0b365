/**
 * What a queue adapter stores, and nothing of policy: the worker decides (from the SDK's outcome
 * classification) and the queue records. One behavioural suite runs against every adapter.
 */

import type { ZohoProduct } from 'zohokit';
import type { Delivery, DeliveryState, Lease, Settlement } from './delivery.js';
import type { OperationName } from './operations.js';

/** A delivery to store. `idempotencyKey` is its identity: the same key never makes a second delivery. */
export interface NewDelivery {
  id: string;
  idempotencyKey: string;
  operation: OperationName;
  product: ZohoProduct;
  input: unknown;
  /** A digest of operation + input: the same key with another payload is a conflict. */
  payloadHash: string;
  now: number;
}

export interface AddResult {
  delivery: Delivery;
  /** False when a delivery with this key already existed (it is returned as it is). */
  created: boolean;
  /** The existing delivery was made from another payload. */
  conflict: boolean;
}

/** Which deliveries a list, a replay or a discard is about. */
export interface DeliveryFilter {
  ids?: readonly string[];
  states?: readonly DeliveryState[];
  operation?: OperationName;
  /** Zoho's (or zohokit's) code of the last error. */
  code?: string;
  limit?: number;
}

/** The queue as a whole: paused by a failure a person must fix, with its reason. */
export interface QueueControl {
  paused?: { reason: string; code: string | undefined; fix: string | undefined; product: ZohoProduct; since: number };
}

export interface QueueCounts {
  byState: Record<DeliveryState, number>;
  /** Epoch ms of the oldest delivery still pending or in flight. */
  oldestPendingAt: number | undefined;
}

export interface LeaseOptions {
  now: number;
  leaseMs: number;
  limit: number;
  /** Products whose deliveries are not to be leased now (an open circuit). */
  skipProducts?: readonly ZohoProduct[];
  /** Only these products' deliveries (a probe). */
  onlyProducts?: readonly ZohoProduct[];
}

export interface RelayQueue {
  /** Resolves once the delivery is durable (or was already there). */
  add(delivery: NewDelivery): Promise<AddResult>;
  /**
   * Leases up to `limit` due deliveries: pending ones whose time has come, and in-flight ones whose lease
   * expired (their worker died). Each lease gets a new fence and counts as an attempt.
   */
  lease(options: LeaseOptions): Promise<Lease[]>;
  /** Extends a lease still held; false when the fence no longer matches. */
  extend(id: string, fence: number, until: number): Promise<boolean>;
  /** Ends an attempt; false (and nothing changes) when another worker holds the delivery now. */
  settle(id: string, fence: number, settlement: Settlement, now: number): Promise<boolean>;
  /** Gives a lease back without counting it against the delivery (shutdown, a paused queue). */
  release(id: string, fence: number, options: { now: number; ambiguous: boolean }): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  list(filter?: DeliveryFilter): Promise<Delivery[]>;
  counts(): Promise<QueueCounts>;
  /** Dead or expired deliveries become pending again, due now, their maximum age counted afresh. */
  replay(filter: DeliveryFilter, now: number): Promise<number>;
  /** Dead or expired deliveries become discarded. */
  discard(filter: DeliveryFilter, now: number): Promise<number>;
  control(): Promise<QueueControl>;
  setControl(control: QueueControl): Promise<void>;
  close(): Promise<void>;
}
