/**
 * The contact form against the emulator, in one command: `npx tsx examples/contact-form/dev.ts`. It starts the emulator (a local Zoho), a relay (SQLite file
 * in a temporary folder, the intake with its worker) with a publishable key for the site's origin and a secret key
 * for you, and the site. Open the printed site URL, send a message, and watch it arrive in the emulator's
 * inspector; break Desk from the inspector's Faults form to see the relay hold the message and deliver it later.
 * Everything is the library's own: `startEmulator`, `createRelay`, `SqliteKeyStore`, `createIntake`, `serveIntake`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CAMPAIGNS_SEED_LISTS,
  DESK_ORG_ID,
  DESK_SUPPORT_DEPARTMENT_ID,
  type EmulatorHandle,
  startEmulator,
} from '@zohokit/emulator';
import { createIntake, createRelay, RedisQueue, type Relay, SqliteKeyStore, serveIntake } from '@zohokit/relay';
import { Zoho } from 'zohokit';
import { type SiteConfig, serveSite } from './serve.js';

const SCOPES = [
  'Desk.tickets.ALL',
  'Desk.contacts.ALL',
  'Desk.search.READ',
  'Desk.basic.READ',
  'ZohoCampaigns.contact.ALL',
];

export interface ContactFormDemo {
  emulator: EmulatorHandle;
  relay: Relay;
  /** The relay's intake (and status page). */
  relayUrl: string;
  siteUrl: string;
  siteOrigin: string;
  /** Shown once: for GET /v1/deliveries/:id, the status page and /metrics. */
  secretKey: string;
  publishableKey: string;
  close(): Promise<void>;
}

/** Starts the three parts on free ports (or the ones given) of 127.0.0.1. */
export async function startContactFormDemo(
  ports: { emulator?: number; relay?: number; site?: number } = {},
  worker: { pollMs?: number; probeIntervalMs?: number; schedule?: { baseDelayMs?: number; maxDelayMs?: number } } = {},
  /** A Redis URL: the deliveries go to a `RedisQueue` there (the API keys stay in the temporary SQLite file). */
  redisUrl?: string,
): Promise<ContactFormDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-contact-form-'));
  const emulator = await startEmulator({ port: ports.emulator ?? 0 });
  // The API console's Self Client and its refresh token, as `zohokit auth exchange` would store it.
  const client = await emulator.control.createClient({ type: 'self', name: 'contact form' });
  const { refreshToken } = await emulator.control.issueRefreshToken({ ...client, scope: SCOPES });
  const zoho = new Zoho({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken,
    endpoints: emulator.endpoints,
    desk: { orgId: DESK_ORG_ID },
  });
  const db = join(dir, 'relay.db');
  // A queue name of its own per run, so a shared Redis never mixes this run's deliveries with another's.
  const queue = redisUrl ? await RedisQueue.open({ redis: redisUrl, name: `contact-form-${Date.now()}` }) : db;
  const relay = createRelay({ zoho, queue, worker }).start();
  const keys = new SqliteKeyStore({ path: db });
  let config: SiteConfig | undefined;
  const site = await serveSite({ port: ports.site ?? 0, config: () => config });
  const intake = await serveIntake(
    createIntake({
      relay,
      keys,
      options: {
        defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID,
        defaultListKey: CAMPAIGNS_SEED_LISTS.immediate.listKey,
      },
    }),
    { port: ports.relay ?? 0 },
  );
  const relayUrl = intake.url.replace(/\/$/, '');
  const publishable = await keys.create({ name: 'contact form', kind: 'publishable', origins: [site.origin] });
  const secret = await keys.create({ name: 'you', kind: 'secret' });
  config = { relayUrl, publishableKey: publishable.key };
  return {
    emulator,
    relay,
    relayUrl,
    siteUrl: site.url,
    siteOrigin: site.origin,
    secretKey: secret.key,
    publishableKey: publishable.key,
    async close() {
      await site.close();
      await intake.close();
      await relay.close({ graceMs: 1000 });
      await keys.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `--redis <url>`: the deliveries in Redis (see packages/relay/README.md, "Redis"), otherwise a SQLite file.
  const at = process.argv.indexOf('--redis');
  const redisUrl = at === -1 ? undefined : process.argv[at + 1];
  if (at !== -1 && !redisUrl?.startsWith('redis')) {
    console.error('--redis needs a URL: --redis redis://127.0.0.1:6379');
    process.exit(2);
  }
  const demo = await startContactFormDemo({ site: Number(process.env.PORT ?? 0) || 0 }, {}, redisUrl);
  console.log(`contact form   ${demo.siteUrl}`);
  console.log(`queue          ${redisUrl ? `Redis at ${new URL(redisUrl).host}` : 'SQLite (a temporary file)'}`);
  console.log(`relay          ${demo.relayUrl}/   (status page: sign in with the secret key)`);
  console.log(`emulator       ${demo.emulator.url}/   (inspector: tickets, faults)`);
  console.log(`secret key     ${demo.secretKey}   (shown once; a throwaway key of this local run)`);
  console.log('Ctrl-C stops everything.');
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
