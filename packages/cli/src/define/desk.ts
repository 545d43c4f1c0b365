import type { Command } from 'commander';
import { TICKET_INCLUDES, TICKET_SORT_FIELDS } from 'zohokit';
import { collect, defineCommand, defineGroup, type FlagSpecs } from './action.js';

/** `desk --org-id`, read by every Desk command. */
export const DESK_FLAGS = {
  orgId: { flag: '--org-id <id>', description: 'Desk organization id (else ZOHO_DESK_ORG_ID or the profile)' },
} as const satisfies FlagSpecs;

/** The ticket fields `create` and `update` share, as flags; each key is the field of the ticket input. */
export const TICKET_FIELD_FLAGS = {
  subject: { flag: '--subject <text>', description: 'subject (max 255 characters)' },
  departmentId: { flag: '--department-id <id>', description: 'department (see: zohokit desk departments)' },
  contactId: { flag: '--contact-id <id>', description: 'an existing contact' },
  description: { flag: '--description <text>', description: 'description' },
  priority: { flag: '--priority <priority>', description: 'High | Medium | Low, or a custom value' },
  status: { flag: '--status <status>', description: 'Open | On Hold | Escalated | Closed, or a custom status' },
  channel: { flag: '--channel <channel>', description: 'Email | Phone | Web | Chat | …' },
  phone: { flag: '--phone <phone>', description: 'phone number' },
  dueDate: { flag: '--due-date <iso>', description: 'due date, ISO-8601' },
  assigneeId: { flag: '--assignee-id <id>', description: 'agent id' },
} as const satisfies FlagSpecs;

const TICKET_INPUT_FLAGS = {
  ...TICKET_FIELD_FLAGS,
  cf: { flag: '--cf <cf_name=value>', description: 'custom field (repeatable)', parse: collect },
  data: {
    flag: '-d, --data <json|@file>',
    description: 'the whole input as JSON (inline, @file or @-); flags override its fields',
  },
} as const satisfies FlagSpecs;

export const DEPARTMENTS_LIST_FLAGS = {
  limit: { flag: '--limit <n>', description: 'at most this many', default: '100' },
} as const satisfies FlagSpecs;

export const TICKETS_LIST_FLAGS = {
  status: { flag: '--status <status>', description: 'only this status (comma-separate several)' },
  departmentId: { flag: '--department-id <id>', description: 'only this department' },
  priority: { flag: '--priority <priority>', description: 'only this priority (comma-separate several)' },
  sortBy: {
    flag: '--sort-by <field>',
    description: `${TICKET_SORT_FIELDS.join(', ')}; prefix - for descending`,
    default: '-createdTime',
  },
  limit: { flag: '--limit <n>', description: 'at most this many tickets', default: '50' },
} as const satisfies FlagSpecs;

export const TICKETS_GET_FLAGS = {
  include: { flag: '--include <items>', description: `comma-separated: ${TICKET_INCLUDES.join(', ')}` },
} as const satisfies FlagSpecs;

export const TICKETS_CREATE_FLAGS = {
  ...TICKET_INPUT_FLAGS,
  email: { flag: '--email <email>', description: 'contact email (an existing contact with it is reused)' },
  lastName: { flag: '--last-name <name>', description: 'contact last name' },
  firstName: { flag: '--first-name <name>', description: 'contact first name' },
  idempotencyKey: {
    flag: '--idempotency-key <key>',
    description: 'makes a retried create safe (needs the cf_zohokit_key ticket field)',
  },
} as const satisfies FlagSpecs;

export const TICKETS_UPDATE_FLAGS = {
  ...TICKET_INPUT_FLAGS,
  email: { flag: '--email <email>', description: 'ticket email' },
} as const satisfies FlagSpecs;

export function defineDesk(program: Command): void {
  const desk = defineGroup(program, {
    name: 'desk',
    description: 'Zoho Desk: organizations, departments, tickets',
    flags: DESK_FLAGS,
    examples: ['zohokit desk orgs', 'zohokit desk tickets list --status Open'],
  });
  const load = async () => import('../commands/desk.js');

  const orgs = defineGroup(desk, {
    name: 'orgs',
    description: 'organizations (portals) the login can see: where the org id comes from',
    examples: ['zohokit desk orgs'],
  });
  defineCommand(orgs, {
    name: 'list',
    isDefault: true,
    description: 'list the organizations',
    inherits: DESK_FLAGS,
    examples: ['zohokit desk orgs list --json'],
    load: async () => (await load()).listOrgs,
  });

  const departments = defineGroup(desk, {
    name: 'departments',
    description: 'departments of the organization (a ticket needs one)',
    examples: ['zohokit desk departments'],
  });
  defineCommand(departments, {
    name: 'list',
    isDefault: true,
    description: 'list the departments',
    flags: DEPARTMENTS_LIST_FLAGS,
    inherits: DESK_FLAGS,
    examples: ['zohokit desk departments list --org-id 123456'],
    load: async () => (await load()).listDepartments,
  });

  const tickets = defineGroup(desk, {
    name: 'tickets',
    description: 'list, read, create and update tickets',
    examples: ['zohokit desk tickets list --limit 5'],
  });
  defineCommand(tickets, {
    name: 'list',
    description: 'tickets, newest first unless --sort-by says otherwise',
    flags: TICKETS_LIST_FLAGS,
    inherits: DESK_FLAGS,
    examples: [
      'zohokit desk tickets list --status Open --limit 20',
      'zohokit desk tickets list --json | jq -r ".[].subject"',
    ],
    load: async () => (await load()).listTickets,
  });
  defineCommand(tickets, {
    name: 'get',
    description: 'one ticket',
    args: [{ name: '<ticketId>', description: 'ticket id (not the ticket number)' }],
    flags: TICKETS_GET_FLAGS,
    inherits: DESK_FLAGS,
    examples: ['zohokit desk tickets get 1892000000042034 --include contacts'],
    load: async () => (await load()).getTicket,
  });
  defineCommand(tickets, {
    name: 'create',
    description: 'create a ticket: --subject, --department-id and a contact (--contact-id, or --email / --last-name)',
    flags: TICKETS_CREATE_FLAGS,
    inherits: DESK_FLAGS,
    examples: [
      'zohokit desk tickets create --subject "Printer on fire" --department-id 1892000000006907 --email ada@example.com',
      'zohokit desk tickets create -d @ticket.json --priority High',
    ],
    load: async () => (await load()).createTicket,
  });
  defineCommand(tickets, {
    name: 'update',
    description: 'change only the given fields (PATCH)',
    args: [{ name: '<ticketId>', description: 'ticket id' }],
    flags: TICKETS_UPDATE_FLAGS,
    inherits: DESK_FLAGS,
    examples: ['zohokit desk tickets update 1892000000042034 --status Closed'],
    load: async () => (await load()).updateTicket,
  });
}
