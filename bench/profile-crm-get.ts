/**
 * Not part of `npm run bench`: a loop of `zoho.crm.records('Leads').get(id)` (default transport, the built
 * SDK), or of the same GET by bare `fetch` (`fetch` as the second argument), with the emulator in a child
 * process so that a CPU profile shows the client only:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/zk-prof --import tsx bench/profile-crm-get.ts [calls] [sdk|fetch]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from '../packages/zohokit/dist/index.js';

if (process.argv[2] === '--emulator') {
  const emulator = await startEmulator({ port: 0, requestLogSize: 0 });
  const client = await emulator.control.createClient({ type: 'self', name: 'profile-crm' });
  const { refreshToken } = await emulator.control.issueRefreshToken({ ...client, scope: ['ZohoCRM.modules.ALL'] });
  const { ids } = await emulator.control.crm.seedRecords({ module: 'Leads', count: 10 });
  const { clientId, clientSecret } = client;
  const options: ZohoOptions = { clientId, clientSecret, refreshToken, endpoints: emulator.endpoints };
  process.stdout.write(`${JSON.stringify({ options, id: ids[0] })}\n`);
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
} else {
  const calls = Number(process.argv[2] ?? 5_000);
  const mode = process.argv[3] ?? 'sdk';
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--emulator'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  try {
    const { options, id } = JSON.parse(line) as { options: ZohoOptions; id: string };
    const zoho = new Zoho(options);
    const headers = { accept: 'application/json', authorization: `Zoho-oauthtoken ${(await zoho.tokens.get()).token}` };
    const url = `${options.endpoints?.api}/crm/v8/Leads/${id}`;
    const call =
      mode === 'fetch'
        ? async () => {
            const res = await fetch(url, { headers });
            if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
            await res.json();
          }
        : () => zoho.crm.records('Leads').get(id);
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call();
    process.stdout.write(
      `${mode}: ${calls} calls, ${((performance.now() - started) / calls).toFixed(3)} ms per call\n`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}
