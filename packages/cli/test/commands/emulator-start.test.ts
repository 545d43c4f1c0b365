import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import {
  baseEnv,
  collect,
  type Env,
  parseJson,
  runCli,
  spawnCli,
  tempHome,
  waitForOutput,
} from '../support/run-cli.js';
import { expectExit } from '../support/tenant.js';

interface Started {
  url: string;
  inspector: string;
  dc: string;
  tokenTtlSec: number;
  endpoints: Record<string, string>;
  env: Record<string, string>;
  client: { clientId: string; clientSecret: string };
  grantCode: { code: string; expiresInSec: number; scopes: string[] };
  profile: string | null;
}

const running: ChildProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

async function start(
  env: Env,
  args: string[] = [],
): Promise<{ child: ChildProcess; started: Started; done: ReturnType<typeof collect> }> {
  const all = ['emulator', 'start', '--port', '0', '--json', ...args];
  const child = spawnCli(all, env);
  running.push(child);
  const done = collect(child, all, { timeoutMs: 60_000 });
  const [json] = await waitForOutput(child, /^\{[\s\S]*\n\}\n/, 15_000);
  return { child, started: parseJson<Started>(json), done };
}

describe('zohokit emulator start', () => {
  it('prints its endpoints and an env block with which a newcomer gets from nothing to a created ticket', async () => {
    const home = tempHome();
    const { child, started, done } = await start(baseEnv(home), ['--token-ttl', '120']);
    expect(started).toMatchObject({ dc: 'us', tokenTtlSec: 120, profile: null });
    expect(Object.keys(started.env).sort()).toEqual(
      [
        'ZOHO_ACCOUNTS_URL',
        'ZOHO_API_URL',
        'ZOHO_CAMPAIGNS_URL',
        'ZOHO_CLIENT_ID',
        'ZOHO_CLIENT_SECRET',
        'ZOHO_DC',
        'ZOHO_DESK_URL',
      ].sort(),
    );
    expect(started.endpoints.control).toBe(`${started.url}/__emulator/`);
    expect(started.inspector).toBe(`${started.url}/`);
    const page = await fetch(started.inspector);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('zohokit emulator');

    // The README's steps, with only the pasted env block.
    const env = baseEnv(tempHome(), started.env);
    expectExit(await runCli(['auth', 'exchange', '--code', started.grantCode.code], env), 0);
    const [org] = parseJson<{ id: string }[]>(expectExit(await runCli(['desk', 'orgs', '--json'], env), 0).stdout);
    expectExit(await runCli(['config', 'set', 'desk-org-id', org?.id ?? ''], env), 0);
    const [department] = parseJson<{ id: string }[]>(
      expectExit(await runCli(['desk', 'departments', '--json'], env), 0).stdout,
    );
    const created = expectExit(
      await runCli(
        [
          'desk',
          'tickets',
          'create',
          '--subject',
          'Hello from the README',
          '--department-id',
          department?.id ?? '',
          '--email',
          'newcomer@example.com',
        ],
        env,
      ),
      0,
    );
    expect(created.stdout).toMatch(/^Created ticket #\d+ \(id \d+\): Hello from the README/);

    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('emulator stopped');
  });

  it('human output: endpoints, export lines and the next commands', async () => {
    const all = ['emulator', 'start', '--port', '0'];
    const child = spawnCli(all, baseEnv(tempHome()));
    running.push(child);
    const done = collect(child, all, { timeoutMs: 30_000 });
    await waitForOutput(child, /Ctrl-C stops the emulator/);
    child.kill('SIGINT');
    const { stdout, code } = await done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^zohokit emulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/Inspector {2}http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(stdout).toMatch(/^export ZOHO_ACCOUNTS_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^export ZOHO_CLIENT_SECRET=\S+$/m);
    expect(stdout).toMatch(/zohokit auth exchange --code 1000\.\S+/);
  });

  it('--save-profile and --state-file: the profile points at the emulator, and a restart keeps the login and the data', async () => {
    const home = tempHome();
    const env = baseEnv(home);
    const stateFile = join(home, 'emulator-state.json');
    const first = await start(env, ['--save-profile', '--state-file', stateFile]);
    expect(first.started.profile).toBe('emulator');
    expectExit(await runCli(['-p', 'emulator', 'auth', 'exchange', '--code', first.started.grantCode.code], env), 0);
    const code = expectExit(await runCli(['-p', 'emulator', 'emulator', 'code'], env), 0).stdout.trim();
    expect(code).toMatch(/^1000\./);
    expectExit(await runCli(['-p', 'emulator', 'auth', 'exchange', '--code', code], env), 0);
    const ticket = parseJson<{ id: string }>(
      expectExit(
        await runCli(
          [
            '-p',
            'emulator',
            'desk',
            'tickets',
            'create',
            '--org-id',
            '700000001',
            '--subject',
            'Survives',
            '--department-id',
            '1892000000006907',
            '--email',
            'keep@example.com',
            '--json',
          ],
          env,
        ),
        0,
      ).stdout,
    );
    first.child.kill('SIGTERM');
    expect((await first.done).code).toBe(0);
    expect(existsSync(stateFile)).toBe(true);

    // Same port is not guaranteed with --port 0, but the profile is rewritten with the new URL.
    const second = await start(env, ['--save-profile', '--state-file', stateFile]);
    expect(second.started.client.clientId).toBe(first.started.client.clientId);
    const got = expectExit(
      await runCli(['-p', 'emulator', 'desk', 'tickets', 'get', ticket.id, '--org-id', '700000001', '--json'], env),
      0,
    );
    expect(parseJson<{ subject: string }>(got.stdout).subject).toBe('Survives');
    second.child.kill('SIGTERM');
    await second.done;
  });

  it('usage errors exit 2: a port in use, an unknown data centre', async () => {
    const env = baseEnv(tempHome());
    const { child, started, done } = await start(env);
    const port = new URL(started.url).port;
    const taken = expectExit(await runCli(['emulator', 'start', '--port', port], env), 2);
    expect(taken.stderr).toContain('in use');
    expectExit(await runCli(['emulator', 'start', '--port', '0', '--dc', 'mars'], env), 2);
    child.kill('SIGTERM');
    await done;
  });

  it('emulator code needs a profile that points at an emulator (exit 2)', async () => {
    const result = expectExit(await runCli(['emulator', 'code'], baseEnv(tempHome())), 2);
    expect(result.stderr).toContain('not_an_emulator');
  });
});
