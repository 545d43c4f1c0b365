/**
 * The operations the relay carries, their typed inputs, and the check each gets at enqueue: the SDK's own
 * (`checkInput`), so a payload the call would refuse is refused before it is stored.
 */

import {
  type CreateContactInput,
  type CreateTicketInput,
  checkInput,
  type RequestSpec,
  type SubscribeInput,
  type UnsubscribeInput,
  type ZohoProduct,
  ZohoValidationError,
} from 'zohokit';

/** Any Zoho call through the pipeline. A POST or PATCH is accepted only when the caller declares it idempotent. */
export type RequestOperationInput = Pick<RequestSpec, 'product' | 'path' | 'query' | 'body' | 'form' | 'headers'> & {
  method?: 'GET' | 'PUT' | 'DELETE' | 'POST' | 'PATCH';
  /** A replay cannot create a second record (an upsert, a PUT by id): required for POST and PATCH. */
  idempotent?: boolean;
};

/** A CRM record for `crm.record.insert`: the module's API name and the record's fields by API name. */
export interface CrmRecordOperationInput {
  module: string;
  record: Record<string, unknown>;
}

/** A CRM record for `crm.record.upsert`, matched on `duplicateCheckFields` (default Zoho's for the module). */
export interface CrmUpsertOperationInput extends CrmRecordOperationInput {
  duplicateCheckFields?: readonly string[];
}

/** The CRM field that holds a delivery's key (the SDK's `crm.idempotencyField` default), which a record may not set. */
const CRM_IDEMPOTENCY_FIELD = 'zohokit_key';

/** Each operation's input. */
export interface OperationInputs {
  /** A Desk ticket with its contact; reconciled through the ticket's idempotency key before any replay. */
  'desk.ticket.create': CreateTicketInput;
  /** A Desk contact; Desk's "this email exists" answer is success with the existing contact. */
  'desk.contact.create': CreateContactInput;
  /** Campaigns' subscribe is an upsert: replaying it is safe. */
  'campaigns.subscribe': SubscribeInput;
  'campaigns.unsubscribe': UnsubscribeInput;
  /** A CRM record, one per delivery; reconciled through the record's idempotency key before any replay. */
  'crm.record.insert': CrmRecordOperationInput;
  /** A CRM upsert on a unique field: a replay updates the record it made, so it cannot duplicate it. */
  'crm.record.upsert': CrmUpsertOperationInput;
  request: RequestOperationInput;
}

export type OperationName = keyof OperationInputs;

/** An operation to deliver: its name and its input, typed together. */
export type Operation = { [K in OperationName]: { type: K; input: OperationInputs[K] } }[OperationName];

export const OPERATION_NAMES: readonly OperationName[] = [
  'desk.ticket.create',
  'desk.contact.create',
  'campaigns.subscribe',
  'campaigns.unsubscribe',
  'crm.record.insert',
  'crm.record.upsert',
  'request',
];

const SDK_CHECKS = {
  'desk.ticket.create': 'desk.tickets.create',
  'desk.contact.create': 'desk.contacts.create',
  'campaigns.subscribe': 'campaigns.subscribe',
  'campaigns.unsubscribe': 'campaigns.unsubscribe',
} as const;

/** The product whose limits, circuit and pause an operation shares. */
export function productOf(operation: Operation): ZohoProduct {
  if (operation.type === 'request') return operation.input.product;
  // CRM lives on the API domain (www.zohoapis.*), the SDK's `api` product.
  if (operation.type.startsWith('crm.')) return 'api';
  return operation.type.startsWith('desk.') ? 'desk' : 'campaigns';
}

/** Throws a `ZohoValidationError` naming the field, exactly as the SDK call would, or returns the operation. */
export function checkOperation(operation: unknown, options: { idempotencyField?: string } = {}): Operation {
  const o = operation as Partial<Operation> | null;
  if (typeof o !== 'object' || o === null || !OPERATION_NAMES.includes(o.type as OperationName)) {
    throw invalid('type', `must be one of ${OPERATION_NAMES.join(', ')}`);
  }
  const op = o as Operation;
  if (op.type === 'request') checkRequest(op.input);
  else if (op.type === 'crm.record.insert' || op.type === 'crm.record.upsert') checkCrmRecord(op);
  else checkInput(SDK_CHECKS[op.type], op.input as never);
  const field = options.idempotencyField ?? 'cf_zohokit_key';
  const cf = op.type === 'desk.ticket.create' ? (op.input.cf as Record<string, unknown> | undefined) : undefined;
  if (cf?.[field] !== undefined) {
    throw invalid(`input.cf.${field}`, 'holds the delivery’s idempotency key: the relay sets it', 'Leave it out');
  }
  return op;
}

function checkRequest(input: RequestOperationInput): void {
  if (typeof input !== 'object' || input === null) throw invalid('input', 'must be an object');
  if (!['api', 'desk', 'campaigns'].includes(input.product))
    throw invalid('input.product', 'must be api, desk or campaigns');
  if (typeof input.path !== 'string' || !input.path.startsWith('/')) throw invalid('input.path', 'must start with /');
  const method = input.method ?? 'GET';
  if (!['GET', 'PUT', 'DELETE', 'POST', 'PATCH'].includes(method))
    throw invalid('input.method', 'is not a method the relay replays');
  if ((method === 'POST' || method === 'PATCH') && input.idempotent !== true) {
    throw invalid(
      'input.idempotent',
      `must be true for a ${method}: a replay after a lost answer would create a second record`,
      'Use a typed operation (desk.ticket.create, …), or declare idempotent: true only for an upsert',
    );
  }
}

function checkCrmRecord(op: Extract<Operation, { type: 'crm.record.insert' | 'crm.record.upsert' }>): void {
  const input = op.input as Partial<CrmUpsertOperationInput> | null;
  if (typeof input !== 'object' || input === null) throw invalid('input', 'must be an object');
  if (typeof input.module !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(input.module)) {
    throw invalid('input.module', 'must be a CRM module API name (Leads, Contacts, Accounts, Deals, …)');
  }
  const record = input.record;
  if (typeof record !== 'object' || record === null || Array.isArray(record) || Object.keys(record).length === 0) {
    throw invalid('input.record', 'must be an object of fields by API name');
  }
  if (op.type === 'crm.record.insert' && record[CRM_IDEMPOTENCY_FIELD] !== undefined) {
    throw invalid(
      `input.record.${CRM_IDEMPOTENCY_FIELD}`,
      'holds the delivery’s idempotency key: the relay sets it',
      'Leave it out',
    );
  }
  const dup = (input as Partial<CrmUpsertOperationInput>).duplicateCheckFields;
  if (dup !== undefined && (!Array.isArray(dup) || dup.length === 0 || dup.some((f) => typeof f !== 'string' || !f))) {
    throw invalid('input.duplicateCheckFields', 'must be a non-empty list of field API names');
  }
}

function invalid(fieldName: string, problem: string, fix?: string): ZohoValidationError {
  return new ZohoValidationError({
    message: `relay.enqueue: "${fieldName}" ${problem}`,
    code: 'invalid_input',
    details: { fieldName },
    fix: fix ?? 'Nothing was stored; fix the operation and enqueue it again',
  });
}
