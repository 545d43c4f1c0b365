/**
 * Ticket inputs → Desk request bodies and queries, checked before anything is sent. The rules are Desk's own
 * (zoho-api.md §2.2: subject ≤ 255, departmentId, contactId or a contact with email or lastName), so a call
 * that would be a 422 costs no API credit.
 */

import type { QueryValue } from '../../http/request-spec.js';
import type { InputCheck } from '../validate.js';
import { customFields, deskPageSize } from './desk-api.js';
import type { CreateTicketInput, UpdateTicketInput } from './types.js';

// Maximum lengths from Desk's create-ticket reference (zoho-api.md §2.2); fields it gives none for get 300.
const TEXT_FIELDS: Record<string, number> = {
  priority: 120,
  status: 120,
  phone: 120,
  channel: 300,
  category: 300,
  subCategory: 300,
  classification: 300,
  language: 300,
};
const ID_FIELDS = ['assigneeId', 'productId'];
const UPDATE_FIELDS = ['subject', 'departmentId', 'contactId', 'description', 'dueDate', 'email', 'cf'];
const CREATE_FIELDS = [...UPDATE_FIELDS, 'contact', ...Object.keys(TEXT_FIELDS), ...ID_FIELDS];
const SORT = /^-?(createdTime|modifiedTime|dueDate|recentThread|ticketNumber|customerResponseTime|responseDueDate)$/;
const INCLUDE = ['contacts', 'products', 'departments', 'team', 'isRead', 'assignee'] as const;

export function createTicketBody(check: InputCheck, input: CreateTicketInput): Record<string, unknown> {
  const o = check.object(input);
  check.known(o, CREATE_FIELDS);
  const body = ticketFields(check, o);
  body.subject = check.string(o.subject, 'subject', { max: 255 });
  body.departmentId = check.id(o.departmentId, 'departmentId');
  if (o.contactId !== undefined) {
    if (o.contact !== undefined) throw check.fail('contact', 'cannot be given together with contactId: pass one');
  } else if (o.contact === undefined) {
    throw check.fail('contactId', 'or "contact" is required (an existing contact id, or { email } / { lastName })');
  } else {
    body.contact = ticketContact(check, o.contact);
  }
  return body;
}

export function updateTicketBody(check: InputCheck, input: UpdateTicketInput): Record<string, unknown> {
  const o = check.object(input, 'changes');
  check.known(
    o,
    CREATE_FIELDS.filter((f) => f !== 'contact'),
  );
  const body = ticketFields(check, o);
  if (o.subject !== undefined) body.subject = check.string(o.subject, 'subject', { max: 255 });
  if (o.departmentId !== undefined) body.departmentId = check.id(o.departmentId, 'departmentId');
  if (Object.keys(body).length === 0) throw check.fail('changes', 'must change at least one field');
  return body;
}

/** The fields create and update share. */
function ticketFields(check: InputCheck, o: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (o.contactId !== undefined) body.contactId = check.id(o.contactId, 'contactId');
  if (o.description !== undefined) body.description = check.string(o.description, 'description', { max: 65_535 });
  if (o.email !== undefined) body.email = check.email(o.email, 'email', { max: 150 });
  for (const [key, max] of Object.entries(TEXT_FIELDS))
    if (o[key] !== undefined) body[key] = check.string(o[key], key, { max });
  for (const key of ID_FIELDS) if (o[key] !== undefined) body[key] = check.id(o[key], key);
  if (o.dueDate !== undefined) body.dueDate = isoDate(check, o.dueDate, 'dueDate');
  if (o.cf !== undefined) body.cf = customFields(check, o.cf);
  return body;
}

function ticketContact(check: InputCheck, value: unknown): Record<string, unknown> {
  const c = check.object(value, 'contact');
  check.known(c, ['email', 'lastName', 'firstName', 'phone', 'mobile'], 'contact.');
  if (c.email === undefined && c.lastName === undefined) {
    throw check.fail('contact', 'needs an email or a lastName (Desk matches an existing email to its contact)');
  }
  const out: Record<string, unknown> = {};
  if (c.email !== undefined) out.email = check.email(c.email, 'contact.email');
  if (c.lastName !== undefined) out.lastName = check.string(c.lastName, 'contact.lastName', { max: 80 });
  for (const key of ['firstName', 'phone', 'mobile']) {
    if (c[key] !== undefined) out[key] = check.string(c[key], `contact.${key}`);
  }
  return out;
}

function isoDate(check: InputCheck, value: unknown, fieldName: string): string {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw check.fail(fieldName, 'must be a Date or an ISO-8601 date string');
  // Desk's own format: UTC with milliseconds (`2016-06-21T16:16:16.000Z`).
  return new Date(time).toISOString();
}

export function listTicketsQuery(check: InputCheck, options: unknown): Record<string, QueryValue> {
  const o = check.object(options, 'options');
  const lists = ['status', 'assignee', 'priority', 'channel'];
  check.known(o, [...lists, 'departmentId', 'viewId', 'receivedInDays', 'sortBy', 'include', 'pageSize']);
  const query: Record<string, QueryValue> = {};
  for (const key of lists) if (o[key] !== undefined) query[key] = check.stringList(o[key], key);
  if (o.departmentId !== undefined) query.departmentId = check.id(o.departmentId, 'departmentId');
  if (o.viewId !== undefined) query.viewId = check.id(o.viewId, 'viewId');
  if (o.receivedInDays !== undefined) {
    query.receivedInDays = check.oneOf(String(o.receivedInDays), 'receivedInDays', ['15', '30', '90']);
  }
  query.sortBy = sortBy(check, o.sortBy);
  if (o.include !== undefined) {
    if (!Array.isArray(o.include)) throw check.fail('include', `must be a list of ${INCLUDE.join(', ')}`);
    query.include = o.include.map((item, i) => check.oneOf(item, `include[${i}]`, INCLUDE));
  }
  return query;
}

export function searchTicketsQuery(check: InputCheck, options: unknown): Record<string, QueryValue> {
  const o = check.object(options, 'query');
  const exact = ['subject', 'status', 'priority', 'channel', 'ticketNumber'];
  const ids = ['departmentId', 'contactId'];
  check.known(o, [...exact, ...ids, 'email', 'customFields', 'sortBy', 'pageSize']);
  const query: Record<string, QueryValue> = {};
  for (const key of exact) if (o[key] !== undefined) query[key] = check.string(o[key], key);
  for (const key of ids) if (o[key] !== undefined) query[key] = check.id(o[key], key);
  if (o.email !== undefined) query.email = check.string(o.email, 'email');
  if (o.customFields !== undefined) {
    // Desk's search takes custom fields as numbered `customFieldN=cf_name:value` parameters (zoho-api.md §2.2).
    Object.entries(customFields(check, o.customFields, 'customFields')).forEach(([name, value], i) => {
      query[`customField${i + 1}`] = `${name}:${check.string(value, `customFields.${name}`)}`;
    });
  }
  if (Object.keys(query).length === 0) throw check.fail('query', 'needs at least one search criterion');
  query.sortBy = sortBy(check, o.sortBy);
  return query;
}

/** Validates `pageSize` for the list and search calls (kept here so both read alike). */
export function ticketPageSize(check: InputCheck, options: unknown): number {
  return deskPageSize(check, (options as { pageSize?: unknown } | undefined)?.pageSize);
}

function sortBy(check: InputCheck, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SORT.test(value)) {
    throw check.fail('sortBy', 'must be a ticket sort field, with "-" for descending (Desk has no sortOrder)');
  }
  return value;
}
