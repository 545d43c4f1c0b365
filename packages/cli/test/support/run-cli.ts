/** Runs the built CLI in a child process with a clean environment: nothing leaks in from the developer's shell. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './build.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command line, for assertion messages. */
  args: string[];
}

export type Env = Record<string, string | undefined>;

const homes: string[] = [];
process.once('exit', () => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A fresh config home (XDG_CONFIG_HOME and HOME) for one test; removed when the test process exits. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'zohokit-cli-test-'));
  homes.push(home);
  return home;
}

export function baseEnv(home: string, extra: Env = {}): Env {
  const env: Env = {};
  for (const key of ['PATH', 'SYSTEMROOT', 'TMPDIR', 'LANG'])
    if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...extra };
}

export function spawnCli(args: string[], env: Env, options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: env as NodeJS.ProcessEnv,
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function runCli(
  args: string[],
  env: Env,
  options: { input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawnCli(args, env, options);
  return collect(child, args, options);
}

export function collect(
  child: ChildProcess,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin?.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `zohokit ${args.join(' ')} did not finish within ${options.timeoutMs ?? 15_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, args });
    });
  });
}

/** Resolves with the first stdout text matching `pattern` (the child keeps running). */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 10_000,
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const source = stream === 'stdout' ? child.stdout : child.stderr;
    const timer = setTimeout(() => {
      source?.off('data', onData);
      reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; got: ${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        source?.off('data', onData);
        resolve(match);
      }
    };
    source?.on('data', onData);
  });
}

/** `JSON.parse` with the text in the error, so a failing test shows what the CLI printed. */
export function parseJson<T = unknown>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON: ${text}`);
  }
}
