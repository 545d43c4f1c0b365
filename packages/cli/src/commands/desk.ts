/** `zohokit desk orgs | departments | tickets list|get|create|update`: thin over `zoho.desk.*`. */
import type { CreateTicketInput, DeskDepartment, DeskOrganization, DeskTicket, UpdateTicketInput } from 'zohokit';
import type { Context } from '../runtime.js';
import {
  createZoho,
  details,
  integer,
  keyValues,
  list,
  note,
  output,
  profileFlag,
  readJsonInput,
  resolveProfile,
  table,
  usage,
} from '../runtime.js';

interface DeskOptions {
  orgId?: string;
}

async function desk(ctx: Context, options: DeskOptions) {
  const profile = await resolveProfile(ctx, { orgId: options.orgId });
  return { profile, zoho: createZoho(ctx, profile) };
}

export async function listOrgs(ctx: Context, options: DeskOptions): Promise<void> {
  const { zoho, profile } = await desk(ctx, options);
  const orgs = await zoho.desk.organizations.list().toArray({ limit: 1000 });
  output(ctx, orgs, (rows) =>
    table<DeskOrganization>(rows, [
      { header: 'id', value: (o) => o.id },
      { header: 'name', value: (o) => o.companyName },
      { header: 'portal', value: (o) => o.portalName },
      { header: 'edition', value: (o) => o.edition },
    ]),
  );
  if (!ctx.globals.json && profile.deskOrgId.value === undefined && orgs[0]) {
    note(
      ctx,
      `\nUse one with: zohokit${profileFlag(profile)} config set desk-org-id ${orgs[0].id}   (or ZOHO_DESK_ORG_ID, or --org-id)`,
    );
  }
}

export async function listDepartments(ctx: Context, options: DeskOptions & { limit: string }): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 10_000);
  const { zoho } = await desk(ctx, options);
  const departments = await zoho.desk.departments.list().toArray({ limit });
  output(ctx, departments, (rows) =>
    table<DeskDepartment>(rows, [
      { header: 'id', value: (d) => d.id },
      { header: 'name', value: (d) => d.name },
      { header: 'enabled', value: (d) => (d.isEnabled === undefined ? undefined : d.isEnabled ? 'yes' : 'no') },
    ]),
  );
}

interface ListTicketsFlags extends DeskOptions {
  status?: string;
  departmentId?: string;
  priority?: string;
  sortBy: string;
  limit: string;
}

export async function listTickets(ctx: Context, options: ListTicketsFlags): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 100_000);
  const { zoho } = await desk(ctx, options);
  const tickets = await zoho.desk.tickets
    .list({
      status: list(options.status),
      priority: list(options.priority),
      departmentId: options.departmentId,
      sortBy: options.sortBy as never,
      pageSize: Math.min(limit, 100),
    })
    .toArray({ limit });
  output(ctx, tickets, ticketTable);
}

export async function getTicket(
  ctx: Context,
  options: DeskOptions & { include?: string },
  ticketId: string,
): Promise<void> {
  const { zoho } = await desk(ctx, options);
  const ticket = await zoho.desk.tickets.get(ticketId, { include: list(options.include) as never });
  output(ctx, ticket, ticketDetails);
}

interface TicketFlags extends DeskOptions {
  subject?: string;
  departmentId?: string;
  contactId?: string;
  description?: string;
  priority?: string;
  status?: string;
  channel?: string;
  phone?: string;
  dueDate?: string;
  assigneeId?: string;
  cf?: string[];
  data?: string;
  email?: string;
  lastName?: string;
  firstName?: string;
  idempotencyKey?: string;
}

const FIELD_FLAGS = [
  'subject',
  'departmentId',
  'contactId',
  'description',
  'priority',
  'status',
  'channel',
  'phone',
  'dueDate',
  'assigneeId',
] as const;

export async function createTicket(ctx: Context, options: TicketFlags): Promise<void> {
  const input = await ticketInput(options);
  const contact: Record<string, unknown> = { ...(input.contact as Record<string, unknown> | undefined) };
  if (options.email !== undefined) contact.email = options.email;
  if (options.lastName !== undefined) contact.lastName = options.lastName;
  if (options.firstName !== undefined) contact.firstName = options.firstName;
  if (Object.keys(contact).length > 0) input.contact = contact;
  const { zoho } = await desk(ctx, options);
  const ticket = await zoho.desk.tickets.create(input as unknown as CreateTicketInput, {
    idempotencyKey: options.idempotencyKey,
  });
  output(
    ctx,
    ticket,
    (t) => `Created ticket #${t.ticketNumber} (id ${t.id}): ${t.subject}${t.webUrl ? `\n${t.webUrl}` : ''}`,
  );
}

export async function updateTicket(ctx: Context, options: TicketFlags, ticketId: string): Promise<void> {
  const input = await ticketInput(options);
  if (options.email !== undefined) input.email = options.email;
  if (Object.keys(input).length === 0)
    throw usage('nothing to update', 'Pass at least one field, e.g. --status Closed');
  const { zoho } = await desk(ctx, options);
  const ticket = await zoho.desk.tickets.update(ticketId, input as UpdateTicketInput);
  output(ctx, ticket, (t) => `Updated ticket #${t.ticketNumber} (id ${t.id}): ${t.subject} [${t.status}]`);
}

/** `-d` JSON first, then the flags on top of it. */
async function ticketInput(options: TicketFlags): Promise<Record<string, unknown>> {
  const base = options.data === undefined ? {} : await readJsonInput(options.data);
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw usage('--data must be a JSON object');
  const input: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of FIELD_FLAGS) if (options[key] !== undefined) input[key] = options[key];
  const cf = keyValues(options.cf, '--cf');
  if (cf.length > 0) input.cf = { ...(input.cf as Record<string, unknown> | undefined), ...Object.fromEntries(cf) };
  return input;
}

function ticketTable(rows: DeskTicket[]): string {
  return table(
    rows,
    [
      { header: '#', value: (t) => t.ticketNumber },
      { header: 'id', value: (t) => t.id },
      { header: 'status', value: (t) => t.status },
      { header: 'priority', value: (t) => t.priority },
      { header: 'created', value: (t) => t.createdTime?.slice(0, 16).replace('T', ' ') },
      { header: 'subject', value: (t) => t.subject, max: 70 },
    ],
    '(no tickets)',
  );
}

function ticketDetails(t: DeskTicket): string {
  return details([
    ['ticket', `#${t.ticketNumber}`],
    ['id', t.id],
    ['subject', t.subject],
    ['status', t.status],
    ['priority', t.priority],
    ['channel', t.channel],
    ['department', t.departmentId],
    ['contact', t.contactId],
    ['email', t.email],
    ['created', t.createdTime],
    ['modified', t.modifiedTime],
    ['due', t.dueDate],
    ['url', t.webUrl],
    ['description', t.description],
  ]);
}
