/**
 * The intake's request bodies (zod schemas) and the operations they become. The schemas check shape and
 * presence; Desk's and Campaigns' own rules (lengths, custom field names) stay in the SDK's check, which
 * `enqueue` runs, and whose field names `sdkFieldToBody` maps back to the body's.
 */

import { z } from 'zod';
import type { Operation } from '../operations.js';

const text = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty');
const email = z.string({ error: 'must be a string' }).trim().pipe(z.email('must be an email address'));

export const ticketBody = z.strictObject(
  {
    email,
    subject: text,
    message: text,
    firstName: text.optional(),
    lastName: text.optional(),
    departmentId: text.optional(),
    phone: text.optional(),
    customFields: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : undefined) },
);

export const subscriptionBody = z.strictObject(
  {
    email,
    listKey: text.optional(),
    firstName: text.optional(),
    lastName: text.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : undefined) },
);

export type TicketBody = z.infer<typeof ticketBody>;
export type SubscriptionBody = z.infer<typeof subscriptionBody>;

export interface FieldProblem {
  field: string;
  problem: string;
}

/** One entry per field zod refused; an unknown field is named itself; an absent one "is required". */
export function zodFields(error: z.ZodError, body: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, problem: 'is not a known field' });
    } else {
      const absent = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
      const problem = absent ? 'is required' : issue.message;
      out.push({ field: base || '(body)', problem });
    }
  }
  return out;
}

/** A field refused by the intake's options: a missing default, a custom field not allowed. */
export class FieldRefusal extends Error {
  constructor(readonly field: FieldProblem) {
    super(field.problem);
  }
}

export interface TicketRules {
  defaultDepartmentId: string | undefined;
  /** Custom fields a body may set; undefined allows any but the idempotency field. */
  allowedCustomFields: readonly string[] | undefined;
  /** The Desk field that holds each ticket's idempotency key (zohokit's `desk.idempotencyField`). */
  idempotencyField: string;
}

export function ticketOperation(body: TicketBody, rules: TicketRules): Operation {
  for (const name of Object.keys(body.customFields ?? {})) {
    // Forging it would make the relay's lookup-before-resend find the wrong ticket, or none.
    if (name === rules.idempotencyField) {
      throw new FieldRefusal({ field: `customFields.${name}`, problem: "is the relay's idempotency key field" });
    }
    if (rules.allowedCustomFields && !rules.allowedCustomFields.includes(name)) {
      throw new FieldRefusal({
        field: `customFields.${name}`,
        problem: `is not allowed here (allowed: ${rules.allowedCustomFields.join(', ') || 'none'})`,
      });
    }
  }
  const departmentId = body.departmentId ?? rules.defaultDepartmentId;
  if (departmentId === undefined) {
    throw new FieldRefusal({
      field: 'departmentId',
      problem: 'is required: this intake has no defaultDepartmentId',
    });
  }
  const contact = { email: body.email, firstName: body.firstName, lastName: body.lastName, phone: body.phone };
  return {
    type: 'desk.ticket.create',
    input: {
      subject: body.subject,
      description: body.message,
      departmentId,
      contact: withoutUndefined(contact),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.customFields !== undefined ? { cf: body.customFields } : {}),
    },
  };
}

export function subscriptionOperation(body: SubscriptionBody, defaultListKey: string | undefined): Operation {
  const listKey = body.listKey ?? defaultListKey;
  if (listKey === undefined) {
    throw new FieldRefusal({ field: 'listKey', problem: 'is required: this intake has no defaultListKey' });
  }
  return {
    type: 'campaigns.subscribe',
    input: withoutUndefined({ listKey, email: body.email, firstName: body.firstName, lastName: body.lastName }),
  };
}

/** The body field an SDK input path stands for: `contact.email` → `email`, `cf.cf_x` → `customFields.cf_x`. */
export function sdkFieldToBody(fieldName: string): string {
  if (fieldName === 'description') return 'message';
  if (fieldName.startsWith('contact.')) return fieldName.slice('contact.'.length);
  if (fieldName === 'cf') return 'customFields';
  if (fieldName.startsWith('cf.')) return `customFields.${fieldName.slice(3)}`;
  if (fieldName === 'idempotencyKey') return 'Idempotency-Key';
  return fieldName;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path)
    at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
