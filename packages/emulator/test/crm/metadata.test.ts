import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmSession } from '../support/crm.js';

/* GET /crm/v8/settings/modules and /settings/fields (docs/zoho-behaviour.md "CRM records", Metadata). */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeAll(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu, 'ZohoCRM.settings.ALL'));
});
afterAll(() => emu.close());

it('lists the seeded modules', async () => {
  const reply = await call('GET', '/crm/v8/settings/modules');
  expect(reply.status).toBe(200);
  expect(reply.body.modules.map((m: { api_name: string }) => m.api_name)).toEqual([
    'Leads',
    'Contacts',
    'Accounts',
    'Deals',
  ]);
  expect(reply.body.modules[0]).toMatchObject({
    singular_label: 'Lead',
    plural_label: 'Leads',
    api_supported: true,
    generated_type: 'default',
  });
});

it("lists a module's fields with their mandatory flags and lookups, custom fields included", async () => {
  await emu.control.crm.addField({ module: 'Deals', api_name: 'Region', data_type: 'picklist' });
  const reply = await call('GET', '/crm/v8/settings/fields?module=Deals');
  expect(reply.status).toBe(200);
  const byName = new Map(reply.body.fields.map((f: { api_name: string }) => [f.api_name, f]));
  expect(byName.get('Deal_Name')).toMatchObject({ data_type: 'text', system_mandatory: true, length: 120 });
  expect(byName.get('Stage')).toMatchObject({ data_type: 'picklist', system_mandatory: true });
  expect(byName.get('Account_Name')).toMatchObject({
    data_type: 'lookup',
    lookup: { module: { api_name: 'Accounts' } },
  });
  expect(byName.get('Region')).toMatchObject({ custom_field: true, data_type: 'picklist' });
});

it('needs module= and a known module', async () => {
  expect((await call('GET', '/crm/v8/settings/fields')).body).toMatchObject({
    code: 'REQUIRED_PARAM_MISSING',
    details: { param_name: 'module' },
  });
  expect((await call('GET', '/crm/v8/settings/fields?module=Widgets')).body.code).toBe('INVALID_MODULE');
});

it('needs a settings scope', async () => {
  const { call: recordsOnly } = await crmSession(emu, 'ZohoCRM.modules.ALL');
  expect((await recordsOnly('GET', '/crm/v8/settings/modules')).status).toBe(401);
});
