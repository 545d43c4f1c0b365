/**
 * `zohokit relay serve --log json` end to end, as a service runs it: stdout is JSON lines only (the start, each
 * intake request, each delivery event), scrubbed of keys and customer addresses; the status page and /metrics are
 * served by the built binary too.
 */
import { join } from 'node:path';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { collect, parseJson, spawnCli, tempHome, waitForOutput } from '../support/run-cli.js';
import { expectExit, startTenant, type Tenant } from '../support/tenant.js';

let t: Tenant;
let dir: string;
const CUSTOMER = 'grace.log@example.com';

beforeAll(async () => {
  await ensureBuilt();
  t = await startTenant();
  expectExit(await t.cli(['config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
  dir = tempHome();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('zohokit relay serve --log json', () => {
  it('writes JSON lines of requests and events, serves the status page and /metrics', async () => {
    const db = join(dir, 'log.db');
    const created = expectExit(
      await t.cli(['relay', 'keys', 'create', '--json', '--name', 'ops', '--kind', 'secret', '--db', db]),
      0,
    );
    const { key } = parseJson<{ key: string }>(created.stdout);
    const args = [
      'relay',
      'serve',
      '--log',
      'json',
      '--port',
      '0',
      '--db',
      db,
      '--department-id',
      DESK_SUPPORT_DEPARTMENT_ID,
    ];
    const child = spawnCli(args, t.env);
    const ended = collect(child, args, { timeoutMs: 60_000 });
    try {
      const [, url] = (await waitForOutput(child, /"url":"([^"]+)"/, 15_000)) as unknown as [string, string];

      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<title>zohokit relay status</title>');
      expect((await fetch(`${url}/status-page/status-page.js`)).headers.get('content-type')).toBe(
        'text/javascript; charset=utf-8',
      );

      const post = (bearer: string) =>
        fetch(`${url}/v1/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: CUSTOMER, subject: 'Logged', message: 'Hello', lastName: 'Hopper' }),
        });
      expect((await post(`${key.slice(0, -4)}AAAA`)).status).toBe(401);
      const accepted = await post(key);
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      const auth = { authorization: `Bearer ${key}` };
      await expect
        .poll(
          async () =>
            ((await (await fetch(`${url}/v1/deliveries/${id}`, { headers: auth })).json()) as { state: string }).state,
          {
            timeout: 20_000,
            interval: 150,
          },
        )
        .toBe('delivered');
      const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text();
      expect(metrics).toContain('zohokit_relay_deliveries_total{operation="desk.ticket.create",state="delivered"} 1');
      expect(metrics).toContain('zohokit_relay_queue_depth{state="delivered"} 1');
    } finally {
      child.kill('SIGTERM');
    }
    const result = await ended;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    // stdout is a log: every line is one JSON object.
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ level: 'info', msg: 'relay listening', service: 'zohokit-relay' });
    expect(records).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/v1/tickets', status: 401, code: 'unknown_key' }),
    );
    expect(records).toContainEqual(expect.objectContaining({ msg: 'request', route: '/v1/tickets', status: 202 }));
    expect(records).toContainEqual(expect.objectContaining({ event: 'delivery.delivered', attempts: 1 }));
    expect(records).toContainEqual(expect.objectContaining({ msg: 'request', route: '/metrics', status: 200 }));
    const all = result.stdout + result.stderr;
    expect(all).not.toContain(key);
    // The secret part: everything after `zr_sk_<id>_` (base64url may itself hold `_`).
    expect(all).not.toContain(key.split('_').slice(3).join('_'));
    expect(all).not.toContain(CUSTOMER);
    // The event lines of --log text are not printed besides the log.
    expect(result.stderr).not.toContain('delivered ');
  }, 60_000);

  it('refuses an unknown --log or --log-level with exit 2 and the fix', async () => {
    const db = join(dir, 'bad.db');
    const format = expectExit(await t.cli(['relay', 'work', '--log', 'xml', '--db', db]), 2);
    expect(format.stderr).toContain('--log must be text, json or off');
    const level = expectExit(await t.cli(['relay', 'serve', '--log-level', 'loud', '--db', db]), 2);
    expect(level.stderr).toContain('--log-level must be debug, info, warn or error');
  });
});
