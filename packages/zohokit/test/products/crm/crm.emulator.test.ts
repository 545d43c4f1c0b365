import { afterEach, describe, expect, it } from 'vitest';
import { type CrmLead, ZohoPermissionError, ZohoValidationError } from 'zohokit';
import { startTenant, type Tenant } from '../../support/emulator-tenant.js';

/** What a form integration asks for: records, search, metadata. */
const CRM_SCOPES = ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.coql.READ', 'ZohoCRM.org.READ'];

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.emulator.close();
  tenant = undefined;
});

async function crmTenant(): Promise<Tenant> {
  tenant = await startTenant({}, CRM_SCOPES);
  return tenant;
}

describe('zoho.crm against the emulator', () => {
  it('lists 2,500 records: page numbers for 2,000, then page_token, no record twice', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.seedRecords({ module: 'Leads', count: 2500 });
    const { zoho } = t.zoho();
    const ids = new Set<string>();
    let pages = 0;
    for await (const page of zoho.crm
      .records('Leads')
      .list({ fields: ['Last_Name', 'Email'] })
      .pages()) {
      pages++;
      for (const lead of page) ids.add(lead.id as string);
    }
    expect(ids.size).toBe(2500);
    expect(pages).toBe(13);
  });

  it('inserts, gets, searches with escaped values, upserts on Email and deletes', async () => {
    const t = await crmTenant();
    const { zoho } = t.zoho();
    const leads = zoho.crm.records('Leads');
    const written = await leads.insert([
      { Last_Name: 'Burns (Sr), Jr', Email: 'burns@example.com', Company: 'Acme' },
      { Email: 'no-name@example.com' },
    ]);
    expect(written).toMatchObject({ succeeded: 1, failed: 1, calls: 1 });
    const refused = written.records[1]?.error;
    expect(refused).toBeInstanceOf(ZohoValidationError);
    expect(refused?.details?.fieldName).toBe('Last_Name');
    const id = written.records[0]?.id as string;
    expect((await leads.get(id)).Last_Name).toBe('Burns (Sr), Jr');

    const found = await leads
      .search({ criteria: { field: 'Last_Name', op: 'equals', value: 'Burns (Sr), Jr' } })
      .toArray({ limit: 10 });
    expect(found.map((l) => l.id)).toEqual([id]);
    expect(await leads.search({ email: 'nobody@example.com' }).toArray({ limit: 10 })).toEqual([]);

    const upserted = await leads.upsert([{ Last_Name: 'Burns', Email: 'burns@example.com' } satisfies CrmLead], {
      duplicateCheckFields: ['Email'],
    });
    expect(upserted.records[0]).toMatchObject({ ok: true, id, action: 'update' });

    const deleted = await leads.delete([id, '999999999']);
    expect(deleted).toMatchObject({ succeeded: 1, failed: 1 });
  });

  it('an insert with an idempotency key whose answer was lost is found, not inserted twice', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.addField({ module: 'Leads', api_name: 'zohokit_key', data_type: 'text' });
    await t.emulator.control.queueFaults({ method: 'POST', path: '/crm/v8/Leads', sequence: [{ reset: 'after' }] });
    const { zoho, events } = t.zoho();
    const result = await zoho.crm.records('Leads').insert({ Last_Name: 'Once' }, { idempotencyKey: 'form-1' });
    expect(result.records[0]).toMatchObject({ ok: true, reconciled: true });
    const stored = (await t.emulator.control.crm.records('Leads')).filter((r) => r.values.Last_Name === 'Once');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(result.records[0]?.id);
    expect(events.some((e) => e.type === 'warning' && e.code === 'crm_insert_reconciled')).toBe(true);
  });

  it('findByIdempotencyKeys: one search for a call’s keys, a map of the keys CRM holds to their record ids', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.addField({ module: 'Leads', api_name: 'zohokit_key', data_type: 'text' });
    const { zoho } = t.zoho();
    expect(zoho.crm.idempotencyField).toBe('zohokit_key');
    const leads = zoho.crm.records('Leads');
    const inserted = await leads.insert(
      Array.from({ length: 100 }, (_, i) => ({ Last_Name: `Keyed ${i}` })),
      { idempotencyKey: 'batch-7' },
    );
    expect(inserted.succeeded).toBe(100);
    await t.emulator.control.resetCounters();
    const keys = [...Array.from({ length: 100 }, (_, i) => `batch-7.${i}`).slice(0, 99), 'batch-8.0'];
    const found = await leads.findByIdempotencyKeys(keys);
    expect(found.size).toBe(99);
    expect(found.get('batch-7.42')).toBe(inserted.records[42]?.id);
    expect(found.has('batch-8.0')).toBe(false);
    const { requests } = await t.emulator.control.counters();
    const searches = Object.entries(requests)
      .filter(([key]) => key.startsWith('GET /crm/') && key.endsWith('/search'))
      .reduce((n, [, outcomes]) => n + Object.values(outcomes).reduce((a, b) => a + b, 0), 0);
    // The first search, then a look or two more for the key CRM lacks (search can lag): never one per key.
    expect(searches).toBeGreaterThanOrEqual(1);
    expect(searches).toBeLessThanOrEqual(3);
    await expect(leads.findByIdempotencyKeys([])).rejects.toBeInstanceOf(ZohoValidationError);
    await expect(leads.findByIdempotencyKeys(['a b'])).rejects.toBeInstanceOf(ZohoValidationError);
  });

  it('reads metadata once per client and pages COQL', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.seedRecords({ module: 'Contacts', count: 30 });
    const { zoho } = t.zoho();
    const modules = await zoho.crm.modules();
    expect(modules.map((m) => m.api_name)).toContain('Leads');
    await zoho.crm.modules();
    const fields = await zoho.crm.fields('Leads');
    expect(fields.map((f) => f.api_name)).toContain('Last_Name');
    const rows = await zoho.crm
      .coql('select Last_Name from Contacts where Last_Name is not null', { pageSize: 7 })
      .toArray({ limit: 100 });
    expect(rows).toHaveLength(30);
  });

  it('a token without the module scope is ZohoPermissionError naming it', async () => {
    const t = await crmTenant();
    const { zoho } = t.zoho({ refreshToken: await t.refreshTokenFor(['ZohoCRM.settings.ALL']) });
    const error = await zoho.crm
      .records('Deals')
      .get('1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect((error as ZohoPermissionError).details?.requiredScope).toBe('ZohoCRM.modules.deals.READ');
  });
});
