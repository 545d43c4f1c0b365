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

/** Each operation's input. */
export interface OperationInputs {
  /** A Desk ticket with its contact; reconciled through the ticket's idempotency key before any replay. */
  'desk.ticket.create': CreateTicketInput;
  /** A Desk contact; Desk's "this email exists" answer is success with the existing contact. */
  'desk.contact.create': CreateContactInput;
  /** Campaigns' subscribe is an upsert: replaying it is safe. */
  'campaigns.subscribe': SubscribeInput;
  'campaigns.unsubscribe': UnsubscribeInput;
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

function invalid(fieldName: string, problem: string, fix?: string): ZohoValidationError {
  return new ZohoValidationError({
    message: `relay.enqueue: "${fieldName}" ${problem}`,
    code: 'invalid_input',
    details: { fieldName },
    fix: fix ?? 'Nothing was stored; fix the operation and enqueue it again',
  });
}
