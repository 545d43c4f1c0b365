/**
 * `zohokit relay serve | work | status | resume`. `serve` and `work` run in the foreground until SIGTERM or
 * SIGINT; then the intake stops taking requests first, and the worker gets `--grace` seconds for deliveries
 * in flight before it gives their leases back (the next worker reconciles any that may have reached Zoho), so
 * a stop never leaves a delivery `in_flight` and the process exits 0. The worker reaches Zoho through the
 * active profile (or ZOHO_* variables), like every other command. What the relay reports while it runs
 * (`--log`): by default a line per event on stderr; `--log json` makes stdout a log of JSON lines (each intake
 * request and each event, scrubbed of secrets and addresses) for a log shipper; ids, operations and codes, never
 * a payload.
 */
import {
  createIntake,
  createRelay,
  createRelayLogger,
  eventLevel,
  logRelayEvents,
  type Relay,
  type RelayEvent,
  type RelayLogger,
  SqliteKeyStore,
  serveIntake,
} from '@zohokit/relay';
import type { CommandOptions } from '../define/action.js';
import type { RELAY_FLAGS, SERVE_FLAGS, WORK_FLAGS } from '../define/relay.js';
import type { Context } from '../runtime.js';
import {
  createZoho,
  details,
  integer,
  note,
  output,
  printJson,
  profileFlag,
  redactText,
  resolveProfile,
  say,
  usage,
} from '../runtime.js';
import { untilSignal } from '../until-signal.js';
import { age, maskEmails, openQueue, queueLabel, type RelayOptions, relayDb, using, utc } from './relay-queue.js';

type ServeOptions = CommandOptions<typeof SERVE_FLAGS, typeof RELAY_FLAGS>;
type WorkOptions = CommandOptions<typeof WORK_FLAGS, typeof RELAY_FLAGS>;

export async function serve(ctx: Context, options: ServeOptions): Promise<void> {
  const port = integer(options.port, '--port', 0, 65_535);
  const worker = workerFlags(options);
  const allowedHosts = (options.allowedOrigin ?? []).map(originHost);
  const db = relayDb(options, { mustExist: false });
  const { relay, logger } = await openRelay(ctx, () => openQueue(ctx, options, false), worker, options.worker);
  const keys = new SqliteKeyStore({ path: db });
  let served: Awaited<ReturnType<typeof serveIntake>> | undefined;
  try {
    const app = createIntake({
      relay,
      keys,
      options: {
        defaultDepartmentId: options.departmentId,
        defaultListKey: options.listKey,
        allowedHosts,
        ...(logger ? { logger } : {}),
      },
    });
    served = await serveIntake(app, { host: options.host, port }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw usage(
          `port ${port} on ${options.host} is in use`,
          'Stop the other server, or pass --port 0 for a free port',
        );
      }
      throw usage(
        `cannot listen on ${options.host}:${port} (${error.code ?? error.message})`,
        'Check --host and --port',
      );
    });
    if (options.worker) relay.start();
    // Listen before printing: whoever reads the output may send the signal at once.
    const stopped = untilSignal();
    if (ctx.globals.json)
      printJson(ctx, { url: served.url, db, queue: queueLabel(ctx, options), worker: options.worker });
    else if (logger) logger.info({ url: served.url, db, worker: options.worker }, 'relay listening');
    else {
      say(ctx, `zohokit relay listening on ${served.url} (queue ${queueLabel(ctx, options)})`);
      note(
        ctx,
        options.worker
          ? `Worker on (${worker.concurrency} at once). Ctrl-C stops it; in-flight deliveries get ${worker.graceMs / 1000} s.`
          : 'No worker: run `zohokit relay work` against the same --db to deliver. Ctrl-C stops the intake.',
      );
    }
    await stopped;
    await served.close();
    served = undefined;
  } finally {
    await served?.close();
    await relay.close({ graceMs: worker.graceMs });
    await keys.close();
  }
  note(ctx, 'relay stopped');
}

export async function work(ctx: Context, options: WorkOptions): Promise<void> {
  const worker = workerFlags(options);
  const db = relayDb(options, { mustExist: false });
  const { relay, logger } = await openRelay(ctx, () => openQueue(ctx, options, false), worker, true);
  try {
    relay.start();
    const stopped = untilSignal();
    if (ctx.globals.json) printJson(ctx, { db, queue: queueLabel(ctx, options), concurrency: worker.concurrency });
    else if (logger) logger.info({ db, concurrency: worker.concurrency }, 'relay worker delivering');
    else
      say(
        ctx,
        `zohokit relay worker delivering from ${queueLabel(ctx, options)} (${worker.concurrency} at once); Ctrl-C stops it`,
      );
    await stopped;
  } finally {
    await relay.close({ graceMs: worker.graceMs });
  }
  note(ctx, 'worker stopped');
}

export async function status(ctx: Context, options: RelayOptions): Promise<void> {
  await using(await openQueue(ctx, options), async (queue) => {
    const [counts, control] = await Promise.all([queue.counts(), queue.control()]);
    const now = Date.now();
    const paused = control.paused && {
      ...control.paused,
      reason: maskEmails(control.paused.reason),
      fix: maskEmails(control.paused.fix),
    };
    const view = {
      counts: counts.byState,
      oldestPendingAt: utc(counts.oldestPendingAt) ?? null,
      oldestPendingAgeMs: counts.oldestPendingAt === undefined ? null : now - counts.oldestPendingAt,
      paused: paused ? { ...paused, since: utc(paused.since) } : null,
      // Circuits live in the memory of the process running the worker; a separate command cannot see them.
      circuits: 'kept by the worker process: `relay serve` / `relay work` log each change on stderr',
    };
    output(ctx, view, () =>
      details([
        ...Object.entries(counts.byState).map(([state, n]): [string, unknown] => [state, String(n)]),
        [
          'oldest pending',
          counts.oldestPendingAt === undefined
            ? 'none'
            : `${age(counts.oldestPendingAt, now)} ago (${view.oldestPendingAt})`,
        ],
        ['paused', paused ? `since ${utc(paused.since)} (${paused.product}): ${paused.reason}` : 'no'],
        ['code', paused?.code],
        ['fix', paused ? `${paused.fix ?? 'fix the credentials'}; then: zohokit relay resume` : undefined],
        ['circuits', view.circuits],
      ]),
    );
  });
}

export async function resume(ctx: Context, options: RelayOptions): Promise<void> {
  await using(await openQueue(ctx, options), async (queue) => {
    const { paused } = await queue.control();
    // A running worker reads this on its next look at the queue and starts delivering again.
    if (paused) await queue.setControl({});
    output(ctx, { resumed: paused !== undefined, wasPaused: paused ? maskEmails(paused.reason) : null }, (r) =>
      r.resumed ? `Resumed (it was paused: ${r.wasPaused})` : 'The queue is not paused: nothing to resume',
    );
  });
}

const LOG_FORMATS = ['text', 'json', 'off'] as const;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

interface WorkerFlags {
  concurrency: number;
  graceMs: number;
  log: (typeof LOG_FORMATS)[number];
  logLevel: (typeof LOG_LEVELS)[number];
}

function workerFlags(options: WorkOptions | ServeOptions): WorkerFlags {
  const log = LOG_FORMATS.find((f) => f === options.log);
  if (!log) {
    throw usage(`--log must be text, json or off (got ${JSON.stringify(options.log)})`, 'For example --log json');
  }
  const logLevel = LOG_LEVELS.find((l) => l === options.logLevel);
  if (!logLevel) {
    throw usage(
      `--log-level must be debug, info, warn or error (got ${JSON.stringify(options.logLevel)})`,
      'For example --log-level warn',
    );
  }
  const concurrency = integer(options.concurrency, '--concurrency', 1, 64);
  const grace = Number(options.graceSeconds);
  if (!Number.isFinite(grace) || grace < 0 || grace > 3600) {
    throw usage(
      `--grace must be a number of seconds from 0 to 3600 (got ${JSON.stringify(options.graceSeconds)})`,
      'For example --grace 30; the default is 10',
    );
  }
  return { concurrency, graceMs: Math.round(grace * 1000), log, logLevel };
}

/** `--allowed-origin https://relay.example.com` → `relay.example.com`, for the intake's Host check. */
function originHost(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.origin !== value.replace(/\/+$/, '').toLowerCase()
  ) {
    throw usage(
      `--allowed-origin must be an origin like https://relay.example.com (got ${JSON.stringify(value)})`,
      'Scheme, host and optional port only; no path',
    );
  }
  return url.hostname;
}

/**
 * `delivers`: this process runs the worker, so it needs a login; an intake alone only stores requests. With
 * `--log json`, the logger (on stdout) hears every event; with `--log text`, each event at or above
 * `--log-level` is a line on stderr.
 */
async function openRelay(
  ctx: Context,
  openDeliveries: () => ReturnType<typeof openQueue>,
  flags: WorkerFlags,
  delivers: boolean,
): Promise<{ relay: Relay; logger: RelayLogger | undefined }> {
  const profile = await resolveProfile(ctx);
  const zoho = createZoho(ctx, profile, { requireRefreshToken: delivers });
  if (delivers && profile.deskOrgId.value === undefined) {
    note(
      ctx,
      `note: no Desk organization id: tickets will fail until you set one (zohokit${profileFlag(profile)} config set desk-org-id <id>, or ZOHO_DESK_ORG_ID)`,
    );
  }
  const threshold = LOG_LEVELS.indexOf(flags.logLevel);
  const relay = createRelay({
    zoho,
    queue: await openDeliveries(),
    worker: { concurrency: flags.concurrency },
    onEvent: (event) => {
      if (flags.log === 'text' && (LOG_LEVELS as readonly string[]).indexOf(eventLevel(event)) >= threshold)
        logEvent(ctx, event);
    },
  });
  if (flags.log !== 'json') return { relay, logger: undefined };
  // Created once the profile is read: the secrets it knows (ctx.secrets) are masked in every line too.
  const logger = createRelayLogger({ level: flags.logLevel, destination: ctx.stdout, secrets: ctx.secrets });
  logRelayEvents(relay, logger);
  return { relay, logger };
}

/** One line per event on stderr (JSON lines with --json). Events carry ids and codes only. */
function logEvent(ctx: Context, event: RelayEvent): void {
  if (ctx.globals.json) {
    ctx.stderr.write(`${redactText(ctx, maskEmails(JSON.stringify({ at: new Date().toISOString(), ...event })))}\n`);
    return;
  }
  const line = describeEvent(event);
  if (line !== undefined) note(ctx, maskEmails(`${new Date().toISOString()} ${line}`));
}

function describeEvent(e: RelayEvent): string | undefined {
  switch (e.type) {
    case 'delivery.enqueued':
      return e.created ? `queued ${e.id} ${e.operation}` : undefined;
    case 'delivery.delivered':
      return `delivered ${e.id} ${e.operation} (attempt ${e.attempts})`;
    case 'delivery.retry':
      return `retry ${e.id} ${e.operation} after ${e.code ?? e.outcome} (attempt ${e.attempts}, next ${utc(e.nextAttemptAt)})`;
    case 'delivery.dead':
      return `dead ${e.id} ${e.operation}: ${e.code ?? '-'} ${e.summary}`;
    case 'delivery.expired':
      return `expired ${e.id} ${e.operation}: ${e.code ?? '-'}`;
    case 'delivery.lease_lost':
      return `lease lost ${e.id} ${e.operation} (another worker took it over)`;
    case 'queue.paused':
      return `queue paused (${e.product}, ${e.code ?? '-'}): ${e.reason}; fix it, then: zohokit relay resume`;
    case 'queue.resumed':
      return `queue resumed (${e.by})`;
    case 'circuit.changed':
      return `circuit ${e.product} ${e.state}${e.until === undefined ? '' : ` until ${utc(e.until)}`}`;
    case 'worker.error':
      return `worker error: ${e.message}`;
  }
}
