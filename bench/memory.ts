import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const REQUESTS = 10_000;
const CONCURRENCY = 20;
/**
 * Untimed requests first. The heap grows by a few MB over the first ~5,000 requests and then stays flat (five
 * phases of 5,000 after 1,000: +6.2, -1.7, +0.8, -0.5, +0.4 MB): optimised code and type feedback, which V8
 * counts in the heap, and pools filling up. After 1,000 only, that warm-up read as 4.8 MB of "growth".
 */
const WARMUP = 5_000;
const STEP = 1_000;

/**
 * Heap after 10,000 requests through one client. A leak (an ever-growing map of in-flight requests, events,
 * limiter entries…) grows with the request count, so the heap is read after 5,000 and after 10,000 requests
 * (each after a forced GC): the second half must not add more than noise.
 */
export async function memory(): Promise<BenchSection> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  // The emulator shares this heap: its request log (a ring of recent requests) is off, so only the SDK is weighed.
  const tenant = await benchTenant({ requestLogSize: 0 });
  try {
    const zoho = tenant.zoho({ onEvent: () => {} });
    const run = async (count: number) => {
      for (let i = 0; i < count; i += CONCURRENCY) {
        await Promise.all(
          Array.from({ length: CONCURRENCY }, () => zoho.request({ product: 'api', path: '/__emulator/whoami' })),
        );
      }
    };
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    await run(WARMUP);
    // One reading per 1,000 requests: a single pair of readings moves by ±0.5 MB with where the GC finds the
    // heap, while a leak is a trend; the least-squares slope over 11 readings is that trend.
    const readings = [heap()];
    for (let done = 0; done < REQUESTS; done += STEP) {
      await run(STEP);
      readings.push(heap());
    }
    const start = readings[0] as number;
    const end = readings[readings.length - 1] as number;
    const perRequest = slope(readings) / STEP;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    return {
      title: 'Memory',
      method: `Heap used (after forced GC) every ${STEP} of ${REQUESTS} requests through one client with an event listener, ${CONCURRENCY} at a time, after ${WARMUP} untimed requests (the emulator in this process, its request log off); the trend is the least-squares slope of the ${readings.length} readings.`,
      rows: [
        {
          metric: `heap growth over the ${WARMUP} warm-up requests`,
          value: kb(start - before),
          target: 'info',
          pass: true,
        },
        {
          metric: 'heap growth over 10,000 requests (last − first reading)',
          value: kb(end - start),
          target: 'info',
          pass: true,
        },
        {
          metric: 'heap trend over 10,000 requests (slope × 10,000)',
          value: kb(perRequest * REQUESTS),
          target: '< 512 KB (no leak)',
          pass: perRequest * REQUESTS < 512 * 1024,
        },
        {
          metric: 'bytes retained per request (slope)',
          value: `${Math.max(0, perRequest).toFixed(1)} B`,
          target: '≈ 0',
          pass: true,
        },
      ],
    };
  } finally {
    await tenant.close();
  }
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
