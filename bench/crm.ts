import { startEmulator } from '@zohokit/emulator';
import { Zoho, type ZohoEvent, type ZohoOptions } from 'zohokit';
import type { BenchSection } from './report.js';

const RECORDS = 10_000;
const CALLS = 300;
/** The SDK's CRM concurrency for the import, equal to the emulator's per-app limit. */
const CONCURRENCY = 5;

/**
 * CRM in one run against one emulator: per-call overhead of `records.get` against bare `fetch` with the same
 * token (interleaved, medians), `list` over 10,000 records, and a 10,000-record insert (100 per call).
 */
export async function crmBench(): Promise<BenchSection> {
  const emulator = await startEmulator({ port: 0, crm: { concurrency: CONCURRENCY } });
  try {
    const client = await emulator.control.createClient({ type: 'self', name: 'bench-crm' });
    const { refreshToken } = await emulator.control.issueRefreshToken({
      ...client,
      scope: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'],
    });
    const options: ZohoOptions = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken,
      endpoints: emulator.endpoints,
    };
    const { ids } = await emulator.control.crm.seedRecords({ module: 'Leads', count: RECORDS });
    const id = ids[0] as string;

    // Overhead: the same GET through the SDK and through bare fetch, alternating so noise hits both alike.
    const zoho = new Zoho(options);
    const { token } = await zoho.tokens.get();
    const url = `${emulator.endpoints.api}/crm/v8/Leads/${id}`;
    const headers = { authorization: `Zoho-oauthtoken ${token}` };
    // Warm both paths (JIT, the keep-alive connection) before measuring.
    for (let i = 0; i < 50; i++) {
      await zoho.crm.records('Leads').get(id);
      await (await fetch(url, { headers })).json();
    }
    const sdk: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      let t = performance.now();
      await zoho.crm.records('Leads').get(id);
      sdk.push(performance.now() - t);
      t = performance.now();
      await (await fetch(url, { headers })).json();
      bare.push(performance.now() - t);
    }
    const overhead = median(sdk) / median(bare);

    // list over 10,000 records.
    await emulator.control.resetCounters();
    const heapBefore = process.memoryUsage().heapUsed;
    let listed = 0;
    let heapPeak = heapBefore;
    const listStarted = performance.now();
    for await (const page of zoho.crm
      .records('Leads')
      .list({ fields: ['Last_Name', 'Email'] })
      .pages()) {
      listed += page.length;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    const listMs = performance.now() - listStarted;
    // Only the list ran since the reset: every CRM GET counted is one of its pages.
    const listRequests = Object.entries((await emulator.control.counters()).requests)
      .filter(([route]) => route.startsWith('GET /crm/'))
      .flatMap(([, byStatus]) => Object.values(byStatus))
      .reduce((a, b) => a + b, 0);

    // 10,000-record insert into Contacts, 100 per call, as many calls in flight as the per-app limit allows.
    let inFlight = 0;
    let peakInFlight = 0;
    let tooMany = 0;
    const importer = new Zoho({
      ...options,
      crm: { maxConcurrency: CONCURRENCY },
      onEvent: (event: ZohoEvent) => {
        if (event.type === 'request') peakInFlight = Math.max(peakInFlight, ++inFlight);
        if (event.type === 'response') {
          inFlight--;
          if (event.status === 429) tooMany++;
        }
      },
    });
    const rows = Array.from({ length: RECORDS }, (_, i) => ({ Last_Name: `Import ${i}`, Email: `c${i}@example.com` }));
    const importStarted = performance.now();
    const result = await importer.crm.records('Contacts').insert(rows, { concurrency: CONCURRENCY });
    const importMs = performance.now() - importStarted;
    const stored = (await emulator.control.crm.records('Contacts')).length;

    return {
      title: 'CRM',
      method: `One emulator (per-app CRM concurrency ${CONCURRENCY}). Overhead: ${CALLS} interleaved GET /crm/v8/Leads/{id} through zoho.crm.records('Leads').get and through bare fetch with the same token, median against median. List: zoho.crm.records('Leads').list over ${RECORDS.toLocaleString('en')} seeded records (page numbers for 2,000, then page_token). Import: records('Contacts').insert of ${RECORDS.toLocaleString('en')} records with crm.maxConcurrency ${CONCURRENCY}; stored rows counted by the emulator. The official SDK's ratio is not measured yet.`,
      rows: [
        {
          metric: 'records.get / bare fetch (median per call)',
          value: `${median(sdk).toFixed(3)} / ${median(bare).toFixed(3)} ms = ${overhead.toFixed(3)}`,
          target: '≤ 1.10',
          pass: overhead <= 1.1,
        },
        {
          metric: `list of ${RECORDS.toLocaleString('en')}: requests, records/s, heap growth at peak`,
          value: `${listRequests} requests, ${Math.round(listed / (listMs / 1000)).toLocaleString('en')} records/s, ${((heapPeak - heapBefore) / 1e6).toFixed(1)} MB`,
          target: `${RECORDS / 200} requests, all ${RECORDS.toLocaleString('en')} records`,
          pass: listRequests === RECORDS / 200 && listed === RECORDS,
        },
        {
          metric: `insert of ${RECORDS.toLocaleString('en')}: calls, rate, peak in flight / limit, 429s`,
          value: `${result.calls} calls, ${(result.calls / (importMs / 1000)).toFixed(1)} calls/s, ${peakInFlight} / ${CONCURRENCY}, ${tooMany} × 429`,
          target: `100 calls, ≤ ${CONCURRENCY} in flight, 0 × 429`,
          pass: result.calls === 100 && peakInFlight <= CONCURRENCY && tooMany === 0,
        },
        {
          metric: 'rows lost',
          value: `${RECORDS - stored} (stored ${stored.toLocaleString('en')}, succeeded ${result.succeeded.toLocaleString('en')})`,
          target: '0',
          pass: stored === RECORDS && result.succeeded === RECORDS,
        },
      ],
    };
  } finally {
    await emulator.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
