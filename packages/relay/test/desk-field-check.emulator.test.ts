/**
 * The worker checks that the Desk ticket layout has the idempotency field before it sends a ticket: without it a
 * reconcile could not find an earlier attempt's ticket. Missing, the queue pauses with the fix, nothing is sent,
 * dead-lettered or duplicated; once the field exists the worker resumes by itself and delivers each ticket once.
 */
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, Operation } from '../src/index.js';
import { type RelayTenant, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const ticket = (n: number): Operation => ({
  type: 'desk.ticket.create',
  input: {
    subject: `Contact form #${n}`,
    departmentId: DESK_SUPPORT_DEPARTMENT_ID,
    contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
  },
});

describe('relay: the Desk idempotency field', () => {
  it('holds ticket deliveries while cf_zohokit_key is missing, then delivers each once when it is added', async () => {
    tenant = await startRelayTenant();
    await tenant.emulator.control.desk.deleteTicketField('cf_zohokit_key');
    const { relay, events } = tenant.relay();
    const ids = await Promise.all([1, 2, 3].map(async (n) => (await relay.enqueue(ticket(n))).id));
    relay.start();

    const status = await until(
      () => relay.status(),
      (s) => s.paused !== undefined,
    );
    expect(status.paused).toMatchObject({ product: 'desk', code: 'idempotency_field_missing' });
    expect(status.paused?.reason).toMatch(/cf_zohokit_key/);
    expect(status.paused?.fix).toMatch(/Setup → Layouts and Fields → Tickets.*cf_zohokit_key.*desk\.idempotencyField/);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few probe intervals: still nothing sent
    expect(await tenant.emulator.control.desk.tickets()).toHaveLength(0);
    const posts = (await tenant.emulator.control.requests()).filter(
      (r) => r.method === 'POST' && r.path === '/api/v1/tickets',
    );
    expect(posts).toHaveLength(0);
    expect((await relay.status()).counts.byState).toMatchObject({ pending: 3, dead: 0, in_flight: 0 });
    expect(events.filter((e) => e.type === 'queue.paused')).toHaveLength(1);

    await tenant.emulator.control.desk.createTicketField({ apiName: 'cf_zohokit_key' });
    const delivered = await until(
      () => Promise.all(ids.map((id) => relay.get(id))),
      (all) => all.every((d: Delivery | undefined) => d?.state === 'delivered'),
    );
    expect(delivered.map((d) => d?.attempts)).toEqual([1, 1, 1]);
    expect((await relay.status()).paused).toBeUndefined();
    expect(await tenant.emulator.control.desk.tickets()).toHaveLength(3);
    expect(events.some((e) => e.type === 'queue.resumed' && e.by === 'probe')).toBe(true);
  });

  it('checks once at start when the field exists, and delivers at once', async () => {
    tenant = await startRelayTenant();
    const { relay, events } = tenant.relay();
    const { id } = await relay.enqueue(ticket(1));
    relay.start();
    await until(
      () => relay.get(id),
      (d) => d?.state === 'delivered',
    );
    await relay.enqueue(ticket(2));
    await until(
      () => relay.status(),
      (s) => s.counts.byState.delivered === 2,
    );
    const checks = (await tenant.emulator.control.requests()).filter((r) => r.path === '/api/v1/fields');
    expect(checks).toHaveLength(1);
    expect(events.some((e) => e.type === 'queue.paused' || e.type === 'worker.error')).toBe(false);
  });

  it('with checkDeskField: false, sends without looking', async () => {
    tenant = await startRelayTenant();
    const { relay } = tenant.relay({ worker: { checkDeskField: false } });
    const { id } = await relay.enqueue(ticket(1));
    relay.start();
    await until(
      () => relay.get(id),
      (d) => d?.state === 'delivered',
    );
    expect((await tenant.emulator.control.requests()).filter((r) => r.path === '/api/v1/fields')).toHaveLength(0);
  });

  it('without Desk.basic.READ it cannot check: says so once and delivers as before', async () => {
    tenant = await startRelayTenant();
    const scope = ['Desk.tickets.ALL', 'Desk.contacts.ALL', 'Desk.search.READ'];
    const { refreshToken } = await tenant.emulator.control.issueRefreshToken({ ...tenant.client, scope });
    const { relay, events } = tenant.relay({ zoho: tenant.zoho({ refreshToken }) });
    const ids = await Promise.all([1, 2].map(async (n) => (await relay.enqueue(ticket(n))).id));
    relay.start();
    await until(
      () => Promise.all(ids.map((id) => relay.get(id))),
      (all) => all.every((d) => d?.state === 'delivered'),
    );
    const warnings = events.filter((e) => e.type === 'worker.error');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      message: expect.stringMatching(/cf_zohokit_key.*SCOPE_MISMATCH.*Desk\.basic\.READ/),
    });
    expect((await relay.status()).paused).toBeUndefined();
  });
});
