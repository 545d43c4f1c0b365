/**
 * A relay in its own process, for the kill proofs (kill-run.ts): the HTTP intake and the worker over one SQLite
 * file, as `zohokit relay serve` runs them, with a lease short enough that a killed worker's deliveries come
 * back in a second (the CLI has no lease flag yet: its 5-minute default would make each kill a 5-minute wait).
 * Zoho's tokens go through a FileTokenStore, so a restarted process reuses the access token, as a deployment's
 * would (a fresh refresh per start would meet Zoho's 10-per-10-minutes limit).
 * Prints `{"url":…}` on its first line; stops gracefully when stdin ends or on SIGTERM. SIGKILL is the point.
 *
 *   node --import tsx packages/relay/test/support/relay-process.ts '<RelayProcessConfig as JSON>'
 */
import { Zoho } from 'zohokit';
import { FileTokenStore } from 'zohokit/node';
import { createIntake, createRelay, SqliteKeyStore, serveIntake, type WorkerOptions } from '../../src/index.js';

export interface RelayProcessConfig {
  db: string;
  tokenFile: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  endpoints: { accounts: string; api: string; desk: string; campaigns: string };
  orgId: string;
  departmentId: string;
  worker: WorkerOptions;
}

const config = JSON.parse(process.argv[2] ?? '{}') as RelayProcessConfig;
const zoho = new Zoho({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  refreshToken: config.refreshToken,
  endpoints: config.endpoints,
  desk: { orgId: config.orgId },
  tokenStore: new FileTokenStore(config.tokenFile),
  retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 },
});
const relay = createRelay({ zoho, queue: config.db, worker: config.worker }).start();
const keys = new SqliteKeyStore({ path: config.db });
const served = await serveIntake(createIntake({ relay, keys, options: { defaultDepartmentId: config.departmentId } }), {
  port: 0,
});
process.stdout.write(`${JSON.stringify({ url: served.url })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  Promise.all([served.close(), relay.close({ graceMs: 1_000 })])
    .then(() => keys.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
