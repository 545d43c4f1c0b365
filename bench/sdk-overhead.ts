import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const TOTAL = 2_000;
const ROUNDS = 40;

/**
 * Per-request overhead of the pipeline: 2,000 sequential authorized GETs through `zoho.request` against the
 * same number of bare `fetch` calls with the same header, on the same emulator, interleaved in rounds so
 * that machine noise hits both sides alike.
 */
export async function sdkOverhead(): Promise<BenchSection> {
  const tenant = await benchTenant();
  try {
    const zoho = tenant.zoho();
    const url = `${tenant.emulator.url}/__emulator/whoami`;
    const token = (await zoho.tokens.get()).token;
    const bare = async () => {
      const res = await fetch(url, {
        headers: { authorization: `Zoho-oauthtoken ${token}`, accept: 'application/json' },
      });
      if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
      await res.json();
    };
    const sdk = () => zoho.request({ product: 'api', path: '/__emulator/whoami' });
    for (let i = 0; i < 200; i++) {
      await bare();
      await sdk();
    }
    // Many short interleaved rounds, judged by the median of per-round ratios: a burst of noise from
    // another process then spoils a round or two, not the verdict.
    let bareMs = 0;
    let sdkMs = 0;
    const ratios: number[] = [];
    const perRound = TOTAL / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first so neither always runs on a warmer process.
      const order = round % 2 === 0 ? [bare, sdk] : [sdk, bare];
      const elapsed = new Map<unknown, number>();
      for (const fn of order) {
        const started = performance.now();
        for (let i = 0; i < perRound; i++) await fn();
        elapsed.set(fn, performance.now() - started);
      }
      const b = elapsed.get(bare) ?? 0;
      const z = elapsed.get(sdk) ?? 0;
      bareMs += b;
      sdkMs += z;
      ratios.push(z / b);
    }
    ratios.sort((x, y) => x - y);
    const ratio = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
    return {
      title: 'Per-request overhead',
      method: `${TOTAL} sequential authorized GETs through zoho.request vs ${TOTAL} bare fetch calls with the same header, same emulator, ${ROUNDS} interleaved rounds; the verdict uses the median per-round ratio.`,
      rows: [
        {
          metric: 'bare fetch, mean per request',
          value: `${(bareMs / TOTAL).toFixed(3)} ms`,
          target: 'baseline',
          pass: true,
        },
        {
          metric: 'zoho.request, mean per request',
          value: `${(sdkMs / TOTAL).toFixed(3)} ms`,
          target: '—',
          pass: true,
        },
        {
          metric: 'ratio zoho.request / bare fetch (median of rounds)',
          value: `${ratio.toFixed(3)}×`,
          target: '≤ 1.10×',
          pass: ratio <= 1.1,
        },
      ],
    };
  } finally {
    await tenant.close();
  }
}
