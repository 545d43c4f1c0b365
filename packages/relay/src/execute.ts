/**
 * One attempt at an operation, through the SDK's one pipeline. Exactly-once in effect rests on two things:
 * every create carries the delivery's own key, and an attempt that follows an ambiguous one (a reset or
 * timeout after sending, or a worker that died mid-call) looks for what the earlier one made before it sends.
 */

import { type CrmWriteResult, isZohoError, type Zoho } from 'zohokit';
import type { Lease } from './delivery.js';
import type { Operation } from './operations.js';

/** The Desk idempotency key of a delivery: its id, in the characters Desk's search keeps intact. */
export function deskKey(deliveryId: string): string {
  return `zr-${deliveryId}`;
}

export async function execute(zoho: Zoho, lease: Lease, signal: AbortSignal): Promise<unknown> {
  const operation = { type: lease.delivery.operation, input: lease.delivery.input } as Operation;
  switch (operation.type) {
    case 'desk.ticket.create': {
      const key = deskKey(lease.delivery.id);
      if (lease.reconcile) {
        const found = await zoho.desk.tickets.findByIdempotencyKey(key, { signal });
        if (found) return found;
      }
      return zoho.desk.tickets.create(operation.input, { idempotencyKey: key, signal });
    }
    case 'desk.contact.create': {
      const email = operation.input.email;
      if (lease.reconcile && email) {
        const existing = await firstContact(zoho, email);
        if (existing) return existing;
      }
      try {
        return await zoho.desk.contacts.create(operation.input);
      } catch (error) {
        // Desk answers 422 `duplicate` on email when the contact exists: that contact is the result.
        if (email && isDuplicateEmail(error)) {
          const existing = await firstContact(zoho, email);
          if (existing) return existing;
        }
        throw error;
      }
    }
    case 'campaigns.subscribe':
      return zoho.campaigns.subscribe(operation.input);
    case 'campaigns.unsubscribe':
      return zoho.campaigns.unsubscribe(operation.input);
    case 'crm.record.insert': {
      const records = zoho.crm.records(operation.input.module);
      // The delivery's key goes in the record's idempotency field, as for Desk tickets.
      const key = deskKey(lease.delivery.id);
      if (lease.reconcile) {
        const id = await records.findByIdempotencyKey(key, { signal });
        if (id !== undefined) return { id, reconciled: true };
      }
      return crmOutcome(await records.insert(operation.input.record, { idempotencyKey: key, signal }));
    }
    case 'crm.record.upsert': {
      const { module, record, duplicateCheckFields } = operation.input;
      return crmOutcome(await zoho.crm.records(module).upsert(record, { duplicateCheckFields, signal }));
    }
    case 'request': {
      const { idempotent, ...spec } = operation.input;
      return zoho.request({ ...spec, idempotent, signal });
    }
  }
}

/**
 * A one-record CRM write as a delivery's result, or the error the worker settles it by: a record Zoho refused
 * is a `ZohoValidationError` (permanent: dead, with the field), a call that failed carries its own outcome.
 */
function crmOutcome(result: CrmWriteResult) {
  const [record] = result.records;
  if (result.stopped) throw result.stopped;
  if (!record?.ok) throw record?.error ?? new Error('CRM answered no result for the record');
  return { id: record.id, code: record.code, action: record.action, reconciled: record.reconciled };
}

async function firstContact(zoho: Zoho, email: string) {
  const [contact] = await zoho.desk.contacts.search({ email }).toArray({ limit: 1 });
  return contact;
}

function isDuplicateEmail(error: unknown): boolean {
  if (!isZohoError(error) || error.kind !== 'validation' || error.status !== 422) return false;
  const details = error.details as { errorType?: unknown; errors?: { errorType?: unknown }[] } | undefined;
  return details?.errorType === 'duplicate' || (details?.errors ?? []).some((e) => e?.errorType === 'duplicate');
}
