/*
 * One worker process of the kill fleet (kill-fleet.ts): a relay worker on the shared Redis queue, delivering
 * to the emulator until it is killed (SIGKILL, no goodbye) or stopped (SIGTERM: in-flight deliveries finish or
 * give their leases back). Spawned as `node --import tsx kill-fleet-worker.ts`; says "ready" over IPC.
 */
import { DESK_ORG_ID } from '@zohokit/emulator';
import { Zoho } from 'zohokit';
import { createRelay, RedisQueue } from '../../src/index.js';
import type { KillFleetWorkerConfig } from './kill-fleet.js';

const config = JSON.parse(process.env.ZOHOKIT_KILL_FLEET_WORKER ?? '{}') as KillFleetWorkerConfig;
// An orphaned worker must not linger.
process.on('disconnect', () => process.exit(2));

const zoho = new Zoho({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  refreshToken: config.refreshToken,
  endpoints: config.endpoints,
  desk: { orgId: DESK_ORG_ID },
  retry: { baseDelayMs: 10, maxDelayMs: 50, maxRetries: 1 },
});
const queue = await RedisQueue.open({ redis: config.redisUrl, name: config.queueName });
const relay = createRelay({
  zoho,
  queue,
  worker: {
    concurrency: config.concurrency,
    leaseMs: config.leaseMs,
    pollMs: 20,
    schedule: { baseDelayMs: 20, maxDelayMs: 200 },
  },
}).start();

process.on('SIGTERM', () => {
  relay.close({ graceMs: 2_000 }).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.send?.({ type: 'ready' });
