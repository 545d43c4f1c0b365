/**
 * `npm run bench`: every benchmark, each judged against a baseline measured in the same run (these machines
 * are noisy, so absolute timings mean little). Prints a summary and writes bench/results/latest.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { campaignsBulk } from './campaigns-bulk.js';
import { cliStartup } from './cli-startup.js';
import { crmBench } from './crm.js';
import { memory } from './memory.js';
import { redisFleet } from './redis-fleet.js';
import { refreshStorm } from './refresh-storm.js';
import { relayDelivery } from './relay-delivery.js';
import { relayEnqueue } from './relay-enqueue.js';
import { relayIntakeThroughput } from './relay-intake.js';
import { relayKill } from './relay-kill.js';
import { relayRedisKill } from './relay-redis-kill.js';
import { relayReliability } from './relay-reliability.js';
import { type BenchSection, renderConsole, renderMarkdown } from './report.js';
import { sdkOverhead } from './sdk-overhead.js';
import { deskCreate, deskList } from './sdk-realistic.js';

const BENCHMARKS: Record<string, () => Promise<BenchSection>> = {
  overhead: sdkOverhead,
  create: deskCreate,
  list: deskList,
  storm: refreshStorm,
  memory,
  fleet: redisFleet,
  cli: cliStartup,
  bulk: campaignsBulk,
  crm: crmBench,
  'relay-enqueue': relayEnqueue,
  'relay-delivery': relayDelivery,
  'relay-reliability': relayReliability,
  'relay-redis-kill': relayRedisKill,
  'relay-kill': relayKill,
  'relay-intake': relayIntakeThroughput,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: BenchSection[] = [];
  for (const [name, bench] of Object.entries(BENCHMARKS)) {
    // `npm run bench -- relay` runs every relay-* section; an exact name runs that one.
    if (only.length > 0 && !only.some((o) => name === o || name.startsWith(`${o}-`))) continue;
    const section = await bench();
    sections.push(section);
    process.stdout.write(`${renderConsole(section)}\n`);
  }
  const meta = `Run ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores. Ratios compare against a baseline measured in the same run.`;
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('latest.md', dir), renderMarkdown(sections, meta));
  const failed = sections.flatMap((s) => s.rows).filter((r) => !r.pass);
  process.stdout.write(`\nwrote bench/results/latest.md; ${failed.length} target(s) missed\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
