/**
 * Not part of `npm run bench`: a loop of the realistic bench's Desk exchanges (`create`: a contact-form ticket;
 * `list`: `tickets.list().toArray({ limit: 5 })`) over `createNodeTransport()` or the default `fetch`, with the
 * emulator in a child process so that a CPU profile shows the client only:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/zk-prof --import tsx bench/profile-desk.ts create|list [calls] [node|fetch]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DESK_ORG_ID } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from 'zohokit';
import { createNodeTransport } from 'zohokit/node';
import { CONTACT_FORM } from './sdk-realistic.js';
import { benchTenant } from './tenant.js';

if (process.argv[2] === '--emulator') {
  const tenant = await benchTenant({ requestLogSize: 0, desk: { concurrency: 1_000 } });
  await tenant.emulator.control.desk.seedTickets({ count: 20, orgId: DESK_ORG_ID });
  process.stdout.write(`${JSON.stringify(tenant.options)}\n`);
  process.on('SIGTERM', () => void tenant.close().then(() => process.exit(0)));
} else {
  const exchange = process.argv[2] === 'create' ? 'create' : 'list';
  const calls = Number(process.argv[3] ?? 15_000);
  const viaFetch = process.argv[4] === 'fetch';
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--emulator'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const transport = createNodeTransport();
  try {
    const options = JSON.parse(line) as ZohoOptions;
    const zoho = new Zoho({ ...options, desk: { orgId: DESK_ORG_ID }, ...(viaFetch ? {} : { fetch: transport }) });
    await zoho.tokens.get();
    const call =
      exchange === 'create'
        ? () => zoho.desk.tickets.create(CONTACT_FORM)
        : () => zoho.desk.tickets.list().toArray({ limit: 5 });
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call();
    const perCall = ((performance.now() - started) / calls).toFixed(3);
    process.stdout.write(`${exchange}: ${calls} calls, ${perCall} ms per call\n`);
  } finally {
    transport.close();
    child.kill('SIGTERM');
  }
}
