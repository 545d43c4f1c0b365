import { DESK_ORG_ID } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoValidationError } from 'zohokit';
import { startTenant, type Tenant } from '../../support/emulator-tenant.js';

const DESK = { orgId: DESK_ORG_ID };

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.emulator.close();
  tenant = undefined;
});

describe('zoho.desk.fields', () => {
  it('lists the ticket fields, and finds the idempotency field until the portal removes it', async () => {
    tenant = await startTenant({}, ['Desk.tickets.ALL', 'Desk.basic.READ']);
    const { zoho } = tenant.zoho({ desk: DESK });
    const names = (await zoho.desk.fields.list()).map((f) => f.apiName);
    expect(names).toEqual(expect.arrayContaining(['subject', 'cf_zohokit_key']));
    expect(await zoho.desk.fields.idempotencyField()).toMatchObject({ apiName: 'cf_zohokit_key', isCustomField: true });

    await tenant.emulator.control.desk.deleteTicketField('cf_zohokit_key');
    expect(await zoho.desk.fields.idempotencyField()).toBeUndefined();
  });

  it('looks for the configured desk.idempotencyField', async () => {
    tenant = await startTenant({}, ['Desk.tickets.ALL', 'Desk.basic.READ']);
    const { zoho } = tenant.zoho({ desk: { ...DESK, idempotencyField: 'cf_request_id' } });
    expect(await zoho.desk.fields.idempotencyField()).toBeUndefined();
    await tenant.emulator.control.desk.createTicketField({ apiName: 'cf_request_id' });
    expect(await zoho.desk.fields.idempotencyField()).toMatchObject({ apiName: 'cf_request_id', type: 'Text' });
  });

  it('refuses a bad module or apiNames before sending', async () => {
    tenant = await startTenant({}, ['Desk.basic.READ']);
    const { zoho } = tenant.zoho({ desk: DESK });
    await expect(zoho.desk.fields.list({ module: 'tick ets' })).rejects.toBeInstanceOf(ZohoValidationError);
    await expect(zoho.desk.fields.list({ apiNames: [] })).rejects.toThrow(/apiNames/);
    expect((await tenant.emulator.control.requests()).filter((r) => r.path === '/api/v1/fields')).toHaveLength(0);
  });
});
