import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmSession } from '../support/crm.js';

/* POST /crm/v8/{module}/upsert (docs/zoho-behaviour.md "CRM records", Upsert). */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeEach(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu));
});
afterEach(() => emu.close());

it("inserts, then updates the record with the same Email (Leads' system duplicate check field)", async () => {
  const first = await call('POST', '/crm/v8/Leads/upsert', { data: [{ Last_Name: 'Boyle', Email: 'p@zylker.com' }] });
  expect(first.status).toBe(200);
  expect(first.body.data[0]).toMatchObject({
    code: 'SUCCESS',
    action: 'insert',
    duplicate_field: 'Email',
    message: 'record added',
  });
  const second = await call('POST', '/crm/v8/Leads/upsert', { data: [{ Email: 'P@Zylker.com', Company: 'Zylker' }] });
  expect(second.body.data[0]).toMatchObject({ action: 'update', duplicate_field: 'Email', message: 'record updated' });
  expect(second.body.data[0].details.id).toBe(first.body.data[0].details.id);
  const list = await call('GET', '/crm/v8/Leads?fields=Last_Name,Company');
  expect(list.body.data).toEqual([{ id: first.body.data[0].details.id, Last_Name: 'Boyle', Company: 'Zylker' }]);
});

it('matches on duplicate_check_fields in the order given', async () => {
  await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'A', Email: 'a@x.io', Phone: '555' }] });
  const reply = await call('POST', '/crm/v8/Leads/upsert', {
    data: [{ Last_Name: 'B', Email: 'other@x.io', Phone: '555' }],
    duplicate_check_fields: ['Phone', 'Email'],
  });
  expect(reply.body.data[0]).toMatchObject({ action: 'update', duplicate_field: 'Phone' });
});

it('answers 207 when one record fails, and refuses an unknown duplicate check field', async () => {
  const mixed = await call('POST', '/crm/v8/Contacts/upsert', { data: [{ Last_Name: 'Ok' }, { Email: 'new@x.io' }] });
  expect(mixed.status).toBe(207);
  expect(mixed.body.data[1]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } });
  const unknown = await call('POST', '/crm/v8/Leads/upsert', {
    data: [{ Last_Name: 'x' }],
    duplicate_check_fields: ['Nope'],
  });
  expect(unknown.status).toBe(400);
  expect(unknown.body).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Nope' } });
});
