import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import type { DeskFieldError } from './desk-errors.js';
import { deskJson, deskMethodNotAllowed, deskNoContent, deskNotFound, deskValidationError } from './desk-errors.js';
import { DeskFields, readDeskBody } from './desk-fields.js';
import type { Sort } from './desk-list.js';
import {
  pageOf,
  readCustomFieldCriteria,
  readList,
  readPage,
  readSort,
  searchMatches,
  sortRecords,
} from './desk-list.js';
import type { DeskQuery } from './desk-request.js';
import { openDeskCall } from './desk-request.js';
import type { DeskOrgRecord, DeskTicketRecord } from './desk-state.js';
import { deskTime } from './desk-state.js';
import { TICKET_INCLUDES, ticketView } from './desk-views.js';
import { createTicket, readTicketChanges, updateTicket } from './ticket-store.js';

/*
 * Tickets (zoho-api.md §2.2 Tickets; scopes and answers from docs/zoho-behaviour.md "Desk").
 */

const TICKETS = '/api/v1/tickets';
const SORT_FIELDS = [
  'createdTime',
  'modifiedTime',
  'dueDate',
  'recentThread',
  'ticketNumber',
  'customerResponseTime',
  'responseDueDate',
];
const LIST_QUERY = [
  'from',
  'limit',
  'sortBy',
  'include',
  'departmentId',
  'viewId',
  'assignee',
  'channel',
  'status',
  'receivedInDays',
  'priority',
];
const SEARCH_TEXT = ['subject', 'description', 'status', 'priority', 'channel', 'category', 'email', 'phone'] as const;
const SEARCH_IDS = ['id', 'ticketNumber', 'departmentId', 'contactId', 'assigneeId'] as const;
const SEARCH_QUERY = ['from', 'limit', 'sortBy', '_all', ...SEARCH_TEXT, ...SEARCH_IDS];

const invalid = (name: string, errorMessage: string): DeskFieldError => ({
  fieldName: `/${name}`,
  errorType: 'invalid',
  errorMessage,
});

/** The org's ticket with this id, unless it was moved to the trash. */
export function liveTicket(ctx: EmulatorContext, org: DeskOrgRecord, id: string): DeskTicketRecord | undefined {
  const ticket = lookup(ctx.state.desk.tickets, id);
  return ticket && ticket.orgId === org.id && ticket.trashedTime === null ? ticket : undefined;
}

function liveTickets(ctx: EmulatorContext, org: DeskOrgRecord): DeskTicketRecord[] {
  return Object.values(ctx.state.desk.tickets).filter((t) => t.orgId === org.id && t.trashedTime === null);
}

function readInclude(query: DeskQuery, errors: DeskFieldError[]): Set<string> {
  const include = new Set(readList(query, 'include') ?? []);
  for (const item of include) {
    if (!(TICKET_INCLUDES as readonly string[]).includes(item)) {
      errors.push(invalid('include', `'include' takes ${TICKET_INCLUDES.join(', ')}.`));
      break;
    }
  }
  return include;
}

function sortTickets(tickets: DeskTicketRecord[], sort: Sort | null): DeskTicketRecord[] {
  return sortRecords(tickets, sort, (ticket, field) => {
    // No threads are emulated: a ticket's most recent thread is its creation.
    if (field === 'recentThread') return ticket.createdTime;
    if (field === 'responseDueDate') return null;
    return ticket[field as 'createdTime' | 'modifiedTime' | 'dueDate' | 'ticketNumber' | 'customerResponseTime'];
  });
}

/** The list filters: each list filter takes comma-separated values, `assignee` also `Unassigned`. */
function filterTickets(
  ctx: EmulatorContext,
  all: DeskTicketRecord[],
  query: DeskQuery,
  errors: DeskFieldError[],
): DeskTicketRecord[] {
  let tickets = all;
  const oneOf = (name: string, value: (t: DeskTicketRecord) => string | null) => {
    const wanted = readList(query, name)?.map((v) => v.toLowerCase());
    if (wanted) tickets = tickets.filter((t) => wanted.includes((value(t) ?? '').toLowerCase()));
  };
  oneOf('status', (t) => t.status);
  oneOf('priority', (t) => t.priority);
  oneOf('channel', (t) => t.channel);
  oneOf('assignee', (t) => t.assigneeId ?? 'Unassigned');
  const departmentId = query.get('departmentId');
  if (departmentId !== undefined) {
    if (/^\d+$/.test(departmentId)) tickets = tickets.filter((t) => t.departmentId === departmentId);
    else errors.push(invalid('departmentId', "'departmentId' must be an id."));
  }
  // Views are not emulated: a view id is accepted and filters nothing.
  const viewId = query.get('viewId');
  if (viewId !== undefined && !/^\d+$/.test(viewId)) errors.push(invalid('viewId', "'viewId' must be an id."));
  const days = query.get('receivedInDays');
  if (days !== undefined) {
    if (['15', '30', '90'].includes(days)) {
      const since = new Date(ctx.now() - Number(days) * 86_400_000).toISOString();
      tickets = tickets.filter((t) => t.createdTime >= since);
    } else errors.push(invalid('receivedInDays', "'receivedInDays' takes 15, 30 or 90."));
  }
  return tickets;
}

function searchTickets(all: DeskTicketRecord[], query: DeskQuery, errors: DeskFieldError[]): DeskTicketRecord[] {
  let tickets = all;
  for (const key of SEARCH_TEXT) {
    const pattern = query.get(key);
    if (pattern !== undefined) tickets = tickets.filter((t) => searchMatches(t[key], pattern));
  }
  for (const key of SEARCH_IDS) {
    const value = query.get(key);
    if (value !== undefined) tickets = tickets.filter((t) => t[key] === value);
  }
  // Custom fields are indexed as soon as a ticket is written (docs/zoho-behaviour.md "Duplicate guard").
  for (const { name, value } of readCustomFieldCriteria(query, errors)) {
    tickets = tickets.filter((t) => searchMatches(t.cf[name] ?? null, value));
  }
  const anywhere = query.get('_all');
  if (anywhere !== undefined) {
    const pattern = anywhere.includes('*') ? anywhere : `*${anywhere}*`;
    tickets = tickets.filter((t) =>
      [t.subject, t.description, t.email, t.phone, t.ticketNumber, ...Object.values(t.cf)].some((v) =>
        searchMatches(v, pattern),
      ),
    );
  }
  return tickets;
}

export function registerTicketRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: DeskConcurrency): void {
  const methodNotAllowed = () => deskMethodNotAllowed();

  // Registered before `/tickets/:ticketId`, which would otherwise take `search` and `moveToTrash` as ids.
  app.get(`${TICKETS}/search`, (c) => {
    const call = openDeskCall(ctx, concurrency, c, {
      scopes: ['Desk.search.READ', 'Desk.tickets.READ'],
      query: SEARCH_QUERY,
      customFields: true,
    });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const page = readPage(call.query, errors);
    const sort = readSort(call.query, SORT_FIELDS, errors);
    const found = searchTickets(liveTickets(ctx, call.org), call.query, errors);
    if (errors.length > 0) return deskValidationError(errors);
    const data = pageOf(sortTickets(found, sort), page);
    // Search answers an empty 204 when nothing matches; lists answer `{"data":[]}` (docs/zoho-behaviour.md).
    if (data.length === 0) return deskNoContent();
    return deskJson({ data: data.map((t) => ticketView(ctx, ctx.baseUrl(c.req.url), t)) });
  });
  app.all(`${TICKETS}/search`, methodNotAllowed);

  app.post(`${TICKETS}/moveToTrash`, async (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.tickets.DELETE'] });
    if (!call.ok) return call.response;
    const body = await readDeskBody(c);
    if (!body.ok) return body.response;
    const f = new DeskFields(body.body);
    f.onlyKnown(['ticketIds']);
    const ids = f.raw('ticketIds');
    if (!Array.isArray(ids) || ids.length === 0) {
      if (ids === undefined || ids === null || Array.isArray(ids)) f.missing('ticketIds');
      else f.invalid('ticketIds', "'ticketIds' must be a list of ticket ids.");
    } else {
      const unknown = ids.filter((id) => typeof id !== 'string' || !liveTicket(ctx, call.org, id));
      if (unknown.length > 0) f.invalid('ticketIds', `No ticket with id ${unknown.map(String).join(', ')}.`);
    }
    if (f.errors.length > 0) return deskValidationError(f.errors);
    const now = deskTime(ctx.now());
    for (const id of ids as string[]) {
      const ticket = liveTicket(ctx, call.org, id);
      if (ticket) ticket.trashedTime = now;
    }
    return deskNoContent();
  });
  app.all(`${TICKETS}/moveToTrash`, methodNotAllowed);

  app.get(TICKETS, (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.tickets.READ'], query: LIST_QUERY });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const page = readPage(call.query, errors);
    const sort = readSort(call.query, SORT_FIELDS, errors);
    const include = readInclude(call.query, errors);
    const tickets = filterTickets(ctx, liveTickets(ctx, call.org), call.query, errors);
    if (errors.length > 0) return deskValidationError(errors);
    const data = pageOf(sortTickets(tickets, sort), page);
    return deskJson({ data: data.map((t) => ticketView(ctx, ctx.baseUrl(c.req.url), t, include)) });
  });

  app.post(TICKETS, async (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.tickets.CREATE'] });
    if (!call.ok) return call.response;
    const body = await readDeskBody(c);
    if (!body.ok) return body.response;
    const f = new DeskFields(body.body);
    const changes = readTicketChanges(ctx, call.org, f, 'create');
    if (f.errors.length > 0) return deskValidationError(f.errors);
    // HTTP 200 with the bare ticket (docs/zoho-behaviour.md; zoho-api.md §2.2 leaves 200 vs 201 open).
    return deskJson(ticketView(ctx, ctx.baseUrl(c.req.url), createTicket(ctx, call.org, changes)));
  });
  app.all(TICKETS, methodNotAllowed);

  app.get(`${TICKETS}/:ticketId`, (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.tickets.READ'], query: ['include'] });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const include = readInclude(call.query, errors);
    if (errors.length > 0) return deskValidationError(errors);
    const ticket = liveTicket(ctx, call.org, c.req.param('ticketId'));
    return ticket ? deskJson(ticketView(ctx, ctx.baseUrl(c.req.url), ticket, include)) : deskNotFound();
  });

  app.patch(`${TICKETS}/:ticketId`, async (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.tickets.UPDATE'] });
    if (!call.ok) return call.response;
    const ticket = liveTicket(ctx, call.org, c.req.param('ticketId'));
    if (!ticket) return deskNotFound();
    const body = await readDeskBody(c);
    if (!body.ok) return body.response;
    const f = new DeskFields(body.body);
    const changes = readTicketChanges(ctx, call.org, f, 'update');
    if (f.errors.length > 0) return deskValidationError(f.errors);
    updateTicket(ctx, ticket, changes);
    return deskJson(ticketView(ctx, ctx.baseUrl(c.req.url), ticket));
  });
  app.all(`${TICKETS}/:ticketId`, methodNotAllowed);
}
