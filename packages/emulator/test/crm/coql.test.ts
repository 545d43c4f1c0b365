import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmCaller, crmSession } from '../support/crm.js';
import { selfClientTokens } from '../support/helpers.js';

/* POST /crm/v8/coql (docs/zoho-behaviour.md "CRM records", COQL). */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeAll(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu, 'ZohoCRM.modules.ALL,ZohoCRM.coql.READ'));
  const data = [
    { Last_Name: 'Burns', Company: 'Zylker', No_of_Employees: 40 },
    { Last_Name: 'Boyle', Company: "O'Brien & Co", No_of_Employees: 5 },
    { Last_Name: 'Smith', Company: 'Acme', No_of_Employees: 12 },
    { Last_Name: 'Jones' },
  ];
  expect((await call('POST', '/crm/v8/Leads', { data })).status).toBe(201);
});
afterAll(() => emu.close());

const coql = (selectQuery: string) => call('POST', '/crm/v8/coql', { select_query: selectQuery });
const lastNames = (body: { data: Array<{ Last_Name: string }> }) => body.data.map((r) => r.Last_Name);

describe('select … from … where … limit', () => {
  it('answers the selected columns in record-id order with info.count and more_records', async () => {
    const reply = await coql('select Last_Name, Company from Leads where No_of_Employees > 10');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      data: [
        { Last_Name: 'Burns', Company: 'Zylker' },
        { Last_Name: 'Smith', Company: 'Acme' },
      ],
      info: { count: 2, more_records: false },
    });
  });

  it('pages with limit and offset, and with limit offset, count', async () => {
    const first = await coql('SELECT Last_Name FROM Leads WHERE id is not null LIMIT 2');
    expect(lastNames(first.body)).toEqual(['Burns', 'Boyle']);
    expect(first.body.info.more_records).toBe(true);
    expect(lastNames((await coql('select Last_Name from Leads limit 2 offset 2')).body)).toEqual(['Smith', 'Jones']);
    expect(lastNames((await coql('select Last_Name from Leads limit 1, 1')).body)).toEqual(['Boyle']);
    expect(lastNames((await coql('select Last_Name from Leads limit 0, 2')).body)).toEqual(['Burns', 'Boyle']);
  });

  it('supports like, in, between, is null, escaped quotes, and/or with parentheses and order by', async () => {
    expect(lastNames((await coql("select Last_Name from Leads where Company like 'zyl%'")).body)).toEqual(['Burns']);
    expect(lastNames((await coql("select Last_Name from Leads where Company = 'O\\'Brien & Co'")).body)).toEqual([
      'Boyle',
    ]);
    expect(lastNames((await coql("select Last_Name from Leads where Last_Name in ('Smith', 'Jones')")).body)).toEqual([
      'Smith',
      'Jones',
    ]);
    expect(lastNames((await coql('select Last_Name from Leads where No_of_Employees between 5 and 12')).body)).toEqual([
      'Boyle',
      'Smith',
    ]);
    expect(lastNames((await coql('select Last_Name from Leads where Company is null')).body)).toEqual(['Jones']);
    const grouped =
      "select Last_Name from Leads where (Company = 'Acme' or Company = 'Zylker') and No_of_Employees < 20";
    expect(lastNames((await coql(grouped)).body)).toEqual(['Smith']);
    const ordered = 'select Last_Name from Leads where No_of_Employees is not null order by No_of_Employees desc';
    expect(lastNames((await coql(ordered)).body)).toEqual(['Burns', 'Smith', 'Boyle']);
  });

  it('answers 204 with no body when nothing matches', async () => {
    const reply = await coql("select Last_Name from Leads where Last_Name = 'Nobody'");
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
  });
});

describe('errors', () => {
  it('names the missing select_query, a syntax error, an unknown module, column or limit', async () => {
    const missing = await call('POST', '/crm/v8/coql', {});
    expect(missing.body).toEqual({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'select_query' },
      message: 'mandatory key not found',
      status: 'error',
    });
    const syntax = await coql('select Last_Name Leads');
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ code: 'SYNTAX_ERROR', details: { near: 'Leads' } });
    expect((await coql('select Name from Widgets')).body.code).toBe('INVALID_MODULE');
    expect((await coql('select Nickname from Leads')).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { column_name: 'Nickname' },
    });
    expect((await coql('select Last_Name from Leads limit 2001')).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { limit: '2001' },
    });
    expect((await coql('select Last_Name from Leads limit 0')).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { limit: '0' },
    });
  });

  it('needs ZohoCRM.coql.READ as well as read access to the module', async () => {
    const { accessToken } = await selfClientTokens(emu, 'ZohoCRM.modules.ALL');
    const reply = await crmCaller(emu, accessToken)('POST', '/crm/v8/coql', {
      select_query: 'select Last_Name from Leads',
    });
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('OAUTH_SCOPE_MISMATCH');
    const coqlOnly = (await selfClientTokens(emu, 'ZohoCRM.coql.READ')).accessToken;
    const denied = await crmCaller(emu, coqlOnly)('POST', '/crm/v8/coql', {
      select_query: 'select Last_Name from Leads',
    });
    expect(denied.status).toBe(401);
  });
});
