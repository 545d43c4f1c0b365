/**
 * `zohokit relay … --queue redis`: the built binary with its deliveries in a real redis-server (AOF, fsync
 * always) this file starts, API keys in the SQLite `--db`, the worker delivering to the emulator.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useRedisServer } from '../../../redis/test/support/use-redis-server.js';
import { ensureBuilt } from '../support/build.js';
import { type CliResult, collect, parseJson, spawnCli, tempHome, waitForOutput } from '../support/run-cli.js';
import { expectExit, startTenant, type Tenant } from '../support/tenant.js';

let t: Tenant;
let dir: string;
const servers: ChildProcess[] = [];
const redis = useRedisServer(undefined, { aof: { dir: join(tempHome(), 'redis') } });

beforeAll(async () => {
  await ensureBuilt();
  t = await startTenant();
  expectExit(await t.cli(['config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
  dir = tempHome();
}, 180_000);
afterAll(async () => {
  for (const child of servers) if (child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
});

it('relay serve --queue redis takes a ticket in, delivers it to Zoho once, and every command reads it from Redis', async () => {
  const db = join(dir, 'keys.db');
  const queue = ['--queue', 'redis', '--redis-url', redis().url];
  const created = expectExit(
    await t.cli(['relay', 'keys', 'create', '--json', '--name', 'redis test', '--kind', 'secret', '--db', db]),
    0,
  );
  const { key } = parseJson<{ key: string }>(created.stdout);
  const args = ['relay', 'serve', '--json', '--port', '0', '--db', db, ...queue];
  const child = spawnCli([...args, '--department-id', DESK_SUPPORT_DEPARTMENT_ID], t.env);
  servers.push(child);
  const ended = collect(child, args, { timeoutMs: 60_000 });
  const [, url] = (await waitForOutput(child, /"url": "([^"]+)"/, 15_000)) as unknown as [string, string];

  const subject = `Redis relay ticket ${Date.now()}`;
  const response = await fetch(`${url}/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada.redis@example.com', message: 'It is on fire.', subject }),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };

  // REDIS_URL is the default of --redis-url; no --db file is needed to read the queue.
  const show = () =>
    t.cli(['relay', 'deliveries', 'show', id, '--json', '--queue', 'redis'], { REDIS_URL: redis().url });
  let shown: { state: string; result?: { id?: string } } = { state: 'pending' };
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    shown = parseJson(expectExit(await show(), 0).stdout);
    if (shown.state !== 'pending' && shown.state !== 'in_flight') break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  expect(shown.state).toBe('delivered');
  const tickets = (await t.emulator.control.desk.tickets()).filter((ticket) => ticket.subject === subject);
  expect(tickets).toHaveLength(1);
  expect(shown.result?.id).toBe(String(tickets[0]?.id));

  const status = parseJson<{ counts: Record<string, number> }>(
    expectExit(await t.cli(['relay', 'status', '--json', ...queue]), 0).stdout,
  );
  expect(status.counts).toMatchObject({ delivered: 1, pending: 0, in_flight: 0 });

  child.kill('SIGTERM');
  const result: CliResult = await ended;
  expect(result.code).toBe(0);
}, 60_000);
