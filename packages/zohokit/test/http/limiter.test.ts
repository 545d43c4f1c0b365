import { describe, expect, it } from 'vitest';
import { ZohoConfigError, ZohoConnectionError, type ZohoEvent } from 'zohokit';
import { client, fake, json, sleep } from '../support/fake-fetch.js';

const LIST = '3c20ad524dfa4af86216a5be13e238ed';
const OK = { status: 'success', code: '0', message: 'User successfully subscribed.' };
const waits = (events: ZohoEvent[]) => events.filter((e) => e.type === 'rate_limit.wait');

describe('Campaigns call windows', () => {
  it('12 subscribes with 5 per 300 ms take at least two windows, wait, and never exceed 5 per 300 ms', async () => {
    const f = fake(() => json(OK));
    const { zoho, events } = client(f, { campaigns: { limits: { listsubscribe: { max: 5, windowMs: 300 } } } });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => zoho.campaigns.subscribe({ listKey: LIST, email: `u${i}@example.com` })),
    );

    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    const times = f.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(times).toHaveLength(12);
    // Any 6 consecutive calls span at least a whole window.
    for (let i = 0; i + 5 < times.length; i++) expect(times[i + 5]! - times[i]!).toBeGreaterThanOrEqual(300);
    const waited = waits(events);
    expect(waited.length).toBeGreaterThanOrEqual(7);
    expect(waited[0]).toMatchObject({ product: 'campaigns', limit: expect.stringContaining('listsubscribe') });
    expect(waited.every((e) => e.type === 'rate_limit.wait' && e.waitMs > 0)).toBe(true);
  });

  it('keeps a window per API: a full listsubscribe window does not hold back other APIs', async () => {
    const f = fake((call) => json(call.url.pathname.endsWith('getmailinglists') ? { ...OK, list_of_details: [] } : OK));
    const { zoho } = client(f, { campaigns: { limits: { listsubscribe: { max: 1, windowMs: 400 } } } });
    const started = Date.now();
    await zoho.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' });
    const blocked = zoho.campaigns.subscribe({ listKey: LIST, email: 'b@example.com' });
    await zoho.campaigns.lists().toArray({ limit: 1 });
    expect(Date.now() - started).toBeLessThan(300);
    expect(f.calls.map((c) => c.url.pathname.split('/').pop())).toEqual(['listsubscribe', 'getmailinglists']);
    await blocked;
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('gives up waiting when the caller aborts the call', async () => {
    const f = fake(() => json({ status: 'success', code: '0' }));
    const { zoho } = client(f, { campaigns: { limits: { addlistsubscribersinbulk: { max: 1, windowMs: 10_000 } } } });
    await zoho.campaigns.bulkAdd({ listKey: LIST, emails: ['a@example.com'] });
    const controller = new AbortController();
    const pending = zoho.campaigns.bulkAdd({ listKey: LIST, emails: ['b@example.com'], signal: controller.signal });
    await sleep(20);
    controller.abort();
    const result = await pending;
    expect(result.chunks[0]!.status).toBe('failed');
    expect(result.chunks[0]!.error).toBeInstanceOf(ZohoConnectionError);
    expect(result.chunks[0]!.error?.code).toBe('aborted');
    expect(f.calls).toHaveLength(1);
  });

  it('belongs to one client: another client has its own windows', async () => {
    const f = fake(() => json(OK));
    const limits = { listsubscribe: { max: 1, windowMs: 10_000 } };
    const a = client(f, { campaigns: { limits } }).zoho;
    const b = client(f, { campaigns: { limits } }).zoho;
    const started = Date.now();
    await a.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' });
    await b.campaigns.subscribe({ listKey: LIST, email: 'a@example.com' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects ill-formed limits at construction', () => {
    const f = fake(() => json(OK));
    expect(() => client(f, { campaigns: { limits: { listsubscribe: { max: 0, windowMs: 100 } } } })).toThrow(
      ZohoConfigError,
    );
    expect(() => client(f, { campaigns: { limits: { listsubscribe: { max: 5 } as never } } })).toThrow(/windowMs/);
    expect(() => client(f, { campaigns: { limit: {} } as never })).toThrow(/campaigns\.limit/);
  });
});

describe('Desk concurrency cap', () => {
  it('with maxConcurrency 2 and a slow Desk, never more than 2 calls are in flight', async () => {
    const f = fake(async () => {
      await sleep(40);
      return json({ id: '1', subject: 'x' });
    });
    const { zoho, events } = client(f, { desk: { orgId: '1', maxConcurrency: 2 } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => zoho.desk.tickets.get(String(i))));
    expect(f.calls).toHaveLength(8);
    expect(f.maxInFlight()).toBe(2);
    expect(waits(events)[0]).toMatchObject({ product: 'desk', limit: 'concurrency 2' });
  });

  it('defaults to 5, and also caps zoho.request({ product: "desk" })', async () => {
    const f = fake(async () => {
      await sleep(30);
      return json({ data: [] });
    });
    const { zoho } = client(f, { desk: { orgId: '1' } });
    await Promise.all(
      Array.from({ length: 12 }, () =>
        zoho.request({ product: 'desk', path: '/api/v1/agents', headers: { orgId: '1' } }),
      ),
    );
    expect(f.maxInFlight()).toBe(5);
  });

  it('rejects a cap below 1', () => {
    expect(() =>
      client(
        fake(() => json({})),
        { desk: { maxConcurrency: 0 } },
      ),
    ).toThrow(/desk\.maxConcurrency/);
  });
});
