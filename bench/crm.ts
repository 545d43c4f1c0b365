import { startEmulator } from '@zohokit/emulator';
// The built SDK, as users run it (npm run bench builds it first): `zohokit` would resolve to the sources through
// tsx (tsconfig paths), whose keepNames wrappers on every closure would bill the SDK for the bench's transform.
import { Zoho, type ZohoEvent, type ZohoOptions } from '../packages/zohokit/dist/index.js';
import { interleave } from './interleave.js';
import type { OfficialCrmSdk } from './official-crm-sdk.js';
import type { BenchSection } from './report.js';

const RECORDS = 10_000;
/** Per case, as in sdk-realistic.ts; 30 rounds are five turns of the three cases' six orders. */
const TOTAL = 1_500;
const ROUNDS = 30;
const WARMUP = 200;
/** The SDK's CRM concurrency for the import, equal to the emulator's per-app limit. */
const CONCURRENCY = 5;

/**
 * CRM in one run against one emulator: per-call overhead of `records.get` against bare `fetch` with the same
 * token, beside Zoho's official Node SDK doing the same get (bench/interleave.ts, the harness of the other
 * per-call benches), `list` over 10,000 records, and a 10,000-record insert (100 per call).
 */
export async function crmBench(): Promise<BenchSection> {
  // Request log off, as in sdk-realistic.ts: the emulator's own bookkeeping is not part of any client's cost.
  const emulator = await startEmulator({ port: 0, requestLogSize: 0, crm: { concurrency: CONCURRENCY } });
  let official: OfficialCrmSdk | undefined;
  try {
    const client = await emulator.control.createClient({ type: 'self', name: 'bench-crm' });
    const { refreshToken } = await emulator.control.issueRefreshToken({
      ...client,
      scope: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'],
    });
    // Loaded here, not at import: the official SDK's module graph, loaded into the bench process, adds ~7 MB of
    // heap during the next section's requests (bench/memory.ts read 11.5 MB of growth instead of ~0.3).
    const { officialCrmSdk } = await import('./official-crm-sdk.js');
    const sdk = await officialCrmSdk(emulator.url, client, refreshToken, 'Leads');
    official = sdk;
    const options: ZohoOptions = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken,
      endpoints: emulator.endpoints,
    };
    const { ids } = await emulator.control.crm.seedRecords({ module: 'Leads', count: RECORDS });
    const id = ids[0] as string;

    // Overhead: the same GET through zohokit, through the official SDK and through bare fetch.
    const zoho = new Zoho(options);
    const { token } = await zoho.tokens.get();
    const url = `${emulator.endpoints.api}/crm/v8/Leads/${id}`;
    // The headers zohokit sends, so the baseline does the same work on the wire.
    const headers = { accept: 'application/json', authorization: `Zoho-oauthtoken ${token}` };
    const r = await interleave(
      {
        fetch: async () => {
          const res = await fetch(url, { headers });
          if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
          await res.json();
        },
        zohokit: () => zoho.crm.records('Leads').get(id),
        official: () => sdk.getRecord(id),
      },
      { total: TOTAL, rounds: ROUNDS, warmup: WARMUP },
    );
    const overhead = r.ratio('zohokit', 'fetch');
    const officialRatio = r.ratio('official', 'fetch');

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
      method: `One emulator (per-app CRM concurrency ${CONCURRENCY}, request log off). Overhead: GET /crm/v8/Leads/{id} through zoho.crm.records('Leads').get (the built SDK, default transport), through the official SDK @zohocrm/nodejs-sdk-8.0 2.0.0 (RecordOperations('Leads').getRecord, its FileStore and field cache in a temp dir, logging off, its own token from the same client) and through bare fetch with zohokit's token and headers: ${TOTAL} sequential calls per case after ${WARMUP} untimed, ${ROUNDS} interleaved rounds in rotating order (bench/interleave.ts); ratios are medians of per-round ratios. List: zoho.crm.records('Leads').list over ${RECORDS.toLocaleString('en')} seeded records (page numbers for 2,000, then page_token). Import: records('Contacts').insert of ${RECORDS.toLocaleString('en')} records with crm.maxConcurrency ${CONCURRENCY}; stored rows counted by the emulator.`,
      rows: [
        {
          metric: 'bare fetch, mean per call',
          value: `${r.meanMs('fetch').toFixed(3)} ms`,
          target: 'baseline',
          pass: true,
        },
        {
          metric: "zoho.crm.records('Leads').get, mean per call",
          value: `${r.meanMs('zohokit').toFixed(3)} ms`,
          target: '—',
          pass: true,
        },
        {
          metric: "official SDK RecordOperations('Leads').getRecord, mean per call",
          value: `${r.meanMs('official').toFixed(3)} ms`,
          target: '—',
          pass: true,
        },
        {
          metric: 'zohokit records.get / bare fetch',
          value: `${overhead.toFixed(3)}×`,
          target: '≤ 1.10×',
          pass: overhead <= 1.1,
        },
        {
          metric: 'official SDK getRecord / bare fetch',
          value: `${officialRatio.toFixed(3)}×`,
          target: 'info',
          pass: true,
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
    official?.close();
    await emulator.close();
  }
}
