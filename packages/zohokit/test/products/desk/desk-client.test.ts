import { describe, expect, it } from 'vitest';
import {
  ZohoConfigError,
  ZohoConnectionError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import { type Call, client, connectionReset, fake, json, noContent, rejection } from '../../support/fake-fetch.js';

const ORG = '700000001';
const DESK = { orgId: ORG };

function ticket(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: String(1892000000042000 + n),
    ticketNumber: String(100 + n),
    subject: `Ticket ${n}`,
    status: 'Open',
    departmentId: '1892000000006907',
    contactId: '1892000000042032',
    createdTime: '2024-01-02T03:04:05.000Z',
    ...extra,
  };
}

/** A Desk that pages `count` tickets with from/limit, like docs/zoho-behaviour.md describes. */
function ticketPages(count: number) {
  const all = Array.from({ length: count }, (_, i) => ticket(i));
  return (call: Call) => {
    const from = Number(call.url.searchParams.get('from'));
    const limit = Number(call.url.searchParams.get('limit'));
    return json({ data: all.slice(from, from + limit) });
  };
}

const validTicket = { subject: 'Help', departmentId: '1892000000006907', contact: { email: 'ada@example.com' } };

describe('desk: inputs are checked before anything is sent', () => {
  const cases: [string, (z: ReturnType<typeof client>['zoho']) => Promise<unknown>, string][] = [
    ['a ticket without subject', (z) => z.desk.tickets.create({ ...validTicket, subject: '' }), 'subject'],
    [
      'a ticket without departmentId',
      (z) => z.desk.tickets.create({ ...validTicket, departmentId: ' ' }),
      'departmentId',
    ],
    [
      'a ticket without contactId or contact',
      (z) => z.desk.tickets.create({ subject: 'Help', departmentId: '1' }),
      'contactId',
    ],
    [
      'a contact with neither email nor lastName',
      (z) => z.desk.tickets.create({ ...validTicket, contact: {} }),
      'contact',
    ],
    [
      'a contact with a bad email',
      (z) => z.desk.tickets.create({ ...validTicket, contact: { email: 'ada.example.com' } }),
      'contact.email',
    ],
    [
      'a custom field not named cf_…',
      (z) => z.desk.tickets.create({ ...validTicket, cf: { orderId: '1' } }),
      'cf.orderId',
    ],
    ['an unknown field (a typo)', (z) => z.desk.tickets.create({ ...validTicket, subjet: 'x' } as never), 'subjet'],
    ['a bad dueDate', (z) => z.desk.tickets.create({ ...validTicket, dueDate: 'tomorrow' }), 'dueDate'],
    [
      'an idempotency key with spaces',
      (z) => z.desk.tickets.create(validTicket, { idempotencyKey: 'a b' }),
      'idempotencyKey',
    ],
    ['an update that changes nothing', (z) => z.desk.tickets.update('1', {}), 'changes'],
    ['a ticket id with spaces', (z) => z.desk.tickets.get('1 2'), 'ticketId'],
    ['a contact without lastName', (z) => z.desk.contacts.create({ lastName: '' }), 'lastName'],
    ['moveToTrash of nothing', (z) => z.desk.tickets.moveToTrash([]), 'ticketIds'],
  ];

  for (const [what, call, fieldName] of cases) {
    it(`rejects ${what}, naming "${fieldName}", and sends nothing`, async () => {
      const f = fake(() => json({}));
      const { zoho } = client(f, { desk: DESK });
      const error = await rejection(call(zoho));
      expect(error).toBeInstanceOf(ZohoValidationError);
      expect(error.details?.fieldName).toBe(fieldName);
      expect(error.message).toContain(`"${fieldName}"`);
      expect(f.calls).toHaveLength(0);
      expect(f.tokenCalls()).toBe(0);
    });
  }

  it('rejects list options at once (a page size over Desk’s 100, an unknown sortBy)', () => {
    const { zoho } = client(
      fake(() => json({})),
      { desk: DESK },
    );
    expect(() => zoho.desk.tickets.list({ pageSize: 101 })).toThrow(ZohoValidationError);
    expect(() => zoho.desk.tickets.list({ sortBy: 'sortOrder' as never })).toThrow(/sortBy/);
    expect(() => zoho.desk.contacts.search({ email: 'nope' })).toThrow(/email/);
    expect(() => zoho.desk.tickets.search({})).toThrow(/at least one search criterion/);
  });

  it('sends a valid ticket with the fields mapped to Desk’s names and dueDate as ISO-8601', async () => {
    const f = fake(() => json(ticket(1)));
    const { zoho } = client(f, { desk: DESK });
    await zoho.desk.tickets.create({
      ...validTicket,
      description: 'It broke',
      priority: 'High',
      channel: 'Web',
      dueDate: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
      cf: { cf_order_id: '42' },
    });
    expect(JSON.parse(f.calls[0]!.body)).toEqual({
      subject: 'Help',
      departmentId: '1892000000006907',
      contact: { email: 'ada@example.com' },
      description: 'It broke',
      priority: 'High',
      channel: 'Web',
      dueDate: '2030-01-02T03:04:05.000Z',
      cf: { cf_order_id: '42' },
    });
    expect(f.calls[0]!.headers.get('content-type')).toBe('application/json');
  });
});

describe('desk: orgId', () => {
  it('is sent on every call but organizations.list()', async () => {
    const f = fake((call) => {
      if (call.url.pathname.endsWith('/search')) return noContent();
      if (call.url.pathname.endsWith('/moveToTrash')) return noContent();
      if (call.url.searchParams.has('from')) return json({ data: [] });
      return json(ticket(1));
    });
    const { zoho } = client(f, { desk: DESK });
    await zoho.desk.organizations.list().toArray({ limit: 10 });
    await zoho.desk.departments.list().toArray({ limit: 10 });
    await zoho.desk.contacts.list().toArray({ limit: 10 });
    await zoho.desk.contacts.get('5');
    await zoho.desk.contacts.create({ lastName: 'Lovelace' });
    await zoho.desk.contacts.search({ email: 'ada@example.com' }).toArray({ limit: 1 });
    await zoho.desk.tickets.create(validTicket);
    await zoho.desk.tickets.get('1', { include: ['contacts'] });
    await zoho.desk.tickets.list({ status: 'Open' }).toArray({ limit: 1 });
    await zoho.desk.tickets.search({ subject: 'Help' }).toArray({ limit: 1 });
    await zoho.desk.tickets.update('1', { status: 'Closed' });
    await zoho.desk.tickets.moveToTrash(['1', '2']);

    const [orgs, ...rest] = f.calls;
    expect(orgs!.url.pathname).toBe('/api/v1/organizations');
    expect(orgs!.url.search).toBe('');
    expect(orgs!.headers.has('orgId')).toBe(false);
    expect(rest).toHaveLength(11);
    for (const call of rest) expect(call.headers.get('orgId'), call.url.pathname).toBe(ORG);
    expect(f.calls.map((c) => `${c.method} ${c.url.pathname}`)).toContain('PATCH /api/v1/tickets/1');
    expect(JSON.parse(f.calls.at(-1)!.body)).toEqual({ ticketIds: ['1', '2'] });
  });

  it('missing: a ZohoConfigError that says how to find it, and nothing is sent', async () => {
    const f = fake(() => json({ data: [{ id: ORG, companyName: 'Acme', portalName: 'acme' }] }));
    const { zoho } = client(f);
    const error = await rejection(zoho.desk.tickets.get('1'));
    expect(error).toBeInstanceOf(ZohoConfigError);
    expect(error.message).toContain('desk.orgId');
    expect(error.message).toContain("find it with 'zohokit desk orgs' or zoho.desk.organizations.list()");
    await expect(zoho.desk.tickets.list().toArray({ limit: 5 })).rejects.toBeInstanceOf(ZohoConfigError);
    expect(f.calls).toHaveLength(0);

    // …and the one call that works without it is the one that finds it.
    const orgs = await zoho.desk.organizations.list().toArray({ limit: 10 });
    expect(orgs).toEqual([{ id: ORG, companyName: 'Acme', portalName: 'acme' }]);
  });

  it('is checked at construction', () => {
    expect(() =>
      client(
        fake(() => json({})),
        { desk: { orgId: '' } },
      ),
    ).toThrow(ZohoConfigError);
    expect(() =>
      client(
        fake(() => json({})),
        { desk: { orgid: ORG } as never },
      ),
    ).toThrow(/desk\.orgid/);
    expect(() =>
      client(
        fake(() => json({})),
        { desk: { idempotencyField: 'key' } },
      ),
    ).toThrow(/cf_/);
  });
});

describe('desk: paging', () => {
  it('reads 250 tickets in 3 requests (from 0, 100, 200) and stops at the short page', async () => {
    const f = fake(ticketPages(250));
    const { zoho } = client(f, { desk: DESK });
    const ids: string[] = [];
    for await (const t of zoho.desk.tickets.list({ sortBy: '-createdTime' })) ids.push(t.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(f.calls.map((c) => [c.url.searchParams.get('from'), c.url.searchParams.get('limit')])).toEqual([
      ['0', '100'],
      ['100', '100'],
      ['200', '100'],
    ]);
    expect(f.calls[0]!.url.searchParams.get('sortBy')).toBe('-createdTime');
  });

  it('stops at an empty data list after a full last page', async () => {
    const f = fake(ticketPages(200));
    const { zoho } = client(f, { desk: DESK });
    expect(await zoho.desk.tickets.list().toArray({ limit: 1000 })).toHaveLength(200);
    expect(f.calls).toHaveLength(3);
  });

  it('ends on HTTP 204 (a search with no match) without an error', async () => {
    const f = fake(() => noContent());
    const { zoho } = client(f, { desk: DESK });
    const found = [];
    for await (const t of zoho.desk.tickets.search({ subject: 'nothing like this' })) found.push(t);
    expect(found).toEqual([]);
    expect(f.calls).toHaveLength(1);
  });

  it('ends on a 204 after full pages', async () => {
    let n = 0;
    const f = fake(() => (n++ === 0 ? json({ data: Array.from({ length: 100 }, (_, i) => ticket(i)) }) : noContent()));
    const { zoho } = client(f, { desk: DESK });
    expect(await zoho.desk.tickets.search({ status: 'Open' }).toArray({ limit: 500 })).toHaveLength(100);
    expect(f.calls).toHaveLength(2);
  });

  it('toArray({ limit }) stops early and asks only for what it still needs', async () => {
    const f = fake(ticketPages(1000));
    const { zoho } = client(f, { desk: DESK });
    expect(await zoho.desk.tickets.list().toArray({ limit: 5 })).toHaveLength(5);
    expect(await zoho.desk.tickets.list().toArray({ limit: 150 })).toHaveLength(150);
    expect(f.calls.map((c) => c.url.searchParams.get('limit'))).toEqual(['5', '100', '50']);
  });

  it('toArray requires a limit', async () => {
    const f = fake(ticketPages(10));
    const { zoho } = client(f, { desk: DESK });
    const list = zoho.desk.tickets.list();
    for (const bad of [undefined, {}, { limit: 0 }, { limit: 2.5 }]) {
      const error = await rejection(list.toArray(bad as never));
      expect(error).toBeInstanceOf(ZohoValidationError);
      expect(error.details?.fieldName).toBe('limit');
    }
    expect(f.calls).toHaveLength(0);
  });

  it('pages() yields whole pages', async () => {
    const f = fake(ticketPages(230));
    const { zoho } = client(f, { desk: DESK });
    const sizes: number[] = [];
    for await (const page of zoho.desk.tickets.list().pages()) sizes.push(page.length);
    expect(sizes).toEqual([100, 100, 30]);
  });

  it('sends the list filters Desk knows, lists comma-joined', async () => {
    const f = fake(() => json({ data: [] }));
    const { zoho } = client(f, { desk: DESK });
    await zoho.desk.tickets
      .list({
        status: ['Open', 'On Hold'],
        departmentId: '9',
        assignee: 'Unassigned',
        priority: 'High',
        channel: ['Email', 'Web'],
        include: ['contacts', 'assignee'],
        pageSize: 25,
      })
      .toArray({ limit: 25 });
    expect(Object.fromEntries(f.calls[0]!.url.searchParams)).toEqual({
      status: 'Open,On Hold',
      departmentId: '9',
      assignee: 'Unassigned',
      priority: 'High',
      channel: 'Email,Web',
      include: 'contacts,assignee',
      from: '0',
      limit: '25',
    });
  });

  it('survives INVALID_OAUTH mid-iteration: one refresh, the page is replayed, iteration continues', async () => {
    const pages = ticketPages(250);
    let rejected = false;
    const f = fake((call) => {
      if (call.url.searchParams.get('from') === '100' && !rejected) {
        rejected = true;
        return json({ errorCode: 'INVALID_OAUTH', message: 'The OAuth Token you provided is invalid.' }, 401);
      }
      return pages(call);
    });
    const { zoho } = client(f, { desk: DESK });
    const all = await zoho.desk.tickets.list().toArray({ limit: 1000 });
    expect(all).toHaveLength(250);
    expect(f.tokenCalls()).toBe(2);
    expect(f.calls.map((c) => c.url.searchParams.get('from'))).toEqual(['0', '100', '100', '200']);
    expect(f.calls[1]!.headers.get('authorization')).toBe('Zoho-oauthtoken test-access-1');
    expect(f.calls[2]!.headers.get('authorization')).toBe('Zoho-oauthtoken test-access-2');
  });
});

describe('desk: errors', () => {
  it('SCOPE_MISMATCH → ZohoPermissionError naming the missing scope, with no refresh', async () => {
    const f = fake(() =>
      json(
        {
          errorCode: 'SCOPE_MISMATCH',
          message: 'The OAuth token does not have the scope to access this resource. Required scope: Desk.tickets.READ',
        },
        401,
      ),
    );
    const { zoho } = client(f, { desk: DESK });
    const error = await rejection(zoho.desk.tickets.get('1'));
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.code).toBe('SCOPE_MISMATCH');
    expect(error.details?.requiredScope).toBe('Desk.tickets.READ');
    expect(error.message).toContain('Desk.tickets.READ');
    expect(f.calls).toHaveLength(1);
    expect(f.tokenCalls()).toBe(1);
  });

  it('OAUTH_ORG_MISMATCH → ZohoPermissionError naming the org', async () => {
    const f = fake(() =>
      json(
        { errorCode: 'OAUTH_ORG_MISMATCH', message: 'The OAuth token was generated for another organization.' },
        401,
      ),
    );
    const { zoho } = client(f, { desk: DESK });
    const error = await rejection(zoho.desk.departments.list().toArray({ limit: 1 }));
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.details?.orgId).toBe(ORG);
    expect(error.message).toContain(ORG);
    expect(f.calls).toHaveLength(1);
  });

  it('422 with errors[0].fieldName → ZohoValidationError with details.fieldName', async () => {
    const f = fake(() =>
      json(
        {
          errorCode: 'UNPROCESSABLE_ENTITY',
          message: 'An invalid or empty value was supplied for a mandatory field.',
          errors: [{ fieldName: '/departmentId', errorType: 'invalid', errorMessage: 'no such department' }],
        },
        422,
      ),
    );
    const { zoho } = client(f, { desk: DESK });
    const error = await rejection(zoho.desk.tickets.create(validTicket));
    expect(error).toBeInstanceOf(ZohoValidationError);
    expect(error.details).toMatchObject({ fieldName: '/departmentId', errorType: 'invalid' });
    expect(error.message).toContain('/departmentId');
    expect(f.calls).toHaveLength(1);
  });

  it('429 → ZohoRateLimitError once retries are spent', async () => {
    const f = fake(() => json({ errorCode: 'TOO_MANY_REQUESTS', message: 'Too many concurrent requests.' }, 429));
    const { zoho } = client(f, { desk: DESK, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await rejection(zoho.desk.tickets.get('1'));
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(f.calls).toHaveLength(2);
  });
});

describe('desk: ticket create is never blindly replayed', () => {
  /** A Desk that stores tickets and can lose the answer of a create (the connection resets after storing). */
  function deskServer(options: { resetAfterStoring?: number; resetBeforeStoring?: number; status500?: number }) {
    const stored: Record<string, unknown>[] = [];
    let posts = 0;
    const f = fake((call) => {
      const { pathname, searchParams } = call.url;
      if (call.method === 'POST' && pathname === '/api/v1/tickets') {
        posts++;
        if (posts === options.resetBeforeStoring) throw connectionReset();
        const created = ticket(stored.length + 1, JSON.parse(call.body));
        stored.push(created);
        if (posts === options.resetAfterStoring) throw connectionReset();
        if (posts === options.status500) return json({ errorCode: 'INTERNAL_SERVER_ERROR', message: 'oops' }, 500);
        return json(created);
      }
      if (pathname === '/api/v1/tickets/search') {
        const [field, value] = (searchParams.get('customField1') ?? '').split(':');
        const found = stored.filter((t) => (t.cf as Record<string, unknown> | undefined)?.[field!] === value);
        return found.length ? json({ data: found }) : noContent();
      }
      return json({ errorCode: 'URL_NOT_FOUND', message: 'no' }, 404);
    });
    const posted = () => f.calls.filter((c) => c.method === 'POST');
    const searched = () => f.calls.filter((c) => c.url.pathname.endsWith('/search'));
    return { f, stored, posted, searched };
  }

  it('without a key, a reset after sending is thrown as outcome unknown: one POST, no search', async () => {
    const server = deskServer({ resetAfterStoring: 1 });
    const { zoho } = client(server.f, { desk: DESK });
    const error = await rejection(zoho.desk.tickets.create(validTicket));
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.details?.outcome).toBe('unknown');
    expect(server.posted()).toHaveLength(1);
    expect(server.searched()).toHaveLength(0);
  });

  it('with a key, a reset after Desk stored the ticket → found by search: exactly one ticket, no second POST', async () => {
    const server = deskServer({ resetAfterStoring: 1 });
    const { zoho, events } = client(server.f, { desk: DESK });
    const result = await zoho.desk.tickets.create(validTicket, { idempotencyKey: 'form-2024-0001' });

    expect(server.stored).toHaveLength(1);
    expect(result.id).toBe(server.stored[0]!.id);
    expect(server.posted()).toHaveLength(1);
    expect(JSON.parse(server.posted()[0]!.body).cf).toEqual({ cf_zohokit_key: 'form-2024-0001' });
    expect(server.searched()[0]!.url.searchParams.get('customField1')).toBe('cf_zohokit_key:form-2024-0001');
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'ticket_reconciled' }));
  });

  it('with a key, a reset before Desk stored it → searched (3 tries) then created again once', async () => {
    const server = deskServer({ resetBeforeStoring: 1 });
    const { zoho, events } = client(server.f, { desk: DESK });
    const result = await zoho.desk.tickets.create(validTicket, { idempotencyKey: 'form-2024-0002' });

    expect(server.stored).toHaveLength(1);
    expect(result.id).toBe(server.stored[0]!.id);
    expect(server.posted()).toHaveLength(2);
    expect(server.searched()).toHaveLength(3);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'ticket_create_replayed' }));
  });

  it('with a key, a 500 after storing is reconciled the same way', async () => {
    const server = deskServer({ status500: 1 });
    const { zoho } = client(server.f, { desk: DESK });
    const result = await zoho.desk.tickets.create(validTicket, { idempotencyKey: 'k-500' });
    expect(result.id).toBe(server.stored[0]!.id);
    expect(server.posted()).toHaveLength(1);
  });

  it('uses the configured idempotency field', async () => {
    const server = deskServer({ resetAfterStoring: 1 });
    const { zoho } = client(server.f, { desk: { ...DESK, idempotencyField: 'cf_request_id' } });
    await zoho.desk.tickets.create(validTicket, { idempotencyKey: 'r-1' });
    expect(JSON.parse(server.posted()[0]!.body).cf).toEqual({ cf_request_id: 'r-1' });
    expect(server.searched()[0]!.url.searchParams.get('customField1')).toBe('cf_request_id:r-1');
  });

  it('if the lookup itself fails (no search scope), the original unknown-outcome error is thrown, not a new POST', async () => {
    const f = fake((call) => {
      if (call.method === 'POST') throw connectionReset();
      return json({ errorCode: 'SCOPE_MISMATCH', message: 'No scope. Required scope: Desk.search.READ' }, 401);
    });
    const { zoho, events } = client(f, { desk: DESK });
    const error = await rejection(zoho.desk.tickets.create(validTicket, { idempotencyKey: 'k-lookup' }));
    expect(error).toBeInstanceOf(ZohoConnectionError);
    expect(error.details?.outcome).toBe('unknown');
    expect(f.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'ticket_lookup_failed' }));
  });

  it('does not search after an error that says the ticket was not created (422)', async () => {
    const f = fake(() => json({ errorCode: 'UNPROCESSABLE_ENTITY', message: 'bad', fieldName: '/subject' }, 422));
    const { zoho } = client(f, { desk: DESK });
    await expect(zoho.desk.tickets.create(validTicket, { idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      ZohoValidationError,
    );
    expect(f.calls).toHaveLength(1);
  });
});
