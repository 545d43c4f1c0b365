/**
 * Relay delivery rate (issue 11): a backlog drained against Desk's concurrency cap. The emulator answers each
 * call after a fixed latency and counts Desk calls in progress per org, answering 429 past its limit; the SDK
 * holds calls to `desk.maxConcurrency`. With the cap the bottleneck, the best any client can do is
 * limit / latency tickets per second: the relay's rate is judged as a fraction of that, with no 429. The same
 * backlog sent straight through the SDK by 2 × limit callers, in the same run, shows what the HTTP path alone
 * reaches. The emulator runs in its own process: in one process the relay's synchronous SQLite commits would
 * stall Zoho's answers too, a cost no real deployment pays (the machine's cores are still shared).
 */
import { DESK_ORG_ID } from '@zohokit/emulator';
import { createRelay } from '@zohokit/relay';
import type { Zoho } from 'zohokit';
import { answered, benchTicket, relayBenchTenant, ticketsPerKey, waitUntil } from './relay-support.js';
import type { BenchRow, BenchSection } from './report.js';

const BACKLOG = 300;
const LIMIT = 10;
const LATENCY_MS = 200;

/** The baseline: the same creates with the same keys, straight through the SDK, 2 × limit callers at once. */
async function bareSdkRate(zoho: Zoho): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LIMIT * 2 }, async () => {
      for (let n = ++next; n <= BACKLOG; n = ++next) {
        const op = benchTicket('sdk', n);
        if (op.type !== 'desk.ticket.create') throw new Error('unreachable');
        await zoho.desk.tickets.create(op.input, { idempotencyKey: `sdk-${n}` });
      }
    }),
  );
  return BACKLOG / ((performance.now() - started) / 1000);
}

export async function relayDelivery(): Promise<BenchSection> {
  const tenant = await relayBenchTenant({ latencyMs: LATENCY_MS }, { process: 'separate' });
  const run = 'delivery';
  try {
    await tenant.emulator.control.desk.setConcurrency({ orgId: DESK_ORG_ID, limit: LIMIT });
    const zoho = tenant.zoho({ desk: { orgId: DESK_ORG_ID, maxConcurrency: LIMIT } });
    let lastDeliveredAt = 0;
    // More worker slots than the cap, so the SDK's limiter (not the worker) decides what is in flight.
    const relay = createRelay({
      zoho,
      queue: tenant.dbPath('delivery'),
      worker: { concurrency: LIMIT * 2 },
      onEvent: (event) => {
        if (event.type === 'delivery.delivered') lastDeliveredAt = performance.now();
      },
    });
    try {
      for (let n = 1; n <= BACKLOG; n++) await relay.enqueue(benchTicket(run, n), { idempotencyKey: `${run}-${n}` });
      await zoho.tokens.get();
      await tenant.emulator.control.resetCounters();
      const sdkRate = await bareSdkRate(zoho);
      const sdkTooMany = await answered(tenant.emulator, '429');
      const sdkTickets = (await ticketsPerKey(tenant.emulator, 'sdk')).size;
      await tenant.emulator.control.resetCounters();
      const started = performance.now();
      relay.start();
      const drained = await waitUntil(async () => (await relay.status()).counts.byState.delivered === BACKLOG, 60_000);
      const seconds = (lastDeliveredAt - started) / 1000;
      const counts = (await relay.status()).counts.byState;
      const perKey = await ticketsPerKey(tenant.emulator, run);
      const tooMany = await answered(tenant.emulator, '429');
      const rate = BACKLOG / seconds;
      const ceiling = (LIMIT * 1000) / LATENCY_MS;
      const fraction = drained ? rate / ceiling : 0;
      const row = (metric: string, value: string, target: string, pass: boolean): BenchRow => ({
        metric,
        value,
        target,
        pass,
      });
      return {
        title: 'Relay delivery rate (Desk concurrency cap)',
        method: `${BACKLOG} Desk ticket creates enqueued first, then one worker (concurrency ${LIMIT * 2}) drains them against the emulator (in its own process, as Zoho is elsewhere) with ${LATENCY_MS} ms latency per request and the org's concurrency limit set to ${LIMIT} (control API), the SDK's desk.maxConcurrency ${LIMIT}, token fetched before the clock starts; the baseline sends the same number of creates straight through the SDK first. Theoretical ceiling: ${LIMIT} × 1000 / ${LATENCY_MS} = ${ceiling} tickets/s. 429s counted by the emulator over every route.`,
        rows: [
          row('delivered', `${counts.delivered} of ${BACKLOG}`, `${BACKLOG}`, counts.delivered === BACKLOG),
          row('tickets in Desk (one per key)', `${perKey.size}`, `${BACKLOG}`, perKey.size === BACKLOG),
          row('time to drain', `${seconds.toFixed(2)} s`, 'info', true),
          row('delivered per second', `${rate.toFixed(1)}/s`, 'info', true),
          row('rate / theoretical ceiling', `${fraction.toFixed(3)}`, '≥ 0.90', fraction >= 0.9),
          row('429 answers (lock-outs)', `${tooMany}`, '0', tooMany === 0),
          row(
            `baseline: SDK alone, ${LIMIT * 2} callers, same backlog`,
            `${sdkRate.toFixed(1)}/s (${(sdkRate / ceiling).toFixed(3)} of the ceiling, ${sdkTickets} tickets, ${sdkTooMany} 429s)`,
            'info',
            true,
          ),
          row('relay rate / SDK-alone rate', `${(rate / sdkRate).toFixed(3)}×`, 'info', true),
        ],
      };
    } finally {
      await relay.close({ graceMs: 0 });
    }
  } finally {
    await tenant.close();
  }
}
