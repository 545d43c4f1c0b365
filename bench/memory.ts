import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const REQUESTS = 10_000;
const CONCURRENCY = 20;

/**
 * Heap after 10,000 requests through one client. A leak (an ever-growing map of in-flight requests, events,
 * limiter entries…) grows with the request count, so the heap is read after 5,000 and after 10,000 requests
 * (each after a forced GC): the second half must not add more than noise.
 */
export async function memory(): Promise<BenchSection> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  const tenant = await benchTenant();
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
    await run(1_000);
    const start = heap();
    await run(REQUESTS / 2);
    const half = heap();
    await run(REQUESTS / 2);
    const end = heap();
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const secondHalf = end - half;
    return {
      title: 'Memory',
      method: `Heap used (after forced GC) before, half-way through and after ${REQUESTS} requests through one client with an event listener, ${CONCURRENCY} at a time.`,
      rows: [
        {
          metric: 'heap growth over 10,000 requests',
          value: kb(end - start),
          target: '< 1024 KB (noise)',
          pass: end - start < 1024 * 1024,
        },
        {
          metric: 'heap growth over the last 5,000',
          value: kb(secondHalf),
          target: '< 512 KB (no leak)',
          pass: secondHalf < 512 * 1024,
        },
        {
          metric: 'bytes retained per request',
          value: `${Math.max(0, (end - start) / REQUESTS).toFixed(1)} B`,
          target: '≈ 0',
          pass: true,
        },
      ],
    };
  } finally {
    await tenant.close();
  }
}
