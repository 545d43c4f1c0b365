import type { ZohoProduct } from '../errors.js';

/**
 * What zohokit reports while it works. Events never carry bodies, tokens or secrets: URLs are redacted,
 * errors are reduced to name/code/status/message. A listener that throws is ignored (it must not break a call).
 */
export type ZohoEvent =
  | {
      type: 'request';
      /** zohokit's id for the call (`zk-N`), the same on all its events and on its error. */
      callId: string;
      product: ZohoProduct;
      method: string;
      url: string;
      attempt: number;
    }
  | {
      type: 'response';
      /** zohokit's id for the call (`zk-N`), the same on all its events and on its error. */
      callId: string;
      product: ZohoProduct;
      method: string;
      url: string;
      attempt: number;
      status: number;
      durationMs: number;
      code?: string | undefined;
    }
  | {
      type: 'retry';
      /** zohokit's id for the call (`zk-N`), the same on all its events and on its error. */
      callId: string;
      product: ZohoProduct;
      method: string;
      url: string;
      attempt: number;
      /** Why: `status` (retryable HTTP status), `connection`, `auth` (refresh once and replay), `token` (token call failed). */
      reason: 'status' | 'connection' | 'auth' | 'token';
      delayMs: number;
      status?: number | undefined;
      code?: string | undefined;
    }
  | {
      type: 'token.refresh';
      /** `cold`: nothing cached; `expiring`: early refresh; `invalidated`: after a 401; `forced`: asked for. */
      reason: 'cold' | 'expiring' | 'invalidated' | 'forced' | 'exchange';
      ok: boolean;
      durationMs: number;
      expiresAt?: number | undefined;
      code?: string | undefined;
    }
  | {
      type: 'rate_limit.wait';
      product: ZohoProduct;
      /** What is being waited for: a concurrency slot or a request window. */
      limit: string;
      /** How long the call waited before it got its slot (reported when it gets it; http/limiter.ts). */
      waitMs: number;
    }
  | {
      type: 'error';
      callId?: string | undefined;
      product?: ZohoProduct | undefined;
      name: string;
      code?: string | undefined;
      status?: number | undefined;
      message: string;
    }
  /**
   * Something worked out, but not as planned. Codes include `ticket_reconciled` (a ticket create with an
   * idempotency key failed with an unknown outcome and the ticket it had created was found and returned),
   * `ticket_create_replayed` (nothing was found, so the create was sent again) and `ticket_lookup_failed`.
   */
  | { type: 'warning'; code: string; message: string };

/** Receives every {@link ZohoEvent}; what it throws is ignored. */
export type EventListener = (event: ZohoEvent) => void;

/** A listener wrapper that never throws into the caller. */
export function safeEmitter(listener: EventListener | undefined): EventListener | undefined {
  if (!listener) return undefined;
  return (event) => {
    try {
      listener(event);
    } catch {
      // A broken listener must not turn a successful Zoho call into a failure.
    }
  };
}
