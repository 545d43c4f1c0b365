import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmSession } from '../support/crm.js';

/* GET /crm/v8/{module}/search (docs/zoho-behaviour.md "CRM records", Search). */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeAll(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu));
  const reply = await call('POST', '/crm/v8/Leads', {
    data: [
      { Last_Name: 'Burns', Email: 'burns@zylker.com', Company: 'Zylker (EU), Ltd', Phone: '+1 555-0100' },
      { Last_Name: 'Boyle', Email: 'p.boyle@zylker.com', Company: 'Zylker', No_of_Employees: 40 },
      { Last_Name: 'Smith', Email: 'smith@acme.test', Company: 'Acme', No_of_Employees: 5 },
    ],
  });
  expect(reply.status).toBe(201);
});
afterAll(() => emu.close());

const names = (body: { data: Array<{ Last_Name: string }> }) => body.data.map((r) => r.Last_Name).sort();
const search = (query: string) => call('GET', `/crm/v8/Leads/search?${query}`);

describe('criteria', () => {
  it('matches equals case-insensitively and joins conditions with and / or', async () => {
    expect(names((await search('criteria=(Last_Name:equals:burns)')).body)).toEqual(['Burns']);
    const both = await search(
      `criteria=${encodeURIComponent('((Company:starts_with:zyl)and(No_of_Employees:greater_than:10))')}`,
    );
    expect(names(both.body)).toEqual(['Boyle']);
    const either = await search(
      `criteria=${encodeURIComponent('((Last_Name:equals:Smith)or(Last_Name:equals:Boyle))')}`,
    );
    expect(names(either.body)).toEqual(['Boyle', 'Smith']);
  });

  it('reads backslash-escaped parentheses and commas in a value', async () => {
    const criteria = '(Company:equals:Zylker \\(EU\\)\\, Ltd)';
    const reply = await search(`criteria=${encodeURIComponent(criteria)}`);
    expect(reply.status).toBe(200);
    expect(names(reply.body)).toEqual(['Burns']);
  });

  it('takes comma-separated values for in', async () => {
    const reply = await search(`criteria=${encodeURIComponent('(Last_Name:in:Smith,Burns)')}`);
    expect(names(reply.body)).toEqual(['Burns', 'Smith']);
  });

  it('answers 204 with no body when nothing matches', async () => {
    const reply = await search('criteria=(Last_Name:equals:Nobody)');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
  });

  it('answers INVALID_QUERY for a malformed criteria, an unknown field or operator', async () => {
    for (const criteria of ['Last_Name:equals:x', '(Nickname:equals:x)', '(Last_Name:like:x)']) {
      const reply = await search(`criteria=${encodeURIComponent(criteria)}`);
      expect(reply.status, criteria).toBe(400);
      expect(reply.body.code).toBe('INVALID_QUERY');
    }
  });
});

describe('email, phone and word', () => {
  it('finds by email, by phone digits and by a word in any text field', async () => {
    expect(names((await search('email=P.Boyle@zylker.com')).body)).toEqual(['Boyle']);
    expect(names((await search('phone=15550100')).body)).toEqual(['Burns']);
    expect(names((await search('word=acme')).body)).toEqual(['Smith']);
  });

  it('needs one of criteria, email, phone or word', async () => {
    const reply = await search('per_page=10');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 'EXPECTED_PARAM_MISSING',
      details: { param_names: ['criteria', 'email', 'phone', 'word'] },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
  });
});

it('pages with page and per_page, info.more_records telling whether more match', async () => {
  const first = await search('word=zylker&per_page=1');
  expect(first.body.info).toEqual({ per_page: 1, count: 1, page: 1, more_records: true });
  const second = await search('word=zylker&per_page=1&page=2');
  expect(second.body.info.more_records).toBe(false);
  expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
});
