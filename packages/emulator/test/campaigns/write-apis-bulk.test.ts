import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  campaigns,
  campaignsToken,
  contactinfo,
  DOUBLE_OPT_IN,
  errorEnvelope,
  IMMEDIATE,
} from '../support/campaigns.js';

const BULK = '/api/v1.1/addlistsubscribersinbulk';
const emails = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `bulk${from + i}@example.com`);

let emu: EmulatorHandle;
let token: string;
beforeEach(async () => {
  emu = await startEmulator();
  token = await campaignsToken(emu, 'ZohoCampaigns.contact.CREATE');
});
afterEach(() => emu.close());

const bulk = (listkey: string, emailids: string, transport: 'form' | 'query' | 'multipart' = 'form') =>
  campaigns(emu, token, 'addlistsubscribersinbulk', { listkey, emailids }, transport);

describe('addlistsubscribersinbulk', () => {
  it('adds up to 10 addresses at once, active even on a double opt-in list', async () => {
    const reply = await bulk(DOUBLE_OPT_IN, emails(10).join(','));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: 'success',
      code: '0',
      message: 'Contacts added successfully.',
      uri: BULK,
      version: '1.1',
      listkey: DOUBLE_OPT_IN,
      listname: 'Announcements (double opt-in)',
    });
    const stored = await emu.control.campaigns.subscribers(DOUBLE_OPT_IN);
    expect(stored.map((s) => [s.email, s.status])).toEqual(emails(10).map((e) => [e, 'active']));
  });

  it('trims, lower-cases and de-duplicates, over query, urlencoded and multipart', async () => {
    expect((await bulk(IMMEDIATE, ' A@example.com , b@example.com,,a@example.com', 'query')).body.code).toBe('0');
    expect((await bulk(IMMEDIATE, 'c@example.com', 'multipart')).body.code).toBe('0');
    const stored = await emu.control.campaigns.subscribers(IMMEDIATE);
    expect(stored.map((s) => s.email)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('keeps the status of contacts already in the list (an import never overrides an unsubscribe)', async () => {
    const subscriber = await campaignsToken(emu, 'ZohoCampaigns.contact.ALL');
    await campaigns(emu, subscriber, 'json/listsubscribe', {
      listkey: DOUBLE_OPT_IN,
      contactinfo: contactinfo({ 'Contact Email': 'p@example.com' }),
    });
    await emu.control.campaigns.seedSubscribers({ listKey: DOUBLE_OPT_IN, emails: ['u@example.com'], status: 'unsub' });
    expect((await bulk(DOUBLE_OPT_IN, 'p@example.com,u@example.com,n@example.com')).body.code).toBe('0');
    const stored = await emu.control.campaigns.subscribers(DOUBLE_OPT_IN);
    expect(stored.map((s) => [s.email, s.status])).toEqual([
      ['p@example.com', 'pending'],
      ['u@example.com', 'unsub'],
      ['n@example.com', 'active'],
    ]);
  });

  it('11 addresses → 6502; one invalid address → 2004; both add nothing', async () => {
    expect((await bulk(IMMEDIATE, emails(11).join(','))).body).toEqual({
      ...errorEnvelope('6502', BULK),
      message: 'Limit given is more than the maximum. emailids takes at most 10 addresses.',
    });
    const withBad = [...emails(4), 'bulk5.example.com', ...emails(3, 6)];
    expect((await bulk(IMMEDIATE, withBad.join(','))).body).toEqual({
      ...errorEnvelope('2004', BULK),
      message: 'Invalid contact email address: "bulk5.example.com"',
    });
    expect(await emu.control.campaigns.subscribers(IMMEDIATE)).toEqual([]);
  });

  it('bad list key → 2501, no emailids → 903, empty emailids → 903', async () => {
    expect((await bulk('nope', 'a@example.com')).body).toEqual(errorEnvelope('2501', BULK));
    const missing = await campaigns(emu, token, 'addlistsubscribersinbulk', { listkey: IMMEDIATE });
    expect(missing.body).toEqual({
      ...errorEnvelope('903', BULK),
      message: 'No mandatory fields in this URL. Missing parameter: emailids',
    });
    expect((await bulk(IMMEDIATE, ' , ')).body).toEqual(errorEnvelope('903', BULK));
  });
});
