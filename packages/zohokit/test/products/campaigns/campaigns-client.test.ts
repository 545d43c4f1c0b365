import { describe, expect, it } from 'vitest';
import {
  ZohoApiError,
  ZohoAuthError,
  ZohoNotFoundError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import { type Call, client, fake, form, json, rejection } from '../../support/fake-fetch.js';

const LIST = '3c20ad524dfa4af86216a5be13e238ed';
const SUBSCRIBED = { status: 'success', code: '0', message: 'User successfully subscribed.', version: '1.1' };
const CONFIRM = {
  status: 'success',
  code: '0',
  message: 'A confirmation email is sent to the user. User needs to confirm to successfully subscribe.',
};
const error = (code: string, message: string) => ({ status: 'error', code, message });
const MINUTE = 60_000;

describe('campaigns: subscribe', () => {
  it('POSTs a form body with resfmt=JSON and contactinfo as JSON keyed by display names', async () => {
    const f = fake(() => json(SUBSCRIBED));
    const { zoho } = client(f);
    await zoho.campaigns.subscribe({
      listKey: LIST,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      fields: { 'Company Name': 'Analytical Engines' },
      source: 'website',
      topicId: 't-1',
    });

    const call = f.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/api/v1.1/json/listsubscribe');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const body = form(call);
    expect(body.get('resfmt')).toBe('JSON');
    expect(body.get('listkey')).toBe(LIST);
    expect(body.get('source')).toBe('website');
    expect(body.get('topic_id')).toBe('t-1');
    expect(JSON.parse(body.get('contactinfo')!)).toEqual({
      'Contact Email': 'ada@example.com',
      'First Name': 'Ada',
      'Last Name': 'Lovelace',
      'Company Name': 'Analytical Engines',
    });
  });

  it('keeps the email out of the URL of every write', async () => {
    const f = fake((call) => json(call.url.pathname.endsWith('listunsubscribe') ? { ...SUBSCRIBED } : SUBSCRIBED));
    const { zoho } = client(f);
    await zoho.campaigns.subscribe({ listKey: LIST, email: 'ada@example.com' });
    await zoho.campaigns.unsubscribe({ listKey: LIST, email: 'ada@example.com' });
    await zoho.campaigns.bulkAdd({ listKey: LIST, emails: ['ada@example.com', 'bob@example.com'] });
    expect(f.calls).toHaveLength(3);
    for (const call of f.calls) {
      expect(call.method).toBe('POST');
      expect(call.url.search).toBe('');
      expect(call.url.href).not.toContain('example.com');
      expect(call.body).toContain('example.com');
    }
    expect(form(f.calls[1]).get('contactinfo')).toBe('{"Contact Email":"ada@example.com"}');
    expect(form(f.calls[2]).get('emailids')).toBe('ada@example.com,bob@example.com');
  });

  it('says whether the contact is on the list or awaits double opt-in confirmation', async () => {
    let n = 0;
    const f = fake(() => json(n++ === 0 ? SUBSCRIBED : CONFIRM));
    const { zoho } = client(f);
    expect(await zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' })).toEqual({
      status: 'subscribed',
      message: SUBSCRIBED.message,
    });
    expect(await zoho.campaigns.subscribe({ listKey: LIST, email: 'b@example.com' })).toEqual({
      status: 'pending_confirmation',
      message: CONFIRM.message,
    });
  });

  it('rejects bad input before sending, naming the field', async () => {
    const f = fake(() => json(SUBSCRIBED));
    const { zoho } = client(f);
    const cases: [Promise<unknown>, string][] = [
      [zoho.campaigns.subscribe({ listKey: LIST, email: 'not-an-email' }), 'email'],
      [zoho.campaigns.subscribe({ listKey: '', email: 'a@example.com' }), 'listKey'],
      [
        zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com', fields: { 'Contact Email': 'b@x.io' } }),
        'fields.Contact Email',
      ],
      [zoho.campaigns.unsubscribe({ listKey: LIST, email: 'a@@example.com' }), 'email'],
    ];
    for (const [promise, fieldName] of cases) {
      const e = await rejection(promise);
      expect(e).toBeInstanceOf(ZohoValidationError);
      expect(e.details?.fieldName).toBe(fieldName);
    }
    expect(f.calls).toHaveLength(0);
  });
});

describe('campaigns: errors inside HTTP 200', () => {
  const cases: [string, object, new (...args: never[]) => Error, Record<string, unknown>][] = [
    ['2004 invalid email', error('2004', 'Invalid contact email address'), ZohoValidationError, { fieldName: 'email' }],
    ['2501 bad list key', error('2501', 'Listkey is empty or invalid'), ZohoNotFoundError, { fieldName: 'listKey' }],
    ['2102 bad list key', error('2102', 'Listkey empty/invalid'), ZohoNotFoundError, { fieldName: 'listKey' }],
    [
      '2701 missing scope',
      error('2701', 'Insufficient privilege. This API requires ZohoCampaigns.contact.UPDATE'),
      ZohoPermissionError,
      { requiredScope: 'ZohoCampaigns.contact.UPDATE' },
    ],
    ['an unknown code', error('9999', 'Something new'), ZohoApiError, {}],
  ];
  for (const [what, body, type, details] of cases) {
    it(`maps ${what} to ${type.name}, keeping Zoho's code`, async () => {
      const f = fake(() => json(body));
      const { zoho } = client(f);
      const e = await rejection(zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' }));
      expect(e).toBeInstanceOf(type);
      expect(e.code).toBe((body as { code: string }).code);
      expect(e.status).toBe(200);
      expect(e.details ?? {}).toMatchObject(details);
      expect(f.calls).toHaveLength(1);
    });
  }

  it('2101 lock-out → ZohoRateLimitError with the 30-minute lock period, not retried', async () => {
    const f = fake(() => json(error('2101', 'Please retry after sometime.')));
    const { zoho } = client(f);
    const e = await rejection(zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' }));
    expect(e).toBeInstanceOf(ZohoRateLimitError);
    expect((e as ZohoRateLimitError).retryAfterMs).toBe(30 * MINUTE);
    expect(f.calls).toHaveLength(1);
  });

  it('1007 → one refresh and one replay', async () => {
    let n = 0;
    const f = fake(() =>
      json(n++ === 0 ? error('1007', 'Unauthorized key. The OAuth token is invalid or expired.') : SUBSCRIBED),
    );
    const { zoho } = client(f);
    expect((await zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' })).status).toBe('subscribed');
    expect(f.tokenCalls()).toBe(2);
    expect(f.calls).toHaveLength(2);
    expect(f.calls[1]!.headers.get('authorization')).toBe('Zoho-oauthtoken test-access-2');
  });

  it('1007 again after the refresh → ZohoAuthError, no loop', async () => {
    const f = fake(() => json(error('1007', 'Unauthorized key.')));
    const { zoho } = client(f);
    const e = await rejection(zoho.campaigns.lists().toArray({ limit: 10 }));
    expect(e).toBeInstanceOf(ZohoAuthError);
    expect(f.tokenCalls()).toBe(2);
    expect(f.calls).toHaveLength(2);
  });
});

describe('campaigns: bulkAdd', () => {
  const emails = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`);
  const chunkOf = (call: Call) => form(call).get('emailids')!.split(',');

  it('sends 95 addresses as 10 calls of at most 10, one result per chunk', async () => {
    const f = fake(() => json({ status: 'success', code: '0', message: 'added' }));
    const { zoho } = client(f);
    const result = await zoho.campaigns.bulkAdd({ listKey: LIST, emails: emails(95) });

    expect(f.calls).toHaveLength(10);
    expect(f.calls.map((c) => chunkOf(c).length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(f.calls.flatMap(chunkOf)).toEqual(emails(95));
    for (const call of f.calls) {
      expect(call.url.pathname).toBe('/api/v1.1/addlistsubscribersinbulk');
      expect(form(call).get('listkey')).toBe(LIST);
      expect(form(call).get('resfmt')).toBe('JSON');
    }
    expect(result.ok).toBe(true);
    expect(result.chunks.map((c) => [c.chunk, c.status, c.emails.length])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i, 'added', i === 9 ? 5 : 10]),
    );
    expect(result.totals).toEqual({ chunks: 10, emails: 95, added: 95, failed: 0, notAttempted: 0 });
  });

  it('a failed chunk does not lose the others', async () => {
    let n = 0;
    const f = fake(() =>
      json(n++ === 2 ? error('2004', 'Invalid contact email address') : { status: 'success', code: '0' }),
    );
    const { zoho } = client(f);
    const result = await zoho.campaigns.bulkAdd({ listKey: LIST, emails: emails(50) });

    expect(f.calls).toHaveLength(5);
    expect(result.ok).toBe(false);
    expect(result.chunks.map((c) => c.status)).toEqual(['added', 'added', 'failed', 'added', 'added']);
    expect(result.chunks[2]!.error).toBeInstanceOf(ZohoValidationError);
    expect(result.chunks[2]!.error?.code).toBe('2004');
    expect(result.chunks[2]!.emails).toEqual(emails(50).slice(20, 30));
    expect(result.totals).toEqual({ chunks: 5, emails: 50, added: 40, failed: 10, notAttempted: 0 });
  });

  it('a lock-out stops the run: no loop, the rest is reported not attempted', async () => {
    let n = 0;
    const f = fake(() =>
      json(n++ >= 3 ? error('2101', 'Please retry after sometime.') : { status: 'success', code: '0' }),
    );
    const { zoho } = client(f);
    // One chunk at a time, so the stop point is exact (the concurrent case is below).
    const result = await zoho.campaigns.bulkAdd({ listKey: LIST, emails: emails(100), concurrency: 1 });

    expect(f.calls).toHaveLength(4);
    expect(result.chunks.map((c) => c.status)).toEqual([
      'added',
      'added',
      'added',
      'failed',
      ...Array(6).fill('not_attempted'),
    ]);
    const lockout = result.chunks[3]!.error as ZohoRateLimitError;
    expect(lockout).toBeInstanceOf(ZohoRateLimitError);
    expect(lockout.code).toBe('2101');
    // addlistsubscribersinbulk is locked for 10 minutes, the others for 30 (docs/zoho-behaviour.md).
    expect(lockout.retryAfterMs).toBe(10 * MINUTE);
    expect(result.totals).toEqual({ chunks: 10, emails: 100, added: 30, failed: 10, notAttempted: 60 });
  });

  it('keeps up to `concurrency` chunks in flight, reports them in order, and starts none after a lock-out', async () => {
    let n = 0;
    const f = fake(async () => {
      const mine = n++;
      await new Promise((r) => setTimeout(r, 20));
      return json(mine === 6 ? error('2101', 'Please retry after sometime.') : { status: 'success', code: '0' });
    });
    const { zoho } = client(f);
    const result = await zoho.campaigns.bulkAdd({ listKey: LIST, emails: emails(200), concurrency: 3 });
    expect(f.maxInFlight()).toBe(3);
    expect(result.chunks.map((c) => c.chunk)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Chunks 7 and 8 were already in flight when chunk 6 was refused; nothing started after.
    expect(f.calls).toHaveLength(9);
    expect(result.totals).toMatchObject({ added: 80, failed: 10, notAttempted: 110 });
    expect(result.chunks[6]?.status).toBe('failed');
  });

  it('checks every address first: one bad address sends nothing', async () => {
    const f = fake(() => json({ status: 'success', code: '0' }));
    const { zoho } = client(f);
    const list = emails(60);
    list[42] = 'user42.example.com';
    const e = await rejection(zoho.campaigns.bulkAdd({ listKey: LIST, emails: list }));
    expect(e).toBeInstanceOf(ZohoValidationError);
    expect(e.details?.fieldName).toBe('emails[42]');
    await expect(zoho.campaigns.bulkAdd({ listKey: LIST, emails: [] })).rejects.toBeInstanceOf(ZohoValidationError);
    expect(f.calls).toHaveLength(0);
  });
});

describe('campaigns: lists and subscribers', () => {
  const subscriber = (i: number) => ({
    contact_email: `user${i}@example.com`,
    firstname: 'User',
    lastname: String(i),
    contact_status: 'active',
    added_time: '1700000000000',
  });

  it('pages 1,200 subscribers with range 200: one count call and six page calls, nothing past the end', async () => {
    const f = fake((call) => {
      const q = call.url.searchParams;
      if (call.url.pathname.endsWith('/listsubscriberscount'))
        return json({ status: 'success', code: '0', no_of_contacts: '1200' });
      const from = Number(q.get('fromindex'));
      const range = Number(q.get('range'));
      const items = Array.from({ length: Math.max(0, Math.min(range, 1201 - from)) }, (_, i) => subscriber(from + i));
      return json({ status: 'success', code: '0', list_of_details: items });
    });
    const { zoho } = client(f);
    const all = await zoho.campaigns.subscribers({ listKey: LIST }).toArray({ limit: 5000 });

    expect(all).toHaveLength(1200);
    expect(all[0]!.contact_email).toBe('user1@example.com');
    expect(all.at(-1)!.contact_email).toBe('user1200@example.com');
    const [count, ...pages] = f.calls;
    expect(count!.url.pathname).toBe('/api/v1.1/listsubscriberscount');
    expect(Object.fromEntries(count!.url.searchParams)).toEqual({ resfmt: 'JSON', listkey: LIST, status: 'active' });
    expect(pages.map((c) => c.url.searchParams.get('fromindex'))).toEqual(['1', '201', '401', '601', '801', '1001']);
    for (const call of f.calls) {
      expect(call.method).toBe('GET');
      expect(call.url.searchParams.get('resfmt')).toBe('JSON');
    }
    expect(pages.every((c) => c.url.searchParams.get('range') === '200')).toBe(true);
  });

  it('asks for no page when the count is 0', async () => {
    const f = fake(() => json({ status: 'success', code: '0', no_of_contacts: '0' }));
    const { zoho } = client(f);
    expect(await zoho.campaigns.subscribers({ listKey: LIST, status: 'unsub' }).toArray({ limit: 10 })).toEqual([]);
    expect(f.calls).toHaveLength(1);
    expect(await zoho.campaigns.subscriberCount({ listKey: LIST, status: 'unsub' })).toBe(0);
  });

  it('lists mailing lists from list_of_details, 1-based, ending on a short page', async () => {
    const lists = Array.from({ length: 230 }, (_, i) => ({
      listkey: `key${i}`,
      listname: `List ${i}`,
      noofcontacts: '3',
    }));
    const f = fake((call) => {
      const from = Number(call.url.searchParams.get('fromindex'));
      const range = Number(call.url.searchParams.get('range'));
      return json({ status: 'success', code: '0', list_of_details: lists.slice(from - 1, from - 1 + range) });
    });
    const { zoho } = client(f);
    const names: string[] = [];
    for await (const list of zoho.campaigns.lists()) names.push(list.listname);
    expect(names).toHaveLength(230);
    expect(f.calls.map((c) => [c.url.pathname, c.url.searchParams.get('fromindex')])).toEqual([
      ['/api/v1.1/getmailinglists', '1'],
      ['/api/v1.1/getmailinglists', '201'],
    ]);
  });

  it('treats 2401 "no mailing list has been created" as an empty result', async () => {
    const f = fake(() => json(error('2401', 'No mailing list has been created')));
    const { zoho } = client(f);
    expect(await zoho.campaigns.lists().toArray({ limit: 10 })).toEqual([]);
  });

  it('rejects a range over 200 and an unknown status before sending', () => {
    const { zoho } = client(fake(() => json({})));
    expect(() => zoho.campaigns.lists({ pageSize: 201 })).toThrow(ZohoValidationError);
    expect(() => zoho.campaigns.subscribers({ listKey: LIST, status: 'gone' as never })).toThrow(/status/);
  });
});
