import {
  DESK_FOREIGN_ORG_ID,
  DESK_ORG_ID,
  DESK_SALES_DEPARTMENT_ID,
  DESK_SUPPORT_DEPARTMENT_ID,
} from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeskTicket,
  ZohoConfigError,
  ZohoConnectionError,
  type ZohoEvent,
  ZohoNotFoundError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import { routeCounts, startTenant, type Tenant } from '../../support/emulator-tenant.js';

/** What a Desk integration asks for: tickets, contacts, search (for the idempotency lookup), basic reads. */
const DESK_SCOPES = ['Desk.tickets.ALL', 'Desk.contacts.ALL', 'Desk.search.READ', 'Desk.basic.READ'];
const DESK = { orgId: DESK_ORG_ID };
const TICKETS = 'GET /api/v1/tickets';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.emulator.close();
  tenant = undefined;
});

async function deskTenant(options: Parameters<typeof startTenant>[0] = {}): Promise<Tenant> {
  tenant = await startTenant(options, DESK_SCOPES);
  return tenant;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A contact form's message, as the classic integration receives it (DESIGN.md §0). */
const message = {
  email: 'ada@example.com',
  subject: 'Refund for order 42',
  message: 'The parcel arrived damaged.',
  firstName: 'Ada',
  lastName: 'Lovelace',
};

const fromMessage = (m: typeof message) => ({
  subject: m.subject,
  description: m.message,
  departmentId: DESK_SUPPORT_DEPARTMENT_ID,
  contact: { email: m.email, firstName: m.firstName, lastName: m.lastName },
  channel: 'Web',
});

describe('desk: each call against the emulator', () => {
  it('organizations need no orgId; withOrg() then lists the departments of the org found', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho();
    const orgs = await zoho.desk.organizations.list().toArray({ limit: 10 });
    expect(orgs.map((o) => o.id)).toEqual([DESK_ORG_ID]);
    const org = orgs[0]!;
    expect(org.companyName).toBe('Zohokit Dev');
    expect(() => zoho.desk.withOrg(' ')).toThrow(ZohoValidationError);
    const departments = await zoho.desk.withOrg(org.id).departments.list().toArray({ limit: 10 });
    expect(departments.map((d) => d.id).sort()).toEqual([DESK_SUPPORT_DEPARTMENT_ID, DESK_SALES_DEPARTMENT_ID].sort());
    const sent = await routeCounts(t.emulator, 'GET /api/v1/departments');
    expect(sent.byOutcome).toEqual({ '200': 1 });
  });

  it('contacts: create, get, list sorted, search by email (no match is an empty iteration)', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK });
    const ada = await zoho.desk.contacts.create({ lastName: 'Lovelace', firstName: 'Ada', email: 'ada@example.com' });
    const bob = await zoho.desk.contacts.create({ lastName: 'Babbage', email: 'charles@example.com' });
    expect(ada.id).toMatch(/^\d{16}$/);
    expect(await zoho.desk.contacts.get(ada.id)).toMatchObject({ lastName: 'Lovelace', email: 'ada@example.com' });

    const sorted = await zoho.desk.contacts.list({ sortBy: 'lastName' }).toArray({ limit: 10 });
    expect(sorted.map((c) => c.id)).toEqual([bob.id, ada.id]);

    const found = await zoho.desk.contacts.search({ email: 'ADA@example.com' }).toArray({ limit: 10 });
    expect(found.map((c) => c.id)).toEqual([ada.id]);
    expect(await zoho.desk.contacts.search({ email: 'nobody@example.com' }).toArray({ limit: 10 })).toEqual([]);
    expect((await routeCounts(t.emulator, 'GET /api/v1/contacts/search')).byOutcome).toEqual({ '200': 1, '204': 1 });
    expect((await t.emulator.control.desk.contacts()).map((c) => c.id).sort()).toEqual([ada.id, bob.id].sort());
  });

  it('tickets: create from a contact form, get, update, list with filters and sortBy, search, moveToTrash', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK });
    const created = await zoho.desk.tickets.create(fromMessage(message));
    expect(created).toMatchObject({ subject: message.subject, status: 'Open', ticketNumber: '101', channel: 'Web' });
    const got = await zoho.desk.tickets.get(created.id, { include: ['contacts'] });
    expect(got.contact).toMatchObject({ email: message.email, lastName: message.lastName });

    await t.emulator.control.desk.seedTickets([
      { subject: 'Printer on fire', priority: 'High', status: 'Open' },
      { subject: 'Invoice copy', priority: 'Low', status: 'On Hold', departmentId: DESK_SALES_DEPARTMENT_ID },
      { subject: 'Refund please', priority: 'High', status: 'Open' },
    ]);
    const updated = await zoho.desk.tickets.update(created.id, { status: 'Closed', priority: 'Low' });
    expect(updated).toMatchObject({ status: 'Closed', statusType: 'Closed', priority: 'Low' });
    expect(updated.closedTime).toEqual(expect.any(String));

    const subjects = (tickets: DeskTicket[]) => tickets.map((x) => x.subject);
    const openHigh = await zoho.desk.tickets
      .list({ status: 'Open', priority: 'High', sortBy: '-ticketNumber' })
      .toArray({ limit: 10 });
    expect(subjects(openHigh)).toEqual(['Refund please', 'Printer on fire']);
    const sales = await zoho.desk.tickets.list({ departmentId: DESK_SALES_DEPARTMENT_ID }).toArray({ limit: 10 });
    expect(subjects(sales)).toEqual(['Invoice copy']);
    const all = await zoho.desk.tickets.list({ sortBy: 'ticketNumber' }).toArray({ limit: 10 });
    expect(all.map((x) => x.ticketNumber)).toEqual(['101', '102', '103', '104']);

    const refunds = await zoho.desk.tickets
      .search({ subject: '*refund*', sortBy: 'ticketNumber' })
      .toArray({ limit: 10 });
    expect(subjects(refunds)).toEqual([message.subject, 'Refund please']);
    expect(await zoho.desk.tickets.search({ subject: 'no such thing' }).toArray({ limit: 10 })).toEqual([]);

    await zoho.desk.tickets.moveToTrash([created.id]);
    expect(await failure(zoho.desk.tickets.get(created.id))).toBeInstanceOf(ZohoNotFoundError);
    const left = await zoho.desk.tickets.list().toArray({ limit: 10 });
    expect(left.map((x) => x.id)).not.toContain(created.id);
    const stored = (await t.emulator.control.desk.tickets()).find((x) => x.id === created.id);
    expect(stored?.trashedTime).toEqual(expect.any(String));
  });
});

describe('desk: paging', () => {
  it('iterates 250 tickets, each exactly once, in 3 requests (none past the end)', async () => {
    const t = await deskTenant();
    await t.emulator.control.desk.seedTickets({ count: 250 });
    const { zoho } = t.zoho({ desk: DESK });
    const ids: string[] = [];
    for await (const ticket of zoho.desk.tickets.list()) ids.push(ticket.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect((await routeCounts(t.emulator, TICKETS)).byOutcome).toEqual({ '200': 3 });
  });

  it('a token expired between pages costs exactly one refresh; the iteration goes on', async () => {
    const t = await deskTenant();
    await t.emulator.control.desk.seedTickets({ count: 250 });
    const { zoho, events } = t.zoho({ desk: DESK });
    const ids: string[] = [];
    let pages = 0;
    for await (const page of zoho.desk.tickets.list().pages()) {
      ids.push(...page.map((x) => x.id));
      if (++pages === 1) await t.emulator.control.expireTokens();
    }
    expect(new Set(ids).size).toBe(250);
    expect(ids).toHaveLength(250);
    const c = await t.emulator.control.counters();
    expect(c.tokenCalls.refresh_token).toBe(2);
    expect(c.requests[TICKETS]).toEqual({ '200': 3, '401': 1 });
    expect(events.filter((e) => e.type === 'retry' && e.reason === 'auth')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(0);
  });
});

describe('desk: ticket create under a connection reset after the server created it', () => {
  const resetAfterCreate = (t: Tenant) =>
    t.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', sequence: [{ reset: 'after' }] });

  it('with an idempotencyKey: the ticket is found by its key, and exactly one exists', async () => {
    const t = await deskTenant();
    const { zoho, events } = t.zoho({ desk: DESK });
    await resetAfterCreate(t);
    const ticket = await zoho.desk.tickets.create(fromMessage(message), { idempotencyKey: 'form-2024-0001' });
    const stored = (await t.emulator.control.desk.tickets()).filter((x) => x.orgId === DESK_ORG_ID);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: ticket.id, cf: { cf_zohokit_key: 'form-2024-0001' } });
    expect((await routeCounts(t.emulator, 'POST /api/v1/tickets')).byOutcome).toEqual({ reset: 1 });
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'ticket_reconciled' }));
    // The same search, for a caller that reconciles before it sends again.
    await expect(zoho.desk.tickets.findByIdempotencyKey('form-2024-0001')).resolves.toMatchObject({ id: ticket.id });
    await expect(zoho.desk.tickets.findByIdempotencyKey('form-2024-0002')).resolves.toBeUndefined();
  });

  it('without one: ZohoConnectionError with outcome unknown, not replayed', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK });
    await resetAfterCreate(t);
    const error = (await failure(zoho.desk.tickets.create(fromMessage(message)))) as ZohoConnectionError;
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.details?.outcome).toBe('unknown');
    expect(error.message).toMatch(/not replayed/);
    expect((await routeCounts(t.emulator, 'POST /api/v1/tickets')).byOutcome).toEqual({ reset: 1 });
    expect(await t.emulator.control.desk.tickets()).toHaveLength(1);
  });
});

describe('desk: each error code maps to its error class', () => {
  it('SCOPE_MISMATCH → ZohoPermissionError with details.requiredScope, and no refresh', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK, refreshToken: await t.refreshTokenFor(['Desk.basic.READ']) });
    const error = (await failure(zoho.desk.tickets.list().toArray({ limit: 5 }))) as ZohoPermissionError;
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.code).toBe('SCOPE_MISMATCH');
    expect(error.status).toBe(401);
    expect(error.details?.requiredScope).toBe('Desk.tickets.READ');
    expect(error.fix).toMatch(/Desk\.tickets\.READ/);
    const c = await t.emulator.control.counters();
    expect(c.tokenCalls.refresh_token).toBe(1);
    expect(c.requests[TICKETS]).toEqual({ '401': 1 });
  });

  it('OAUTH_ORG_MISMATCH (an org the user is not in) → ZohoPermissionError naming the orgId', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: { orgId: DESK_FOREIGN_ORG_ID } });
    const error = (await failure(zoho.desk.departments.list().toArray({ limit: 5 }))) as ZohoPermissionError;
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.code).toBe('OAUTH_ORG_MISMATCH');
    expect(error.details?.orgId).toBe(DESK_FOREIGN_ORG_ID);
    expect(error.fix).toMatch(/zohokit desk orgs/);
    expect((await t.emulator.control.counters()).tokenCalls.refresh_token).toBe(1);
  });

  it('422 UNPROCESSABLE_ENTITY (a raw request past the SDK checks) → ZohoValidationError with fieldName', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK });
    const error = (await failure(
      zoho.request({
        product: 'desk',
        method: 'POST',
        path: '/api/v1/tickets',
        headers: { orgId: DESK_ORG_ID },
        body: { departmentId: DESK_SUPPORT_DEPARTMENT_ID, contact: { email: 'ada@example.com' } },
      }),
    )) as ZohoValidationError;
    expect(error).toBeInstanceOf(ZohoValidationError);
    expect(error.code).toBe('UNPROCESSABLE_ENTITY');
    expect(error.status).toBe(422);
    expect(error.details?.fieldName).toBe('/subject');
    expect(error.details?.errorType).toBe('missing');
    expect(await t.emulator.control.desk.tickets()).toHaveLength(0);
  });

  it('404 RESOURCE_NOT_FOUND → ZohoNotFoundError, not retried', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho({ desk: DESK });
    const error = (await failure(zoho.desk.tickets.get('1892000000999999'))) as ZohoNotFoundError;
    expect(error).toBeInstanceOf(ZohoNotFoundError);
    expect(error.code).toBe('RESOURCE_NOT_FOUND');
    expect((await routeCounts(t.emulator, 'GET /api/v1/tickets/:ticketId')).byOutcome).toEqual({ '404': 1 });
  });

  it('429 TOO_MANY_REQUESTS over the org concurrency → ZohoRateLimitError; retried after Retry-After', async () => {
    const t = await deskTenant({ latencyMs: 150, desk: { concurrency: 2 } });
    // Warm the token first, so the burst below is Desk calls only.
    const noRetry = t.zoho({ desk: { ...DESK, maxConcurrency: 4 }, retry: { maxRetries: 0 } }).zoho;
    await noRetry.tokens.get();
    const burst = () => Array.from({ length: 4 }, () => noRetry.desk.departments.list().toArray({ limit: 5 }));
    const settled = await Promise.allSettled(burst());
    const rejected = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as ZohoRateLimitError] : []));
    expect(rejected).toHaveLength(2);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(ZohoRateLimitError);
      expect(error.code).toBe('TOO_MANY_REQUESTS');
      expect(error.retryAfterMs).toBe(1_000);
    }

    // With retries on (the default policy), the same burst succeeds: the 429s wait out Retry-After once.
    const { zoho, events } = t.zoho({ desk: { ...DESK, maxConcurrency: 4 } });
    await zoho.tokens.get();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => zoho.desk.departments.list().toArray({ limit: 5 })),
    );
    expect(results.every((r) => r.length === 2)).toBe(true);
    const retries = events.filter((e): e is Extract<ZohoEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((r) => [r.status, r.delayMs])).toEqual([
      [429, 1_000],
      [429, 1_000],
    ]);
  });

  it('the SDK concurrency limit at the org limit: a burst waits instead of getting 429s', async () => {
    const t = await deskTenant({ latencyMs: 100, desk: { concurrency: 2 } });
    const { zoho, events } = t.zoho({ desk: { ...DESK, maxConcurrency: 2 } });
    await zoho.tokens.get();
    await t.emulator.control.resetCounters();
    await Promise.all(Array.from({ length: 8 }, () => zoho.desk.departments.list().toArray({ limit: 5 })));
    expect((await routeCounts(t.emulator, 'GET /api/v1/departments')).byOutcome).toEqual({ '200': 8 });
    const waits = events.filter((e) => e.type === 'rate_limit.wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((e) => e.type === 'rate_limit.wait' && e.product === 'desk')).toBe(true);
  });

  it('no desk.orgId → ZohoConfigError that says where to find it; nothing is sent', async () => {
    const t = await deskTenant();
    const { zoho } = t.zoho();
    const error = (await failure(zoho.desk.tickets.create(fromMessage(message)))) as ZohoConfigError;
    expect(error).toBeInstanceOf(ZohoConfigError);
    expect(error.code).toBe('missing_org_id');
    expect(error.message).toContain('zohokit desk orgs');
    const listed = (await failure(zoho.desk.tickets.list().toArray({ limit: 1 }))) as ZohoConfigError;
    expect(listed).toBeInstanceOf(ZohoConfigError);
    const c = await t.emulator.control.counters();
    expect(c.tokenCalls.total).toBe(0);
    expect(Object.keys(c.requests)).toEqual([]);
  });
});
