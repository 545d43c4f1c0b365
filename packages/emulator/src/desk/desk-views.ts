import type { EmulatorContext } from '../emulator-context.js';
import type { DataCenter } from '../options.js';
import { lookup } from '../state.js';
import type { DeskContactRecord, DeskDepartmentRecord, DeskOrgRecord, DeskTicketRecord } from './desk-state.js';
import { statusType } from './ticket-store.js';

/*
 * Records as Desk answers them (zoho-api.md §2.2 "Ticket object fields seen in Zoho sample responses"): ids,
 * numbers and counts as strings, times as `...000Z` strings, and none of the emulator's bookkeeping.
 */

/** Desk's own host per data centre (zoho-api.md §2.1; CA and SA follow the accounts domains, unconfirmed). */
const DESK_DOMAIN: Record<DataCenter, string> = {
  us: 'zoho.com',
  eu: 'zoho.eu',
  in: 'zoho.in',
  au: 'zoho.com.au',
  jp: 'zoho.jp',
  cn: 'zoho.com.cn',
  ca: 'zohocloud.ca',
  sa: 'zoho.sa',
};

export function portalUrl(ctx: EmulatorContext, org: DeskOrgRecord): string {
  return `https://desk.${DESK_DOMAIN[ctx.options.dc]}/support/${org.portalName}`;
}

function webUrl(ctx: EmulatorContext, orgId: string, module: string, id: string): string {
  const org = lookup(ctx.state.desk.orgs, orgId);
  return org ? `${portalUrl(ctx, org)}/ShowHomePage.do#${module}/dv/${id}` : '';
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

export function contactView(ctx: EmulatorContext, contact: DeskContactRecord): Record<string, unknown> {
  const { orgId, ...fields } = contact;
  return { ...fields, isSpam: false, webUrl: webUrl(ctx, orgId, 'Contacts', contact.id), cf: { ...contact.cf } };
}

/** `include` values Desk accepts on ticket reads (zoho-api.md §2.2 List). */
export const TICKET_INCLUDES = ['contacts', 'products', 'departments', 'team', 'isRead', 'assignee'] as const;

/**
 * The ticket, with the objects `include` asks for embedded. Agents, products and teams are not emulated:
 * `assignee` carries only the id, `product` and `team` are null, `isRead` is false.
 */
export function ticketView(
  ctx: EmulatorContext,
  ticket: DeskTicketRecord,
  include: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const { orgId, trashedTime: _trashed, cf, ...fields } = ticket;
  const view: Record<string, unknown> = {
    ...fields,
    statusType: statusType(ticket.status),
    onholdTime: null,
    responseDueDate: null,
    threadCount: '0',
    commentCount: '0',
    attachmentCount: '0',
    isSpam: false,
    webUrl: webUrl(ctx, orgId, 'Cases', ticket.id),
    cf: { ...cf },
  };
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
