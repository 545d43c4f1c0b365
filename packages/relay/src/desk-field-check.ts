/**
 * Before the worker sends a Desk ticket it makes sure the ticket layout has the idempotency field
 * (`desk.idempotencyField`, default `cf_zohokit_key`): exactly-once rests on finding an ambiguous create by its
 * key, and Desk can only find what it stored in a field that exists. Without it the worker holds Desk deliveries
 * (the queue pauses with `idempotency_field_missing` and the fix) instead of sending them: nothing is
 * dead-lettered, and nothing can be duplicated by a reconcile that cannot find the earlier ticket.
 */

import { isZohoError, messageOf, type Zoho } from 'zohokit';
import type { DeliveryError } from './delivery.js';

export const IDEMPOTENCY_FIELD_MISSING = 'idempotency_field_missing';

/**
 * - `present`: the field exists; Desk deliveries go.
 * - `missing`: it does not; Desk deliveries wait (paused with the fix).
 * - `unchecked`: it cannot be checked (no `Desk.basic.READ` scope, no org id): deliveries go as before, and the
 *   check says so once in a `worker.error` event.
 * - `unknown`: the check failed for a reason that passes (Desk unreachable, throttled): Desk deliveries wait
 *   for the next check, as they would wait for Desk anyway.
 */
export type DeskFieldStatus = 'present' | 'missing' | 'unchecked' | 'unknown';

export class DeskFieldCheck {
  readonly #zoho: Zoho;
  readonly #apiName: string;
  readonly #report: (message: string) => void;
  #settled: 'present' | 'unchecked' | undefined;
  readonly #maxRetryMs: number;
  #nextAt = 0;
  #retryMs = 250;
  #reported = false;

  /** `maxRetryMs`: the longest wait between checks that failed for a passing reason (the probe interval). */
  constructor(zoho: Zoho, apiName: string, maxRetryMs: number, report: (message: string) => void) {
    this.#zoho = zoho;
    this.#apiName = apiName;
    this.#maxRetryMs = maxRetryMs;
    this.#report = report;
  }

  /** The last answer, or a new check when the last one was not final and `now` is past its retry time. */
  async status(now: number, force = false): Promise<DeskFieldStatus> {
    if (this.#settled) return this.#settled;
    if (!force && now < this.#nextAt) return 'unknown';
    try {
      if (await this.#zoho.desk.fields.idempotencyField()) {
        this.#settled = 'present';
        return 'present';
      }
      return 'missing';
    } catch (error) {
      if (isZohoError(error) && (error.kind === 'permission' || error.kind === 'config' || error.kind === 'auth')) {
        this.#settled = 'unchecked';
        // No desk.orgId is a relay without Desk (Campaigns only): nothing to warn about; a ticket would say so.
        if (error.code !== 'missing_org_id')
          this.#report(
            `cannot check that the Desk ticket field ${this.#apiName} exists (${error.code ?? error.kind}: ${error.summary}); ` +
              'Desk deliveries go on unchecked. Grant Desk.basic.READ to let the relay check it',
          );
        return 'unchecked';
      }
      this.#nextAt = now + this.#retryMs;
      this.#retryMs = Math.min(this.#retryMs * 2, this.#maxRetryMs);
      // Once: an outage would otherwise report it at every retry.
      if (!this.#reported)
        this.#report(`could not check the Desk ticket field ${this.#apiName} yet: ${messageOf(error)}`);
      this.#reported = true;
      return 'unknown';
    }
  }

  /** What the pause records: the cause and the fix, as a failed attempt would. */
  missing(now: number): DeliveryError {
    return {
      kind: 'config',
      code: IDEMPOTENCY_FIELD_MISSING,
      status: undefined,
      summary: `The Zoho Desk ticket layout has no custom field ${this.#apiName}, which holds each ticket's idempotency key; ticket deliveries are held until it exists`,
      fix: `In Zoho Desk → Setup → Layouts and Fields → Tickets, add a single-line custom field with API name ${this.#apiName}, or set desk.idempotencyField to a field that exists; the relay resumes by itself once it sees the field`,
      outcome: 'blocked',
      at: now,
    };
  }
}
