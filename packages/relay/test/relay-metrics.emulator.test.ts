/**
 * Prometheus metrics of a relay delivering to the real emulator, scraped over HTTP from the intake: counters move
 * with deliveries, gauges read the queue at each scrape, and two relays in one process keep their own numbers.
 */
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayMetrics } from '../src/index.js';
import { startIntake } from './http/support/intake.js';
import { type RelayTenant, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant;
beforeAll(async () => {
  tenant = await startRelayTenant();
});
afterAll(async () => {
  await tenant.close();
});

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const ticket = (n: number) => ({
  email: `customer${n}@example.com`,
  subject: `Order #${n}`,
  message: 'Nothing came.',
  lastName: `Customer ${n}`,
});

describe('GET /metrics', () => {
  it('counts deliveries and attempts, and reads depth, age, pause and circuits at each scrape', async () => {
    const i = await startIntake(tenant, { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID });
    try {
      const scrape = async () => {
        const res = await i.call('/metrics');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        return res.text;
      };
      const before = await scrape();
      expect(sample(before, 'zohokit_relay_queue_depth{state="delivered"}')).toBe(0);
      expect(sample(before, 'zohokit_relay_oldest_pending_age_seconds')).toBe(0);
      expect(sample(before, 'zohokit_relay_paused')).toBe(0);
      expect(sample(before, 'zohokit_relay_worker_running')).toBe(0);

      // Stored, not yet delivered: depth and age come from the queue, not from counters.
      const { id } = (await i.call('/v1/tickets', { body: ticket(1) })).json;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const waiting = await scrape();
      expect(sample(waiting, 'zohokit_relay_queue_depth{state="pending"}')).toBe(1);
      expect(sample(waiting, 'zohokit_relay_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0.04);
      expect(sample(waiting, 'zohokit_relay_enqueued_total{operation="desk.ticket.create"}')).toBe(1);

      // 503s to the first attempt (the SDK's own retry too): a POST that may have landed is "ambiguous", so the
      // relay's second attempt looks for the ticket, finds none, and creates it.
      await tenant.emulator.control.queueFaults({
        method: 'POST',
        path: '/api/v1/tickets',
        sequence: [{ status: 503 }, { status: 503 }],
      });
      i.relay.start();
      await until(
        () => i.relay.get(id),
        (d) => d?.state === 'delivered',
      );
      const after = await scrape();
      const op = 'operation="desk.ticket.create"';
      expect(sample(after, 'zohokit_relay_queue_depth{state="pending"}')).toBe(0);
      expect(sample(after, 'zohokit_relay_queue_depth{state="delivered"}')).toBe(1);
      expect(sample(after, 'zohokit_relay_oldest_pending_age_seconds')).toBe(0);
      expect(sample(after, `zohokit_relay_deliveries_total{${op},state="delivered"}`)).toBe(1);
      expect(sample(after, `zohokit_relay_attempts_total{${op},result="delivered"}`)).toBe(1);
      expect(sample(after, `zohokit_relay_attempts_total{${op},result="ambiguous"}`)).toBe(1);
      expect(sample(after, `zohokit_relay_delivery_attempts_count{${op}}`)).toBe(1);
      expect(sample(after, `zohokit_relay_delivery_attempts_sum{${op}}`)).toBe(2);
      expect(sample(after, 'zohokit_relay_worker_running')).toBe(1);
      expect(sample(after, 'zohokit_relay_circuit_state{product="desk",state="closed"}')).toBe(1);
      expect(sample(after, 'zohokit_relay_circuit_state{product="desk",state="open"}')).toBe(0);

      // A pause shows at the next scrape, with its cause.
      await i.relay.queue.setControl({
        paused: { reason: 'revoked', code: 'invalid_code', fix: undefined, product: 'desk', since: Date.now() },
      });
      const paused = await scrape();
      expect(sample(paused, 'zohokit_relay_paused')).toBe(1);
      expect(sample(paused, 'zohokit_relay_pause_info{product="desk",code="invalid_code"}')).toBe(1);
      await i.relay.resume();
      expect(sample(await scrape(), 'zohokit_relay_pause_info{product="desk",code="invalid_code"}')).toBeUndefined();
    } finally {
      await i.close();
    }
  });

  it('keeps each relay’s numbers in its own registry (two relays in one process), past a broken listener', async () => {
    const a = tenant.relay();
    const b = tenant.relay();
    // A listener that throws keeps neither the others nor the enqueue from going on.
    a.relay.subscribe(() => {
      throw new Error('a broken listener');
    });
    const ma = createRelayMetrics(a.relay);
    const mb = createRelayMetrics(b.relay);
    await a.relay.enqueue({ type: 'campaigns.subscribe', input: { listKey: 'k', email: 'a@example.com' } });
    const op = 'zohokit_relay_enqueued_total{operation="campaigns.subscribe"}';
    expect(sample(await ma.metrics(), op)).toBe(1);
    expect(sample(await mb.metrics(), op)).toBeUndefined();
    expect(sample(await mb.metrics(), 'zohokit_relay_queue_depth{state="pending"}')).toBe(0);
    ma.close();
    await a.relay.enqueue({ type: 'campaigns.subscribe', input: { listKey: 'k', email: 'b@example.com' } });
    expect(sample(await ma.metrics(), op)).toBe(1);
    expect(sample(await ma.metrics(), 'zohokit_relay_queue_depth{state="pending"}')).toBe(2);
  });
});
