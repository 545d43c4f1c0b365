/**
 * The relay against the real emulator over HTTP: every delivery reaches Zoho exactly once in effect, through
 * outages, resets after the create, revoked credentials and dead workers; bad input is refused before storing.
 */
import { CAMPAIGNS_SEED_LISTS, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoValidationError } from 'zohokit';
import { deskKey } from '../src/execute.js';
import { type Delivery, type Operation, RelayConflictError } from '../src/index.js';
import { type RelayTenant, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

async function start(): Promise<RelayTenant> {
  tenant = await startRelayTenant();
  return tenant;
}

const ticket = (n: number): Operation => ({
  type: 'desk.ticket.create',
  input: {
    subject: `Contact form #${n}`,
    description: 'My order has not arrived.',
    departmentId: DESK_SUPPORT_DEPARTMENT_ID,
    contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
  },
});

const settledState = (d: Delivery | undefined) => d !== undefined && !['pending', 'in_flight'].includes(d.state);

async function ticketsIn(t: RelayTenant) {
  return t.emulator.control.desk.tickets();
}

describe('relay: enqueue', () => {
  it('stores a ticket durably, delivers it once, and keeps Zoho’s answer', async () => {
    const t = await start();
    const { relay, events } = t.relay();
    const queued = await relay.enqueue(ticket(1), { idempotencyKey: 'form-1' });
    expect(queued).toMatchObject({ state: 'pending', created: true });
    relay.start();
    const done = await until(() => relay.get(queued.id), settledState);
    expect(done).toMatchObject({ state: 'delivered', attempts: 1 });
    const tickets = await ticketsIn(t);
    expect(tickets).toHaveLength(1);
    expect(done?.result).toMatchObject({ id: tickets[0]?.id });
    expect(tickets[0]?.cf).toMatchObject({ cf_zohokit_key: deskKey(queued.id) });
    expect(events.map((e) => e.type)).toEqual(['delivery.enqueued', 'delivery.delivered']);
  });

  it('returns the same delivery for the same key, and refuses another payload under it', async () => {
    const t = await start();
    const { relay } = t.relay();
    const first = await relay.enqueue(ticket(1), { idempotencyKey: 'form-1' });
    const again = await relay.enqueue(ticket(1), { idempotencyKey: 'form-1' });
    expect(again).toEqual({ id: first.id, state: 'pending', created: false });
    const conflict = await relay.enqueue(ticket(2), { idempotencyKey: 'form-1' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(RelayConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'idempotency_conflict', deliveryId: first.id });
    expect((await relay.status()).counts.byState.pending).toBe(1);
  });

  it('refuses a payload the SDK call would refuse, and stores nothing', async () => {
    const t = await start();
    const { relay } = t.relay();
    const bad = [
      { type: 'desk.ticket.create', input: { subject: 'x', departmentId: '1' } },
      { type: 'desk.ticket.create', input: { subject: 'x'.repeat(1_000_000), departmentId: '1', contactId: '2' } },
      { type: 'campaigns.subscribe', input: { listKey: 'k', email: 'not-an-email' } },
      { type: 'request', input: { product: 'desk', method: 'POST', path: '/api/v1/tickets', body: {} } },
      { type: 'desk.delete.everything', input: {} },
      {
        type: 'desk.ticket.create',
        input: { subject: 'x', departmentId: '1', contactId: '2', cf: { cf_zohokit_key: 'mine' } },
      },
    ];
    for (const operation of bad) {
      await expect(relay.enqueue(operation as Operation)).rejects.toBeInstanceOf(ZohoValidationError);
    }
    await expect(relay.enqueue(ticket(1), { idempotencyKey: 'has a space' })).rejects.toBeInstanceOf(
      ZohoValidationError,
    );
    expect((await relay.list()).length).toBe(0);
  });
});

describe('relay: Zoho failing', () => {
  it('rides out an outage of the ticket endpoint and delivers every ticket once', async () => {
    const t = await start();
    await t.emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      sequence: [{ status: 503, repeatForMs: 800 }],
    });
    const { relay } = t.relay({ worker: { circuit: { threshold: 3, coolDownMs: 100, maxCoolDownMs: 400 } } });
    relay.start();
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await relay.enqueue(ticket(n))).id));
    for (const id of ids) expect(await until(() => relay.get(id), settledState)).toMatchObject({ state: 'delivered' });
    expect(await ticketsIn(t)).toHaveLength(5);
  });

  it('reconciles a reset after Desk created the ticket: exactly one ticket', async () => {
    const t = await start();
    // Both the create and its in-call replay lose their answers; the relay's next attempt finds the ticket.
    await t.emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      sequence: [{ reset: 'after' }],
    });
    await t.emulator.control.queueFaults({
      method: 'GET',
      path: '/api/v1/tickets/search',
      // The SDK's own lookup (and its one retry) fails too, so the call ends ambiguous.
      sequence: [{ reset: 'before' }, { reset: 'before' }],
    });
    const { relay } = t.relay();
    const { id } = await relay.enqueue(ticket(7));
    relay.start();
    expect(await until(() => relay.get(id), settledState)).toMatchObject({ state: 'delivered', maybeSent: true });
    expect(await ticketsIn(t)).toHaveLength(1);
  });

  it('sends a permanent refusal to dead with Zoho’s code and the fix, and replays it after the fix', async () => {
    const t = await start();
    const { relay, events } = t.relay();
    const op = ticket(1);
    if (op.type !== 'desk.ticket.create') throw new Error('unreachable');
    const { id } = await relay.enqueue({ ...op, input: { ...op.input, departmentId: '999999999' } });
    relay.start();
    const dead = await until(() => relay.get(id), settledState);
    expect(dead).toMatchObject({ state: 'dead', lastError: { outcome: 'permanent', kind: expect.any(String) } });
    expect(dead?.lastError?.code).toBeTruthy();
    expect(dead?.lastError?.fix).toBeTruthy();
    expect(events.some((e) => e.type === 'delivery.dead' && e.id === id)).toBe(true);
    expect(await relay.retry({ ids: [id] })).toBe(1);
    expect(await relay.get(id)).toMatchObject({ state: 'pending' });
    expect(await relay.discard({ ids: [id] })).toBe(0);
  });

  it('pauses on a revoked refresh token, dead-letters nothing, and resumes once a new grant is exchanged', async () => {
    const t = await start();
    const zoho = t.zoho();
    const { relay, events } = t.relay({ zoho });
    await t.emulator.control.revokeToken(t.refreshToken);
    const ids = await Promise.all([1, 2, 3].map(async (n) => (await relay.enqueue(ticket(n))).id));
    relay.start();
    const status = await until(
      () => relay.status(),
      (s) => s.paused !== undefined,
    );
    expect(status.paused).toMatchObject({ code: 'invalid_code', product: 'desk' });
    expect(status.counts.byState.dead).toBe(0);
    expect(events.filter((e) => e.type === 'queue.paused')).toHaveLength(1);

    const { code } = await t.emulator.control.mintGrantCode({
      clientId: t.client.clientId,
      scope: ['Desk.tickets.ALL', 'Desk.contacts.ALL', 'Desk.search.READ', 'Desk.basic.READ'],
    });
    await zoho.tokens.exchangeCode({ code });
    for (const id of ids) expect(await until(() => relay.get(id), settledState)).toMatchObject({ state: 'delivered' });
    expect((await relay.status()).paused).toBeUndefined();
    expect(events.some((e) => e.type === 'queue.resumed')).toBe(true);
    expect(await ticketsIn(t)).toHaveLength(3);
  });

  it('a worker that died mid-call: the next worker finds the ticket it made instead of making another', async () => {
    const t = await start();
    const { relay, path } = t.relay();
    const { id } = await relay.enqueue(ticket(9));
    // The first worker leases the delivery, creates the ticket, and dies before recording it.
    const [lease] = await relay.queue.lease({ now: Date.now(), leaseMs: 300, limit: 1 });
    const op = ticket(9);
    if (op.type !== 'desk.ticket.create' || !lease) throw new Error('unreachable');
    await t.zoho().desk.tickets.create(op.input, { idempotencyKey: deskKey(id) });
    await relay.close({ graceMs: 0 });

    const { relay: next } = t.relay({ path });
    next.start();
    const done = await until(() => next.get(id), settledState);
    expect(done).toMatchObject({ state: 'delivered', attempts: 2, maybeSent: true });
    expect(await ticketsIn(t)).toHaveLength(1);
  });

  it('on stop, gives back the lease of a call that does not answer, marked as maybe sent', async () => {
    const t = await start();
    await t.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', sequence: [{ hang: true }] });
    const { relay } = t.relay();
    const { id } = await relay.enqueue(ticket(3));
    relay.start();
    await until(
      () => relay.get(id),
      (d) => d?.state === 'in_flight',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await relay.worker.stop({ graceMs: 50 });
    expect(await relay.get(id)).toMatchObject({ state: 'pending', attempts: 0, maybeSent: true });
  });
});

describe('relay: the other operations', () => {
  it('subscribes to Campaigns and creates a Desk contact, taking Desk’s duplicate answer as the contact', async () => {
    const t = await start();
    const { relay } = t.relay();
    const listKey = CAMPAIGNS_SEED_LISTS.immediate.listKey;
    const sub = await relay.enqueue({ type: 'campaigns.subscribe', input: { listKey, email: 'ada@example.com' } });
    const first = await relay.enqueue({
      type: 'desk.contact.create',
      input: { lastName: 'Lovelace', email: 'ada@example.com' },
    });
    relay.start();
    expect(await until(() => relay.get(first.id), settledState)).toMatchObject({ state: 'delivered' });
    const again = await relay.enqueue({
      type: 'desk.contact.create',
      input: { lastName: 'L', email: 'ada@example.com' },
    });
    const second = await until(() => relay.get(again.id), settledState);
    const firstResult = (await relay.get(first.id))?.result as { id: string };
    expect(second).toMatchObject({ state: 'delivered', result: { id: firstResult.id } });
    expect(await t.emulator.control.desk.contacts()).toHaveLength(1);
    expect(await until(() => relay.get(sub.id), settledState)).toMatchObject({ state: 'delivered' });
    const active = await t.zoho().campaigns.subscribers({ listKey }).toArray({ limit: 10 });
    expect(active.map((s) => s.contact_email)).toContain('ada@example.com');
  });
});
