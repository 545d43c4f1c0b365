import { CAMPAIGNS_SEED_LISTS, type EmulatorOptions } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ZohoAuthError,
  type ZohoEvent,
  ZohoNotFoundError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import { routeCounts, startTenant, type Tenant } from '../../support/emulator-tenant.js';

const NEWSLETTER = CAMPAIGNS_SEED_LISTS.immediate.listKey;
const ANNOUNCEMENTS = CAMPAIGNS_SEED_LISTS.doubleOptIn.listKey;
const BULK = 'POST /api/v1.1/addlistsubscribersinbulk';
const SUBSCRIBE = 'POST /api/v1.1/json/listsubscribe';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.emulator.close();
  tenant = undefined;
});

async function campaignsTenant(options: EmulatorOptions = {}): Promise<Tenant> {
  tenant = await startTenant(options);
  return tenant;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );
const emails = (n: number, prefix = 'reader') => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
const addresses = (list: { contact_email: string }[]) => list.map((s) => s.contact_email);

describe('campaigns: each call against the emulator', () => {
  it('subscribe: active at once on an immediate list; pending until confirmed on a double opt-in list', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    const now = await zoho.campaigns.subscribe({ listKey: NEWSLETTER, email: 'ada@example.com', firstName: 'Ada' });
    expect(now.status).toBe('subscribed');
    const active = await zoho.campaigns.subscribers({ listKey: NEWSLETTER }).toArray({ limit: 10 });
    expect(active).toEqual([expect.objectContaining({ contact_email: 'ada@example.com', firstname: 'Ada' })]);

    const later = await zoho.campaigns.subscribe({
      listKey: ANNOUNCEMENTS,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      source: 'contact form',
    });
    expect(later.status).toBe('pending_confirmation');
    expect(later.message).toMatch(/confirm/i);
    expect(await zoho.campaigns.subscribers({ listKey: ANNOUNCEMENTS }).toArray({ limit: 10 })).toEqual([]);
    const pending = await zoho.campaigns
      .subscribers({ listKey: ANNOUNCEMENTS, status: 'pending' })
      .toArray({ limit: 10 });
    expect(addresses(pending)).toEqual(['ada@example.com']);

    await t.emulator.control.campaigns.confirm({ listKey: ANNOUNCEMENTS, email: 'ada@example.com' });
    const confirmed = await zoho.campaigns.subscribers({ listKey: ANNOUNCEMENTS }).toArray({ limit: 10 });
    expect(confirmed).toEqual([
      expect.objectContaining({ contact_email: 'ada@example.com', lastname: 'Lovelace', contact_status: 'active' }),
    ]);
  });

  it('unsubscribe, lists and subscriberCount', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    await t.emulator.control.campaigns.seedSubscribers({
      listKey: NEWSLETTER,
      emails: ['a@example.com', 'b@example.com'],
    });
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(2);

    const result = await zoho.campaigns.unsubscribe({ listKey: NEWSLETTER, email: 'a@example.com' });
    expect(result.message).toMatch(/unsubscribed/i);
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(1);
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER, status: 'unsub' })).toBe(1);
    const unsub = await zoho.campaigns.subscribers({ listKey: NEWSLETTER, status: 'unsub' }).toArray({ limit: 10 });
    expect(addresses(unsub)).toEqual(['a@example.com']);

    const lists = await zoho.campaigns.lists().toArray({ limit: 10 });
    expect(lists.map((l) => [l.listkey, l.listname]).sort()).toEqual(
      [
        [NEWSLETTER, CAMPAIGNS_SEED_LISTS.immediate.name],
        [ANNOUNCEMENTS, CAMPAIGNS_SEED_LISTS.doubleOptIn.name],
      ].sort(),
    );
    expect(lists.find((l) => l.listkey === NEWSLETTER)?.noofcontacts).toBe('1');
  });

  it('bulkAdd of 95 emails: exactly 10 calls, one result per chunk, everyone added', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    const result = await zoho.campaigns.bulkAdd({ listKey: NEWSLETTER, emails: emails(95) });
    expect(result.ok).toBe(true);
    expect(result.totals).toEqual({ chunks: 10, emails: 95, added: 95, failed: 0, notAttempted: 0 });
    expect(result.chunks.map((c) => c.emails.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect((await routeCounts(t.emulator, BULK)).byOutcome).toEqual({ '200': 10 });
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(95);
  });

  it('bulkAdd: a chunk Zoho rejects (2004) is reported, and the run goes on', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    const list = emails(25);
    // Passes zohokit's deliberately loose check; Campaigns rejects the empty domain label.
    list[13] = 'typo@example..com';
    const result = await zoho.campaigns.bulkAdd({ listKey: NEWSLETTER, emails: list });
    expect(result.ok).toBe(false);
    expect(result.chunks.map((c) => c.status)).toEqual(['added', 'failed', 'added']);
    expect(result.chunks[1]?.error).toBeInstanceOf(ZohoValidationError);
    expect(result.chunks[1]?.error?.code).toBe('2004');
    expect(result.totals).toMatchObject({ added: 15, failed: 10, notAttempted: 0 });
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(15);
  });
});

describe('campaigns: paging', () => {
  it('iterates 1,200 subscribers, each exactly once: 1 count and 6 pages, none past the end', async () => {
    const t = await campaignsTenant();
    await t.emulator.control.campaigns.seedSubscribers({ listKey: NEWSLETTER, count: 1_200 });
    const { zoho } = t.zoho();
    const seen: string[] = [];
    for await (const subscriber of zoho.campaigns.subscribers({ listKey: NEWSLETTER })) {
      seen.push(subscriber.contact_email);
    }
    expect(seen).toHaveLength(1_200);
    expect(new Set(seen).size).toBe(1_200);
    expect((await routeCounts(t.emulator, 'GET /api/v1.1/listsubscriberscount')).byOutcome).toEqual({ '200': 1 });
    expect((await routeCounts(t.emulator, 'GET /api/v1.1/getlistsubscribers')).byOutcome).toEqual({ '200': 6 });
  });

  it('a token expired between pages (1007) costs exactly one refresh; the iteration goes on', async () => {
    const t = await campaignsTenant();
    await t.emulator.control.campaigns.seedSubscribers({ listKey: NEWSLETTER, count: 500 });
    const { zoho, events } = t.zoho();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of zoho.campaigns.subscribers({ listKey: NEWSLETTER }).pages()) {
      seen.push(...addresses(page));
      if (++pages === 1) await t.emulator.control.expireTokens();
    }
    expect(new Set(seen).size).toBe(500);
    const c = await t.emulator.control.counters();
    expect(c.tokenCalls.refresh_token).toBe(2);
    // 3 pages plus the one replay; Campaigns answers 1007 with HTTP 200.
    expect(c.requests['GET /api/v1.1/getlistsubscribers']).toEqual({ '200': 4 });
    const auth = events.filter((e): e is Extract<ZohoEvent, { type: 'retry' }> => e.type === 'retry');
    expect(auth.map((e) => [e.reason, e.code])).toEqual([['auth', '1007']]);
  });
});

describe('campaigns: each error code maps to its error class', () => {
  it('2004 invalid email → ZohoValidationError on the email field', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    const error = (await failure(
      zoho.campaigns.subscribe({ listKey: NEWSLETTER, email: 'typo@example..com' }),
    )) as ZohoValidationError;
    expect(error).toBeInstanceOf(ZohoValidationError);
    expect(error.code).toBe('2004');
    expect(error.details?.fieldName).toBe('email');
    expect((await routeCounts(t.emulator, SUBSCRIBE)).byOutcome).toEqual({ '200': 1 });
  });

  it('2501 unknown list key → ZohoNotFoundError on listKey', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    const unknown = 'ffff0000000000000000000000000009';
    const error = (await failure(
      zoho.campaigns.subscribe({ listKey: unknown, email: 'ada@example.com' }),
    )) as ZohoNotFoundError;
    expect(error).toBeInstanceOf(ZohoNotFoundError);
    expect(error.code).toBe('2501');
    expect(error.details?.fieldName).toBe('listKey');
    const count = (await failure(zoho.campaigns.subscriberCount({ listKey: unknown }))) as ZohoNotFoundError;
    expect(count).toBeInstanceOf(ZohoNotFoundError);
  });

  it('2701 missing scope → ZohoPermissionError with details.requiredScope, and no refresh', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho({ refreshToken: await t.refreshTokenFor(['ZohoCampaigns.contact.READ']) });
    const error = (await failure(
      zoho.campaigns.subscribe({ listKey: NEWSLETTER, email: 'ada@example.com' }),
    )) as ZohoPermissionError;
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.code).toBe('2701');
    expect(error.details?.requiredScope).toBe('ZohoCampaigns.contact.UPDATE');
    expect((await t.emulator.control.counters()).tokenCalls.refresh_token).toBe(1);
    // The scope it has still works.
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(0);
  });

  it('1007 expired token → refreshed once and replayed; a token rejected again is a ZohoAuthError', async () => {
    const t = await campaignsTenant();
    const { zoho } = t.zoho();
    await zoho.campaigns.lists().toArray({ limit: 5 });
    await t.emulator.control.expireTokens();
    expect(await zoho.campaigns.lists().toArray({ limit: 5 })).toHaveLength(2);
    const c = await t.emulator.control.counters();
    expect(c.tokenCalls.refresh_token).toBe(2);
    expect(c.requests['GET /api/v1.1/getmailinglists']).toEqual({ '200': 3 });

    const expired = {
      status: 'error',
      code: '1007',
      message: 'Unauthorized key. The OAuth token is invalid or expired.',
    };
    await t.emulator.control.queueFaults({
      method: 'GET',
      path: '/api/v1.1/getmailinglists',
      sequence: [
        { status: 200, body: expired },
        { status: 200, body: expired },
      ],
    });
    const error = (await failure(zoho.campaigns.lists().toArray({ limit: 5 }))) as ZohoAuthError;
    expect(error).toBeInstanceOf(ZohoAuthError);
    expect(error.code).toBe('1007');
    expect((await t.emulator.control.counters()).tokenCalls.refresh_token).toBe(3);
  });
});

describe('campaigns: call windows and lock-out (2101)', () => {
  const emulatorWindow = {
    addlistsubscribersinbulk: { max: 5, windowMs: 500 },
    listsubscribe: { max: 3, windowMs: 500 },
  };
  const lockedOut = { campaigns: { limits: emulatorWindow, lockMs: 5_000 } } satisfies EmulatorOptions;

  it('past the window: ZohoRateLimitError, the rest of the run not attempted, and no call repeated', async () => {
    const t = await campaignsTenant(lockedOut);
    // zohokit's own limits left at Zoho's real numbers, far above this emulator's window.
    const { zoho } = t.zoho();
    // One chunk at a time, so the point where the window closes is exact.
    const result = await zoho.campaigns.bulkAdd({ listKey: NEWSLETTER, emails: emails(95), concurrency: 1 });
    expect(result.ok).toBe(false);
    expect(result.chunks.map((c) => c.status)).toEqual([
      'added',
      'added',
      'added',
      'added',
      'added',
      'failed',
      'not_attempted',
      'not_attempted',
      'not_attempted',
      'not_attempted',
    ]);
    const error = result.chunks[5]?.error as ZohoRateLimitError;
    expect(error).toBeInstanceOf(ZohoRateLimitError);
    expect(error.code).toBe('2101');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.message).toMatch(/locked/i);
    expect(result.totals).toMatchObject({ added: 50, failed: 10, notAttempted: 35 });
    expect((await routeCounts(t.emulator, BULK)).total).toBe(6);

    // Called again while locked: one call, one clear error, no loop.
    const again = await zoho.campaigns.bulkAdd({ listKey: NEWSLETTER, emails: emails(20, 'late'), concurrency: 1 });
    expect(again.chunks.map((c) => c.status)).toEqual(['failed', 'not_attempted']);
    expect((await routeCounts(t.emulator, BULK)).total).toBe(7);

    const subscribes = await Promise.allSettled(
      emails(5, 'signup').map((email) => zoho.campaigns.subscribe({ listKey: NEWSLETTER, email })),
    );
    const refused = subscribes.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e instanceof ZohoRateLimitError && e.code === '2101')).toBe(true);
    expect((await routeCounts(t.emulator, SUBSCRIBE)).total).toBe(5);
    const locks = await t.emulator.control.campaigns.locks();
    expect(
      locks
        .filter((l) => l.lockedUntil !== null)
        .map((l) => l.api)
        .sort(),
    ).toEqual(['addlistsubscribersinbulk', 'listsubscribe']);
  });

  it('with zohokit limits at the window: the same workload completes with zero lock-outs (it waits)', async () => {
    const t = await campaignsTenant(lockedOut);
    const { zoho, events } = t.zoho({ campaigns: { limits: emulatorWindow } });
    const started = Date.now();
    const [result, ...subscribes] = await Promise.all([
      zoho.campaigns.bulkAdd({ listKey: NEWSLETTER, emails: emails(95) }),
      ...emails(5, 'signup').map((email) => zoho.campaigns.subscribe({ listKey: NEWSLETTER, email })),
    ]);
    expect(result.ok).toBe(true);
    expect(subscribes.every((s) => 'status' in s && s.status === 'subscribed')).toBe(true);
    // 10 calls at 5 per 500 ms, and 5 at 3 per 500 ms: each waited out one window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect((await routeCounts(t.emulator, BULK)).total).toBe(10);
    expect((await routeCounts(t.emulator, SUBSCRIBE)).total).toBe(5);
    expect((await t.emulator.control.campaigns.locks()).every((l) => l.lockedUntil === null)).toBe(true);
    expect(await zoho.campaigns.subscriberCount({ listKey: NEWSLETTER })).toBe(100);
    const waits = events.filter(
      (e): e is Extract<ZohoEvent, { type: 'rate_limit.wait' }> => e.type === 'rate_limit.wait',
    );
    expect(waits.some((w) => w.limit.startsWith('addlistsubscribersinbulk'))).toBe(true);
    expect(waits.some((w) => w.limit.startsWith('listsubscribe'))).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(0);
  });
});
