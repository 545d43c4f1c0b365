/**
 * The reliability proofs' short versions (issue 11; the full ones are `npm run bench -- relay`): deliveries
 * through a random fault mix and a full outage, and through a refresh token revoked mid-run, counted in the
 * emulator — every delivery delivered, none lost, none dead-lettered, one ticket per idempotency key.
 */
import { DESK_SUPPORT_DEPARTMENT_ID, type FaultMix } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { deskKey } from '../src/execute.js';
import type { Delivery, Operation } from '../src/index.js';
import { type RelayTenant, SCOPES, startRelayTenant, until } from './support/relay-tenant.js';

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

describe('relay reliability: credentials revoked mid-run', () => {
  it('pauses with nothing dead-lettered, and drains every delivery once after a new token is stored', async () => {
    const N = 60;
    const run = 'revoked';
    const t = await startRelayTenant();
    tenant = t;
    // Creates take 10 ms, so the revocation lands while deliveries are in flight and more are waiting.
    await t.emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      mix: { faults: [{ pass: true, delayMs: 10, weight: 1 }] },
    });
    const zoho = t.zoho();
    const { relay, events } = t.relay({ zoho, worker: { concurrency: 2 } });
    relay.start();
    for (let n = 1; n <= N; n++) await relay.enqueue(ticket(run, n), { idempotencyKey: `${run}-${n}` });
    await until(
      () => relay.status(),
      (s) => s.counts.byState.delivered >= 10,
    );
    // Revoking the refresh token revokes its access tokens too: the next call's refresh is refused.
    await t.emulator.control.revokeToken(t.refreshToken);
    const paused = await until(
      () => relay.status(),
      (s) => s.paused !== undefined,
    );
    expect(paused.paused).toMatchObject({ code: 'invalid_code', product: 'desk' });
    // Paused, not failed: what is left waits (a probe now and then), none of it dead.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const waiting = await relay.status();
    expect(waiting.paused).toBeDefined();
    expect(waiting.counts.byState.dead + waiting.counts.byState.expired).toBe(0);
    expect(waiting.counts.byState.pending).toBeGreaterThan(0);
    const deliveredWhilePaused = waiting.counts.byState.delivered;

    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: SCOPES });
    await zoho.tokens.exchangeCode({ code });
    const drained = await until(
      () => relay.status(),
      (s) => s.counts.byState.delivered === N,
    );
    expect(drained.paused).toBeUndefined();
    expect(drained.counts.byState).toMatchObject({ delivered: N, pending: 0, in_flight: 0, dead: 0, expired: 0 });
    expect(deliveredWhilePaused).toBeLessThan(N);
    expect(events.filter((e) => e.type === 'queue.paused')).toHaveLength(1);
    expect(events.some((e) => e.type === 'queue.resumed' && e.by === 'probe')).toBe(true);
    expect(events.filter((e) => e.type === 'delivery.dead')).toEqual([]);
    const { tickets, perKey } = await ticketsByKey(t, run);
    expect(tickets).toHaveLength(N);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(perKey.size).toBe(N);
  }, 20_000);
});
