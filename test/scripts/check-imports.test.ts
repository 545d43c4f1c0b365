/**
 * The dependency-direction check (scripts/check-imports.ts) and its companion, biome's `noNodejsModules` for the
 * SDK core, both run on a temporary copy of packages/ * /src with one planted import at a time: the repository
 * itself is never touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = ['zohokit', 'emulator', 'redis', 'cli'];
const exec = promisify(execFile);

let copy: string;

beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), 'zohokit-imports-'));
  for (const dir of PACKAGES) {
    cpSync(join(ROOT, 'packages', dir, 'src'), join(copy, 'packages', dir, 'src'), { recursive: true });
    cpSync(join(ROOT, 'packages', dir, 'package.json'), join(copy, 'packages', dir, 'package.json'));
  }
});

afterEach(() => rmSync(copy, { recursive: true, force: true }));

async function checkImports() {
  return exec(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'check-imports.ts'), copy], { cwd: ROOT })
    .then(({ stderr }) => ({ code: 0, stderr }))
    .catch((e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
}

function plant(path: string, text: string): void {
  mkdirSync(join(copy, path, '..'), { recursive: true });
  writeFileSync(join(copy, path), text);
}

describe('scripts/check-imports', () => {
  it('passes on an unmodified copy of the sources', async () => {
    expect(await checkImports()).toEqual({ code: 0, stderr: '' });
  });

  it.each([
    [
      'packages/emulator/src/planted.ts',
      "import { Zoho } from 'zohokit';\nexport const z = Zoho;\n",
      'may not import zohokit',
    ],
    [
      'packages/emulator/src/planted.ts',
      "export type T = import('zohokit/node').FileTokenStore;\n",
      'may not import zohokit',
    ],
    [
      'packages/zohokit/src/planted.ts',
      "export { RedisTokenStore } from '@zohokit/redis';\n",
      'may not import @zohokit/redis',
    ],
    [
      'packages/redis/src/planted.ts',
      "export const m = () => import('@zohokit/cli');\n",
      'may not import @zohokit/cli',
    ],
    [
      'packages/redis/src/planted.ts',
      "import type { EmulatorHandle } from '@zohokit/emulator';\nexport type E = EmulatorHandle;\n",
      'may not import @zohokit/emulator',
    ],
    [
      'packages/redis/src/planted.ts',
      "export { redact } from '../../zohokit/src/redact.js';\n",
      'reaches outside @zohokit/redis',
    ],
  ])('fails on a planted import in %s: %s', async (path, text, message) => {
    plant(path, text);
    const { code, stderr } = await checkImports();
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: '`);
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/^check-imports: 1 import\(s\) break/);
  });

  it('fails when an allowed workspace import is not declared in package.json', async () => {
    const manifest = join(copy, 'packages', 'redis', 'package.json');
    writeFileSync(manifest, JSON.stringify({ name: '@zohokit/redis', dependencies: { ioredis: '6.0.0' } }));
    const { code, stderr } = await checkImports();
    expect(code).toBe(1);
    expect(stderr).toContain("zohokit is not in @zohokit/redis's dependencies or peerDependencies");
  });
});

describe('biome noNodejsModules (the home of the "no Node built-ins in the SDK core" rule)', () => {
  async function lint() {
    cpSync(join(ROOT, 'biome.json'), join(copy, 'biome.json'));
    writeFileSync(join(copy, '.gitignore'), '');
    await exec('git', ['init', '-q'], { cwd: copy });
    return exec(join(ROOT, 'node_modules', '.bin', 'biome'), ['lint', '--max-diagnostics=50', 'packages/zohokit/src'], {
      cwd: copy,
    })
      .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
      .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }));
  }

  it('flags node: imports, bare built-in names and dynamic imports in the core, not in src/node', async () => {
    plant(
      'packages/zohokit/src/planted.ts',
      "import { readFileSync } from 'node:fs';\nimport os from 'os';\nexport const c = () => import('node:crypto');\nexport const x = [readFileSync, os];\n",
    );
    plant(
      'packages/zohokit/src/node/planted-ok.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    const { code, output } = await lint();
    expect(code).toBe(1);
    const flagged = [
      ...output.matchAll(/(packages\/zohokit\/src\/\S+?):(\d+):\d+ lint\/correctness\/noNodejsModules/g),
    ];
    expect(flagged.map((m) => `${m[1]}:${m[2]}`)).toEqual([
      'packages/zohokit/src/planted.ts:1',
      'packages/zohokit/src/planted.ts:2',
      'packages/zohokit/src/planted.ts:3',
    ]);
  });
});
