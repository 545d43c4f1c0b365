import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { crmCaller, crmSession } from '../support/crm.js';
import { bogus } from '../support/helpers.js';

/* Which scopes open which record calls (docs/zoho-behaviour.md "CRM records", Scopes). */

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const insert = { data: [{ Last_Name: 'A' }] };

it('takes ZohoCRM.modules.{module}.{op}, ZohoCRM.modules.{op} and their .ALL', async () => {
  const { call: leadsCreate } = await crmSession(emu, 'ZohoCRM.modules.leads.CREATE');
  expect((await leadsCreate('POST', '/crm/v8/Leads', insert)).status).toBe(201);
  expect((await leadsCreate('POST', '/crm/v8/Contacts', insert)).status).toBe(401);
  expect((await leadsCreate('GET', '/crm/v8/Leads?fields=Last_Name')).status).toBe(401);
  const { call: anyRead } = await crmSession(emu, 'ZohoCRM.modules.READ');
  expect((await anyRead('GET', '/crm/v8/Leads?fields=Last_Name')).status).toBe(200);
  expect((await anyRead('POST', '/crm/v8/Leads', insert)).status).toBe(401);
  const { call: deals } = await crmSession(emu, 'ZohoCRM.modules.deals.ALL');
  expect((await deals('POST', '/crm/v8/Deals', { data: [{ Deal_Name: 'D', Stage: 'Qualification' }] })).status).toBe(
    201,
  );
});

it('answers OAUTH_SCOPE_MISMATCH with 401, INVALID_TOKEN for a bad token, INVALID_URL_PATTERN for a wrong path', async () => {
  const { call } = await crmSession(emu, 'ZohoCRM.modules.contacts.READ');
  const refused = await call('POST', '/crm/v8/Contacts', insert);
  expect(refused.status).toBe(401);
  expect(refused.body).toEqual({
    code: 'OAUTH_SCOPE_MISMATCH',
    details: {},
    message: 'invalid oauth scope to access this URL',
    status: 'error',
  });
  const bad = await crmCaller(emu, bogus())('GET', '/crm/v8/Leads?fields=Last_Name');
  expect(bad.status).toBe(401);
  expect(bad.body.code).toBe('INVALID_TOKEN');
  const wrong = await call('GET', '/crm/v9/Leads');
  expect(wrong.status).toBe(404);
  expect(wrong.body.code).toBe('INVALID_URL_PATTERN');
});
