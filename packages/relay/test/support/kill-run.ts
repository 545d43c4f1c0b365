/**
 * The kill proof (issue 11), shared by the test (short) and `npm run bench -- relay-kill` (full): a relay in its
 * own process (relay-process.ts) takes deliveries over HTTP and delivers them, and is SIGKILLed `kills` times
 * while it works, restarted each time. The senders act as a form's server would: a request that fails (the
 * process died under it) is sent again with the same Idempotency-Key until it is answered. Counted in the
 * emulator: every accepted delivery delivered, one ticket per key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID, type EmulatorControl } from '@zohokit/emulator';
import { deskKey } from '../../src/execute.js';
import { SqliteKeyStore, SqliteQueue, type WorkerOptions } from '../../src/index.js';
import type { RelayProcessConfig } from './relay-process.js';

export interface KillRunOptions {
  control: EmulatorControl;
  endpoints: RelayProcessConfig['endpoints'];
  client: { clientId: string; clientSecret: string };
  refreshToken: string;
  deliveries: number;
  kills: number;
  /** Concurrent senders. */
  senders?: number;
  worker?: WorkerOptions;
  timeoutMs?: number;
}

export interface KillRunResult {
  deliveries: number;
  kills: number;
  /** Deliveries the intake answered 202 or 200 for (distinct ids). */
  accepted: number;
  delivered: number;
  /** Accepted but not delivered, or delivered with a ticket Desk does not have. */
  lost: number;
  dead: number;
  /** Tickets beyond one per key, counted in the emulator. */
  duplicates: number;
  tickets: number;
  distinctKeys: number;
  /** Deliveries in flight at the moments of the kills (summed). */
  inFlightAtKills: number;
  /** Delivered after a reconcile: an earlier attempt may have reached Zoho (its worker was killed). */
  reconciled: number;
  /** Sends that failed because the process died (and were sent again). */
  resends: number;
  /** Answers 200 (the delivery was already stored under that key) to a resend. */
  resendsAlreadyStored: number;
  restartMs: number[];
  seconds: number;
}

const SCRIPT = new URL('./relay-process.ts', import.meta.url).pathname;
const ROOT = new URL('../../../../', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  url: string;
}

async function startProcess(config: RelayProcessConfig): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    if (output.includes('\n')) break;
  }
  const url = (JSON.parse(output.trim() || '{}') as { url?: string }).url;
  if (!url) throw new Error(`the relay process printed no URL (${output || 'nothing'})`);
  child.stdout.resume();
  return { child, url };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function killRun(options: KillRunOptions): Promise<KillRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-relay-kill-'));
  const db = join(dir, 'relay.db');
  const keys = new SqliteKeyStore({ path: db });
  const { key } = await keys.create({ name: 'kill proof', kind: 'secret' });
  await keys.close();
  const config: RelayProcessConfig = {
    db,
    tokenFile: join(dir, 'tokens.json'),
    ...options.client,
    refreshToken: options.refreshToken,
    endpoints: options.endpoints,
    orgId: DESK_ORG_ID,
    departmentId: DESK_SUPPORT_DEPARTMENT_ID,
    worker: {
      concurrency: 8,
      pollMs: 20,
      leaseMs: 1_000,
      schedule: { baseDelayMs: 20, maxDelayMs: 200 },
      ...options.worker,
    },
  };
  // The parent reads the same file (WAL: readers do not block the relay's writer).
  const queue = new SqliteQueue({ path: db });
  let running = await startProcess(config);
  const started = performance.now();
  const ids = new Set<string>();
  let resends = 0;
  let resendsAlreadyStored = 0;
  let inFlightAtKills = 0;
  const restartMs: number[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    const send = async (n: number) => {
      for (let tries = 0; ; tries++) {
        if (Date.now() > deadline) throw new Error(`delivery ${n} was never accepted`);
        try {
          const response = await fetch(`${running.url}/v1/tickets`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': `kill-${n}`,
            },
            body: JSON.stringify({
              email: `customer${n}@example.com`,
              lastName: `Customer ${n}`,
              subject: `kill #${n}`,
              message: 'My order has not arrived.',
            }),
          });
          const body = (await response.json()) as { id?: string };
          if ((response.status === 202 || response.status === 200) && body.id) {
            ids.add(body.id);
            if (tries > 0 && response.status === 200) resendsAlreadyStored++;
            return;
          }
          throw new Error(`answered ${response.status}`);
        } catch {
          // The process died under the request (or is restarting): send it again, same key.
          resends++;
          await sleep(20);
        }
      }
    };
    let next = 0;
    const sending = Promise.all(
      Array.from({ length: options.senders ?? 8 }, async () => {
        for (let n = ++next; n <= options.deliveries; n = ++next) await send(n);
      }),
    );
    // Kill k of `kills` once k / (kills + 1) of the deliveries are delivered: always with work in flight.
    for (let k = 1; k <= options.kills; k++) {
      for (;;) {
        const { byState } = await queue.counts();
        if (byState.delivered >= (k * options.deliveries) / (options.kills + 1)) break;
        if (Date.now() > deadline) throw new Error(`kill ${k}: only ${byState.delivered} delivered`);
        await sleep(10);
      }
      inFlightAtKills += (await queue.counts()).byState.in_flight;
      const exited = once(running.child, 'exit');
      running.child.kill('SIGKILL');
      await exited;
      const restart = performance.now();
      running = await startProcess(config);
      restartMs.push(performance.now() - restart);
    }
    await sending;
    for (;;) {
      const { byState } = await queue.counts();
      if (byState.pending + byState.in_flight === 0) break;
      if (Date.now() > deadline) throw new Error(`not drained: ${JSON.stringify(byState)}`);
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    const deliveries = await queue.list({ limit: options.deliveries * 2 });
    const { byState } = await queue.counts();
    const tickets = (await options.control.desk.tickets()).filter((t) => String(t.subject).startsWith('kill #'));
    const ticketIds = new Set(tickets.map((t) => String(t.id)));
    const perKey = new Map<string, number>();
    for (const t of tickets)
      perKey.set(String(t.cf?.cf_zohokit_key), (perKey.get(String(t.cf?.cf_zohokit_key)) ?? 0) + 1);
    const delivered = deliveries.filter((d) => d.state === 'delivered');
    const byId = new Map(deliveries.map((d) => [d.id, d]));
    const lost = [...ids].filter((id) => {
      const d = byId.get(id);
      const ticketId = String((d?.result as { id?: unknown } | undefined)?.id);
      return d?.state !== 'delivered' || !ticketIds.has(ticketId) || perKey.get(deskKey(id)) === undefined;
    }).length;
    return {
      deliveries: options.deliveries,
      kills: options.kills,
      accepted: ids.size,
      delivered: delivered.length,
      lost,
      dead: byState.dead + byState.expired,
      duplicates: [...perKey.values()].reduce((sum, n) => sum + n - 1, 0),
      tickets: tickets.length,
      distinctKeys: perKey.size,
      inFlightAtKills,
      reconciled: delivered.filter((d) => d.maybeSent).length,
      resends,
      resendsAlreadyStored,
      restartMs,
      seconds,
    };
  } finally {
    const exited = running.child.exitCode === null ? once(running.child, 'exit') : Promise.resolve();
    running.child.stdin?.end();
    await exited;
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
