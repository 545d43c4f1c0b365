/*
 * The fleet proof, shared by the test (short) and `npm run bench` (8 × 250 × 30 s): real child processes, each
 * with its own Zoho client and store, hammering the emulator; the emulator counts the token calls.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorHandle } from '@zohokit/emulator';
import { counts } from './tenant.js';

export interface WorkerConfig {
  index: number;
  endpoints: EmulatorHandle['endpoints'];
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Shared RedisTokenStore at this URL; absent: a MemoryTokenStore per process (the baseline). */
  redisUrl?: string | undefined;
  concurrency: number;
  durationMs: number;
  /** Added to this process's Date.now. */
  skewMs: number;
  /** Pause between one loop's calls. */
  pauseMs: number;
  /** HTTP connections per worker. */
  connections: number;
  /** Calls on the wire at once per worker; the other callers queue before asking for a token. */
  inflight: number;
}

export interface WorkerResult {
  index: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  warnings: Record<string, number>;
  refreshes: number;
  lockWaitsMs: number[];
  /** Duration of each successful call once on the wire (token wait included, the wait for a turn not). */
  latenciesMs: number[];
  /**
   * Per successful call: the process's view of its token's expiry (skew removed) minus the emulator's. Near 0
   * when processes agree on expiry; ±skew if a process read another's absolute timestamps with its own clock.
   * (A call that finished just after a refresh compares the new token's expiry with the old one's: rare.)
   */
  expiryErrorsMs: number[];
  unhandledRejections: number;
}

export interface FleetOptions {
  emulator: EmulatorHandle;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  redisUrl?: string | undefined;
  workers: number;
  concurrency: number;
  durationMs: number;
  /** Clock skew per worker (index → ms); missing entries are 0. */
  skewsMs?: number[];
  pauseMs?: number;
  /** HTTP keep-alive connections per worker; default 8. */
  connections?: number;
  /** Calls on the wire at once per worker; default `concurrency` (no limit). */
  inflight?: number;
}

export interface FleetResult {
  /** From "go" to the last worker's result. */
  elapsedMs: number;
  /** `refresh_token` calls the emulator received. */
  tokenCalls: number;
  accessDenied: number;
  tokenErrors: Record<string, number>;
  /** whoami requests the emulator answered 401 (a token used after Zoho expired or evicted it). */
  unauthorized: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  warnings: Record<string, number>;
  lockWaitsMs: number[];
  latencyP50Ms: number;
  latencyP99Ms: number;
  unhandledRejections: number;
  workers: WorkerResult[];
}

const WORKER = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));
// The repository root: tsx reads tsconfig.json there, so `zohokit` and `@zohokit/redis` resolve to the sources.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** One token per lifetime for the whole fleet: run time / (TTL − early-refresh margin), plus the first one. */
export function tokenBound(elapsedMs: number, ttlMs: number, refreshBeforeMs = 300_000): number {
  const margin = Math.min(refreshBeforeMs, ttlMs / 4);
  return Math.floor(elapsedMs / (ttlMs - margin)) + 1;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  const children: ChildProcess[] = [];
  const results: WorkerResult[] = [];
  let readyCount = 0;
  let onReady: () => void = () => undefined;
  let onDone: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const allDone = new Promise<void>((resolve) => {
    onDone = resolve;
  });
  let failure: ((error: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    failure = reject;
  });
  failed.catch(() => undefined);

  try {
    for (let index = 0; index < options.workers; index++) {
      const config: WorkerConfig = {
        index,
        endpoints: options.emulator.endpoints,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        refreshToken: options.refreshToken,
        redisUrl: options.redisUrl,
        concurrency: options.concurrency,
        durationMs: options.durationMs,
        skewMs: options.skewsMs?.[index] ?? 0,
        pauseMs: options.pauseMs ?? 0,
        connections: options.connections ?? 8,
        inflight: options.inflight ?? options.concurrency,
      };
      const child = fork(WORKER, [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, ZOHOKIT_FLEET_WORKER: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      child.on('message', (message: { type: string; result?: WorkerResult }) => {
        if (message.type === 'ready' && ++readyCount === options.workers) onReady();
        if (message.type === 'result' && message.result) {
          results.push(message.result);
          if (results.length === options.workers) onDone();
        }
      });
      child.on('exit', (code) => {
        if (!results.some((r) => r.index === index)) failure?.(new Error(`fleet worker ${index} exited (${code})`));
      });
    }
    await withTimeout(Promise.race([allReady, failed]), 60_000, 'fleet workers did not start');
    await options.emulator.control.resetCounters();
    const started = Date.now();
    for (const child of children) child.send({ type: 'go' });
    await withTimeout(Promise.race([allDone, failed]), options.durationMs + 60_000, 'fleet workers did not finish');
    const elapsedMs = Date.now() - started;

    const c = await counts(options.emulator);
    const latencies = results.flatMap((r) => r.latenciesMs);
    const sum = (pick: (r: WorkerResult) => number) => results.reduce((total, r) => total + pick(r), 0);
    return {
      elapsedMs,
      tokenCalls: c.refreshCalls,
      accessDenied: c.accessDenied,
      tokenErrors: c.tokenErrors,
      unauthorized: c.unauthorized,
      ok: sum((r) => r.ok),
      failed: sum((r) => r.failed),
      failures: merge(results.map((r) => r.failures)),
      warnings: merge(results.map((r) => r.warnings)),
      lockWaitsMs: results.flatMap((r) => r.lockWaitsMs),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      unhandledRejections: sum((r) => r.unhandledRejections),
      workers: results.sort((a, b) => a.index - b.index),
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function merge(maps: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const map of maps) for (const [key, n] of Object.entries(map)) out[key] = (out[key] ?? 0) + n;
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
