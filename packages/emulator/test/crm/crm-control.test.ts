import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmCaller } from '../support/crm.js';
import { crmSession } from '../support/crm.js';

/* The CRM control routes (/__emulator/crm...) and what they change in the API. */

let emu: EmulatorHandle;
let call: CrmCaller;
beforeEach(async () => {
  emu = await startEmulator();
  ({ call } = await crmSession(emu));
});
afterEach(() => emu.close());

describe('seeding', () => {
  it('seeds 10,000 records fast, and page_token reads past the first 2,000', async () => {
    const started = Date.now();
    const { ids } = await emu.control.crm.seedRecords({ module: 'Leads', count: 10_000 });
    expect(ids).toHaveLength(10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await emu.control.crm.overview()).modules.find((m) => m.api_name === 'Leads')?.records).toBe(10_000);

    const tenth = await call('GET', '/crm/v8/Leads?fields=Last_Name&page=10&per_page=200');
    expect(tenth.status).toBe(200);
    expect(tenth.body.info.more_records).toBe(true);
    const eleventh = await call('GET', '/crm/v8/Leads?fields=Last_Name&page=11&per_page=200');
    expect(eleventh.status).toBe(400);
    expect(eleventh.body).toEqual({
      code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      details: { limit: 2000 },
      message: 'You can only get the first 2000 records without using page_token param',
      status: 'error',
    });
    const next = await call('GET', `/crm/v8/Leads?fields=Last_Name&page_token=${tenth.body.info.next_page_token}`);
    expect(next.status).toBe(200);
    expect(next.body.info.page).toBe(11);
    // Newest first: record 10,000 - 2,000 is the first of page 11.
    expect(next.body.data[0].Last_Name).toBe('Lead 8000');
  });

  it('checks seeded records like an insert and seeds nothing when one is bad', async () => {
    await expect(
      emu.control.crm.seedRecords({
        module: 'Deals',
        records: [{ Deal_Name: 'A', Stage: 'Qualification' }, { Deal_Name: 'B' }],
      }),
    ).rejects.toThrow(/\[1\] MANDATORY_NOT_FOUND Stage/);
    expect(await emu.control.crm.records('Deals')).toEqual([]);
  });
});

describe('fields', () => {
  it('adds a unique custom field: a second record with its value is DUPLICATE_DATA', async () => {
    await emu.control.crm.addField({ module: 'Leads', api_name: 'External_Id', data_type: 'text', unique: true });
    const first = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'A', External_Id: 'x-1' }] });
    expect(first.status).toBe(201);
    const second = await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'B', External_Id: 'X-1' }] });
    expect(second.status).toBe(400);
    expect(second.body.data[0]).toMatchObject({
      code: 'DUPLICATE_DATA',
      message: 'duplicate data',
      details: { api_name: 'External_Id', json_path: '$.data[0].External_Id', id: first.body.data[0].details.id },
    });
  });

  it("marks a standard field unique (Leads' Email is not, by default)", async () => {
    const twice = {
      data: [
        { Last_Name: 'A', Email: 'a@x.io' },
        { Last_Name: 'B', Email: 'a@x.io' },
      ],
    };
    expect((await call('POST', '/crm/v8/Leads', twice)).status).toBe(201);
    await emu.control.crm.updateField('Leads', 'Email', { unique: true });
    expect(
      (await call('POST', '/crm/v8/Leads', { data: [{ Last_Name: 'C', Email: 'a@x.io' }] })).body.data[0].code,
    ).toBe('DUPLICATE_DATA');
  });
});

describe('limits', () => {
  it('answers 429 TOO_MANY_REQUESTS past the credits of the 24 hours, and counts them in the overview', async () => {
    await emu.control.crm.setLimits({ credits: 3 });
    for (let i = 0; i < 3; i += 1) expect((await call('GET', '/crm/v8/Leads?fields=Last_Name')).status).toBe(204);
    const refused = await call('GET', '/crm/v8/Leads?fields=Last_Name');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    expect((await emu.control.crm.overview()).credits).toEqual({ used: 3, limit: 3, windowHours: 24 });
    await emu.control.crm.resetCredits();
    expect((await call('GET', '/crm/v8/Leads?fields=Last_Name')).status).toBe(204);
  });

  it('answers 429 to the call over the per-app concurrency limit', async () => {
    await emu.close();
    emu = await startEmulator({ latencyMs: 300, crm: { concurrency: 2 } });
    ({ call } = await crmSession(emu));
    const replies = await Promise.all([1, 2, 3].map(() => call('GET', '/crm/v8/Leads?fields=Last_Name')));
    expect(replies.map((r) => r.status).sort()).toEqual([204, 204, 429]);
    expect(replies.find((r) => r.status === 429)?.body.message).toMatch(/concurrency/);
  });
});
