/**
 * First step of `npm test`: the two system programs the tests drive must exist, so that the README's
 * `npm ci && npm test` passes on a fresh machine and not only under `.ci/run`.
 *
 * - `redis-server` (Debian package redis-server) for the @zohokit/redis tests (REDIS_SERVER_BIN overrides it);
 * - `/usr/bin/chromium` (Debian package chromium) for the emulator inspector's browser test (ZOHOKIT_CHROMIUM).
 *
 * Silent when both are there. When something is missing and this process is root with `apt-get` on PATH, it
 * installs the packages (`apt-get update` once, then `apt-get install -y …`, what `npx playwright install
 * --with-deps` does). Otherwise it stops at once, exit 1, with the one command to run: the tests never skip.
 *
 * ZOHOKIT_ENSURE_DEPS_UID overrides the user id this script believes it runs as; only its own test uses it,
 * to take the root path without being root (with a fake `apt-get` first on PATH).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

interface Requirement {
  /** What the tests run: a command looked up on PATH, or an absolute path. */
  program: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** Which tests need it and the variable that points elsewhere. */
  neededBy: string;
}

const requirements: Requirement[] = [
  {
    program: process.env.REDIS_SERVER_BIN ?? 'redis-server',
    debianPackage: 'redis-server',
    neededBy: 'the @zohokit/redis tests (or set REDIS_SERVER_BIN)',
  },
  {
    program: process.env.ZOHOKIT_CHROMIUM ?? '/usr/bin/chromium',
    debianPackage: 'chromium',
    neededBy: "the emulator inspector's browser test (or set ZOHOKIT_CHROMIUM)",
  },
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `command -v` without a shell: the first executable `name` on PATH, or an absolute path as is. */
function locate(program: string): string | undefined {
  if (isAbsolute(program) || program.includes('/')) return isExecutable(program) ? program : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

function fail(message: string): never {
  process.stderr.write(`ensure-test-deps: ${message}\n`);
  process.exit(1);
}

const missing = () => requirements.filter((r) => locate(r.program) === undefined);

const absent = missing();
if (absent.length > 0) {
  const packages = absent.map((r) => r.debianPackage);
  const what = absent.map((r) => `${r.program} (${r.neededBy})`).join('; ');
  const uid = process.env.ZOHOKIT_ENSURE_DEPS_UID ?? String(process.getuid?.() ?? -1);
  const aptGet = locate('apt-get');
  if (uid !== '0' || aptGet === undefined) {
    fail(
      `missing ${what}.\nInstall, then run npm test again:\n\n  sudo apt-get install -y ${packages.join(' ')}\n\n` +
        `(${aptGet ? 'not root, so nothing was installed' : 'no apt-get here: install the same programs with your package manager'})`,
    );
  }
  process.stderr.write(`ensure-test-deps: missing ${what}; installing ${packages.join(' ')} with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', ...packages],
  ]) {
    const run = spawnSync(aptGet, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (run.status !== 0) fail(`apt-get ${args.join(' ')} failed (exit ${run.status ?? run.signal})`);
  }
  const still = missing();
  if (still.length > 0) fail(`apt-get finished but ${still.map((r) => r.program).join(', ')} is still missing`);
}
