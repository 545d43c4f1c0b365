import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { DIGITS, deskSession, ISO_MS, validation } from '../support/desk.js';

let emu: EmulatorHandle;
let desk: DeskSession;
beforeAll(async () => {
  emu = await startEmulator();
});
// Every test starts from the seeded state, so ticket numbers start at 101 again.
beforeEach(async () => {
  await emu.control.reset();
  desk = await deskSession(emu);
});
afterAll(() => emu.close());

const create = (body: Record<string, unknown>) => desk.call('/api/v1/tickets', { method: 'POST', body });

describe('POST /api/v1/tickets', () => {
  it("answers 200 with the bare ticket in Desk's shapes", async () => {
    const reply = await create({
      subject: 'Order not delivered',
      departmentId: desk.supportId,
      contact: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
      description: 'Ordered last week',
      priority: 'High',
      dueDate: '2026-11-28T10:00:00Z',
      cf: { cf_order_id: 'A-42', cf_quantity: 3, cf_gift: true, cf_note: null },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const ticket = reply.body;
    expect(ticket).toMatchObject({
      ticketNumber: '101',
      subject: 'Order not delivered',
      description: 'Ordered last week',
      status: 'Open',
      statusType: 'Open',
      priority: 'High',
      channel: 'Email',
      departmentId: desk.supportId,
      email: 'ada@example.com',
      assigneeId: null,
      dueDate: '2026-11-28T10:00:00.000Z',
      closedTime: null,
      threadCount: '0',
      commentCount: '0',
      cf: { cf_order_id: 'A-42', cf_quantity: '3', cf_gift: 'true', cf_note: null },
    });
    expect(ticket.id).toMatch(DIGITS);
    expect(ticket.id).toHaveLength(16);
    expect(ticket.contactId).toMatch(DIGITS);
    expect(ticket.createdTime).toMatch(ISO_MS);
    expect(ticket.createdTime.endsWith('.000Z')).toBe(true);
    expect(ticket.modifiedTime).toBe(ticket.createdTime);
    expect(ticket.webUrl).toBe(`${emu.url}/?ticket=${ticket.id}#desk`);
    expect(ticket).not.toHaveProperty('orgId');
    expect(ticket).not.toHaveProperty('trashedTime');

    const [contact] = await emu.control.desk.contacts();
    expect(contact).toMatchObject({
      id: ticket.contactId,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  it('numbers tickets 101, 102, … and matches an existing contact by email', async () => {
    const first = await create({ subject: 'One', departmentId: desk.supportId, contact: { email: 'bo@example.com' } });
    const second = await create({
      subject: 'Two',
      departmentId: desk.salesId,
      contact: { email: 'BO@example.com', lastName: 'Ignored' },
    });
    const third = await create({ subject: 'Three', departmentId: desk.supportId, contact: { lastName: 'Cy' } });
    expect([first.body.ticketNumber, second.body.ticketNumber, third.body.ticketNumber]).toEqual(['101', '102', '103']);
    expect(second.body.contactId).toBe(first.body.contactId);
    expect(third.body.contactId).not.toBe(first.body.contactId);
    const contacts = await emu.control.desk.contacts();
    expect(contacts.map((c) => [c.lastName, c.email])).toEqual([
      ['bo', 'bo@example.com'],
      ['Cy', null],
    ]);
    const byId = await create({ subject: 'Four', departmentId: desk.supportId, contactId: third.body.contactId });
    expect(byId.body.contactId).toBe(third.body.contactId);
  });

  it('answers 422 naming every missing or invalid field', async () => {
    const empty = await create({});
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual(
      validation([
        { fieldName: '/subject', errorType: 'missing' },
        { fieldName: '/departmentId', errorType: 'missing' },
        { fieldName: '/contactId', errorType: 'missing' },
      ]),
    );

    const bad = await create({
      subject: 'x'.repeat(256),
      departmentId: '1',
      contact: { firstName: 'No last name' },
      email: 'not-an-email',
      subjet: 'typo',
    });
    expect(bad.body).toEqual(
      validation([
        { fieldName: '/subjet', errorType: 'invalid' },
        { fieldName: '/subject', errorType: 'invalid' },
        { fieldName: '/departmentId', errorType: 'invalid' },
        { fieldName: '/contact/lastName', errorType: 'missing' },
        { fieldName: '/email', errorType: 'invalid' },
      ]),
    );

    const badContact = await create({ subject: 'x', departmentId: desk.supportId, contactId: '1892000000099999' });
    expect(badContact.body).toEqual(validation([{ fieldName: '/contactId', errorType: 'invalid' }]));
    const notJson = await desk.call('/api/v1/tickets', { method: 'POST', body: '{"subject":' });
    expect(notJson.body).toEqual(validation([{ fieldName: '/', errorType: 'invalid' }]));
    expect(await emu.control.desk.tickets()).toEqual([]);
  });
});

describe('GET and PATCH /api/v1/tickets/{id}', () => {
  it('gets a ticket, embeds what include asks for, and 404s an unknown id', async () => {
    const { body: created } = await create({
      subject: 'Include me',
      departmentId: desk.salesId,
      contact: { email: 'inc@example.com', lastName: 'Inc' },
      assigneeId: '1892000000000777',
    });
    const plain = await desk.call(`/api/v1/tickets/${created.id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(created);
    expect(plain.body).not.toHaveProperty('contact');

    const full = await desk.call(`/api/v1/tickets/${created.id}?include=contacts,departments,assignee,isRead`);
    expect(full.body.contact).toMatchObject({ id: created.contactId, email: 'inc@example.com', lastName: 'Inc' });
    expect(full.body.department).toEqual({ id: desk.salesId, name: 'Sales' });
    expect(full.body.assignee).toEqual({ id: '1892000000000777' });
    expect(full.body.isRead).toBe(false);

    const badInclude = await desk.call(`/api/v1/tickets/${created.id}?include=contacts,threads`);
    expect(badInclude.body).toEqual(validation([{ fieldName: '/include', errorType: 'invalid' }]));

    for (const id of ['1892000000099999', 'abc']) {
      const missing = await desk.call(`/api/v1/tickets/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        errorCode: 'RESOURCE_NOT_FOUND',
        message: 'The requested resource does not exist.',
      });
    }
  });

  it('changes only the given fields, merges custom fields, and tracks closing', async () => {
    const { body: created } = await create({
      subject: 'Before',
      departmentId: desk.supportId,
      contact: { email: 'p@example.com' },
      priority: 'Low',
      cf: { cf_a: '1', cf_b: '2' },
    });
    const patch = (body: unknown) => desk.call(`/api/v1/tickets/${created.id}`, { method: 'PATCH', body });
    const closed = await patch({ status: 'Closed', cf: { cf_b: 'two', cf_c: '3' }, dueDate: null });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      subject: 'Before',
      priority: 'Low',
      status: 'Closed',
      statusType: 'Closed',
      dueDate: null,
      cf: { cf_a: '1', cf_b: 'two', cf_c: '3' },
    });
    expect(closed.body.closedTime).toMatch(ISO_MS);
    const reopened = await patch({ status: 'On Hold', subject: 'After' });
    expect(reopened.body).toMatchObject({
      subject: 'After',
      status: 'On Hold',
      statusType: 'On Hold',
      closedTime: null,
    });
    expect((await desk.call(`/api/v1/tickets/${created.id}`)).body.subject).toBe('After');

    const invalid = await patch({ subject: '', departmentId: '42', contact: { email: 'x@example.com' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual(
      validation([
        { fieldName: '/contact', errorType: 'invalid' },
        { fieldName: '/subject', errorType: 'missing' },
        { fieldName: '/departmentId', errorType: 'invalid' },
      ]),
    );
    const unknown = await desk.call('/api/v1/tickets/1892000000099999', { method: 'PATCH', body: { subject: 'x' } });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /api/v1/tickets', () => {
  async function seedMix() {
    const seeded = await emu.control.desk.seedTickets([
      { subject: 'a', status: 'Open', priority: 'High', channel: 'Email', dueDate: '2026-03-01T00:00:00Z' },
      { subject: 'b', status: 'Closed', priority: 'Low', channel: 'Phone', departmentId: desk.salesId },
      { subject: 'c', status: 'On Hold', priority: 'High', channel: 'Web', assigneeId: '1892000000000777' },
      { subject: 'd', status: 'Open', priority: 'Medium', channel: 'Phone', dueDate: '2026-01-01T00:00:00Z' },
    ]);
    return seeded.map((t) => t.id);
  }
  const subjects = async (query: string) =>
    ((await desk.call(`/api/v1/tickets${query}`)).body.data as Array<{ subject: string }>).map((t) => t.subject);

  it('lists in creation order by default, 10 at a time', async () => {
    await emu.control.desk.seedTickets({ count: 12 });
    const reply = await desk.call('/api/v1/tickets');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toHaveLength(10);
    expect(reply.body.data.map((t: { ticketNumber: string }) => t.ticketNumber)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(101 + i)),
    );
  });

  it('filters by status, priority, channel, department and assignee (comma lists, Unassigned)', async () => {
    await seedMix();
    expect(await subjects('?status=Open')).toEqual(['a', 'd']);
    expect(await subjects('?status=Closed,On%20Hold')).toEqual(['b', 'c']);
    expect(await subjects('?priority=High')).toEqual(['a', 'c']);
    expect(await subjects('?channel=Phone&priority=Low')).toEqual(['b']);
    expect(await subjects(`?departmentId=${desk.salesId}`)).toEqual(['b']);
    expect(await subjects('?assignee=1892000000000777')).toEqual(['c']);
    expect(await subjects('?assignee=Unassigned')).toEqual(['a', 'b', 'd']);
    expect(await subjects('?receivedInDays=15')).toEqual(['a', 'b', 'c', 'd']);
  });

  it("sorts with sortBy, '-' for descending, empty values last", async () => {
    await seedMix();
    expect(await subjects('?sortBy=-ticketNumber')).toEqual(['d', 'c', 'b', 'a']);
    expect(await subjects('?sortBy=dueDate')).toEqual(['d', 'a', 'b', 'c']);
    expect(await subjects('?sortBy=-dueDate')).toEqual(['a', 'd', 'c', 'b']);
    expect(await subjects('?sortBy=-createdTime')).toEqual(['d', 'c', 'b', 'a']);
    const bad = await desk.call('/api/v1/tickets?sortBy=subject&receivedInDays=7');
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual(
      validation([
        { fieldName: '/sortBy', errorType: 'invalid' },
        { fieldName: '/receivedInDays', errorType: 'invalid' },
      ]),
    );
  });

  it('embeds contacts and departments with include', async () => {
    await seedMix();
    const reply = await desk.call('/api/v1/tickets?include=contacts,departments&limit=1');
    const [ticket] = reply.body.data;
    expect(ticket.contact).toMatchObject({ email: 'customer@zohokit.test', lastName: 'Customer' });
    expect(ticket.department).toEqual({ id: desk.supportId, name: 'Support' });
  });
});

describe('GET /api/v1/tickets/search', () => {
  it('finds a custom field value at once (customField1=cf_name:value), as the duplicate guard needs', async () => {
    const { body: created } = await create({
      subject: 'Keyed',
      departmentId: desk.supportId,
      contact: { email: 'k@example.com' },
      cf: { cf_zohokit_key: 'key-1' },
    });
    await create({ subject: 'Other', departmentId: desk.supportId, contactId: created.contactId });
    const found = await desk.call('/api/v1/tickets/search?customField1=cf_zohokit_key:key-1');
    expect(found.status).toBe(200);
    expect(found.body.data.map((t: { id: string }) => t.id)).toEqual([created.id]);
    expect(found.body.data[0].cf).toEqual({ cf_zohokit_key: 'key-1' });
  });

  it('answers 204 with an empty body when nothing matches', async () => {
    await create({ subject: 'Here', departmentId: desk.supportId, contact: { email: 'h@example.com' } });
    const none = await desk.call('/api/v1/tickets/search?customField1=cf_zohokit_key:nope');
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
    const pastTheEnd = await desk.call('/api/v1/tickets/search?subject=Here&from=1');
    expect(pastTheEnd.status).toBe(204);
  });

  it('matches exactly (case-insensitive) or with * wildcards, on several fields at once', async () => {
    await emu.control.desk.seedTickets([
      { subject: 'Refund please', status: 'Open' },
      { subject: 'Where is my refund', status: 'Closed' },
      { subject: 'Invoice', status: 'Open', contact: { email: 'inv@example.com' } },
    ]);
    const subjects = async (query: string) => {
      const reply = await desk.call(`/api/v1/tickets/search?${query}`);
      return reply.status === 204 ? [] : reply.body.data.map((t: { subject: string }) => t.subject);
    };
    expect(await subjects('subject=refund%20please')).toEqual(['Refund please']);
    expect(await subjects('subject=*refund*')).toEqual(['Refund please', 'Where is my refund']);
    expect(await subjects('subject=*refund*&status=Closed')).toEqual(['Where is my refund']);
    expect(await subjects('email=inv@example.com')).toEqual(['Invoice']);
    expect(await subjects('ticketNumber=102')).toEqual(['Where is my refund']);
    expect(await subjects('subject=*refund*&sortBy=-createdTime')).toEqual(['Where is my refund', 'Refund please']);
    const bad = await desk.call('/api/v1/tickets/search?customField1=order:1&limit=101');
    expect(bad.body).toEqual(
      validation([
        { fieldName: '/limit', errorType: 'invalid' },
        { fieldName: '/customField1', errorType: 'invalid' },
      ]),
    );
    expect((await desk.call('/api/v1/tickets/search?subject=x&include=contacts')).body.message).toBe(
      "Extra query parameter 'include' is present in the input.",
    );
  });
});

describe('POST /api/v1/tickets/moveToTrash', () => {
  it('answers 204 and the tickets disappear from every answer', async () => {
    const [a, b, c] = await emu.control.desk.seedTickets({ count: 3, subject: 'Trash me' });
    const reply = await desk.call('/api/v1/tickets/moveToTrash', {
      method: 'POST',
      body: { ticketIds: [a!.id, b!.id] },
    });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect((await desk.call(`/api/v1/tickets/${a!.id}`)).status).toBe(404);
    expect((await desk.call('/api/v1/tickets')).body.data.map((t: { id: string }) => t.id)).toEqual([c!.id]);
    const search = await desk.call('/api/v1/tickets/search?subject=Trash%20me');
    expect(search.body.data.map((t: { id: string }) => t.id)).toEqual([c!.id]);
    const stored = await emu.control.desk.tickets();
    expect(stored.filter((t) => t.trashedTime !== null).map((t) => t.id)).toEqual([a!.id, b!.id]);
  });

  it('answers 422 for no ids or an id that is not a live ticket, and trashes nothing then', async () => {
    const [a] = await emu.control.desk.seedTickets({ count: 1 });
    const trash = (body: unknown) => desk.call('/api/v1/tickets/moveToTrash', { method: 'POST', body });
    expect((await trash({})).body).toEqual(validation([{ fieldName: '/ticketIds', errorType: 'missing' }]));
    expect((await trash({ ticketIds: [] })).body).toEqual(
      validation([{ fieldName: '/ticketIds', errorType: 'missing' }]),
    );
    const unknown = await trash({ ticketIds: [a!.id, '1892000000099999'] });
    expect(unknown.body).toEqual(validation([{ fieldName: '/ticketIds', errorType: 'invalid' }]));
    expect(unknown.body.errors[0].errorMessage).toContain('1892000000099999');
    expect((await desk.call(`/api/v1/tickets/${a!.id}`)).status).toBe(200);
  });
});
