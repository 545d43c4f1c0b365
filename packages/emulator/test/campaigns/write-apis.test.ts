import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignsTransport } from '../support/campaigns.js';
import {
  campaigns,
  campaignsToken,
  contactinfo,
  DOUBLE_OPT_IN,
  errorEnvelope,
  IMMEDIATE,
} from '../support/campaigns.js';

const SUBSCRIBE = '/api/v1.1/json/listsubscribe';
const UNSUBSCRIBE = '/api/v1.1/json/listunsubscribe';
const CONFIRM_MESSAGE = 'A confirmation email is sent to the user. User needs to confirm to successfully subscribe.';

let emu: EmulatorHandle;
let token: string;
beforeEach(async () => {
  emu = await startEmulator();
  token = await campaignsToken(emu);
});
afterEach(() => emu.close());

const subscribe = (params: Record<string, string>, transport: CampaignsTransport = 'form') =>
  campaigns(emu, token, 'json/listsubscribe', params, transport);
const unsubscribe = (params: Record<string, string>) => campaigns(emu, token, 'json/listunsubscribe', params);

describe('listsubscribe to an immediate list', () => {
  for (const transport of ['query', 'form', 'multipart'] as const) {
    it(`reads the parameters from a POST's ${transport === 'query' ? 'query string' : `${transport} body`}`, async () => {
      const reply = await subscribe(
        { listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': `${transport}@example.com` }) },
        transport,
      );
      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/json;charset=UTF-8');
      expect(reply.body).toEqual({
        status: 'success',
        code: '0',
        message: 'User successfully subscribed.',
        uri: SUBSCRIBE,
        version: '1.1',
      });
      const [subscriber] = await emu.control.campaigns.subscribers(IMMEDIATE);
      expect(subscriber).toMatchObject({ email: `${transport}@example.com`, status: 'active' });
    });
  }

  it("accepts strict JSON and Zoho's loose form, with display-name keys and any other field", async () => {
    await subscribe({
      listkey: IMMEDIATE,
      contactinfo: contactinfo({
        'Contact Email': 'Ada@Example.com',
        'First Name': 'Ada',
        'Last Name': 'Lovelace',
        'Company Name': 'Analytical Engines',
      }),
      source: 'website',
    });
    // Zoho's own sample, exactly as its docs URL-encode it (zoho-api.md §3.3).
    const loose = await fetch(
      `${emu.url}${SUBSCRIBE}?resfmt=JSON&listkey=${IMMEDIATE}&contactinfo=%7BFirst+Name%3Amac%2CLast+Name%3ALast+Name%2CContact+Email%3Ajai%40zoho.com%7D`,
      { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${token}` } },
    );
    expect(await loose.json()).toMatchObject({ status: 'success', code: '0' });

    expect(await emu.control.campaigns.subscribers(IMMEDIATE)).toEqual([
      {
        email: 'ada@example.com',
        status: 'active',
        fields: { 'First Name': 'Ada', 'Last Name': 'Lovelace', 'Company Name': 'Analytical Engines' },
        source: 'website',
        addedAt: expect.any(Number),
        updatedAt: expect.any(Number),
      },
      {
        email: 'jai@zoho.com',
        status: 'active',
        fields: { 'First Name': 'mac', 'Last Name': 'Last Name' },
        source: null,
        addedAt: expect.any(Number),
        updatedAt: expect.any(Number),
      },
    ]);
    const page = await campaigns(emu, token, 'getlistsubscribers', { listkey: IMMEDIATE, range: 10 }, 'get');
    expect(page.body.list_of_details).toEqual([
      {
        contact_email: 'ada@example.com',
        firstname: 'Ada',
        lastname: 'Lovelace',
        contact_status: 'active',
        added_time: expect.stringMatching(/^\d{13}$/),
        companyname: 'Analytical Engines',
      },
      {
        contact_email: 'jai@zoho.com',
        firstname: 'mac',
        lastname: 'Last Name',
        contact_status: 'active',
        added_time: expect.stringMatching(/^\d{13}$/),
      },
    ]);
  });

  it('re-subscribing updates the fields and keeps the contact active', async () => {
    await subscribe({ listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }) });
    const again = await subscribe({
      listkey: IMMEDIATE,
      contactinfo: '{Contact Email:A@example.com,First Name:Ann}',
    });
    expect(again.body).toMatchObject({ status: 'success', message: 'User successfully subscribed.' });
    expect(await emu.control.campaigns.subscribers(IMMEDIATE)).toMatchObject([
      { email: 'a@example.com', status: 'active', fields: { 'First Name': 'Ann' } },
    ]);
  });
});

describe('listsubscribe to a double opt-in list', () => {
  it('leaves the contact pending, out of status=active, until the confirmation is clicked', async () => {
    const reply = await subscribe({
      listkey: DOUBLE_OPT_IN,
      contactinfo: contactinfo({ 'Contact Email': 'b@example.com', 'First Name': 'Bo' }),
    });
    expect(reply.body).toEqual({
      status: 'success',
      code: '0',
      message: CONFIRM_MESSAGE,
      uri: SUBSCRIBE,
      version: '1.1',
    });

    const active = () => campaigns(emu, token, 'getlistsubscribers', { listkey: DOUBLE_OPT_IN, range: 200 }, 'get');
    const count = async (status: string) =>
      (await campaigns(emu, token, 'listsubscriberscount', { listkey: DOUBLE_OPT_IN, status }, 'get')).body
        .no_of_contacts;
    expect((await active()).body.list_of_details).toEqual([]);
    expect(await count('active')).toBe('0');
    expect(await count('pending')).toBe('1');
    const pending = await campaigns(emu, token, 'getlistsubscribers', { listkey: DOUBLE_OPT_IN, status: 'pending' });
    expect(pending.body.list_of_details).toMatchObject([{ contact_email: 'b@example.com', contact_status: 'pending' }]);

    // Subscribing again while pending updates the fields and sends another confirmation.
    const again = await subscribe({
      listkey: DOUBLE_OPT_IN,
      contactinfo: contactinfo({ 'Contact Email': 'b@example.com', 'Last Name': 'Lee' }),
    });
    expect(again.body.message).toBe(CONFIRM_MESSAGE);

    const confirmed = await emu.control.campaigns.confirm({ listKey: DOUBLE_OPT_IN, email: 'B@example.com' });
    expect(confirmed).toMatchObject({
      email: 'b@example.com',
      status: 'active',
      fields: { 'First Name': 'Bo', 'Last Name': 'Lee' },
    });
    expect((await active()).body.list_of_details).toMatchObject([{ contact_email: 'b@example.com', firstname: 'Bo' }]);
    expect(await count('active')).toBe('1');

    // Confirmed contacts re-subscribe without a new confirmation; confirming twice is a 400.
    const update = await subscribe({
      listkey: DOUBLE_OPT_IN,
      contactinfo: contactinfo({ 'Contact Email': 'b@example.com' }),
    });
    expect(update.body.message).toBe('User successfully subscribed.');
    await expect(emu.control.campaigns.confirm({ listKey: DOUBLE_OPT_IN, email: 'b@example.com' })).rejects.toThrow(
      /email: 'b@example.com' is active, not pending confirmation .*answered 400/,
    );
  });
});

describe('listunsubscribe', () => {
  it('moves the contact to unsub, out of the active list, and re-subscribing follows the list kind', async () => {
    await subscribe({ listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': 'c@example.com' }) });
    const reply = await unsubscribe({
      listkey: IMMEDIATE,
      contactinfo: contactinfo({ 'Contact Email': 'C@example.com' }),
    });
    expect(reply.body).toEqual({
      status: 'success',
      code: '0',
      message: 'User successfully unsubscribed.',
      uri: UNSUBSCRIBE,
      version: '1.1',
    });
    const list = (status: string) =>
      campaigns(emu, token, 'getlistsubscribers', { listkey: IMMEDIATE, status }, 'get').then(
        (r) => r.body.list_of_details,
      );
    expect(await list('active')).toEqual([]);
    expect(await list('unsub')).toMatchObject([{ contact_email: 'c@example.com', contact_status: 'unsub' }]);

    // Unsubscribing again succeeds again.
    const twice = await unsubscribe({ listkey: IMMEDIATE, contactinfo: '{Contact Email:c@example.com}' });
    expect(twice.body.code).toBe('0');

    await subscribe({ listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': 'c@example.com' }) });
    expect(await list('active')).toMatchObject([{ contact_email: 'c@example.com' }]);
  });

  it('unsubscribes a pending contact; a contact not in the list is 2103; a bad list key is 2102', async () => {
    await subscribe({ listkey: DOUBLE_OPT_IN, contactinfo: contactinfo({ 'Contact Email': 'p@example.com' }) });
    expect(
      (await unsubscribe({ listkey: DOUBLE_OPT_IN, contactinfo: contactinfo({ 'Contact Email': 'p@example.com' }) }))
        .body.code,
    ).toBe('0');
    expect(await emu.control.campaigns.subscribers(DOUBLE_OPT_IN)).toMatchObject([{ status: 'unsub' }]);

    const missing = await unsubscribe({
      listkey: IMMEDIATE,
      contactinfo: contactinfo({ 'Contact Email': 'x@example.com' }),
    });
    expect(missing.body).toEqual({ ...errorEnvelope('2103', UNSUBSCRIBE), message: 'Contact does not exist.' });
    const badKey = await unsubscribe({
      listkey: 'f'.repeat(32),
      contactinfo: contactinfo({ 'Contact Email': 'p@example.com' }),
    });
    expect(badKey.body).toEqual({ ...errorEnvelope('2102', UNSUBSCRIBE), message: 'Listkey is empty or invalid.' });
  });
});

describe('parameter errors, inside HTTP 200', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['an invalid email', { listkey: IMMEDIATE, contactinfo: contactinfo({ 'Contact Email': 'not-an-email' }) }, '2004'],
    ['no Contact Email', { listkey: IMMEDIATE, contactinfo: contactinfo({ 'First Name': 'Ann' }) }, '2004'],
    ['contactinfo that is not JSON', { listkey: IMMEDIATE, contactinfo: 'Contact Email=a@example.com' }, '2001'],
    ['contactinfo that is a list', { listkey: IMMEDIATE, contactinfo: '["a@example.com"]' }, '2001'],
    ['a nested contactinfo value', { listkey: IMMEDIATE, contactinfo: '{"Contact Email":{"a":1}}' }, '2001'],
    [
      'an unknown list key',
      { listkey: '0'.repeat(32), contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }) },
      '2501',
    ],
    ['an empty list key', { listkey: '', contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }) }, '2501'],
    ['no listkey', { contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }) }, '903'],
    ['no contactinfo', { listkey: IMMEDIATE }, '903'],
    ['an unknown parameter', { listkey: IMMEDIATE, contactinfo: '{}', sortOrder: 'asc' }, '1002'],
    ['resfmt=XML', { listkey: IMMEDIATE, contactinfo: '{}', resfmt: 'XML' }, '1001'],
  ];
  for (const [what, params, code] of cases) {
    it(`${what} → ${code}, nothing stored`, async () => {
      const reply = await subscribe(params);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(errorEnvelope(code, SUBSCRIBE));
      expect(await emu.control.campaigns.subscribers(IMMEDIATE)).toEqual([]);
    });
  }

  it("says which parameter is missing or extra, with Zoho's wording first", async () => {
    expect((await subscribe({ listkey: IMMEDIATE })).body.message).toBe(
      'No mandatory fields in this URL. Missing parameter: contactinfo',
    );
    expect((await subscribe({ listkey: IMMEDIATE, contactinfo: '{}', x: '1' })).body.message).toBe(
      'Extra parameter found: x',
    );
    expect((await subscribe({ listkey: IMMEDIATE, contactinfo: '{Contact Email:a@b}' })).body.message).toBe(
      'Invalid contact email address: "a@b"',
    );
  });

  it('answers any other /api/v1.1 path or method with 1004 "Wrong URL entered.", token or not', async () => {
    const unknown = await campaigns(emu, null, 'openapi.json', {}, 'get');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ ...errorEnvelope('1004', '/api/v1.1/openapi.json'), message: 'Wrong URL entered.' });
    const xml = await campaigns(emu, token, 'xml/listsubscribe', { listkey: IMMEDIATE }, 'form');
    expect(xml.body.code).toBe('1004');
    const getWrite = await campaigns(emu, token, 'json/listsubscribe', { listkey: IMMEDIATE }, 'get');
    expect(getWrite.body).toEqual(errorEnvelope('1004', SUBSCRIBE));
  });
});
