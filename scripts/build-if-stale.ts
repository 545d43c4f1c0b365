/**
 * Builds the workspace packages whose dist is older than their inputs, silently: `npm start` and `npm run bench`
 * then print their own output and little else, and skip the ~15 s of tsup runs when nothing changed.
 *
 * A package is stale when dist/ is missing or its oldest file is older than the newest of: the package's src/**,
 * package.json and tsup.config.ts, the root tsconfig.json (tsup reads its `paths`), and the same inputs of every
 * workspace package it depends on (the CLI bundles the SDK's sources; the Redis types come from the SDK's).
 * tsup's `clean: true` rewrites every dist file, so the oldest one dates the last complete build.
 * A failed build prints its full output and exits with its code.
 *
 *   node --import tsx scripts/build-if-stale.ts [--verbose]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const verbose = process.argv.includes('--verbose');

interface Workspace {
  dir: string;
  name: string;
  dependsOn: string[];
}

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
const workspaces: Workspace[] = rootManifest.workspaces.map((dir) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  return {
    dir,
    name: manifest.name,
    dependsOn: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
  };
});

/** Every file under `path` (or `path` itself), as [min, max] mtime in ms; undefined when nothing is there. */
function mtimeRange(path: string): [number, number] | undefined {
  if (!existsSync(path)) return undefined;
  const stat = statSync(path);
  if (!stat.isDirectory()) return [stat.mtimeMs, stat.mtimeMs];
  let range: [number, number] | undefined;
  for (const entry of readdirSync(path)) {
    const sub = mtimeRange(join(path, entry));
    if (sub) range = range ? [Math.min(range[0], sub[0]), Math.max(range[1], sub[1])] : sub;
  }
  return range;
}

function newestInput(workspace: Workspace, seen = new Set<string>()): number {
  seen.add(workspace.name);
  let newest = mtimeRange(join(ROOT, 'tsconfig.json'))?.[1] ?? 0;
  for (const input of ['src', 'package.json', 'tsup.config.ts']) {
    newest = Math.max(newest, mtimeRange(join(ROOT, workspace.dir, input))?.[1] ?? 0);
  }
  for (const dependency of workspaces) {
    if (workspace.dependsOn.includes(dependency.name) && !seen.has(dependency.name)) {
      newest = Math.max(newest, newestInput(dependency, seen));
    }
  }
  return newest;
}

const tsup = join(ROOT, 'node_modules', '.bin', 'tsup');
for (const workspace of workspaces) {
  const built = mtimeRange(join(ROOT, workspace.dir, 'dist'));
  if (built && built[0] >= newestInput(workspace)) {
    if (verbose) process.stderr.write(`${workspace.name}: up to date\n`);
    continue;
  }
  const started = performance.now();
  const run = spawnSync(tsup, [], { cwd: join(ROOT, workspace.dir), encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}\nbuild of ${workspace.name} failed (exit ${run.status})\n`);
    process.exit(run.status ?? 1);
  }
  if (verbose) process.stderr.write(`${workspace.name}: built in ${Math.round(performance.now() - started)} ms\n`);
}
