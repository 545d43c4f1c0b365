/**
 * Not part of `npm run bench`: a loop of `zoho.desk.tickets.list().toArray({ limit: 5 })` over
 * `createNodeTransport()`, with the emulator in a child process so that a CPU profile shows the client only:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/zk-prof --import tsx bench/profile-desk-list.ts [calls]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DESK_ORG_ID } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from 'zohokit';
import { createNodeTransport } from 'zohokit/node';
import { benchTenant } from './tenant.js';

if (process.argv[2] === '--emulator') {
  const tenant = await benchTenant({ requestLogSize: 0, desk: { concurrency: 1_000 } });
  await tenant.emulator.control.desk.seedTickets({ count: 20, orgId: DESK_ORG_ID });
  process.stdout.write(`${JSON.stringify(tenant.options)}\n`);
  process.on('SIGTERM', () => void tenant.close().then(() => process.exit(0)));
} else {
  const calls = Number(process.argv[2] ?? 15_000);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--emulator'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const transport = createNodeTransport();
  try {
    const zoho = new Zoho({ ...(JSON.parse(line) as ZohoOptions), desk: { orgId: DESK_ORG_ID }, fetch: transport });
    await zoho.tokens.get();
    const started = performance.now();
    for (let i = 0; i < calls; i++) await zoho.desk.tickets.list().toArray({ limit: 5 });
    process.stdout.write(`${calls} calls, ${((performance.now() - started) / calls).toFixed(3)} ms per call\n`);
  } finally {
    transport.close();
    child.kill('SIGTERM');
  }
}
