import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { deskSession } from '../support/desk.js';

/* GET /api/v1/fields (Zoho's Desk OpenAPI spec, v1.0/Field.json getFields) and the control routes behind it. */

let emu: EmulatorHandle;
let desk: DeskSession;
beforeEach(async () => {
  emu = await startEmulator();
  desk = await deskSession(emu);
});
afterEach(() => emu.close());

describe('GET /api/v1/fields', () => {
  it("lists the tickets module's system fields and the org's custom field cf_zohokit_key", async () => {
    const reply = await desk.call('/api/v1/fields?module=tickets');
    expect(reply.status).toBe(200);
    const names = reply.body.data.map((f: { apiName: string }) => f.apiName);
    expect(names).toEqual(expect.arrayContaining(['subject', 'departmentId', 'cf_zohokit_key']));
    const key = reply.body.data.find((f: { apiName: string }) => f.apiName === 'cf_zohokit_key');
    expect(key).toMatchObject({ type: 'Text', isCustomField: true, sourceType: 'USERDEFINED', maxLength: 255 });
    expect(key.id).toMatch(/^\d+$/);
  });

  it('filters by apiNames, and answers an empty list once the field is removed', async () => {
    const only = await desk.call('/api/v1/fields?module=tickets&apiNames=cf_zohokit_key,subject');
    expect(only.body.data.map((f: { apiName: string }) => f.apiName).sort()).toEqual(['cf_zohokit_key', 'subject']);
    await emu.control.desk.deleteTicketField('cf_zohokit_key');
    const gone = await desk.call('/api/v1/fields?module=tickets&apiNames=cf_zohokit_key');
    expect(gone).toMatchObject({ status: 200, body: { data: [] } });
    await emu.control.desk.createTicketField({ apiName: 'cf_zohokit_key' });
    const back = await desk.call('/api/v1/fields?module=tickets&apiNames=cf_zohokit_key');
    expect(back.body.data).toHaveLength(1);
  });

  it('requires module (422) and Desk.basic.READ (SCOPE_MISMATCH)', async () => {
    expect(await desk.call('/api/v1/fields')).toMatchObject({
      status: 422,
      body: { errorCode: 'UNPROCESSABLE_ENTITY', errors: [{ fieldName: '/module', errorType: 'missing' }] },
    });
    const narrow = await deskSession(emu, 'Desk.tickets.ALL');
    expect(await narrow.call('/api/v1/fields?module=tickets')).toMatchObject({
      status: 401,
      body: { errorCode: 'SCOPE_MISMATCH' },
    });
  });

  it('refuses a second field of the same name and removing one that is not there', async () => {
    await expect(emu.control.desk.createTicketField({ apiName: 'cf_zohokit_key' })).rejects.toThrow(/exists/);
    await expect(emu.control.desk.deleteTicketField('cf_nothing')).rejects.toThrow(/no ticket field/);
  });
});
