/**
 * What a user gets from npm: every workspace package is packed (`npm pack`, the built dist that `npm test` made
 * just before), the four tarballs are installed into one fresh temporary project, and everything below runs there,
 * against node_modules, never against the repository's sources: ESM and CommonJS imports, the README's SDK snippet
 * under `tsc --strict` with three module resolutions, the installed `zohokit` binary, and the emulator started and
 * stopped from it. publint and arethetypeswrong check the same tarballs.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const exec = promisify(execFile);

/** The environment without npm's own variables: `npm test` sets npm_config_* that would steer the nested npm. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_'))),
  NO_COLOR: '1',
  ...extra,
});

async function run(command: string, args: string[], cwd: string, env = cleanEnv()) {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    scripts?: Record<string, string>;
  };

// @zohokit/relay is not here yet: its better-sqlite3 compiles from source (~2 min) in a fresh project.
const PACKAGES = ['zohokit', 'emulator', 'redis', 'cli'].map((dir) => ({ dir, ...manifest(dir) }));
const TYPED = ['zohokit', '@zohokit/emulator', '@zohokit/redis'];

let work: string;
const tarballs = new Map<string, string>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zohokit-pack-'));
  // --ignore-scripts: no prepare/prepack rebuild; the tarballs hold exactly the dist npm test built.
  const packed = await run(
    'npm',
    [
      'pack',
      ...PACKAGES.map((p) => `--workspace=packages/${p.dir}`),
      '--ignore-scripts',
      '--pack-destination',
      work,
      '--json',
    ],
    ROOT,
    cleanEnv({ npm_config_loglevel: 'error' }),
  );
  expect(packed.code, packed.stderr).toBe(0);
  for (const entry of JSON.parse(packed.stdout) as { name: string; filename: string }[]) {
    tarballs.set(entry.name, join(work, entry.filename));
  }
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  const installed = await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...PACKAGES.map((p) => tarballs.get(p.name) ?? p.name),
      'typescript@5.9.3',
      '@types/node@20.19.43',
    ],
    work,
  );
  expect(installed.code, installed.stderr).toBe(0);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack of every workspace package', () => {
  it('packs all four packages', () => {
    expect([...tarballs.keys()].sort()).toEqual(PACKAGES.map((p) => p.name).sort());
  });

  it('ships no install-time scripts a user would have to allow (prepare, preinstall, install, postinstall)', () => {
    for (const name of tarballs.keys()) {
      const installed = JSON.parse(readFileSync(join(work, 'node_modules', name, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      };
      const lifecycle = Object.keys(installed.scripts ?? {}).filter((s) =>
        ['prepare', 'preinstall', 'install', 'postinstall'].includes(s),
      );
      expect({ name, lifecycle }).toEqual({ name, lifecycle: [] });
    }
  });

  it.each(PACKAGES.map((p) => p.name))(
    'publint finds nothing in %s (errors, warnings or suggestions)',
    async (name) => {
      const result = await run(join(BIN, 'publint'), ['run', tarballs.get(name)!, '--pack', 'false'], ROOT);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('All good!');
    },
  );

  it.each(PACKAGES.map((p) => p.name))('arethetypeswrong finds no problem in %s', async (name) => {
    const result = await run(join(BIN, 'attw'), [tarballs.get(name)!, '--format', 'json'], ROOT);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { analysis } = JSON.parse(result.stdout) as {
      analysis: { types: unknown; problems?: unknown[] | Record<string, unknown> };
    };
    // The CLI is a binary without exports; the three libraries must ship types for every entry point.
    expect(analysis.types !== false).toBe(TYPED.includes(name));
    const problems = analysis.problems ?? [];
    expect(Array.isArray(problems) ? problems : Object.values(problems)).toEqual([]);
  });
});

describe('the installed packages', () => {
  const ENTRIES = ['zohokit', 'zohokit/node', '@zohokit/emulator', '@zohokit/redis'];

  it('load as ESM and as CommonJS with the same named exports', async () => {
    writeFileSync(
      join(work, 'esm.mjs'),
      `const out = {};\nfor (const id of ${JSON.stringify(ENTRIES)}) out[id] = Object.keys(await import(id)).filter((k) => k !== 'default').sort();\nconsole.log(JSON.stringify(out));\n`,
    );
    writeFileSync(
      join(work, 'cjs.cjs'),
      `const out = {};\nfor (const id of ${JSON.stringify(ENTRIES)}) out[id] = Object.keys(require(id)).sort();\nconsole.log(JSON.stringify(out));\n`,
    );
    const esm = await run(process.execPath, ['esm.mjs'], work);
    const cjs = await run(process.execPath, ['cjs.cjs'], work);
    expect(esm.code, esm.stderr).toBe(0);
    expect(cjs.code, cjs.stderr).toBe(0);
    const fromEsm = JSON.parse(esm.stdout) as Record<string, string[]>;
    expect(JSON.parse(cjs.stdout)).toEqual(fromEsm);
    expect(fromEsm.zohokit).toEqual(expect.arrayContaining(['Zoho', 'ZohoError', 'ZohoRateLimitError', 'redact']));
    expect(fromEsm['zohokit/node']).toEqual(expect.arrayContaining(['FileTokenStore']));
    expect(fromEsm['@zohokit/emulator']).toEqual(expect.arrayContaining(['startEmulator', 'EmulatorControl']));
    expect(fromEsm['@zohokit/redis']).toEqual(expect.arrayContaining(['RedisTokenStore']));
  });

  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = /^## The SDK in one screen\n[\s\S]*?^```ts\n([\s\S]*?)^```/m.exec(readme)?.[1];

  const tsc = (config: string) =>
    run(process.execPath, [join(work, 'node_modules/typescript/bin/tsc'), '-p', config], work);
  const writeConfig = (name: string, file: string, options: Record<string, unknown>) =>
    writeFileSync(
      join(work, name),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', types: ['node'], ...options },
        files: [file],
      }),
    );

  it.each([
    // The shipped .d.ts files are checked too (skipLibCheck false) once; @types/node makes that slow.
    ['nodenext', 'nodenext', false],
    ['node16', 'node16', true],
    ['esnext', 'bundler', true],
  ])(
    "the README's SDK snippet type-checks under tsc --strict (module %s, moduleResolution %s, skipLibCheck %s)",
    async (module, moduleResolution, skipLibCheck) => {
      expect(snippet, 'README.md has no ```ts block under "## The SDK in one screen"').toContain("from 'zohokit'");
      writeFileSync(join(work, 'snippet.ts'), snippet!);
      const config = `tsconfig.${moduleResolution}.json`;
      writeConfig(config, 'snippet.ts', { module, moduleResolution, skipLibCheck });
      const result = await tsc(config);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  it('the same tsc run fails on a snippet that misuses the API (so the check above can fail)', async () => {
    writeFileSync(join(work, 'bad.ts'), `import { Zoho } from 'zohokit';\nnew Zoho({ clientId: 1, dc: 'mars' });\n`);
    writeConfig('tsconfig.bad.json', 'bad.ts', {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      skipLibCheck: true,
      types: [],
    });
    const result = await tsc('tsconfig.bad.json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/bad\.ts\(2,\d+\): error TS2322/);
  });

  it('npx zohokit --version prints the CLI version', async () => {
    const result = await run('npx', ['--no-install', 'zohokit', '--version'], work);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(PACKAGES.find((p) => p.dir === 'cli')!.version);
  });

  it('the installed CLI starts the emulator on a free port, which answers, and stops on SIGTERM', async () => {
    const home = join(work, 'home');
    const child: ChildProcess = spawn(
      join(work, 'node_modules', '.bin', 'zohokit'),
      ['emulator', 'start', '--port', '0', '--json'],
      { cwd: work, env: cleanEnv({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') }) },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const started = await new Promise<{ url: string; endpoints: { control: string } }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON within 20 s; stderr: ${stderr}`)), 20_000);
      child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        if (/^\{[\s\S]*\n\}\n/.test(stdout)) {
          clearTimeout(timer);
          resolve(JSON.parse(stdout));
        }
      });
      void exited.then((code) => reject(new Error(`exited ${code} before printing; stderr: ${stderr}`)));
    });
    try {
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const info = await fetch(`${started.url}/__emulator/info`);
      expect(info.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('emulator stopped');
  });
});
