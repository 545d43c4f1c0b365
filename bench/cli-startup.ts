/**
 * CLI start-up: `zohokit --version` and `zohokit desk tickets list --json` (a logged-in profile, a cached access
 * token, one Desk call to an emulator in this process) against `node -e 0`, each a fresh `node` process, in
 * interleaved rounds so that machine noise hits all three alike. The verdict is the ratio of medians.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESK_ORG_ID, startEmulator } from '@zohokit/emulator';
import type { BenchSection } from './report.js';

// The binary users run (package.json "bin").
const CLI = fileURLToPath(new URL('../packages/cli/dist/zohokit.cjs', import.meta.url));
const ROUNDS = 21;

interface Run {
  ms: number;
  code: number | null;
  stderr: string;
}

function time(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stderr }));
  });
}

async function must(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const run = await time(args, env);
  if (run.code !== 0) throw new Error(`node ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function cliStartup(): Promise<BenchSection> {
  const emulator = await startEmulator({ port: 0 });
  const home = mkdtempSync(join(tmpdir(), 'zohokit-bench-cli-'));
  try {
    const client = await emulator.control.createClient({ type: 'self', name: 'bench-cli' });
    const grant = await emulator.control.mintGrantCode({
      clientId: client.clientId,
      scope: ['Desk.tickets.ALL', 'Desk.basic.READ'],
    });
    await emulator.control.desk.seedTickets({ count: 20, orgId: DESK_ORG_ID });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      NO_COLOR: '1',
      ZOHO_ACCOUNTS_URL: emulator.endpoints.accounts,
      ZOHO_API_URL: emulator.endpoints.api,
      ZOHO_DESK_URL: emulator.endpoints.desk,
      ZOHO_CAMPAIGNS_URL: emulator.endpoints.campaigns,
      ZOHO_CLIENT_ID: client.clientId,
      ZOHO_CLIENT_SECRET: client.clientSecret,
      ZOHO_DESK_ORG_ID: DESK_ORG_ID,
    };
    await must([CLI, 'auth', 'exchange', '--code', grant.code], env);

    const cases = {
      baseline: ['-e', '0'],
      version: [CLI, '--version'],
      list: [CLI, 'desk', 'tickets', 'list', '--json'],
    };
    const times: Record<keyof typeof cases, number[]> = { baseline: [], version: [], list: [] };
    // Warm the file system cache and the access-token cache first.
    for (const args of Object.values(cases)) await must(args, env);
    const names = Object.keys(cases) as (keyof typeof cases)[];
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so no case always runs first after a pause.
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length] as keyof typeof cases;
        const run = await time(cases[name], env);
        if (run.code !== 0) throw new Error(`${name} exited ${run.code}: ${run.stderr}`);
        times[name].push(run.ms);
      }
    }
    const base = median(times.baseline);
    const version = median(times.version);
    const list = median(times.list);
    const row = (metric: string, ms: number, target: number) => ({
      metric,
      value: `${ms.toFixed(1)} ms (${(ms / base).toFixed(2)}×)`,
      target: `≤ ${target}×`,
      pass: ms / base <= target,
    });
    return {
      title: 'CLI start-up',
      method: `Wall time of a fresh \`node\` process, median of ${ROUNDS} interleaved rounds: \`node -e 0\` (baseline), \`zohokit --version\`, and \`zohokit desk tickets list --json\` (logged-in profile, cached access token, one Desk call to an emulator in the bench process returning 20 tickets).`,
      rows: [
        { metric: 'node -e 0 (baseline)', value: `${base.toFixed(1)} ms`, target: 'baseline', pass: true },
        row('zohokit --version', version, 1.5),
        row('zohokit desk tickets list --json', list, 2),
      ],
    };
  } finally {
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}
