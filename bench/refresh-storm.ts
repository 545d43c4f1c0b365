import type { BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const CALLS = 1_000;

/** 1,000 concurrent calls on a cold cache, then again after the emulator expired every token. */
export async function refreshStorm(): Promise<BenchSection> {
  const tenant = await benchTenant();
  try {
    const zoho = tenant.zoho();
    const burst = async () => {
      const results = await Promise.allSettled(
        Array.from({ length: CALLS }, () => zoho.request({ product: 'api', path: '/__emulator/whoami' })),
      );
      return results.filter((r) => r.status === 'rejected').length;
    };
    const coldFailures = await burst();
    const cold = (await tenant.emulator.control.counters()).tokenCalls.refresh_token;
    await tenant.emulator.control.expireTokens();
    const expiredFailures = await burst();
    const afterExpiry = (await tenant.emulator.control.counters()).tokenCalls.refresh_token - cold;
    return {
      title: 'Refresh storm',
      method: `${CALLS} concurrent zoho.request calls on a cold cache, then ${CALLS} more after the emulator expired every access token (each gets a 401 first). Token calls as counted by the emulator.`,
      rows: [
        { metric: 'token calls, cold cache', value: String(cold), target: 'exactly 1', pass: cold === 1 },
        {
          metric: 'token calls, after expiry',
          value: String(afterExpiry),
          target: 'exactly 1',
          pass: afterExpiry === 1,
        },
        {
          metric: 'failed calls',
          value: String(coldFailures + expiredFailures),
          target: '0',
          pass: coldFailures + expiredFailures === 0,
        },
      ],
    };
  } finally {
    await tenant.close();
  }
}
