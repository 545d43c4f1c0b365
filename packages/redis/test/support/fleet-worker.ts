/*
 * One "process of the fleet": a Zoho client with its own store (a RedisTokenStore connection, or a
 * MemoryTokenStore for the no-shared-store baseline) making `concurrency` back-to-back calls until the deadline.
 * Spawned by fleet.ts as `node --import tsx fleet-worker.ts`; talks to the parent over IPC.
 */
import { RedisTokenStore } from '@zohokit/redis';
import { Agent, setGlobalDispatcher } from 'undici';
import { MemoryTokenStore, type TokenStore, Zoho, type ZohoEvent } from 'zohokit';
import type { WorkerConfig, WorkerResult } from './fleet.js';

const config = JSON.parse(process.env.ZOHOKIT_FLEET_WORKER ?? '{}') as WorkerConfig;

if (config.skewMs) {
  // This process's clock is off; the token manager and the store both read Date.now.
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + config.skewMs;
}

let unhandledRejections = 0;
process.on('unhandledRejection', () => {
  unhandledRejections++;
});
// A bounded keep-alive pool, as a service would have towards Zoho: 250 callers opening 250 sockets each would
// measure the emulator's accept queue, not the token store.
setGlobalDispatcher(new Agent({ connections: config.connections }));
// An orphaned worker must not linger.
process.on('disconnect', () => process.exit(2));
setTimeout(() => process.exit(3), config.durationMs + 60_000).unref();

const lockWaitsMs: number[] = [];
const warnings: Record<string, number> = {};
const failures: Record<string, number> = {};
let refreshes = 0;

const redisStore = config.redisUrl
  ? new RedisTokenStore({
      redis: config.redisUrl,
      onEvent: (event) => {
        if (event.type === 'lock.wait') lockWaitsMs.push(event.waitedMs);
      },
    })
  : undefined;
const store: TokenStore = redisStore ?? new MemoryTokenStore();

const zoho = new Zoho({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  refreshToken: config.refreshToken,
  endpoints: config.endpoints,
  tokenStore: store,
  onEvent: (event: ZohoEvent) => {
    if (event.type === 'warning') warnings[event.code] = (warnings[event.code] ?? 0) + 1;
    if (event.type === 'token.refresh' && event.ok) refreshes++;
  },
});

async function run(): Promise<WorkerResult> {
  let ok = 0;
  let failed = 0;
  const latenciesMs: number[] = [];
  const expiryErrorsMs: number[] = [];
  const deadline = Date.now() + config.durationMs;
  // At most `inflight` calls on the wire; the other callers wait their turn before asking for a token, as behind
  // any client-side concurrency limit (the SDK's own Desk limit works the same way).
  let free = config.inflight;
  const turns: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free === 0) return new Promise<void>((r) => turns.push(r));
    free--;
    return Promise.resolve();
  };
  const release = () => {
    const next = turns.shift();
    if (next) next();
    else free++;
  };
  const loop = async () => {
    // Spread the callers' first calls over one pause, as a steady stream of requests would be.
    if (config.pauseMs > 0) await new Promise((r) => setTimeout(r, Math.random() * config.pauseMs));
    while (Date.now() < deadline) {
      await acquire();
      if (Date.now() >= deadline) {
        release();
        break;
      }
      const started = performance.now();
      let backOff = 0;
      try {
        const body = await zoho.request<{ expiresAt: number }>({ product: 'api', path: '/__emulator/whoami' });
        latenciesMs.push(performance.now() - started);
        ok++;
        // How far this process's idea of the token's expiry (its own clock, skew removed) is from the emulator's.
        const view = zoho.tokens.peek();
        if (view) expiryErrorsMs.push(view.expiresAt - config.skewMs - body.expiresAt);
      } catch (error) {
        failed++;
        // A caller whose call failed backs off a little, as an application would.
        backOff = 250;
        const code = String((error as { code?: unknown }).code ?? (error as Error).name);
        failures[code] = (failures[code] ?? 0) + 1;
      } finally {
        release();
      }
      const pause = Math.min(config.pauseMs + backOff, deadline - Date.now());
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, loop));
  return {
    index: config.index,
    ok,
    failed,
    failures,
    warnings,
    refreshes,
    lockWaitsMs,
    latenciesMs,
    expiryErrorsMs,
    unhandledRejections,
  };
}

process.on('message', (message: { type: string }) => {
  if (message.type !== 'go') return;
  void run().then(async (result) => {
    await redisStore?.close();
    process.send?.({ type: 'result', result }, () => process.exit(0));
  });
});

if (redisStore) await redisStore.ready();
process.send?.({ type: 'ready' });
