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

/** One entry per field zod refused; an unknown field is named itself. */
export function zodFields(error: z.ZodError): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, problem: 'is not a known field' });
    } else {
      const problem = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      out.push({ field: base || '(body)', problem });
    }
  }
  return out;
}

/** The missing default, as a field error: `{ field: 'departmentId', problem: 'is required …' }`. */
export class MissingDefault extends Error {
  constructor(readonly field: FieldProblem) {
    super(field.problem);
  }
}

export function ticketOperation(body: TicketBody, defaultDepartmentId: string | undefined): Operation {
  const departmentId = body.departmentId ?? defaultDepartmentId;
  if (departmentId === undefined) {
    throw new MissingDefault({
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
    throw new MissingDefault({ field: 'listKey', problem: 'is required: this intake has no defaultListKey' });
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

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
