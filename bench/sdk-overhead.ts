// The built SDK, as users run it (npm run bench builds it first): sources through tsx carry esbuild's
// keepNames wrappers on every closure, which would bill the SDK for the bench's own transform.
import { Zoho } from '../packages/zohokit/dist/index.js';
import { createNodeTransport } from '../packages/zohokit/dist/node.js';
import { interleave } from './interleave.js';
import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const TOTAL = 2_000;
const ROUNDS = 42; // a multiple of the 6-round cycle of 3 cases (interleave.ts)

/**
 * Per-request overhead of the pipeline on the smallest exchange: sequential authorized GETs of a tiny body
 * (`/__emulator/whoami`) through `zoho.request` against bare `fetch` calls with the same header, on the same
 * emulator, interleaved (bench/interleave.ts). Kept from before the realistic exchanges (sdk-realistic.ts) so
 * old and new figures come from the same run.
 */
export async function sdkOverhead(): Promise<BenchSection> {
  const tenant = await benchTenant();
  const transport = createNodeTransport();
  try {
    const zoho = new Zoho(tenant.options);
    const zohoNode = new Zoho({ ...tenant.options, fetch: transport });
    const url = `${tenant.emulator.url}/__emulator/whoami`;
    const token = (await zoho.tokens.get()).token;
    await zohoNode.tokens.get();
    const spec = { product: 'api', path: '/__emulator/whoami' } as const;
    const r = await interleave(
      {
        bare: async () => {
          const res = await fetch(url, {
            headers: { authorization: `Zoho-oauthtoken ${token}`, accept: 'application/json' },
          });
          if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
          await res.json();
        },
        sdk: () => zoho.request(spec),
        sdkNode: () => zohoNode.request(spec),
      },
      { total: TOTAL, rounds: ROUNDS, warmup: 200 },
    );
    const ratio = r.ratio('sdk', 'bare');
    return {
      title: 'Per-request overhead (tiny body)',
      method: `${TOTAL} sequential authorized GETs of /__emulator/whoami through the built SDK's zoho.request (default transport, and createNodeTransport()) vs ${TOTAL} bare fetch calls with the same header, same emulator, ${ROUNDS} interleaved rounds; the verdict uses the median per-round ratio.`,
      rows: [
        {
          metric: 'bare fetch, mean per request',
          value: `${r.meanMs('bare').toFixed(3)} ms`,
          target: 'baseline',
          pass: true,
        },
        {
          metric: 'zoho.request, mean per request',
          value: `${r.meanMs('sdk').toFixed(3)} ms`,
          target: '—',
          pass: true,
        },
        {
          metric: 'zoho.request with createNodeTransport(), mean per request',
          value: `${r.meanMs('sdkNode').toFixed(3)} ms`,
          target: '—',
          pass: true,
        },
        {
          metric: 'ratio zoho.request / bare fetch (median of rounds)',
          value: `${ratio.toFixed(3)}×`,
          target: '≤ 1.10×',
          pass: ratio <= 1.1,
        },
        {
          metric: 'ratio zoho.request with createNodeTransport() / bare fetch',
          value: `${r.ratio('sdkNode', 'bare').toFixed(3)}×`,
          target: 'info',
          pass: true,
        },
      ],
    };
  } finally {
    transport.close();
    await tenant.close();
  }
}
