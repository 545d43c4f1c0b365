import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { createContact, findContactByEmail } from './contact-store.js';
import type { DeskFields } from './desk-fields.js';
import type { DeskCustomFieldValues, DeskOrgRecord, DeskTicketRecord } from './desk-state.js';
import { deskTime, newDeskId } from './desk-state.js';

/*
 * Ticket create and update, shared by the API and the control API's seeding. The rules are Desk's
 * (zoho-api.md §2.2 Tickets, §6 item 11): `subject` and `departmentId` required; `contactId`, or a `contact`
 * with `lastName` or `email` whose email is matched to an existing contact, else a contact is created.
 */

/**
 * Optional text fields with Desk's documented maximum lengths (§2.2 "Optional: ..."); `channel`,
 * `classification`, `language` and `resolution` have none documented and get generous ones.
 */
const TICKET_TEXT = {
  description: 65_535,
  status: 120,
  priority: 120,
  channel: 300,
  category: 300,
  subCategory: 300,
  classification: 300,
  language: 300,
  resolution: 65_535,
  phone: 120,
} as const;

type TicketText = keyof typeof TICKET_TEXT;

const UPDATE_FIELDS = [
  ...Object.keys(TICKET_TEXT),
  'subject',
  'departmentId',
  'contactId',
  'email',
  'assigneeId',
  'productId',
  'dueDate',
  'cf',
];
const CREATE_FIELDS = [...UPDATE_FIELDS, 'contact'];

export interface TicketContactInput {
  email: string | null;
  lastName: string | null;
  firstName: string | null;
  phone: string | null;
  mobile: string | null;
}

export type TicketChanges = Partial<
  Record<TicketText | 'email' | 'assigneeId' | 'productId' | 'dueDate', string | null>
> & {
  subject?: string;
  departmentId?: string;
  contactId?: string;
  cf?: DeskCustomFieldValues;
  contact?: TicketContactInput;
};

function readTicketContact(f: DeskFields): TicketContactInput | undefined {
  const c = f.object('contact');
  if (!c) {
    f.missing('contactId', "'contactId' or 'contact' is required.");
    return undefined;
  }
  c.onlyKnown(['email', 'lastName', 'firstName', 'phone', 'mobile']);
  const contact: TicketContactInput = {
    email: c.email('email') ?? null,
    lastName: c.text('lastName', 80) ?? null,
    firstName: c.text('firstName', 255) ?? null,
    phone: c.text('phone', 120) ?? null,
    mobile: c.text('mobile', 120) ?? null,
  };
  const emailGiven = c.raw('email') !== undefined && c.raw('email') !== null;
  if (contact.lastName === null && !emailGiven) {
    c.missing('lastName', "'contact' needs 'lastName' or 'email'.");
  }
  f.adopt(c);
  return contact;
}

/**
 * Reads a create (`contact` allowed, `subject` / `departmentId` / a contact required) or a PATCH body (only the
 * given fields; `null` clears an optional one). Ids in the body must name records of this org.
 */
export function readTicketChanges(
  ctx: EmulatorContext,
  org: DeskOrgRecord,
  f: DeskFields,
  mode: 'create' | 'update',
): TicketChanges {
  const create = mode === 'create';
  f.onlyKnown(create ? CREATE_FIELDS : UPDATE_FIELDS);
  const changes: TicketChanges = {};
  const { desk } = ctx.state;

  const subject = f.text('subject', 255, create);
  if (subject) changes.subject = subject;
  else if (subject === null && !create) f.missing('subject');

  const departmentId = f.id('departmentId', create);
  if (departmentId) {
    const department = lookup(desk.departments, departmentId);
    if (department?.orgId === org.id && department.isEnabled) changes.departmentId = departmentId;
    else f.invalid('departmentId', `No department with id '${departmentId}'.`);
  } else if (departmentId === null && !create) f.missing('departmentId');

  const contactRaw = f.raw('contactId');
  const contactId = f.id('contactId');
  if (contactId) {
    if (lookup(desk.contacts, contactId)?.orgId === org.id) changes.contactId = contactId;
    else f.invalid('contactId', `No contact with id '${contactId}'.`);
  } else if (contactId === null && !create) f.missing('contactId');
  // `contactId` wins when both are sent; the `contact` object is only read without one.
  if (create && (contactRaw === undefined || contactRaw === null || contactRaw === '')) {
    const contact = readTicketContact(f);
    if (contact) changes.contact = contact;
  }

  for (const [key, max] of Object.entries(TICKET_TEXT) as [TicketText, number][]) {
    const value = f.text(key, max);
    if (value === null && key === 'status') {
      if (!create) f.missing('status');
    } else if (value !== undefined) changes[key] = value;
  }
  const email = f.email('email');
  if (email !== undefined) changes.email = email;
  // Agents and products are not emulated: their ids are only checked to be ids.
  for (const key of ['assigneeId', 'productId'] as const) {
    const value = f.id(key);
    if (value !== undefined) changes[key] = value;
  }
  const dueDate = f.time('dueDate');
  if (dueDate !== undefined) changes.dueDate = dueDate;
  const cf = f.customFields();
  if (cf !== undefined) changes.cf = cf;
  return changes;
}

/** `statusType` follows the status: Closed, On Hold, or Open for every other (custom) status. */
export function statusType(status: string): string {
  const lower = status.toLowerCase();
  if (lower === 'closed') return 'Closed';
  if (lower === 'on hold') return 'On Hold';
  return 'Open';
}

function resolveContactId(ctx: EmulatorContext, org: DeskOrgRecord, changes: TicketChanges): string {
  if (changes.contactId) return changes.contactId;
  const input = changes.contact;
  if (!input) throw new Error('@zohokit/emulator: a ticket needs contactId or contact (validate first)');
  const existing = input.email ? findContactByEmail(ctx, org.id, input.email) : undefined;
  if (existing) return existing.id;
  // A contact given by email alone is named after the address's local part.
  const lastName = input.lastName ?? (input.email ?? 'Contact').split('@')[0] ?? 'Contact';
  return createContact(ctx, org, { ...input, lastName }).id;
}

/** Creates a ticket from validated changes (readTicketChanges in create mode, without errors). */
export function createTicket(ctx: EmulatorContext, org: DeskOrgRecord, changes: TicketChanges): DeskTicketRecord {
  if (!changes.subject || !changes.departmentId) {
    throw new Error('@zohokit/emulator: a ticket needs subject and departmentId (validate first)');
  }
  const contactId = resolveContactId(ctx, org, changes);
  const contact = lookup(ctx.state.desk.contacts, contactId);
  const now = deskTime(ctx.now());
  const status = changes.status ?? 'Open';
  const ticket: DeskTicketRecord = {
    id: newDeskId(ctx.state.desk),
    orgId: org.id,
    ticketNumber: String(org.nextTicketNumber),
    subject: changes.subject,
    description: changes.description ?? null,
    status,
    priority: changes.priority ?? null,
    channel: changes.channel ?? 'Email',
    category: changes.category ?? null,
    subCategory: changes.subCategory ?? null,
    classification: changes.classification ?? null,
    language: changes.language ?? null,
    resolution: changes.resolution ?? null,
    departmentId: changes.departmentId,
    contactId,
    email: changes.email ?? contact?.email ?? null,
    phone: changes.phone ?? contact?.phone ?? null,
    assigneeId: changes.assigneeId ?? null,
    productId: changes.productId ?? null,
    dueDate: changes.dueDate ?? null,
    customerResponseTime: now,
    createdTime: now,
    modifiedTime: now,
    closedTime: statusType(status) === 'Closed' ? now : null,
    cf: { ...changes.cf },
    trashedTime: null,
  };
  org.nextTicketNumber += 1;
  ctx.state.desk.tickets[ticket.id] = ticket;
  return ticket;
}

/** PATCH: the given fields change, custom fields merge, and nothing else moves. */
export function updateTicket(ctx: EmulatorContext, ticket: DeskTicketRecord, changes: TicketChanges): void {
  const { cf, contact: _contact, ...fields } = changes;
  if (Object.keys(fields).length === 0 && cf === undefined) return;
  const now = deskTime(ctx.now());
  const wasClosed = statusType(ticket.status) === 'Closed';
  Object.assign(ticket, fields);
  if (cf) ticket.cf = { ...ticket.cf, ...cf };
  const isClosed = statusType(ticket.status) === 'Closed';
  if (isClosed && !wasClosed) ticket.closedTime = now;
  if (!isClosed) ticket.closedTime = null;
  ticket.modifiedTime = now;
}
