/**
 * Relay reliability under scripted faults (issue 11): 500 Desk ticket deliveries while the emulator answers
 * the ticket create with ~30% 503 (no Retry-After: the create may have happened, so each is reconciled by
 * key), ~5% 429 with Retry-After 1, ~2% a connection reset after the ticket was created, and a 3-second full
 * outage part-way. The verdict is counted in the emulator: every delivery delivered, none lost, one ticket
 * per idempotency key.
 */

import type { Fault } from '@zohokit/emulator';
import { createRelay, type Delivery } from '@zohokit/relay';
import { benchTicket, relayBenchTenant, waitUntil } from './relay-support.js';
import type { BenchRow, BenchSection } from './report.js';

const DELIVERIES = 500;
const CALLERS = 10;
const OUTAGE_MS = 3_000;
/** Where in the scripted sequence of creates the outage starts. */
const OUTAGE_AT = 250;

/** A small seeded generator (mulberry32): the same fault script every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * One fault per create, drawn until `DELIVERIES` of them would make a ticket (a pass, or a reset after the
 * create); past the script every create passes. The outage sits at `OUTAGE_AT`.
 */
interface Planned {
  unavailable: number;
  tooMany: number;
  resetAfter: number;
  pass: number;
}

function faultScript(): { sequence: Fault[]; planned: Planned } {
  const random = seeded(11);
  const sequence: Fault[] = [];
  const planned: Planned = { unavailable: 0, tooMany: 0, resetAfter: 0, pass: 0 };
  let creating = 0;
  while (creating < DELIVERIES) {
    if (sequence.length === OUTAGE_AT) sequence.push({ status: 503, repeatForMs: OUTAGE_MS });
    const r = random();
    if (r < 0.3) {
      sequence.push({ status: 503 });
      planned.unavailable++;
    } else if (r < 0.35) {
      sequence.push({ status: 429, retryAfter: 1 });
      planned.tooMany++;
    } else if (r < 0.37) {
      sequence.push({ reset: 'after' });
      planned.resetAfter++;
      creating++;
    } else {
      sequence.push({ pass: true });
      planned.pass++;
      creating++;
    }
  }
  return { sequence, planned };
}

export async function relayReliability(): Promise<BenchSection> {
  const tenant = await relayBenchTenant();
  const run = 'reliability';
  try {
    const { sequence, planned } = faultScript();
    await tenant.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', sequence });
    // The relay retries on its own schedule; the SDK only reconciles within a call (short lookups: the
    // emulator's search has no lag). Short backoffs and cool-downs keep the run to seconds.
    const zoho = tenant.zoho({ retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 50 } });
    const relay = createRelay({
      zoho,
      queue: tenant.dbPath(run),
      worker: {
        concurrency: 8,
        pollMs: 20,
        schedule: { baseDelayMs: 50, maxDelayMs: 1_000 },
        circuit: { threshold: 5, coolDownMs: 500, maxCoolDownMs: 2_000 },
      },
    });
    try {
      const started = performance.now();
      relay.start();
      let next = 0;
      await Promise.all(
        Array.from({ length: CALLERS }, async () => {
          for (let n = ++next; n <= DELIVERIES; n = ++next) {
            await relay.enqueue(benchTicket(run, n), { idempotencyKey: `${run}-${n}` });
          }
        }),
      );
      const settled = await waitUntil(async () => {
        const { byState } = (await relay.status()).counts;
        return byState.pending + byState.in_flight === 0;
      }, 120_000);
      const seconds = (performance.now() - started) / 1000;
      const deliveries: Delivery[] = await relay.list({ limit: DELIVERIES * 2 });
      const { byState } = (await relay.status()).counts;
      const tickets = (await tenant.emulator.control.desk.tickets()).filter((t) =>
        String(t.subject).startsWith(`${run} #`),
      );
      const ticketIds = new Set(tickets.map((t) => String(t.id)));
      const keys = new Set(tickets.map((t) => String(t.cf?.cf_zohokit_key)));
      const subjects = new Set(tickets.map((t) => String(t.subject)));
      const delivered = deliveries.filter((d) => d.state === 'delivered');
      // Lost: stored but not delivered, or delivered with a ticket Desk does not have.
      const lost =
        DELIVERIES -
        delivered.length +
        delivered.filter((d) => !ticketIds.has(String((d.result as { id?: unknown } | undefined)?.id))).length;
      const duplicates = tickets.length - keys.size;
      const posts = (await tenant.emulator.control.counters()).requests['POST /api/v1/tickets'] ?? {};
      const attempts = deliveries.reduce((sum, d) => sum + d.attempts, 0);
      const reconciled = delivered.filter((d) => d.maybeSent).length;
      const row = (metric: string, value: string, target: string, pass: boolean): BenchRow => ({
        metric,
        value,
        target,
        pass,
      });
      const answers = Object.entries(posts)
        .map(([outcome, n]) => `${n}×${outcome}`)
        .join(', ');
      return {
        title: 'Relay reliability (scripted faults on ticket create)',
        method: `${DELIVERIES} deliveries enqueued by ${CALLERS} concurrent callers into a running relay (worker concurrency 8, backoff 50 ms doubling to 1 s, circuit after 5 failures, 0.5–2 s cool-down; the SDK with no in-call retry) while the emulator answers POST /api/v1/tickets from a seeded script: 30% 503 without Retry-After, 5% 429 with Retry-After 1, 2% reset after the ticket was created, the rest pass (planned: ${planned.unavailable}×503, ${planned.tooMany}×429, ${planned.resetAfter}×reset, ${planned.pass}×pass), and a ${OUTAGE_MS / 1000} s full outage (every create 503) after ${OUTAGE_AT} creates. Tickets counted in the emulator per idempotency key and per subject.`,
        rows: [
          row('settled (nothing pending or in flight)', settled ? 'yes' : 'no, timed out', 'yes', settled),
          row('delivered', `${delivered.length} of ${DELIVERIES}`, `${DELIVERIES}`, delivered.length === DELIVERIES),
          row('lost (not delivered, or no such ticket in Desk)', `${lost}`, '0', lost === 0),
          row('dead / expired', `${byState.dead} / ${byState.expired}`, '0 / 0', byState.dead + byState.expired === 0),
          row('duplicate tickets (tickets − distinct keys)', `${duplicates}`, '0', duplicates === 0),
          row(
            'tickets in Desk: total / distinct keys / distinct subjects',
            `${tickets.length} / ${keys.size} / ${subjects.size}`,
            `${DELIVERIES} each`,
            tickets.length === DELIVERIES && keys.size === DELIVERIES && subjects.size === DELIVERIES,
          ),
          row('ticket creates answered (emulator count)', answers, 'info', true),
          // The whole script is consumed (its last creates succeed), so the 503s beyond it are the outage's.
          row('503s answered during the outage', `${(posts['503'] ?? 0) - planned.unavailable}`, 'info', true),
          row('attempts (all deliveries)', `${attempts}`, 'info', true),
          row('delivered after a reconcile (may have been sent)', `${reconciled}`, 'info', true),
          row('wall time', `${seconds.toFixed(1)} s`, 'info', true),
        ],
      };
    } finally {
      await relay.close({ graceMs: 0 });
    }
  } finally {
    await tenant.close();
  }
}
