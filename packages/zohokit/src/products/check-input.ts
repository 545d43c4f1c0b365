/**
 * The SDK's input checks, without a client and without sending anything: a queue (the relay) refuses a bad
 * payload before it stores it, with the same `ZohoValidationError` (and `details.fieldName`) the call would
 * throw, so nothing is accepted that the call would later refuse.
 */

import { subscribeForm, unsubscribeForm } from './campaigns/subscribers.js';
import type { SubscribeInput, UnsubscribeInput } from './campaigns/types.js';
import { createContactBody } from './desk/contacts.js';
import { idempotencyKey } from './desk/ticket-create.js';
import { createTicketBody } from './desk/ticket-input.js';
import type { CreateContactInput, CreateTicketInput } from './desk/types.js';
import { InputCheck } from './validate.js';

/** The typed calls whose input can be checked ahead of time, with the input each takes. */
export interface CheckableInputs {
  'desk.tickets.create': CreateTicketInput;
  'desk.contacts.create': CreateContactInput;
  'campaigns.subscribe': SubscribeInput;
  'campaigns.unsubscribe': UnsubscribeInput;
}

const CHECKS: { [K in keyof CheckableInputs]: (check: InputCheck, input: CheckableInputs[K]) => unknown } = {
  'desk.tickets.create': createTicketBody,
  'desk.contacts.create': createContactBody,
  'campaigns.subscribe': subscribeForm,
  'campaigns.unsubscribe': unsubscribeForm,
};

/** Throws the `ZohoValidationError` the call `operation` would throw for `input`; returns when it is valid. */
export function checkInput<K extends keyof CheckableInputs>(operation: K, input: CheckableInputs[K]): void {
  const product = operation.startsWith('desk.') ? 'desk' : 'campaigns';
  CHECKS[operation](new InputCheck(product, operation), input);
}

/** Throws a `ZohoValidationError` unless `key` is a usable idempotency key (1–100 of letters, digits, `. _ - @`). */
export function checkIdempotencyKey(key: unknown): asserts key is string {
  idempotencyKey(new InputCheck('desk', 'idempotencyKey'), key);
}
