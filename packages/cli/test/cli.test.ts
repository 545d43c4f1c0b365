import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
  // The binary (package.json "bin"): CommonJS, so Node's ES module loader starts only if a command imports an
  // ES module (the emulator, prompts, `open`), and `--version` is answered before the CLI bundle is read.
  const BIN = join(dirname(CLI), 'zohokit.cjs');
  const WATCHED = /^NativeModule (https?|crypto|child_process|internal\/modules\/esm\/translators)$/;

  /** Runs the binary and returns the watched built-ins it loaded (the ES module translators mean an ES module). */
  function loaded(args: string[]): { status: number | null; stdout: string; modules: string[] } {
    const probe = join(tempHome(), 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => ${WATCHED}.test(m)))));`,
    );
    const run = spawnSync(process.execPath, ['-r', probe, BIN, ...args], {
      env: env() as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    const line = /LOADED (\[.*\])/.exec(run.stderr)?.[1];
    if (line === undefined) throw new Error(`no probe output: ${run.stderr}`);
    return { status: run.status, stdout: run.stdout, modules: JSON.parse(line) as string[] };
  }

  it('--version answers from the binary: no CLI bundle, no crypto, no HTTP, no ES module', () => {
    const run = loaded(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(run.modules).toEqual([]);
  });

  it('--help and a command that fails before the network load no HTTP, no child_process and no ES module', () => {
    const help = loaded(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: zohokit');
    expect(help.modules).toEqual([]);
    // No profile here: desk tickets list stops with exit 3 before any request; commander's child_process is lazy.
    const list = loaded(['desk', 'tickets', 'list']);
    expect(list.status).toBe(3);
    expect(list.modules.filter((m) => m !== 'NativeModule crypto')).toEqual([]);
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
