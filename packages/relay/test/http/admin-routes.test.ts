/**
 * The admin endpoints over real HTTP, on a relay of the real emulator: secret keys only, the status and the
 * lists with addresses masked, retry and discard through the relay's own rules, resume, and the cross-site
 * refusals (no key, a foreign Origin, a form body).
 */
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RelayTenant, startRelayTenant, until } from '../support/relay-tenant.js';
import { startIntake, type TestIntake } from './support/intake.js';

let tenant: RelayTenant;
let intake: TestIntake | undefined;
beforeAll(async () => {
  tenant = await startRelayTenant();
});
afterAll(async () => {
  await tenant.close();
});
afterEach(async () => {
  await intake?.close();
  intake = undefined;
});

const ticket = (n: number) => ({
  email: `customer${n}@example.com`,
  subject: `Order #${n}`,
  message: 'Nothing came.',
  lastName: `Customer ${n}`,
});

/** Desk refuses the next ticket for good, quoting the customer's address as Zoho's messages do. */
async function refuseNextTicket(n: number): Promise<void> {
  await tenant.emulator.control.queueFaults({
    method: 'POST',
    path: '/api/v1/tickets',
    sequence: [
      {
        status: 422,
        body: { errorCode: 'INVALID_DATA', message: `The contact customer${n}@example.com cannot raise tickets` },
      },
    ],
  });
}

async function open(): Promise<TestIntake> {
  intake = await startIntake(tenant, { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID, start: true });
  return intake;
}

describe('admin endpoints', () => {
  it('answer a secret key only: 401 without one, 403 for a publishable key or from another origin', async () => {
    const i = await open();
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/status'],
      ['GET', '/v1/deliveries'],
      ['POST', '/v1/deliveries/retry', { all: true }],
      ['POST', '/v1/deliveries/discard', { all: true }],
      ['POST', '/v1/resume', {}],
      ['GET', '/metrics'],
    ];
    for (const [method, path, body] of routes) {
      expect((await i.call(path, { method, body, key: null })).json.error.code, path).toBe('missing_key');
      const publishable = await i.call(path, { method, body, key: i.publishable, origin: 'https://shop.example' });
      expect([publishable.status, publishable.json.error.code], path).toEqual([403, 'wrong_key_kind']);
      const foreign = await i.call(path, { method, body, origin: 'https://evil.example' });
      expect([foreign.status, foreign.json.error.code], path).toEqual([403, 'cross_origin_refused']);
      expect(foreign.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('reports counts, the oldest pending age and dead letters with Zoho’s reason, addresses masked', async () => {
    const i = await open();
    await refuseNextTicket(7);
    const { id } = (await i.call('/v1/tickets', { body: ticket(7) })).json;
    await until(
      () => i.relay.get(id),
      (d) => d?.state === 'dead',
    );
    // The library keeps Zoho's words; the admin view masks the address in them.
    expect((await i.relay.get(id))?.lastError?.summary).toContain('customer7@example.com');
    const status = await i.call('/v1/status');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      counts: { dead: 1, pending: 0, delivered: 0 },
      oldestPendingAt: null,
      oldestPendingAgeMs: null,
      paused: null,
      workerRunning: true,
    });
    const list = await i.call('/v1/deliveries?state=dead,expired');
    expect(list.json.deliveries).toHaveLength(1);
    const [row] = list.json.deliveries;
    expect(row).toMatchObject({ id, state: 'dead', attempts: 1, product: 'desk', lastError: { code: 'INVALID_DATA' } });
    expect(row.lastError.summary).toContain('<email>');
    expect(list.text).not.toContain('@example.com');
    expect(row).not.toHaveProperty('input');
    expect(row).not.toHaveProperty('result');

    await i.relay.worker.stop({ graceMs: 0 });
    const held = (await i.call('/v1/tickets', { body: ticket(8) })).json.id;
    await new Promise((resolve) => setTimeout(resolve, 30));
    const waiting = (await i.call('/v1/status')).json;
    expect(waiting.counts.pending).toBe(1);
    expect(waiting.oldestPendingAgeMs).toBeGreaterThanOrEqual(25);
    expect(Date.parse(waiting.oldestPendingAt)).toBe((await i.relay.get(held))?.createdAt);
  });

  it('retries and discards by id or all, dead and expired only, and refuses an empty selection', async () => {
    const i = await open();
    await i.relay.worker.stop({ graceMs: 0 });
    await refuseNextTicket(1);
    await refuseNextTicket(2);
    const dead = [
      (await i.call('/v1/tickets', { body: ticket(1) })).json.id,
      (await i.call('/v1/tickets', { body: ticket(2) })).json.id,
    ];
    i.relay.start();
    await until(
      () => i.relay.status(),
      (s) => s.counts.byState.dead === 2,
    );
    await i.relay.worker.stop({ graceMs: 0 });
    const pending = (await i.call('/v1/tickets', { body: ticket(3) })).json.id;

    const empty = await i.call('/v1/deliveries/retry', { body: {} });
    expect([empty.status, empty.json.error.code]).toEqual([400, 'invalid_request']);
    expect(empty.json.error.fix).toMatch(/Nothing was changed/);
    const unknown = await i.call('/v1/deliveries/discard', { body: { all: true, states: ['pending'] } });
    expect(unknown.json.error.fields).toEqual([{ field: 'states', problem: 'is not a known field' }]);
    const formBody = await i.call('/v1/deliveries/discard', {
      body: 'all=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([formBody.status, formBody.json.error.code]).toEqual([415, 'unsupported_media_type']);

    expect((await i.call('/v1/deliveries/retry', { body: { ids: [dead[0], pending] } })).json).toEqual({ retried: 1 });
    expect((await i.relay.get(dead[0]))?.state).toBe('pending');
    expect((await i.call('/v1/deliveries/discard', { body: { all: true } })).json).toEqual({ discarded: 1 });
    expect((await i.relay.get(dead[1]))?.state).toBe('discarded');
    expect((await i.relay.get(pending))?.state).toBe('pending');
    const bad = await i.call('/v1/deliveries?state=gone&limit=0');
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'state.0']);
  });

  it('resume ends a pause and says whether there was one', async () => {
    const i = await open();
    await i.relay.queue.setControl({
      paused: {
        reason: 'Zoho refused customer1@example.com',
        code: 'invalid_code',
        fix: 'Log in again',
        product: 'desk',
        since: Date.now(),
      },
    });
    const status = (await i.call('/v1/status')).json;
    expect(status.paused).toMatchObject({
      product: 'desk',
      code: 'invalid_code',
      reason: 'Zoho refused <email>',
      fix: 'Log in again',
    });
    expect((await i.call('/v1/resume', { body: {} })).json).toEqual({ resumed: true });
    expect((await i.relay.status()).paused).toBeUndefined();
    expect((await i.call('/v1/resume', { body: {} })).json).toEqual({ resumed: false });
  });
});
