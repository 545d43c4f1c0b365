import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignsTransport } from '../support/campaigns.js';
import { campaigns, campaignsToken, DOUBLE_OPT_IN, errorEnvelope, IMMEDIATE } from '../support/campaigns.js';

let emu: EmulatorHandle;
let token: string;
beforeEach(async () => {
  emu = await startEmulator();
  token = await campaignsToken(emu, 'ZohoCampaigns.contact.READ');
});
afterEach(() => emu.close());

const read = (api: string, params: Record<string, string | number>, transport: CampaignsTransport = 'get') =>
  campaigns(emu, token, api, params, transport);

describe('getmailinglists', () => {
  it('lists the two seeded lists, then created ones, with counts and times as strings', async () => {
    const created = await emu.control.campaigns.createList({ name: 'Customers' });
    await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 3 });
    await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 2, status: 'unsub' });
    const reply = await read('getmailinglists', { fromindex: 1, range: 10 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: 'success',
      code: '0',
      message: 'Success',
      uri: '/api/v1.1/getmailinglists',
      version: '1.1',
      sort: 'Ascending Order',
      fromindex: '1',
      range: '10',
      list_of_details: [
        expect.objectContaining({ listkey: IMMEDIATE, listname: 'Newsletter', noofcontacts: '3', noofunsubcnt: '2' }),
        expect.objectContaining({
          listkey: DOUBLE_OPT_IN,
          listname: 'Announcements (double opt-in)',
          noofcontacts: '0',
        }),
        expect.objectContaining({ listkey: created.listKey, listname: 'Customers' }),
      ],
    });
    const [first] = reply.body.list_of_details as Record<string, unknown>[];
    expect(first).toEqual({
      listkey: IMMEDIATE,
      listname: 'Newsletter',
      noofcontacts: '3',
      noofunsubcnt: '2',
      noofbouncecnt: '0',
      created_date: expect.stringMatching(/^\d{13}$/),
      lockstatus: 'unlocked',
      is_public: 'false',
      listunino: '1',
      segments: [],
      owner: 'dev@zohokit.test',
      zuid: '10000001',
    });
    expect(created.listKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('pages 1-based, sorts, and answers an empty page past the end', async () => {
    const keys = (r: { body: Record<string, unknown> }) =>
      (r.body.list_of_details as { listkey: string }[]).map((l) => l.listkey);
    expect(keys(await read('getmailinglists', { fromindex: 2, range: 1 }))).toEqual([DOUBLE_OPT_IN]);
    expect(keys(await read('getmailinglists', { sort: 'desc', range: 1 }))).toEqual([DOUBLE_OPT_IN]);
    expect(keys(await read('getmailinglists', { fromindex: 3, range: 200 }))).toEqual([]);
    expect((await read('getmailinglists', { range: 201 })).body).toEqual(
      errorEnvelope('6502', '/api/v1.1/getmailinglists'),
    );
    expect((await read('getmailinglists', { fromindex: 0 })).body.code).toBe('1005');
    expect((await read('getmailinglists', { range: 'ten' })).body.code).toBe('1005');
    expect((await read('getmailinglists', { sort: 'up' })).body.code).toBe('1001');
  });
});

describe('getlistsubscribers and listsubscriberscount', () => {
  it('pages 1,200 seeded subscribers with range 200: six full pages in order, then an empty page', async () => {
    const seeded = await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 1200 });
    expect(seeded).toMatchObject({ added: 1200, updated: 0, counts: { active: 1200, total: 1200 } });

    const count = await read('listsubscriberscount', { listkey: IMMEDIATE, status: 'active' });
    expect(count.body).toEqual({
      status: 'success',
      code: '0',
      message: 'Success',
      uri: '/api/v1.1/listsubscriberscount',
      version: '1.1',
      no_of_contacts: '1200',
    });

    const emails: string[] = [];
    for (let fromindex = 1; fromindex <= 1001; fromindex += 200) {
      const page = await read('getlistsubscribers', { listkey: IMMEDIATE, status: 'active', fromindex, range: 200 });
      expect(page.body).toMatchObject({ status: 'success', code: '0', fromindex: String(fromindex), range: '200' });
      const items = page.body.list_of_details as { contact_email: string }[];
      expect(items).toHaveLength(200);
      emails.push(...items.map((i) => i.contact_email));
    }
    expect(emails).toEqual(Array.from({ length: 1200 }, (_, i) => `user${i + 1}@example.com`));

    const past = await read('getlistsubscribers', {
      listkey: IMMEDIATE,
      status: 'active',
      fromindex: 1201,
      range: 200,
    });
    expect(past.body).toMatchObject({ status: 'success', code: '0', list_of_details: [] });
    const first = await read('getlistsubscribers', { listkey: IMMEDIATE, range: 1 });
    expect(first.body).toMatchObject({
      list_details: { listkey: IMMEDIATE, listname: 'Newsletter', noofcontacts: '1200', ispublic: 'false' },
      list_of_details: [
        {
          contact_email: 'user1@example.com',
          firstname: 'User',
          lastname: '1',
          contact_status: 'active',
          added_time: expect.stringMatching(/^\d{13}$/),
        },
      ],
    });
    const last = await read('getlistsubscribers', { listkey: IMMEDIATE, range: 1, sort: 'desc' });
    expect(last.body.list_of_details).toMatchObject([{ contact_email: 'user1200@example.com' }]);
  });

  it('filters by status: active, pending, unsub, bounce, all', async () => {
    await emu.control.campaigns.seedSubscribers({ listKey: DOUBLE_OPT_IN, count: 4 });
    await emu.control.campaigns.seedSubscribers({ listKey: DOUBLE_OPT_IN, count: 3, status: 'pending' });
    await emu.control.campaigns.seedSubscribers({ listKey: DOUBLE_OPT_IN, count: 2, status: 'unsub' });
    await emu.control.campaigns.seedSubscribers({
      listKey: DOUBLE_OPT_IN,
      emails: ['gone@example.com'],
      status: 'bounce',
    });
    const expected = { active: 4, pending: 3, unsub: 2, bounce: 1, all: 10, recent: 4, mostrecent: 4 };
    for (const [status, n] of Object.entries(expected)) {
      const count = await read('listsubscriberscount', { listkey: DOUBLE_OPT_IN, status }, 'query');
      expect(count.body.no_of_contacts, status).toBe(String(n));
      const page = await read('getlistsubscribers', { listkey: DOUBLE_OPT_IN, status, range: 200 }, 'form');
      expect(page.body.list_of_details, status).toHaveLength(n);
    }
    // Without status: active.
    expect((await read('listsubscriberscount', { listkey: DOUBLE_OPT_IN })).body.no_of_contacts).toBe('4');
    const recent = await read('getlistsubscribers', { listkey: DOUBLE_OPT_IN, status: 'recent', range: 1 });
    expect(recent.body.list_of_details).toMatchObject([{ contact_email: 'user4@example.com' }]);
    expect((await read('listsubscriberscount', { listkey: DOUBLE_OPT_IN, status: 'gone' })).body.code).toBe('1001');
  });

  it('reads parameters from GET, POST query, urlencoded and multipart alike', async () => {
    await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 5 });
    for (const transport of ['get', 'query', 'form', 'multipart'] as const) {
      const reply = await read('getlistsubscribers', { listkey: IMMEDIATE, fromindex: 2, range: 2 }, transport);
      expect(
        (reply.body.list_of_details as { contact_email: string }[]).map((c) => c.contact_email),
        transport,
      ).toEqual(['user2@example.com', 'user3@example.com']);
    }
  });

  it('rejects a bad list key with 2501, a missing one with 903, range over 200 with 6502', async () => {
    const uri = '/api/v1.1/getlistsubscribers';
    expect((await read('getlistsubscribers', { listkey: 'abc' })).body).toEqual({
      ...errorEnvelope('2501', uri),
      message: 'Listkey is empty or invalid.',
    });
    expect((await read('listsubscriberscount', {})).body).toEqual(
      errorEnvelope('903', '/api/v1.1/listsubscriberscount'),
    );
    expect((await read('getlistsubscribers', { listkey: IMMEDIATE, range: 500 })).body).toEqual({
      ...errorEnvelope('6502', uri),
      message: 'Limit given is more than the maximum. range must be at most 200.',
    });
  });
});
