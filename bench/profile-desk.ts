/**
 * Not part of `npm run bench`: a loop of the realistic bench's Desk exchanges (`create`: a contact-form ticket;
 * `list`: `tickets.list().toArray({ limit: 5 })`) through the built SDK over `createNodeTransport()` or the
 * default `fetch`, with the emulator in a child process so that a CPU profile shows the client only:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/zk-prof --import tsx bench/profile-desk.ts create|list [calls] [node|fetch]
 */
import { DESK_ORG_ID } from '@zohokit/emulator';
import { Zoho, type ZohoOptions } from '../packages/zohokit/dist/index.js';
import { createNodeTransport } from '../packages/zohokit/dist/node.js';
import { timeLoop, withChildEmulator } from './child-emulator.js';
import { CONTACT_FORM } from './sdk-realistic.js';
import { benchTenant } from './tenant.js';

await withChildEmulator<ZohoOptions>(
  import.meta.url,
  async () => {
    const tenant = await benchTenant({ requestLogSize: 0, desk: { concurrency: 1_000 } });
    await tenant.emulator.control.desk.seedTickets({ count: 20, orgId: DESK_ORG_ID });
    return { payload: tenant.options, close: () => tenant.close() };
  },
  async (options) => {
    const exchange = process.argv[2] === 'create' ? 'create' : 'list';
    const viaFetch = process.argv[4] === 'fetch';
    const transport = createNodeTransport();
    try {
      const zoho = new Zoho({ ...options, desk: { orgId: DESK_ORG_ID }, ...(viaFetch ? {} : { fetch: transport }) });
      await zoho.tokens.get();
      await timeLoop(
        exchange,
        Number(process.argv[3] ?? 15_000),
        exchange === 'create'
          ? () => zoho.desk.tickets.create(CONTACT_FORM)
          : () => zoho.desk.tickets.list().toArray({ limit: 5 }),
      );
    } finally {
      transport.close();
    }
  },
);
