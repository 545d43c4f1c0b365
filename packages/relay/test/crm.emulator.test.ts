/**
 * CRM operations through the relay against the emulator's CRM over HTTP: an insert reaches CRM once in effect
 * (its key in the record, reconciled after a reset), an upsert cannot duplicate, a refused record is dead with
 * Zoho's code, and a bad payload is refused before it is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoValidationError } from 'zohokit';
import { deskKey } from '../src/execute.js';
import type { Delivery } from '../src/index.js';
import { type RelayTenant, SCOPES, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const settled = (d: Delivery | undefined) => d !== undefined && !['pending', 'in_flight'].includes(d.state);

/** A relay whose Zoho client holds CRM scopes, on a Leads module that has the idempotency field. */
async function crmRelay() {
  const t = await startRelayTenant();
  tenant = t;
  await t.emulator.control.crm.addField({ module: 'Leads', api_name: 'zohokit_key', data_type: 'text' });
  const { refreshToken } = await t.emulator.control.issueRefreshToken({
    ...t.client,
    scope: [...SCOPES, 'ZohoCRM.modules.ALL'],
  });
  return { t, ...t.relay({ zoho: t.zoho({ refreshToken }) }) };
}

const leads = async (t: RelayTenant) => (await t.emulator.control.crm.records('Leads')).map((r) => r.values);

describe('relay: CRM records', () => {
  it('inserts a record once, with the delivery’s key, and reconciles a reset after CRM stored it', async () => {
    const { t, relay } = await crmRelay();
    const before = (await leads(t)).length;
    await t.emulator.control.queueFaults({ method: 'POST', path: '/crm/v8/Leads', sequence: [{ reset: 'after' }] });
    const queued = await relay.enqueue(
      {
        type: 'crm.record.insert',
        input: { module: 'Leads', record: { Last_Name: 'Lima', Email: 'ana@example.com' } },
      },
      { idempotencyKey: 'lead-1' },
    );
    relay.start();
    const done = await until(() => relay.get(queued.id), settled);
    expect(done?.state).toBe('delivered');
    // The reset happened (its fault is used up), after CRM stored the record.
    expect(await t.emulator.control.listFaults()).toEqual([]);
    const made = (await leads(t)).filter((v) => v.Last_Name === 'Lima');
    expect(made).toHaveLength(1);
    expect(made[0]?.zohokit_key).toBe(deskKey(queued.id));
    expect((await leads(t)).length).toBe(before + 1);
    expect(done?.result).toMatchObject({ id: expect.any(String) });
  });

  it('upserts on Email: two deliveries for one address leave one record, updated', async () => {
    const { t, relay } = await crmRelay();
    const upsert = (company: string) =>
      relay.enqueue({
        type: 'crm.record.upsert',
        input: {
          module: 'Leads',
          record: { Last_Name: 'Sousa', Email: 'rui@example.com', Company: company },
          duplicateCheckFields: ['Email'],
        },
      });
    const a = await upsert('First');
    relay.start();
    await until(() => relay.get(a.id), settled);
    const b = await upsert('Second');
    const done = await until(() => relay.get(b.id), settled);
    expect(done?.state).toBe('delivered');
    const rows = (await leads(t)).filter((v) => v.Email === 'rui@example.com');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.Company).toBe('Second');
  });

  it('sends a record CRM refuses to dead with Zoho’s code, and stores nothing in CRM', async () => {
    const { t, relay } = await crmRelay();
    const before = (await leads(t)).length;
    // Leads require Last_Name: Zoho answers MANDATORY_NOT_FOUND for the record.
    const queued = await relay.enqueue({
      type: 'crm.record.insert',
      input: { module: 'Leads', record: { Email: 'no-name@example.com' } },
    });
    relay.start();
    const done = await until(() => relay.get(queued.id), settled);
    expect(done).toMatchObject({ state: 'dead', lastError: { code: 'MANDATORY_NOT_FOUND', outcome: 'permanent' } });
    expect((await leads(t)).length).toBe(before);
  });

  it('refuses a bad module, an empty record or a record that sets the key field, and stores nothing', async () => {
    const { relay } = await crmRelay();
    const bad = [
      { type: 'crm.record.insert', input: { module: '../Leads', record: { Last_Name: 'x' } } },
      { type: 'crm.record.insert', input: { module: 'Leads', record: {} } },
      { type: 'crm.record.insert', input: { module: 'Leads', record: { Last_Name: 'x', zohokit_key: 'mine' } } },
      { type: 'crm.record.upsert', input: { module: 'Leads', record: { Last_Name: 'x' }, duplicateCheckFields: [] } },
    ];
    for (const op of bad) {
      await expect(relay.enqueue(op as never)).rejects.toBeInstanceOf(ZohoValidationError);
    }
    expect((await relay.status()).counts.byState.pending).toBe(0);
  });
});
