/** What the relay reports while it works. Ids, operations and codes only: never a payload or an address. */

import type { ZohoOutcome, ZohoProduct } from 'zohokit';
import type { CircuitState } from './circuit.js';
import type { OperationName } from './operations.js';

export type RelayEvent =
  | { type: 'delivery.enqueued'; id: string; operation: OperationName; created: boolean }
  | { type: 'delivery.delivered'; id: string; operation: OperationName; attempts: number; waitedMs: number }
  | {
      type: 'delivery.retry';
      id: string;
      operation: OperationName;
      attempts: number;
      code: string | undefined;
      outcome: ZohoOutcome;
      nextAttemptAt: number;
    }
  | { type: 'delivery.dead'; id: string; operation: OperationName; code: string | undefined; summary: string }
  | { type: 'delivery.expired'; id: string; operation: OperationName; code: string | undefined }
  /** A worker's lease was taken over (it ran past its lease): its result was not recorded. */
  | { type: 'delivery.lease_lost'; id: string; operation: OperationName }
  | { type: 'queue.paused'; product: ZohoProduct; code: string | undefined; reason: string }
  | { type: 'queue.resumed'; by: 'probe' | 'resume' }
  | { type: 'circuit.changed'; product: ZohoProduct; state: CircuitState['state']; until: number | undefined }
  | { type: 'worker.error'; message: string };

export type RelayEventListener = (event: RelayEvent) => void;
