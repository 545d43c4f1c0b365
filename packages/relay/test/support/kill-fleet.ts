/*
 * The multi-worker proof, shared by the test (short) and `npm run bench` (bench/relay-redis-kill.ts): N ticket
 * deliveries in one Redis queue, delivered by worker processes of which one is SIGKILLed every so often (mid-call,
 * holding leases) and replaced; the verdict is counted in the emulator, per idempotency key.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DESK_SUPPORT_DEPARTMENT_ID, type EmulatorControl, type EmulatorEndpoints } from '@zohokit/emulator';
import { Zoho } from 'zohokit';
import { createRelay, type Operation, RedisQueue } from '../../src/index.js';

export interface KillFleetWorkerConfig {
  redisUrl: string;
  queueName: string;
  endpoints: EmulatorEndpoints;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  concurrency: number;
  leaseMs: number;
}

export interface KillFleetOptions extends Omit<KillFleetWorkerConfig, 'queueName'> {
  control: EmulatorControl;
  /** Names the run's tickets (subject prefix) and its queue. */
  run: string;
  deliveries: number;
  workers: number;
  /** A kill every this many ms, drawn uniformly from [min, max]. */
  killEveryMs: [number, number];
  /** Every ticket create waits this long in the emulator first, so that kills land mid-call (0: no delay queued). */
  createDelayMs: number;
  timeoutMs: number;
}

export interface KillFleetResult {
  deliveries: number;
  /** Deliveries in state `delivered` whose ticket Desk has. */
  delivered: number;
  /** Stored but not delivered, or delivered with a ticket Desk does not have. */
  lost: number;
  /** Tickets beyond one per idempotency key. */
  duplicates: number;
  tickets: number;
  kills: number;
  /** Delivered after a take-over or an ambiguous attempt (the attempt reconciled first). */
  reconciled: number;
  attempts: number;
  /** From the first worker start to the last delivery settled. */
  elapsedMs: number;
  settled: boolean;
}

const WORKER = fileURLToPath(new URL('./kill-fleet-worker.ts', import.meta.url));
// The repository root: tsx reads tsconfig.json there, so `zohokit` and `@zohokit/emulator` resolve to the sources.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function fleetTicket(run: string, n: number): Operation {
  return {
    type: 'desk.ticket.create',
    input: {
      subject: `${run} #${n}`,
      description: 'My order has not arrived.',
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
      contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
    },
  };
}

export async function runKillFleet(options: KillFleetOptions): Promise<KillFleetResult> {
  const { control, run, deliveries, workers, killEveryMs, createDelayMs, timeoutMs, ...shared } = options;
  const config: KillFleetWorkerConfig = { ...shared, queueName: run };
  // The enqueuing side: a relay whose worker never starts (the intake's role).
  const { clientId, clientSecret, refreshToken, endpoints } = shared;
  const zoho = new Zoho({ clientId, clientSecret, refreshToken, endpoints });
  const relay = createRelay({ zoho, queue: await RedisQueue.open({ redis: shared.redisUrl, name: run }) });
  const live = new Set<ChildProcess>();
  const spawnWorker = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = fork(WORKER, [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, ZOHOKIT_KILL_FLEET_WORKER: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.once('message', () => {
        live.add(child);
        resolve(child);
      });
      child.once('exit', (code, signal) => {
        live.delete(child);
        if (signal === null && code !== 0) reject(new Error(`kill-fleet worker exited (${code}) before it was ready`));
      });
    });
  let kills = 0;
  let stopKilling = false;
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = ++next; n <= deliveries; n = ++next) {
          await relay.enqueue(fleetTicket(run, n), { idempotencyKey: `${run}-${n}` });
        }
      }),
    );
    if (createDelayMs > 0) {
      await control.queueFaults({
        method: 'POST',
        path: '/api/v1/tickets',
        sequence: [{ delayMs: createDelayMs, repeatForMs: timeoutMs }],
      });
    }
    const started = Date.now();
    await Promise.all(Array.from({ length: workers }, spawnWorker));
    const killer = (async () => {
      while (!stopKilling) {
        const [min, max] = killEveryMs;
        await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
        const victims = [...live];
        const victim = victims[Math.floor(Math.random() * victims.length)];
        if (stopKilling || !victim) continue;
        live.delete(victim);
        victim.kill('SIGKILL');
        kills++;
        await spawnWorker();
      }
    })();
    killer.catch(() => undefined);
    let settled = false;
    while (Date.now() - started < timeoutMs) {
      const { byState } = await relay.queue.counts();
      if (byState.pending + byState.in_flight === 0) {
        settled = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsedMs = Date.now() - started;
    stopKilling = true;
    await killer;
    await Promise.all(
      [...live].map((child) => {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        return exited;
      }),
    );

    const stored = await relay.list({ limit: deliveries * 2 });
    const tickets = (await control.desk.tickets()).filter((t) => String(t.subject).startsWith(`${run} #`));
    const ticketIds = new Set(tickets.map((t) => String(t.id)));
    const keys = new Set(tickets.map((t) => String(t.cf?.cf_zohokit_key)));
    const delivered = stored.filter(
      (d) => d.state === 'delivered' && ticketIds.has(String((d.result as { id?: unknown } | undefined)?.id)),
    );
    return {
      deliveries,
      delivered: delivered.length,
      lost: deliveries - delivered.length,
      duplicates: tickets.length - keys.size,
      tickets: tickets.length,
      kills,
      reconciled: delivered.filter((d) => d.maybeSent).length,
      attempts: stored.reduce((sum, d) => sum + d.attempts, 0),
      elapsedMs,
      settled,
    };
  } finally {
    stopKilling = true;
    for (const child of live) child.kill('SIGKILL');
    await relay.close({ graceMs: 0 });
  }
}
