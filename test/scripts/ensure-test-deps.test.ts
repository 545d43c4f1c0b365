/**
 * scripts/ensure-test-deps.ts on its three paths, with PATH pointing only at a temp directory so the machine's
 * real redis-server, chromium and apt-get are out of sight. A fake apt-get records its calls and "installs" by
 * creating the two programs, so nothing is installed for real.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'ensure-test-deps.ts');

let dir: string;
let bin: string;
let chromium: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zohokit-ensure-deps-'));
  bin = join(dir, 'bin');
  chromium = join(dir, 'usr-bin-chromium');
  mkdirSync(bin);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function executable(path: string, body = '#!/bin/sh\nexit 0\n'): void {
  writeFileSync(path, body);
  chmodSync(path, 0o755);
}

/** A fake apt-get: logs each call; `install` creates redis-server on PATH and the chromium file. */
function fakeAptGet(exitCode = 0): void {
  executable(
    join(bin, 'apt-get'),
    [
      '#!/bin/sh',
      `echo "$DEBIAN_FRONTEND $*" >> ${join(dir, 'apt.log')}`,
      'if [ "$1" = install ]; then',
      `  printf '#!/bin/sh\\n' > ${join(bin, 'redis-server')}; /bin/chmod 755 ${join(bin, 'redis-server')}`,
      `  printf '#!/bin/sh\\n' > ${chromium}; /bin/chmod 755 ${chromium}`,
      'fi',
      `exit ${exitCode}`,
      '',
    ].join('\n'),
  );
}

function run(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: bin, HOME: dir, ZOHOKIT_CHROMIUM: chromium, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const aptLog = () => (existsSync(join(dir, 'apt.log')) ? readFileSync(join(dir, 'apt.log'), 'utf8') : '');

describe('scripts/ensure-test-deps', () => {
  it('is silent and succeeds when redis-server and chromium are present', () => {
    executable(join(bin, 'redis-server'));
    executable(chromium);
    fakeAptGet();
    const result = run({ ZOHOKIT_ENSURE_DEPS_UID: '0' });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(aptLog()).toBe('');
  });

  it('as root with apt-get: updates once, installs both packages non-interactively, then succeeds', () => {
    fakeAptGet();
    const result = run({ ZOHOKIT_ENSURE_DEPS_UID: '0' });
    expect(result.status).toBe(0);
    expect(aptLog()).toBe('noninteractive update -q\nnoninteractive install -y -q redis-server chromium\n');
    expect(result.stderr).toContain('installing redis-server chromium with apt-get');
    expect(existsSync(join(bin, 'redis-server'))).toBe(true);
  });

  it('as root installs only what is missing', () => {
    executable(join(bin, 'redis-server'));
    fakeAptGet();
    expect(run({ ZOHOKIT_ENSURE_DEPS_UID: '0' }).status).toBe(0);
    expect(aptLog()).toBe('noninteractive update -q\nnoninteractive install -y -q chromium\n');
  });

  it('as root stops with exit 1 when apt-get fails', () => {
    fakeAptGet(100);
    const result = run({ ZOHOKIT_ENSURE_DEPS_UID: '0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get update -q failed (exit 100)');
    expect(aptLog()).toBe('noninteractive update -q\n');
  });

  it('not root and missing: stops at once with exit 1 and the one command to run, installing nothing', () => {
    fakeAptGet();
    const result = run({ ZOHOKIT_ENSURE_DEPS_UID: '1000' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  sudo apt-get install -y redis-server chromium\n');
    expect(result.stderr).toContain(`missing redis-server (the @zohokit/redis tests`);
    expect(result.stderr).toContain(`${chromium} (the emulator inspector's browser test`);
    expect(aptLog()).toBe('');
  });

  it('without apt-get (another OS) stops with exit 1 and names the programs even as root', () => {
    const result = run({ ZOHOKIT_ENSURE_DEPS_UID: '0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no apt-get here');
    expect(result.stderr).toContain('sudo apt-get install -y redis-server chromium');
  });

  it('really not root (no override; as uid 65534 when the tests run as root): exit 1, nothing installed', () => {
    fakeAptGet();
    chmodSync(dir, 0o755);
    const nobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      ...nobody,
      env: { PATH: bin, HOME: dir, ZOHOKIT_CHROMIUM: chromium },
    });
    expect(result.stderr).toContain('sudo apt-get install -y redis-server chromium');
    expect(result.status).toBe(1);
    expect(aptLog()).toBe('');
  });
});
