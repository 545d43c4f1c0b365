/**
 * The tests run the built CLI (`node packages/cli/dist/cli.js`), as a user would. `npm test` builds every
 * workspace first; for `vitest run packages/cli` alone, a stale or missing build of the CLI (which has the SDK
 * built in) or of the emulator it imports is rebuilt here, once, under a lock shared by the test files running
 * in parallel.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = join(ROOT, 'packages/cli/dist/cli.js');

/** The CLI has the SDK and the relay built in (tsup.config.ts), so their sources count for it too. */
const PACKAGES = [
  { dir: 'packages/emulator', entry: 'dist/index.js', sources: ['packages/emulator/src'] },
  {
    dir: 'packages/cli',
    entry: 'dist/cli.js',
    sources: ['packages/cli/src', 'packages/zohokit/src', 'packages/relay/src'],
  },
];

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function stale(pkg: { dir: string; entry: string; sources: string[] }): boolean {
  const entry = join(ROOT, pkg.dir, pkg.entry);
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  const config = join(ROOT, pkg.dir, 'tsup.config.ts');
  const sources = Math.max(...pkg.sources.map((dir) => newest(join(ROOT, dir))));
  return sources > built || (existsSync(config) && statSync(config).mtimeMs > built);
}

export async function ensureBuilt(): Promise<void> {
  if (!PACKAGES.some(stale)) return;
  const lock = join(ROOT, 'packages/cli/.zohokit-tmp/build-lock');
  const deadline = Date.now() + 120_000;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes belongs to a crashed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another test file to build the CLI');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    for (const pkg of PACKAGES) {
      if (!stale(pkg)) continue;
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js')], {
          cwd: join(ROOT, pkg.dir),
          stdio: 'pipe',
        });
      } catch (error) {
        const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
        throw new Error(
          `could not build ${pkg.dir} for the CLI tests; run 'npm run build' and read its errors:\n${output}`,
        );
      }
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing after the build: run 'npm run build'`);
}
