import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { createContact, readContactInput } from './contact-store.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import type { DeskFieldError } from './desk-errors.js';
import { deskJson, deskMethodNotAllowed, deskNoContent, deskNotFound, deskValidationError } from './desk-errors.js';
import { DeskFields, readDeskBody } from './desk-fields.js';
import { pageOf, readCustomFieldCriteria, readPage, readSort, searchMatches, sortRecords } from './desk-list.js';
import { openDeskCall } from './desk-request.js';
import type { DeskContactRecord, DeskOrgRecord } from './desk-state.js';
import { contactView } from './desk-views.js';

/*
 * Contacts (zoho-api.md §2.2 Contacts). Search by email is `GET /contacts/search?email=` with the scopes
 * Desk.search.READ and Desk.contacts.READ, answering 204 when nothing matches, like ticket search.
 */

const CONTACTS = '/api/v1/contacts';
const SORT_FIELDS = ['createdTime', 'modifiedTime', 'lastName', 'firstName'];
const SEARCH_TEXT = ['email', 'firstName', 'lastName', 'phone', 'mobile'] as const;

function orgContacts(ctx: EmulatorContext, org: DeskOrgRecord): DeskContactRecord[] {
  return Object.values(ctx.state.desk.contacts).filter((c) => c.orgId === org.id);
}

const sortValue = (contact: DeskContactRecord, field: string): string | null =>
  contact[field as 'createdTime' | 'modifiedTime' | 'lastName' | 'firstName'];

export function registerContactRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  concurrency: DeskConcurrency,
): void {
  const methodNotAllowed = () => deskMethodNotAllowed();

  app.get(`${CONTACTS}/search`, (c) => {
    const call = openDeskCall(ctx, concurrency, c, {
      scopes: ['Desk.search.READ', 'Desk.contacts.READ'],
      query: ['from', 'limit', 'sortBy', '_all', 'fullName', ...SEARCH_TEXT],
      customFields: true,
    });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const page = readPage(call.query, errors);
    const sort = readSort(call.query, SORT_FIELDS, errors);
    let contacts = orgContacts(ctx, call.org);
    for (const key of SEARCH_TEXT) {
      const pattern = call.query.get(key);
      if (pattern !== undefined) contacts = contacts.filter((contact) => searchMatches(contact[key], pattern));
    }
    const fullName = call.query.get('fullName');
    if (fullName !== undefined) {
      contacts = contacts.filter((contact) =>
        searchMatches([contact.firstName, contact.lastName].filter(Boolean).join(' '), fullName),
      );
    }
    for (const { name, value } of readCustomFieldCriteria(call.query, errors)) {
      contacts = contacts.filter((contact) => searchMatches(contact.cf[name] ?? null, value));
    }
    const anywhere = call.query.get('_all');
    if (anywhere !== undefined) {
      const pattern = anywhere.includes('*') ? anywhere : `*${anywhere}*`;
      contacts = contacts.filter((contact) =>
        [...SEARCH_TEXT.map((key) => contact[key]), ...Object.values(contact.cf)].some((v) =>
          searchMatches(v, pattern),
        ),
      );
    }
    if (errors.length > 0) return deskValidationError(errors);
    const data = pageOf(sortRecords(contacts, sort, sortValue), page);
    if (data.length === 0) return deskNoContent();
    return deskJson({ data: data.map((contact) => contactView(ctx.baseUrl(c.req.url), contact)) });
  });
  app.all(`${CONTACTS}/search`, methodNotAllowed);

  app.get(CONTACTS, (c) => {
    const call = openDeskCall(ctx, concurrency, c, {
      scopes: ['Desk.contacts.READ'],
      query: ['from', 'limit', 'sortBy'],
    });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const page = readPage(call.query, errors);
    const sort = readSort(call.query, SORT_FIELDS, errors);
    if (errors.length > 0) return deskValidationError(errors);
    const data = pageOf(sortRecords(orgContacts(ctx, call.org), sort, sortValue), page);
    return deskJson({ data: data.map((contact) => contactView(ctx.baseUrl(c.req.url), contact)) });
  });

  app.post(CONTACTS, async (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.contacts.CREATE'] });
    if (!call.ok) return call.response;
    const body = await readDeskBody(c);
    if (!body.ok) return body.response;
    const f = new DeskFields(body.body);
    const input = readContactInput(ctx, call.org, f);
    if (f.errors.length > 0 || !input.lastName) return deskValidationError(f.errors);
    return deskJson(
      contactView(ctx.baseUrl(c.req.url), createContact(ctx, call.org, { ...input, lastName: input.lastName })),
    );
  });
  app.all(CONTACTS, methodNotAllowed);

  app.get(`${CONTACTS}/:contactId`, (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.contacts.READ'] });
    if (!call.ok) return call.response;
    const contact = lookup(ctx.state.desk.contacts, c.req.param('contactId'));
    return contact?.orgId === call.org.id ? deskJson(contactView(ctx.baseUrl(c.req.url), contact)) : deskNotFound();
  });
  app.all(`${CONTACTS}/:contactId`, methodNotAllowed);
}
