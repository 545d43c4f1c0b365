/**
 * Relay reliability under faults (issue 11): 5,000 Desk ticket deliveries while the emulator answers the ticket
 * create from a seeded random mix — 30% 503 (no Retry-After: the create may have happened, so each is
 * reconciled by key), 5% 429 with Retry-After 1, 2% a connection reset after the ticket was created — and a
 * 60-second full outage (every route, the token endpoint and the search included) once a third is delivered.
 * The verdict is counted in the emulator: every delivery delivered, none lost, one ticket per idempotency key.
 * The emulator runs in its own process, as Zoho is elsewhere. The test's short version:
 * packages/relay/test/reliability.emulator.test.ts.
 */

import type { FaultMix } from '@zohokit/emulator';
import { createRelay, type Delivery, type RelayEvent } from '@zohokit/relay';
import { benchTicket, relayBenchTenant, ticketsPerKey, waitUntil } from './relay-support.js';
import type { BenchRow, BenchSection } from './report.js';

// The environment may shrink a run while working on this file; the recorded results use the defaults.
const DELIVERIES = Number(process.env.ZK_BENCH_RELIABILITY_DELIVERIES ?? 5_000);
const OUTAGE_MS = Number(process.env.ZK_BENCH_RELIABILITY_OUTAGE_MS ?? 60_000);
const CALLERS = 10;
/** The share of deliveries delivered when the outage starts. */
const OUTAGE_AFTER = 1 / 3;

/** Seeded, so every run draws the same faults for the same order of requests. */
export const RELIABILITY_MIX: FaultMix = {
  seed: 11,
  faults: [
    { status: 503, weight: 0.3 },
    { status: 429, retryAfter: 1, weight: 0.05 },
    { reset: 'after', weight: 0.02 },
  ],
};

const row = (metric: string, value: string, target: string, pass: boolean): BenchRow => ({
  metric,
  value,
  target,
  pass,
});

export async function relayReliability(): Promise<BenchSection> {
  const tenant = await relayBenchTenant({}, { process: 'separate' });
  const run = 'reliability';
  try {
    const { emulator } = tenant;
    await emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', mix: RELIABILITY_MIX });
    // The relay retries on its own schedule; the SDK only reconciles within a call (short lookups: the
    // emulator's search has no lag). Short backoffs and cool-downs keep the run to minutes.
    const zoho = tenant.zoho({ retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 50 } });
    await zoho.tokens.get();
    let circuitOpens = 0;
    const relay = createRelay({
      zoho,
      queue: tenant.dbPath(run),
      worker: {
        concurrency: 10,
        pollMs: 20,
        schedule: { baseDelayMs: 50, maxDelayMs: 2_000 },
        circuit: { threshold: 5, coolDownMs: 500, maxCoolDownMs: 2_000 },
      },
      onEvent: (event: RelayEvent) => {
        if (event.type === 'circuit.changed' && event.state === 'open') circuitOpens++;
      },
    });
    try {
      const started = performance.now();
      relay.start();
      let next = 0;
      const enqueued = Promise.all(
        Array.from({ length: CALLERS }, async () => {
          for (let n = ++next; n <= DELIVERIES; n = ++next) {
            await relay.enqueue(benchTicket(run, n), { idempotencyKey: `${run}-${n}` });
          }
        }),
      );
      // The outage starts once a third is delivered, so it strikes a running worker with a backlog.
      await waitUntil(
        async () => (await relay.status()).counts.byState.delivered >= DELIVERIES * OUTAGE_AFTER,
        600_000,
      );
      const outage = await emulator.control.outage({ forMs: OUTAGE_MS });
      const outageStarted = Date.now();
      await enqueued;
      const settled = await waitUntil(async () => {
        const { byState } = (await relay.status()).counts;
        return byState.pending + byState.in_flight === 0;
      }, 600_000);
      const seconds = (performance.now() - started) / 1000;
      const deliveries: Delivery[] = await relay.list({ limit: DELIVERIES * 2 });
      const { byState } = (await relay.status()).counts;
      const tickets = (await emulator.control.desk.tickets()).filter((t) => String(t.subject).startsWith(`${run} #`));
      const ticketIds = new Set(tickets.map((t) => String(t.id)));
      const perKey = await ticketsPerKey(emulator, run);
      const subjects = new Set(tickets.map((t) => String(t.subject)));
      const delivered = deliveries.filter((d) => d.state === 'delivered');
      // Lost: stored but not delivered, or delivered with a ticket Desk does not have.
      const lost =
        DELIVERIES -
        delivered.length +
        delivered.filter((d) => !ticketIds.has(String((d.result as { id?: unknown } | undefined)?.id))).length;
      const duplicates = [...perKey.values()].reduce((sum, n) => sum + n - 1, 0);
      const { requests } = await emulator.control.counters();
      const posts = requests['POST /api/v1/tickets'] ?? {};
      const answers = (byOutcome: Record<string, number>) =>
        Object.entries(byOutcome)
          .map(([outcome, n]) => `${n}×${outcome}`)
          .join(', ');
      // Nothing can be delivered while every route answers 503 (a call answered just before it began aside).
      const duringOutage = delivered.filter(
        (d) => (d.deliveredAt ?? 0) > outageStarted + 250 && (d.deliveredAt ?? 0) < outage.until - 250,
      ).length;
      const afterOutage = delivered.filter((d) => (d.deliveredAt ?? 0) >= outage.until).length;
      const attempts = deliveries.reduce((sum, d) => sum + d.attempts, 0);
      const reconciled = delivered.filter((d) => d.maybeSent).length;
      return {
        title: 'Relay reliability (fault mix and a full outage)',
        method: `${DELIVERIES} deliveries enqueued by ${CALLERS} concurrent callers into a running relay (worker concurrency 10, backoff 50 ms doubling to 2 s, circuit after 5 failures, 0.5–2 s cool-down; the SDK with no in-call retry) while the emulator (its own process) answers POST /api/v1/tickets from a seeded mix (control.queueFaults with mix): 30% 503 without Retry-After, 5% 429 with Retry-After 1, 2% reset after the ticket was created, the rest pass; and a ${OUTAGE_MS / 1000} s full outage (control.outage: every route 503, token endpoint and search included) once a third was delivered. Tickets counted in the emulator per idempotency key and per subject.`,
        rows: [
          row('settled (nothing pending or in flight)', settled ? 'yes' : 'no, timed out', 'yes', settled),
          row('delivered', `${delivered.length} of ${DELIVERIES}`, `${DELIVERIES}`, delivered.length === DELIVERIES),
          row('lost (not delivered, or no such ticket in Desk)', `${lost}`, '0', lost === 0),
          row('dead / expired', `${byState.dead} / ${byState.expired}`, '0 / 0', byState.dead + byState.expired === 0),
          row('duplicate tickets (tickets beyond one per key)', `${duplicates}`, '0', duplicates === 0),
          row(
            'tickets in Desk: total / distinct keys / distinct subjects',
            `${tickets.length} / ${perKey.size} / ${subjects.size}`,
            `${DELIVERIES} each`,
            tickets.length === DELIVERIES && perKey.size === DELIVERIES && subjects.size === DELIVERIES,
          ),
          row('ticket creates answered (emulator count)', answers(posts), 'info', true),
          row(
            'ticket searches answered (reconciles)',
            answers(requests['GET /api/v1/tickets/search'] ?? {}),
            'info',
            true,
          ),
          row(
            'delivered during the outage / after it',
            `${duringOutage} / ${afterOutage}`,
            `0 / > 0`,
            duringOutage === 0 && afterOutage > 0,
          ),
          row('circuit openings', `${circuitOpens}`, 'info', true),
          row('attempts (all deliveries)', `${attempts}`, 'info', true),
          row('delivered after a reconcile (may have been sent)', `${reconciled}`, 'info', true),
          row('wall time (the outage included)', `${seconds.toFixed(1)} s`, 'info', true),
        ],
      };
    } finally {
      await relay.close({ graceMs: 0 });
    }
  } finally {
    await tenant.close();
  }
}
