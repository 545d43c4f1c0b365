/**
 * `zohokit relay …` end to end: the built binary, a SQLite file in a temporary folder, the HTTP intake on port 0
 * and the worker delivering to the emulator through the CLI's own profile (logged in by `auth exchange`).
 */
import type { ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../redis/test/support/redis-server.js';
import { ensureBuilt } from '../support/build.js';
import { type CliResult, collect, parseJson, spawnCli, tempHome, waitForOutput } from '../support/run-cli.js';
import { expectExit, SCOPES, startTenant, type Tenant } from '../support/tenant.js';

let t: Tenant;
let dir: string;
/** Every output of every run, for the secret scan at the end. */
const outputs: { args: string[]; text: string }[] = [];
const servers: ChildProcess[] = [];

const CUSTOMER = 'ada.relay@example.com';
let pausedProfileToken: string | undefined;

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

async function relay(args: string[], db: string): Promise<CliResult> {
  const result = await t.cli(['relay', ...args, '--db', db]);
  outputs.push({ args: result.args, text: result.stdout + result.stderr });
  return result;
}

interface Served {
  child: ChildProcess;
  url: string;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

async function serve(db: string, extra: string[] = [], globals: string[] = []): Promise<Served> {
  const args = [...globals, 'relay', 'serve', '--json', '--port', '0', '--db', db, ...extra];
  const child = spawnCli(args, t.env);
  servers.push(child);
  const ended = collect(child, args, { timeoutMs: 60_000 });
  const [, url] = (await waitForOutput(child, /"url": "([^"]+)"/, 15_000)) as unknown as [string, string];
  return {
    child,
    url,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      const result = await ended;
      outputs.push({ args, text: result.stdout + result.stderr });
      return result;
    },
  };
}

async function createKey(db: string, kind: 'secret' | 'publishable' = 'secret'): Promise<{ id: string; key: string }> {
  const created = expectExit(
    await relay(['keys', 'create', '--json', '--name', `test ${kind}`, '--kind', kind], db),
    0,
  );
  return parseJson<{ id: string; key: string }>(created.stdout);
}

function postTicket(url: string, key: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: CUSTOMER, message: 'It is on fire.', ...body }),
  });
}

interface Shown {
  id: string;
  state: string;
  attempts: number;
  lastError?: { code?: string; summary: string; fix?: string };
  result?: { id?: string };
  input?: unknown;
}

async function show(db: string, id: string, extra: string[] = []): Promise<Shown> {
  return parseJson<Shown>(expectExit(await relay(['deliveries', 'show', id, '--json', ...extra], db), 0).stdout);
}

async function untilState(db: string, id: string, states: string[], timeoutMs = 20_000): Promise<Shown> {
  const started = Date.now();
  for (;;) {
    const seen = await show(db, id);
    if (states.includes(seen.state)) return seen;
    if (Date.now() - started > timeoutMs) throw new Error(`delivery ${id} stayed ${seen.state}, wanted ${states}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** GET /healthz with this Host header (fetch does not let a caller set Host). */
function statusWithHost(port: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end();
  });
}

async function ticketsWithSubject(subject: string): Promise<unknown[]> {
  const listed = expectExit(await t.cli(['desk', 'tickets', 'list', '--json', '--limit', '500']), 0);
  return parseJson<{ subject: string }[]>(listed.stdout).filter((ticket) => ticket.subject === subject);
}

describe('zohokit relay keys', () => {
  it('create prints the key once with a warning; list shows it without the secret; revoke refuses it', async () => {
    const db = join(dir, 'keys.db');
    const created = expectExit(
      await relay(
        ['keys', 'create', '--name', 'website', '--kind', 'publishable', '--origin', 'https://shop.example'],
        db,
      ),
      0,
    );
    const key = created.stdout.match(/zr_pk_[0-9a-f]{16}_[\w-]{43}/)?.[0];
    expect(key).toBeDefined();
    expect(created.stderr).toContain('cannot be shown again');
    const id = key?.split('_')[2] as string;

    const listed = expectExit(await relay(['keys', 'list'], db), 0);
    expect(listed.stdout).toMatch(new RegExp(`${id} +website +publishable +https://shop.example`));
    expect(listed.stdout + listed.stderr).not.toContain(key);
    const json = parseJson<{ id: string; kind: string; revokedAt: string | null }[]>(
      expectExit(await relay(['keys', 'list', '--json'], db), 0).stdout,
    );
    expect(json).toEqual([expect.objectContaining({ id, kind: 'publishable', revokedAt: null })]);
    expect(JSON.stringify(json)).not.toContain(key);

    expectExit(await relay(['keys', 'revoke', id], db), 0);
    const after = parseJson<{ revokedAt: string | null }[]>(
      expectExit(await relay(['keys', 'list', '--json'], db), 0).stdout,
    );
    expect(after[0]?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const again = expectExit(await relay(['keys', 'revoke', id], db), 2);
    expect(again.stderr).toContain('no active key');
  });

  it('refuses bad flags with exit 2 and the fix', async () => {
    const db = join(dir, 'keys-bad.db');
    const origin = expectExit(
      await relay(['keys', 'create', '--name', 'x', '--kind', 'secret', '--origin', 'https://shop.example'], db),
      2,
    );
    expect(origin.stderr).toContain('--origin is for publishable keys only');
    expect(origin.stderr).toContain('fix:');
    const kind = expectExit(await relay(['keys', 'create', '--name', 'x', '--kind', 'public'], db), 2);
    expect(kind.stderr).toContain('Use one of: secret, publishable');
    expectExit(await relay(['keys', 'create', '--kind', 'secret'], db), 2);
    const missing = expectExit(await relay(['keys', 'list'], join(dir, 'no-such.db')), 2);
    expect(missing.stderr).toContain('no relay database');
  });
});

describe('zohokit relay serve', () => {
  it('a ticket POSTed with a created key is delivered once; SIGTERM exits 0', async () => {
    const db = join(dir, 'serve.db');
    const { key } = await createKey(db);
    const served = await serve(db, ['--department-id', DESK_SUPPORT_DEPARTMENT_ID]);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const subject = `Relay ticket ${Date.now()}`;
    const response = await postTicket(served.url, key, { subject });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };

    const delivered = await untilState(db, id, ['delivered', 'dead']);
    expect(delivered.state).toBe('delivered');
    expect(delivered.result?.id).toMatch(/^\d+$/);
    expect(delivered.input).toBeUndefined();
    const human = expectExit(await relay(['deliveries', 'show', id], db), 0);
    expect(human.stdout).toMatch(/state: +delivered/);
    expect(human.stdout).not.toContain(CUSTOMER);
    // --payload is the one way to see what was queued.
    expect(JSON.stringify((await show(db, id, ['--payload'])).input)).toContain(subject);

    expect(await ticketsWithSubject(subject)).toHaveLength(1);
    const status = parseJson<{ counts: Record<string, number>; paused: unknown }>(
      expectExit(await relay(['status', '--json'], db), 0).stdout,
    );
    expect(status.counts.delivered).toBe(1);
    expect(status.paused).toBeNull();

    const ended = await served.stop('SIGTERM');
    expect(ended.code).toBe(0);
    // With --json the worker's events are JSON lines on stderr: ids and codes, no payload.
    expect(ended.stderr).toContain(`"type":"delivery.delivered","id":"${id}"`);
    expect(ended.stderr).not.toContain(subject);
    // Delivered once, and the stop sent nothing again.
    expect(await ticketsWithSubject(subject)).toHaveLength(1);
  }, 60_000);

  it('a dead delivery (unknown department) is listed, retried by --all, then discarded', async () => {
    const db = join(dir, 'dead.db');
    const { key } = await createKey(db);
    const served = await serve(db);
    const response = await postTicket(served.url, key, {
      subject: 'Wrong department',
      departmentId: '1892000000999999',
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const dead = await untilState(db, id, ['dead', 'delivered']);
    expect(dead.state).toBe('dead');
    expect(dead.lastError?.summary).toBeTruthy();

    const listed = parseJson<{ id: string; state: string }[]>(
      expectExit(await relay(['deliveries', 'list', '--state', 'dead', '--json'], db), 0).stdout,
    );
    expect(listed.map((d) => d.id)).toEqual([id]);
    const pendingOnly = parseJson<unknown[]>(
      expectExit(await relay(['deliveries', 'list', '--state', 'pending', '--json'], db), 0).stdout,
    );
    expect(pendingOnly).toEqual([]);

    const retried = expectExit(await relay(['deliveries', 'retry', '--all'], db), 0);
    expect(retried.stdout).toContain('1 delivery queued again');
    // The worker tries it again (a second attempt) and Zoho refuses it again.
    await expect
      .poll(async () => (await show(db, id)).attempts, { timeout: 20_000, interval: 150 })
      .toBeGreaterThanOrEqual(2);
    expect((await untilState(db, id, ['dead'])).state).toBe('dead');

    const discarded = parseJson<{ discarded: number }>(
      expectExit(await relay(['deliveries', 'discard', '--all', '--json'], db), 0).stdout,
    );
    expect(discarded.discarded).toBe(1);
    expect((await show(db, id)).state).toBe('discarded');
    const nothing = expectExit(await relay(['deliveries', 'retry', '--all'], db), 0);
    expect(nothing.stdout).toContain('0 deliveries queued again');

    expect((await served.stop('SIGINT')).code).toBe(0);
  }, 60_000);

  it('--no-worker only stores; `relay work` on the same file delivers, and stops on SIGTERM with exit 0', async () => {
    const db = join(dir, 'split.db');
    const { key } = await createKey(db);
    const served = await serve(db, ['--no-worker', '--department-id', DESK_SUPPORT_DEPARTMENT_ID]);
    const subject = `Split ticket ${Date.now()}`;
    const { id } = (await (await postTicket(served.url, key, { subject })).json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await show(db, id)).state).toBe('pending');
    expect(await ticketsWithSubject(subject)).toHaveLength(0);

    const args = ['relay', 'work', '--db', db];
    const worker = spawnCli(args, t.env);
    servers.push(worker);
    const ended = collect(worker, args, { timeoutMs: 60_000 });
    expect((await untilState(db, id, ['delivered', 'dead'])).state).toBe('delivered');
    worker.kill('SIGTERM');
    const result = await ended;
    outputs.push({ args, text: result.stdout + result.stderr });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`delivered ${id}`);
    expect(await ticketsWithSubject(subject)).toHaveLength(1);
    expect((await served.stop('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('--allowed-origin lets the intake answer under that host name; any other name is refused (DNS rebinding)', async () => {
    const db = join(dir, 'hosts.db');
    await createKey(db);
    const served = await serve(db, ['--no-worker', '--allowed-origin', 'https://relay.example.com']);
    const port = new URL(served.url).port;
    expect(await statusWithHost(port, 'relay.example.com')).toBe(200);
    expect(await statusWithHost(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await statusWithHost(port, 'evil.example')).toBe(403);
    expect((await served.stop('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('SIGTERM while a delivery is in flight exits 0 and gives the lease back (no in_flight left)', async () => {
    const db = join(dir, 'sigterm.db');
    const { key } = await createKey(db);
    await t.emulator.control.queueFaults({ method: 'POST', path: '/api/v1/tickets', sequence: [{ hang: true }] });
    const served = await serve(db, ['--department-id', DESK_SUPPORT_DEPARTMENT_ID, '--grace', '0.3']);
    const response = await postTicket(served.url, key, { subject: `Hung ticket ${Date.now()}` });
    const { id } = (await response.json()) as { id: string };
    expect((await untilState(db, id, ['in_flight'])).state).toBe('in_flight');

    const ended = await served.stop('SIGTERM');
    expect(ended.code).toBe(0);
    await t.emulator.control.clearFaults();
    const after = await show(db, id);
    expect(after.state).toBe('pending');
    const status = parseJson<{ counts: Record<string, number> }>(
      expectExit(await relay(['status', '--json'], db), 0).stdout,
    );
    expect(status.counts.in_flight).toBe(0);
    expect(status.counts.pending).toBe(1);
  }, 60_000);
});

describe('zohokit relay status and resume', () => {
  it('a revoked login pauses the queue: status names the reason and the fix; resume ends the pause', async () => {
    const { code } = await t.emulator.control.mintGrantCode({ clientId: t.client.clientId, scope: SCOPES });
    expectExit(await t.cli(['--profile', 'pause', 'auth', 'exchange', '--code', code]), 0);
    expectExit(await t.cli(['--profile', 'pause', 'config', 'set', 'desk-org-id', DESK_ORG_ID]), 0);
    pausedProfileToken = t.config().profiles.pause?.refreshToken as string;
    await t.emulator.control.revokeToken(pausedProfileToken);

    const db = join(dir, 'pause.db');
    const { key } = await createKey(db);
    const served = await serve(db, ['--department-id', DESK_SUPPORT_DEPARTMENT_ID], ['--profile', 'pause']);
    const response = await postTicket(served.url, key, { subject: 'While logged out' });
    expect(response.status).toBe(202);

    await expect
      .poll(
        async () =>
          parseJson<{ paused: unknown }>(expectExit(await relay(['status', '--json'], db), 0).stdout).paused !== null,
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    const status = parseJson<{
      counts: Record<string, number>;
      oldestPendingAgeMs: number | null;
      paused: { code: string; reason: string; fix: string; product: string };
    }>(expectExit(await relay(['status', '--json'], db), 0).stdout);
    expect(status.paused.product).toBe('desk');
    expect(status.paused.fix).toBeTruthy();
    expect((status.counts.pending ?? 0) + (status.counts.in_flight ?? 0)).toBe(1);
    expect(status.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    const human = expectExit(await relay(['status'], db), 0);
    expect(human.stdout).toMatch(/paused: +since .*\(desk\)/);
    expect(human.stdout).toContain('zohokit relay resume');

    // The worker stops first: a running one would take the delivery again at once, be refused again (the login
    // is still revoked) and rightly pause again before the status below is read.
    expect((await served.stop('SIGTERM')).code).toBe(0);
    const resumed = expectExit(await relay(['resume'], db), 0);
    expect(resumed.stdout).toContain('Resumed (it was paused:');
    const after = parseJson<{ paused: unknown }>(expectExit(await relay(['status', '--json'], db), 0).stdout);
    expect(after.paused).toBeNull();
    expect(expectExit(await relay(['resume'], db), 0).stdout).toContain('not paused');
  }, 60_000);
});

describe('zohokit relay: usage errors', () => {
  it('--queue redis without a Redis there exits 2 with the fix; an unknown --queue is refused', async () => {
    const db = join(dir, 'redis.db');
    const closed = `redis://127.0.0.1:${await freePort()}`;
    for (const args of [['serve', '--port', '0'], ['status'], ['work']]) {
      const result = expectExit(await relay(['--queue', 'redis', '--redis-url', closed, ...args], db), 2);
      expect(result.stderr).toContain('cannot reach Redis');
      expect(result.stderr).toMatch(/fix: +Start redis-server/);
    }
    const unknown = expectExit(await relay(['--queue', 'memcached', 'status'], db), 2);
    expect(unknown.stderr).toContain('--queue does not accept "memcached"');
  });

  it('retry and discard need ids or --all, not both; unknown ids are named', async () => {
    const db = join(dir, 'usage.db');
    await createKey(db);
    expect(expectExit(await relay(['deliveries', 'retry'], db), 2).stderr).toContain('Give their ids, or --all');
    expect(expectExit(await relay(['deliveries', 'discard', 'abc', '--all'], db), 2).stderr).toContain('not both');
    expect(expectExit(await relay(['deliveries', 'retry', 'nope'], db), 2).stderr).toContain('"nope"');
    expect(expectExit(await relay(['deliveries', 'list', '--state', 'lost'], db), 2).stderr).toContain('Use one of');
    expect(expectExit(await relay(['deliveries', 'list', '--limit', '0'], db), 2).stderr).toContain('--limit');
    expect(expectExit(await relay(['serve', '--port', '70000'], db), 2).stderr).toContain('--port');
    expect(expectExit(await relay(['serve', '--allowed-origin', 'relay.example.com'], db), 2).stderr).toContain(
      '--allowed-origin',
    );
    expect(expectExit(await relay(['work', '--concurrency', '0'], db), 2).stderr).toContain('--concurrency');
  });

  it('every relay command has --help with an example', async () => {
    for (const args of [
      ['serve'],
      ['work'],
      ['status'],
      ['resume'],
      ['deliveries', 'list'],
      ['deliveries', 'show'],
      ['deliveries', 'retry'],
      ['deliveries', 'discard'],
      ['keys', 'create'],
      ['keys', 'list'],
      ['keys', 'revoke'],
    ]) {
      const help = expectExit(await t.cli(['relay', ...args, '--help']), 0);
      expect(help.stdout, args.join(' ')).toContain(`$ zohokit relay ${args.join(' ')}`);
    }
  });
});

describe('zohokit relay: secrets', () => {
  it('no refresh token, client secret, customer address, or created key (after its one print) in any output', () => {
    const refreshToken = t.config().profiles.default?.refreshToken as string;
    expect(refreshToken.length).toBeGreaterThan(10);
    expect(outputs.length).toBeGreaterThan(20);
    const keys = outputs.flatMap((o) => o.text.match(/zr_[sp]k_[0-9a-f]{16}_[\w-]{43}/g) ?? []);
    expect(keys.length).toBeGreaterThan(0);
    for (const { args, text } of outputs) {
      expect(text, args.join(' ')).not.toContain(refreshToken);
      if (pausedProfileToken) expect(text, args.join(' ')).not.toContain(pausedProfileToken);
      expect(text, args.join(' ')).not.toContain(t.client.clientSecret);
      const created = args.includes('create') && args.includes('keys');
      if (!args.includes('--payload')) expect(text, args.join(' ')).not.toContain(CUSTOMER);
      if (created) continue;
      for (const key of keys) expect(text, args.join(' ')).not.toContain(key);
    }
  });
});
