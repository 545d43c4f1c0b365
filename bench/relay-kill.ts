/**
 * Relay crash safety (issue 11): 2,000 Desk tickets sent over HTTP to a relay process (the intake and the worker
 * over one SQLite file, packages/relay/test/support/relay-process.ts), SIGKILLed 10 times while it works and
 * restarted each time; the senders resend a request the crash cut off, with the same Idempotency-Key. Counted in
 * the emulator (its own process): every accepted delivery delivered, one ticket per key. The test's short
 * version: packages/relay/test/kill.emulator.test.ts.
 */
import { killRun } from '../packages/relay/test/support/kill-run.js';
import { relayBenchTenant } from './relay-support.js';
import type { BenchRow, BenchSection } from './report.js';

const DELIVERIES = 2_000;
const KILLS = 10;
const CREATE_MS = 20;

const row = (metric: string, value: string, target: string, pass: boolean): BenchRow => ({
  metric,
  value,
  target,
  pass,
});

export async function relayKill(): Promise<BenchSection> {
  const tenant = await relayBenchTenant({}, { process: 'separate' });
  try {
    const { emulator } = tenant;
    // Each create takes a moment, so every kill finds calls in flight (some already answered by Desk).
    await emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      mix: { faults: [{ pass: true, delayMs: CREATE_MS, weight: 1 }] },
    });
    const r = await killRun({
      control: emulator.control,
      endpoints: emulator.endpoints,
      client: tenant.client,
      refreshToken: tenant.refreshToken,
      deliveries: DELIVERIES,
      kills: KILLS,
      timeoutMs: 240_000,
    });
    const restarts = [...r.restartMs].sort((a, b) => a - b);
    const median = restarts[Math.floor(restarts.length / 2)] ?? 0;
    return {
      title: 'Relay crash safety (SIGKILL during delivery)',
      method: `${DELIVERIES} tickets POSTed to /v1/tickets (secret key, Idempotency-Key per ticket, 8 concurrent senders that resend what a crash cut off) of a relay process (intake + worker, SQLite WAL synchronous=FULL, worker concurrency 8, lease 1 s); the process is SIGKILLed ${KILLS} times, once each time another 1/${KILLS + 1} of the tickets is delivered, and restarted at once. Desk creates take ${CREATE_MS} ms (emulator in its own process, fault mix with delayMs). Tickets counted in the emulator per idempotency key.`,
      rows: [
        row('kills (SIGKILL, then restart)', `${r.restartMs.length}`, `${KILLS}`, r.restartMs.length === KILLS),
        row(
          'accepted by the intake (distinct ids)',
          `${r.accepted} of ${DELIVERIES}`,
          `${DELIVERIES}`,
          r.accepted === DELIVERIES,
        ),
        row('delivered', `${r.delivered} of ${DELIVERIES}`, `${DELIVERIES}`, r.delivered === DELIVERIES),
        row('lost (accepted, not delivered or no ticket in Desk)', `${r.lost}`, '0', r.lost === 0),
        row('dead / expired', `${r.dead}`, '0', r.dead === 0),
        row('duplicate tickets (beyond one per key)', `${r.duplicates}`, '0', r.duplicates === 0),
        row(
          'tickets in Desk: total / distinct keys',
          `${r.tickets} / ${r.distinctKeys}`,
          `${DELIVERIES} each`,
          r.tickets === DELIVERIES && r.distinctKeys === DELIVERIES,
        ),
        row('deliveries in flight at the kills (sum)', `${r.inFlightAtKills}`, '> 0', r.inFlightAtKills > 0),
        row('delivered after a reconcile (its worker was killed mid-call)', `${r.reconciled}`, 'info', true),
        row(
          'tries refused or cut off by a kill, each sent again / resends answered 200 (stored before the crash)',
          `${r.resends} / ${r.resendsAlreadyStored}`,
          'info',
          true,
        ),
        row(
          'restart to first URL, median / max',
          `${median.toFixed(0)} ms / ${(restarts.at(-1) ?? 0).toFixed(0)} ms`,
          'info',
          true,
        ),
        row('wall time', `${r.seconds.toFixed(1)} s`, 'info', true),
      ],
    };
  } finally {
    await tenant.close();
  }
}
