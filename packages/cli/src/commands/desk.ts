/** `zohokit desk orgs | departments | tickets list|get|create|update`: thin over `zoho.desk.*`. */
import {
  type CreateTicketInput,
  type DeskDepartment,
  type DeskOrganization,
  type DeskTicket,
  TICKET_INCLUDES,
  TICKET_SORT_FIELDS,
  type UpdateTicketInput,
} from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import {
  type DEPARTMENTS_LIST_FLAGS,
  type DESK_FLAGS,
  TICKET_FIELD_FLAGS,
  type TICKETS_CREATE_FLAGS,
  type TICKETS_GET_FLAGS,
  type TICKETS_LIST_FLAGS,
  type TICKETS_UPDATE_FLAGS,
} from '../define/desk.js';
import type { Context } from '../runtime.js';
import {
  createZoho,
  details,
  integer,
  isRecord,
  keyValues,
  list,
  note,
  oneOf,
  output,
  profileFlag,
  readJsonInput,
  resolveProfile,
  table,
  usage,
} from '../runtime.js';

type DeskOptions = CommandOptions<{}, typeof DESK_FLAGS>;

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

export async function listDepartments(
  ctx: Context,
  options: CommandOptions<typeof DEPARTMENTS_LIST_FLAGS, typeof DESK_FLAGS>,
): Promise<void> {
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

export async function listTickets(
  ctx: Context,
  options: CommandOptions<typeof TICKETS_LIST_FLAGS, typeof DESK_FLAGS>,
): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 100_000);
  const sortBy = oneOf(options.sortBy, '--sort-by', [
    ...TICKET_SORT_FIELDS,
    ...TICKET_SORT_FIELDS.map((field) => `-${field}` as const),
  ]);
  const { zoho } = await desk(ctx, options);
  const tickets = await zoho.desk.tickets
    .list({
      status: list(options.status),
      priority: list(options.priority),
      departmentId: options.departmentId,
      sortBy,
      pageSize: Math.min(limit, 100),
    })
    .toArray({ limit });
  output(ctx, tickets, ticketTable);
}

export async function getTicket(
  ctx: Context,
  options: CommandOptions<typeof TICKETS_GET_FLAGS, typeof DESK_FLAGS>,
  ticketId: string,
): Promise<void> {
  const include = list(options.include)?.map((item) => oneOf(item, '--include', TICKET_INCLUDES));
  const { zoho } = await desk(ctx, options);
  const ticket = await zoho.desk.tickets.get(ticketId, { include });
  output(ctx, ticket, ticketDetails);
}

export async function createTicket(
  ctx: Context,
  options: CommandOptions<typeof TICKETS_CREATE_FLAGS, typeof DESK_FLAGS>,
): Promise<void> {
  const input = await ticketInput(options);
  const contact: Record<string, unknown> = isRecord(input.contact) ? { ...input.contact } : {};
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

export async function updateTicket(
  ctx: Context,
  options: CommandOptions<typeof TICKETS_UPDATE_FLAGS, typeof DESK_FLAGS>,
  ticketId: string,
): Promise<void> {
  const input = await ticketInput(options);
  if (options.email !== undefined) input.email = options.email;
  if (Object.keys(input).length === 0)
    throw usage('nothing to update', 'Pass at least one field, e.g. --status Closed');
  const { zoho } = await desk(ctx, options);
  const ticket = await zoho.desk.tickets.update(ticketId, input as UpdateTicketInput);
  output(ctx, ticket, (t) => `Updated ticket #${t.ticketNumber} (id ${t.id}): ${t.subject} [${t.status}]`);
}

type TicketInputOptions = CommandOptions<typeof TICKETS_UPDATE_FLAGS> | CommandOptions<typeof TICKETS_CREATE_FLAGS>;
const FIELD_KEYS = Object.keys(TICKET_FIELD_FLAGS) as (keyof typeof TICKET_FIELD_FLAGS)[];

/** `-d` JSON first, then the flags on top of it (the field flags are the keys of TICKET_FIELD_FLAGS). */
async function ticketInput(options: TicketInputOptions): Promise<Record<string, unknown>> {
  const base = options.data === undefined ? {} : await readJsonInput(options.data);
  if (!isRecord(base)) throw usage('--data must be a JSON object');
  const input: Record<string, unknown> = { ...base };
  for (const key of FIELD_KEYS) if (options[key] !== undefined) input[key] = options[key];
  const cf = keyValues(options.cf, '--cf');
  if (cf.length > 0) input.cf = { ...(isRecord(input.cf) ? input.cf : {}), ...Object.fromEntries(cf) };
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
      { header: 'created', value: (t) => utcMinute(t.createdTime) },
      { header: 'subject', value: (t) => t.subject, max: 70 },
    ],
    '(no tickets)',
  );
}

/** ISO 8601 UTC to the minute (`2026-01-31 09:30Z`): the CLI prints UTC everywhere, never the local zone. */
function utcMinute(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace('T', ' ')}Z`;
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
