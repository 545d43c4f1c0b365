/**
 * The reliability proofs' short versions (issue 11; the full ones are `npm run bench -- relay`): deliveries
 * through a random fault mix and a full outage, counted in the emulator — every delivery delivered, none lost,
 * one ticket per idempotency key.
 */
import { DESK_SUPPORT_DEPARTMENT_ID, type FaultMix } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { deskKey } from '../src/execute.js';
import type { Delivery, Operation } from '../src/index.js';
import { type RelayTenant, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const ticket = (run: string, n: number): Operation => ({
  type: 'desk.ticket.create',
  input: {
    subject: `${run} #${n}`,
    description: 'My order has not arrived.',
    departmentId: DESK_SUPPORT_DEPARTMENT_ID,
    contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
  },
});

/** The bench's mix (bench/relay-reliability.ts), with another seed. */
const MIX: FaultMix = {
  seed: 7,
  faults: [
    { status: 503, weight: 0.3 },
    { status: 429, retryAfter: 1, weight: 0.05 },
    { reset: 'after', weight: 0.02 },
  ],
};

/** Tickets in the emulator per idempotency key, and the ids of them all. */
async function ticketsByKey(t: RelayTenant, run: string) {
  const tickets = (await t.emulator.control.desk.tickets()).filter((x) => String(x.subject).startsWith(`${run} #`));
  const perKey = new Map<string, number>();
  for (const x of tickets)
    perKey.set(String(x.cf?.cf_zohokit_key), (perKey.get(String(x.cf?.cf_zohokit_key)) ?? 0) + 1);
  return { tickets, perKey, ids: new Set(tickets.map((x) => String(x.id))) };
}

describe('relay reliability: faults', () => {
  it('200 deliveries through 30% 503, 5% 429 + Retry-After, 2% reset after the create and a 2 s full outage: all delivered, none twice', async () => {
    const N = 200;
    const run = 'faults';
    const t = await startRelayTenant();
    tenant = t;
    await t.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', mix: MIX });
    const { relay, events } = t.relay({
      zoho: t.zoho({ retry: { maxRetries: 0, baseDelayMs: 5, maxDelayMs: 20 } }),
      worker: {
        concurrency: 8,
        schedule: { baseDelayMs: 20, maxDelayMs: 300 },
        circuit: { threshold: 5, coolDownMs: 100, maxCoolDownMs: 400 },
      },
    });
    relay.start();
    let next = 0;
    const enqueued = Promise.all(
      Array.from({ length: 10 }, async () => {
        const ids: string[] = [];
        for (let n = ++next; n <= N; n = ++next) {
          ids.push((await relay.enqueue(ticket(run, n), { idempotencyKey: `${run}-${n}` })).id);
        }
        return ids;
      }),
    );
    await until(
      () => relay.status(),
      (s) => s.counts.byState.delivered >= N / 3,
    );
    const outage = await t.emulator.control.outage({ forMs: 2_000 });
    const outageStarted = Date.now();
    const ids = (await enqueued).flat();
    const status = await until(
      () => relay.status(),
      (s) => s.counts.byState.pending + s.counts.byState.in_flight === 0,
      20_000,
    );

    expect(ids).toHaveLength(N);
    expect(status.counts.byState).toMatchObject({ delivered: N, dead: 0, expired: 0, discarded: 0 });
    const deliveries: Delivery[] = await relay.list({ limit: N * 2 });
    expect(deliveries).toHaveLength(N);
    const { tickets, perKey, ids: ticketIds } = await ticketsByKey(t, run);
    // Not lost: each delivery holds a ticket Desk has, made under its own key.
    for (const d of deliveries) {
      const result = d.result as { id?: unknown; cf?: Record<string, unknown> };
      expect(ticketIds.has(String(result.id))).toBe(true);
      expect(perKey.get(deskKey(d.id))).toBe(1);
    }
    // Not duplicated: one ticket per key, as many tickets as deliveries.
    expect(tickets).toHaveLength(N);
    expect(perKey.size).toBe(N);

    // Every kind of fault struck, and the outage held: nothing was delivered while every route answered 503.
    const posts = (await t.emulator.control.counters()).requests['POST /api/v1/tickets'] ?? {};
    expect(posts['503']).toBeGreaterThan(0);
    expect(posts['429']).toBeGreaterThan(0);
    expect(posts.reset).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.maybeSent).length).toBeGreaterThan(0);
    const inOutage = deliveries.filter(
      (d) => (d.deliveredAt ?? 0) > outageStarted + 150 && (d.deliveredAt ?? 0) < outage.until - 150,
    );
    expect(inOutage).toEqual([]);
    expect(deliveries.filter((d) => (d.deliveredAt ?? 0) >= outage.until).length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'circuit.changed' && e.state === 'open')).toBe(true);
  }, 30_000);
});
