import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmSession } from '../support/crm.js';
import { rawRequest } from '../support/http-raw.js';

/*
 * Records CRUD on /crm/v8/{module} (docs/zoho-behaviour.md "CRM records"): Zoho's v8 answer shapes, 201/207/400
 * for writes, 204 for empty reads.
 */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeEach(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu));
});
afterEach(() => emu.close());

const ID = /^\d{19}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('POST /crm/v8/{module}', () => {
  it('answers 201 with record added and the new id in details', async () => {
    const reply = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'Williams', Email: 'w@example.com' }] });
    expect(reply.status).toBe(201);
    expect(reply.type).toBe('application/json;charset=UTF-8');
    expect(reply.body.data).toHaveLength(1);
    const [item] = reply.body.data;
    expect(item).toMatchObject({ code: 'SUCCESS', message: 'record added', status: 'success' });
    expect(item.details.id).toMatch(ID);
    expect(item.details.Created_Time).toMatch(TIME);
    expect(item.details.Created_By).toEqual({ name: 'Dev User', id: expect.stringMatching(ID) });
  });

  it('answers 207 when some records fail, each result in request order', async () => {
    const reply = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'Ok' }, { First_Name: 'No last name' }] });
    expect(reply.status).toBe(207);
    expect(reply.body.data[0].code).toBe('SUCCESS');
    expect(reply.body.data[1]).toEqual({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
      message: 'required field not found',
      status: 'error',
    });
  });

  it('answers 400 with data[] when every record fails', async () => {
    const reply = await call('POST', '/crm/v8/Deals', { data: [{ Deal_Name: 'No stage' }] });
    expect(reply.status).toBe(400);
    expect(reply.body.data[0]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Stage' } });
  });

  it('refuses an unknown field, a wrong type and a too long value with INVALID_DATA naming the field', async () => {
    const reply = await call('POST', '/crm/v8/Leads', {
      data: [
        { Last_Name: 'A', Nickname: 'x' },
        { Last_Name: 'B', No_of_Employees: 'many' },
        { Last_Name: 'x'.repeat(81) },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.data.map((d: { details: { api_name: string } }) => d.details.api_name)).toEqual([
      'Nickname',
      'No_of_Employees',
      'Last_Name',
    ]);
    expect(reply.body.data[1].details.expected_data_type).toBe('integer');
    expect(reply.body.data[2].details.maximum_length).toBe(80);
  });

  it('refuses more than 100 records with LIMIT_EXCEEDED', async () => {
    const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
    const reply = await call('POST', '/crm/v8/Leads', { data });
    expect(reply.status).toBe(400);
    expect(reply.body.data[0]).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { maximum_length: 100, api_name: 'data' },
    });
  });

  it('answers INVALID_MODULE for a module that does not exist', async () => {
    const reply = await call('POST', '/crm/v8/Widgets', { data: [{ Name: 'x' }] });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 'INVALID_MODULE',
      details: { resource_path_index: 0 },
      message: 'the module name given seems to be invalid',
      status: 'error',
    });
  });
});

describe('GET /crm/v8/{module}', () => {
  it('requires fields in v8 (REQUIRED_PARAM_MISSING) but not in v2', async () => {
    await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'A' }] });
    const v8 = await call('GET', '/crm/v8/Leads');
    expect(v8.status).toBe(400);
    expect(v8.body).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
      message: 'required param is missing',
      status: 'error',
    });
    expect((await call('GET', '/crm/v2/Leads')).status).toBe(200);
  });

  it('answers the asked fields and info, newest first', async () => {
    await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'First' }, { Last_Name: 'Second', Email: 's@x.io' }] });
    const reply = await call('GET', '/crm/v8/Leads?fields=Last_Name,Email');
    expect(reply.status).toBe(200);
    expect(reply.body.data.map((r: { Last_Name: string }) => r.Last_Name)).toEqual(['Second', 'First']);
    expect(Object.keys(reply.body.data[0])).toEqual(['id', 'Last_Name', 'Email']);
    expect(reply.body.data[1].Email).toBeNull();
    expect(reply.body.info).toMatchObject({
      per_page: 200,
      count: 2,
      page: 1,
      more_records: false,
      sort_by: 'id',
      sort_order: 'desc',
      next_page_token: null,
    });
  });

  it('answers 204 with no body when the module is empty', async () => {
    const reply = await call('GET', '/crm/v8/Contacts?fields=Last_Name');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
  });
});

describe('one record: GET, PUT, DELETE /crm/v8/{module}/{id}', () => {
  it('reads, updates and deletes a record', async () => {
    const created = await call('POST', '/crm/v8/Accounts', { data: [{ Account_Name: 'Zylker' }] });
    const id = created.body.data[0].details.id;
    const got = await call('GET', `/crm/v8/Accounts/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.data[0]).toMatchObject({ id, Account_Name: 'Zylker', Owner: { name: 'Dev User' } });

    const updated = await call('PUT', `/crm/v8/Accounts/${id}`, { data: [{ Phone: '555-0100' }] });
    expect(updated.status).toBe(200);
    expect(updated.body.data[0]).toMatchObject({ code: 'SUCCESS', message: 'record updated', details: { id } });
    expect((await call('GET', `/crm/v8/Accounts/${id}?fields=Phone`)).body.data[0]).toEqual({ id, Phone: '555-0100' });

    const deleted = await call('DELETE', `/crm/v8/Accounts/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data[0]).toEqual({
      code: 'SUCCESS',
      details: { id },
      message: 'record deleted',
      status: 'success',
    });
    expect((await call('GET', `/crm/v8/Accounts/${id}`)).status).toBe(204);
  });

  it('bulk update needs an id per record and names unknown ids', async () => {
    const created = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'A' }] });
    const id = created.body.data[0].details.id;
    const reply = await call('PUT', '/crm/v8/Leads', {
      data: [{ id, Company: 'Zylker' }, { Company: 'no id' }, { id: '5725767000009999999', Company: 'x' }],
    });
    expect(reply.status).toBe(207);
    expect(reply.body.data.map((d: { code: string }) => d.code)).toEqual([
      'SUCCESS',
      'MANDATORY_NOT_FOUND',
      'INVALID_DATA',
    ]);
    expect(reply.body.data[2].details).toEqual({ id: '5725767000009999999' });
  });

  it('bulk delete answers per id and needs ids', async () => {
    const created = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'A' }] });
    const id = created.body.data[0].details.id;
    const reply = await call('DELETE', `/crm/v8/Leads?ids=${id},5725767000009999999`);
    expect(reply.status).toBe(207);
    expect(reply.body.data[1]).toEqual({
      code: 'INVALID_DATA',
      details: { id: '5725767000009999999' },
      message: 'record not deleted',
      status: 'error',
    });
    const missing = await call('DELETE', '/crm/v8/Leads');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'ids' } });
  });
});

describe('hosts', () => {
  it("answers through www.zohoapis.* (a hosts-file alias), while a Desk host keeps Desk's not-found", async () => {
    const { accessToken } = await crmSession(emu);
    const body = JSON.stringify({ data: [{ Last_Name: 'Via alias' }] });
    const headers = {
      authorization: `Zoho-oauthtoken ${accessToken}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    const api = await rawRequest(emu.url, {
      method: 'POST',
      path: '/crm/v8/Leads',
      headers: { ...headers, host: 'www.zohoapis.eu' },
      body,
    });
    expect(api.status).toBe(201);
    const desk = await rawRequest(emu.url, {
      method: 'POST',
      path: '/crm/v8/Leads',
      headers: { ...headers, host: 'desk.zoho.eu' },
      body,
    });
    expect(desk.status).toBe(404);
    expect(JSON.parse(desk.text).errorCode).toBe('URL_NOT_FOUND');
  });
});
