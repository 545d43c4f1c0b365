/**
 * Not part of `npm run bench`: a loop of `zoho.crm.records('Leads').get(id)` (default transport, the built
 * SDK), or of the same GET by bare `fetch` (`fetch` as the second argument), with the emulator in a child
 * process so that a CPU profile shows the client only:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/zk-prof --import tsx bench/profile-crm-get.ts [calls] [sdk|fetch]
 */
import { startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from '../packages/zohokit/dist/index.js';
import { timeLoop, withChildEmulator } from './child-emulator.js';

await withChildEmulator<{ options: ZohoOptions; id: string }>(
  import.meta.url,
  async () => {
    const emulator = await startEmulator({ port: 0, requestLogSize: 0 });
    const client = await emulator.control.createClient({ type: 'self', name: 'profile-crm' });
    const { refreshToken } = await emulator.control.issueRefreshToken({ ...client, scope: ['ZohoCRM.modules.ALL'] });
    const { ids } = await emulator.control.crm.seedRecords({ module: 'Leads', count: 10 });
    const { clientId, clientSecret } = client;
    const options: ZohoOptions = { clientId, clientSecret, refreshToken, endpoints: emulator.endpoints };
    return { payload: { options, id: ids[0] as string }, close: () => emulator.close() };
  },
  async ({ options, id }) => {
    const mode = process.argv[3] ?? 'sdk';
    const zoho = new Zoho(options);
    const headers = { accept: 'application/json', authorization: `Zoho-oauthtoken ${(await zoho.tokens.get()).token}` };
    const url = `${options.endpoints?.api}/crm/v8/Leads/${id}`;
    await timeLoop(
      mode,
      Number(process.argv[2] ?? 5_000),
      mode === 'fetch'
        ? async () => {
            const res = await fetch(url, { headers });
            if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
            await res.json();
          }
        : () => zoho.crm.records('Leads').get(id),
    );
  },
);
