import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { ZOHO_DOMAIN } from '../zoho-domains.js';
import type { DeskContactRecord, DeskDepartmentRecord, DeskOrgRecord, DeskTicketRecord } from './desk-state.js';
import { statusType } from './ticket-store.js';

/*
 * Records as Desk answers them (zoho-api.md §2.2 "Ticket object fields seen in Zoho sample responses"): ids,
 * numbers and counts as strings, times as `...000Z` strings, and none of the emulator's bookkeeping.
 */

export function portalUrl(ctx: EmulatorContext, org: DeskOrgRecord): string {
  return `https://desk.${ZOHO_DOMAIN[ctx.options.dc]}/support/${org.portalName}`;
}

/**
 * Where a record can be looked at. Zoho links to the agent UI on desk.zoho.*, which knows nothing of emulated
 * records, so the emulator links to its own inspector's Desk section (`#desk`); the query names the record.
 * `base` is the emulator's URL for this request (EmulatorContext.baseUrl).
 */
function webUrl(base: string, kind: 'ticket' | 'contact', id: string): string {
  return `${base}/?${kind}=${encodeURIComponent(id)}#desk`;
}

export function orgView(ctx: EmulatorContext, org: DeskOrgRecord, isDefault: boolean): Record<string, unknown> {
  return {
    id: org.id,
    companyName: org.companyName,
    portalName: org.portalName,
    portalURL: portalUrl(ctx, org),
    edition: org.edition,
    isAdminInOrg: true,
    isDefault,
    createdTime: org.createdTime,
  };
}

export function departmentView(department: DeskDepartmentRecord): Record<string, unknown> {
  return {
    id: department.id,
    name: department.name,
    nameInCustomerPortal: department.name,
    description: department.description,
    isEnabled: department.isEnabled,
    isDefault: department.isDefault,
    isVisibleInCustomerPortal: true,
    hasLogo: false,
    createdTime: department.createdTime,
  };
}

/**
 * The record's own fields in their order, without the emulator's bookkeeping. A loop rather than object rest
 * (`const { orgId, ...fields } = record`): V8 copies a rest through a runtime call, ~35 µs for a 26-field
 * ticket against ~5 µs here, and a list of 100 tickets paid that on every read.
 */
function publicFields(record: object, hidden: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!hidden.has(key)) out[key] = value;
  return out;
}

const CONTACT_HIDDEN = new Set(['orgId']);
const TICKET_HIDDEN = new Set(['orgId', 'trashedTime', 'cf']);

export function contactView(base: string, contact: DeskContactRecord): Record<string, unknown> {
  const view = publicFields(contact, CONTACT_HIDDEN);
  view.isSpam = false;
  view.webUrl = webUrl(base, 'contact', contact.id);
  view.cf = { ...contact.cf };
  return view;
}

/** `include` values Desk accepts on ticket reads (zoho-api.md §2.2 List). */
export const TICKET_INCLUDES = ['contacts', 'products', 'departments', 'team', 'isRead', 'assignee'] as const;

/**
 * The ticket, with the objects `include` asks for embedded. Agents, products and teams are not emulated:
 * `assignee` carries only the id, `product` and `team` are null, `isRead` is false.
 */
export function ticketView(
  ctx: EmulatorContext,
  base: string,
  ticket: DeskTicketRecord,
  include: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const view = publicFields(ticket, TICKET_HIDDEN);
  view.statusType = statusType(ticket.status);
  view.onholdTime = null;
  view.responseDueDate = null;
  view.threadCount = '0';
  view.commentCount = '0';
  view.attachmentCount = '0';
  view.isSpam = false;
  view.webUrl = webUrl(base, 'ticket', ticket.id);
  view.cf = { ...ticket.cf };
  if (include.has('contacts')) {
    const contact = lookup(ctx.state.desk.contacts, ticket.contactId);
    view.contact = contact
      ? {
          id: contact.id,
          firstName: contact.firstName,
          lastName: contact.lastName,
          email: contact.email,
          phone: contact.phone,
          mobile: contact.mobile,
          type: contact.type,
          accountId: contact.accountId,
          isSpam: false,
        }
      : null;
  }
  if (include.has('departments')) {
    const department = lookup(ctx.state.desk.departments, ticket.departmentId);
    view.department = department ? { id: department.id, name: department.name } : null;
  }
  if (include.has('assignee')) view.assignee = ticket.assigneeId ? { id: ticket.assigneeId } : null;
  if (include.has('products')) view.product = ticket.productId ? { id: ticket.productId } : null;
  if (include.has('team')) view.team = null;
  if (include.has('isRead')) view.isRead = false;
  return view;
}
