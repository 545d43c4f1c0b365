import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';
import { CLI, ensureBuilt } from './support/build.js';
import { baseEnv, collect, runCli, spawnCli, tempHome } from './support/run-cli.js';
import { expectExit } from './support/tenant.js';

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

const env = () => baseEnv(tempHome());

/** Every command of the tree with its full --help text (built in-process: the same tree the binary builds). */
function allHelp(): { path: string; help: string }[] {
  const out: { path: string; help: string }[] = [];
  const visit = (command: Command, path: string[]) => {
    let help = '';
    command.configureOutput({ writeOut: (text) => (help += text), writeErr: (text) => (help += text) });
    command.outputHelp();
    out.push({ path: path.join(' '), help });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(buildProgram('0.0.0'), []);
  return out;
}

describe('zohokit', () => {
  it('--version prints the package version', async () => {
    const version = JSON.parse(readFileSync(join(dirname(CLI), '../package.json'), 'utf8')).version;
    expect(expectExit(await runCli(['--version'], env()), 0).stdout.trim()).toBe(version);
  });

  it('every command has --help with an example, and --json among its options', async () => {
    const helps = allHelp();
    expect(helps.length).toBeGreaterThan(25);
    for (const { path, help } of helps) {
      expect(help, path).toMatch(/Examples?:\n {2}\$ .*zohokit /);
      expect(help, path).toContain('--json');
    }
    // And the binary prints the same text.
    const built = expectExit(await runCli(['desk', 'tickets', 'create', '--help'], env()), 0).stdout;
    expect(built).toBe(helps.find((h) => h.path === 'desk tickets create')?.help);
  });

  it('usage errors exit 2; a bare zohokit shows help and exits 0', async () => {
    expectExit(await runCli(['no-such-command'], env()), 2);
    expectExit(await runCli(['desk', 'tickets', 'list', '--no-such-flag'], env()), 2);
    expectExit(await runCli(['desk', 'tickets', 'get'], env()), 2);
    expectExit(await runCli(['desk', 'tickets', 'list', '--limit', 'many'], env()), 2);
    const bare = expectExit(await runCli([], env()), 0);
    expect(bare.stdout + bare.stderr).toContain('Usage: zohokit');
    // A run defines only the group it uses, but help always shows the whole tree.
    const help = expectExit(await runCli(['--help', 'desk'], env()), 0).stdout;
    for (const group of ['auth', 'api', 'desk', 'campaigns', 'emulator', 'doctor', 'config', 'completion']) {
      expect(help).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    }
  });

  it('a reader that goes away (| head) ends the run quietly, not with a stack trace', async () => {
    const child = spawnCli(['--help'], env());
    child.stdout?.destroy();
    const result = await collect(child, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('EPIPE');
  });

  it('a command that needs a login, without one: exit 3 with what to run', async () => {
    const result = expectExit(await runCli(['desk', 'orgs'], env()), 3);
    expect(result.stderr).toContain('zohokit auth login');
    const json = JSON.parse(expectExit(await runCli(['desk', 'orgs', '--json'], env()), 3).stderr);
    expect(json.error).toMatchObject({ code: 'not_logged_in', exitCode: 3 });
  });
});

describe('zohokit completion', () => {
  it('bash: a valid script that completes commands and options from the command tree', async () => {
    const script = expectExit(await runCli(['completion', 'bash'], env()), 0).stdout;
    const dir = tempHome();
    const file = join(dir, 'zohokit.bash');
    writeFileSync(file, script);
    execFileSync('bash', ['-n', file]);
    const complete = (line: string) => {
      const words = line.split(' ');
      const probe = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _zohokit; echo "\${COMPREPLY[*]}"`;
      return execFileSync('bash', ['-c', probe], { encoding: 'utf8' }).trim().split(/\s+/);
    };
    expect(complete('zohokit de')).toEqual(['desk']);
    expect(complete('zohokit desk tickets ')).toEqual(['list', 'get', 'create', 'update']);
    expect(complete('zohokit desk tickets create --dep')).toEqual(['--department-id']);
    expect(complete('zohokit --profile work auth l')).toEqual(['login', 'logout']);
    expect(complete('zohokit desk tickets list --')).toContain('--org-id');
  });

  it('zsh: a script zsh accepts (when zsh is installed)', async () => {
    const script = expectExit(await runCli(['completion', 'zsh'], env()), 0).stdout;
    expect(script.startsWith('#compdef zohokit')).toBe(true);
    expect(script).toContain("'desk tickets')");
    const zsh = spawnSync('zsh', ['-n'], { input: script });
    if (zsh.error === undefined) expect(zsh.status, zsh.stderr.toString()).toBe(0);
  });

  it('an unknown shell is a usage error', async () => {
    expectExit(await runCli(['completion', 'fish'], env()), 2);
  });
});

describe('start-up stays light', () => {
  /** Every module `file` loads before running anything: its static imports and requires, transitively. */
  function staticClosure(file: string, seen = new Set<string>(), external = new Set<string>()) {
    if (seen.has(file)) return { seen, external };
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports (`import x from "y"`, `export … from "y"`) and the requires of bundled CommonJS; never `import("y")`.
    const patterns = [
      /^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/gm,
      /^import\s*["']([^"']+)["']/gm,
      /\brequire\(["']([^"']+)["']\)/g,
    ];
    for (const pattern of patterns) {
      for (const match of code.matchAll(pattern)) {
        const spec = match[1] ?? '';
        if (spec.startsWith('.')) staticClosure(join(dirname(file), spec), seen, external);
        else external.add(spec);
      }
    }
    return { seen, external };
  }

  const HEAVY =
    /^(zohokit|@zohokit\/|hono|@hono\/|(node:)?https?$|ioredis|better-sqlite3|bullmq|@clack\/prompts|cli-progress|open$|zod$)/;

  it('--version and --help load the command tree (commander bundled in) and a few built-ins, nothing else', () => {
    const { external, seen } = staticClosure(CLI);
    expect([...external].filter((spec) => HEAVY.test(spec))).toEqual([]);
    expect(
      [...external].every(
        (spec) =>
          spec.startsWith('node:') || ['events', 'child_process', 'path', 'fs', 'process', 'tty'].includes(spec),
      ),
    ).toBe(true);
    const bytes = [...seen].reduce((n, file) => n + statSync(file).size, 0);
    expect(bytes).toBeLessThan(250_000);
  });

  it('no command module statically loads the emulator, an HTTP server or a database driver unless it is that command', () => {
    const code = readFileSync(CLI, 'utf8');
    const chunks = [...code.matchAll(/import\(["'](\.\/[^"']+)["']\)/g)].map((m) => join(dirname(CLI), m[1] ?? ''));
    expect(chunks.length).toBeGreaterThan(8);
    for (const chunk of chunks) {
      const { external } = staticClosure(chunk);
      // The SDK is what commands are for; the loopback server is what `auth login` is for.
      const allowed = ['zohokit', 'zohokit/node', ...(/\/auth-login-/.test(chunk) ? ['http', 'node:http'] : [])];
      const heavy = [...external].filter((spec) => HEAVY.test(spec) && !allowed.includes(spec));
      expect(heavy, chunk).toEqual([]);
    }
  });

  it('at run time, desk tickets list never loads node:http (it fails before any network here, by design)', () => {
    const probe = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nLOADED "+JSON.stringify(process.moduleLoadList.filter(m=>/^NativeModule (http|https)$/.test(m)))))',
        CLI,
        'desk',
        'tickets',
        'list',
      ],
      { env: env() as NodeJS.ProcessEnv, encoding: 'utf8' },
    );
    expect(probe.status).toBe(3);
    expect(probe.stderr).toContain('LOADED []');
  });
});
