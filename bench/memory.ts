import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const REQUESTS = 10_000;
const CONCURRENCY = 20;
/** Untimed requests first: optimised code, type feedback (both counted in V8's heap) and pools settle. */
const WARMUP = 5_000;
const STEP = 1_000;

interface Trend {
  /** Heap growth over the warm-up, in bytes. */
  warmup: number;
  /** Last reading minus the first, in bytes. */
  growth: number;
  /** Least-squares slope of the readings, in bytes per request. */
  perRequest: number;
}

/**
 * Heap through 10,000 requests of one client, against bare `fetch` doing the same requests in the same process.
 * A leak is a trend, so the heap is read (after forced GCs) every 1,000 requests and the verdict is the
 * least-squares slope of the 11 readings. The emulator runs in this process and, with Node's fetch beneath
 * both, the heap also drifts without the SDK: 40,000 bare fetch calls added ~2 MB (emulator, undici), the same
 * as 40,000 SDK calls. So the SDK is judged by its trend minus the bare-fetch trend of the same run; a leak
 * planted in an event listener (a string kept per response, ~260 B) reads +2.6 MB there, the clean SDK −0.1 to −0.3 MB.
 */
export async function memory(): Promise<BenchSection> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  // The emulator shares this heap: its request log (a ring of recent requests) is off, so it weighs little.
  const tenant = await benchTenant({ requestLogSize: 0 });
  try {
    const zoho = tenant.zoho({ onEvent: () => {} });
    const { token } = await zoho.tokens.get();
    const url = `${tenant.emulator.endpoints.api}/__emulator/whoami`;
    const headers = { authorization: `Zoho-oauthtoken ${token}`, accept: 'application/json' };
    const bare = await trend(gc, async () => {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
      await res.json();
    });
    const sdk = await trend(gc, () => zoho.request({ product: 'api', path: '/__emulator/whoami' }));
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const excess = (sdk.perRequest - bare.perRequest) * REQUESTS;
    return {
      title: 'Memory',
      method: `Heap used (after forced GCs, the event loop turning between them so finalizers run) every ${STEP} of ${REQUESTS} requests, ${CONCURRENCY} at a time, after ${WARMUP} untimed ones: bare fetch, then one SDK client with an event listener, same emulator in this process (request log off). The trend is the least-squares slope of the 11 readings.`,
      rows: [
        {
          metric: 'warm-up growth, bare fetch / SDK',
          value: `${kb(bare.warmup)} / ${kb(sdk.warmup)}`,
          target: 'info',
          pass: true,
        },
        {
          metric: 'growth over 10,000 (last − first reading), bare fetch / SDK',
          value: `${kb(bare.growth)} / ${kb(sdk.growth)}`,
          target: 'info',
          pass: true,
        },
        {
          metric: 'heap trend over 10,000 (slope × 10,000), bare fetch / SDK',
          value: `${kb(bare.perRequest * REQUESTS)} / ${kb(sdk.perRequest * REQUESTS)}`,
          target: 'info',
          pass: true,
        },
        {
          metric: 'SDK trend beyond bare fetch over 10,000 requests',
          value: kb(excess),
          target: '< 512 KB (no leak)',
          pass: excess < 512 * 1024,
        },
        {
          metric: 'bytes retained per request beyond bare fetch',
          value: `${Math.max(0, excess / REQUESTS).toFixed(1)} B`,
          target: '≈ 0',
          pass: true,
        },
      ],
    };
  } finally {
    await tenant.close();
  }
}

async function trend(gc: () => void, one: () => Promise<unknown>): Promise<Trend> {
  const run = async (count: number) => {
    for (let i = 0; i < count; i += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, one));
  };
  // Between collections the event loop turns, so FinalizationRegistry callbacks run (undici registers every
  // request's AbortController in one): without that, a reading includes however many are still queued.
  const heap = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = await heap();
  await run(WARMUP);
  const readings = [await heap()];
  for (let done = 0; done < REQUESTS; done += STEP) {
    await run(STEP);
    readings.push(await heap());
  }
  const first = readings[0] as number;
  return {
    warmup: first - before,
    growth: (readings[readings.length - 1] as number) - first,
    perRequest: slope(readings) / STEP,
  };
}

/** Least-squares slope of equally spaced readings, per step. */
function slope(values: number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}
