import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorHandle } from '@zohokit/emulator';
import { CAMPAIGNS_SEED_LISTS, createEmulatorApp, startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaigns, campaignsToken, contactinfo, DOUBLE_OPT_IN, IMMEDIATE } from '../support/campaigns.js';

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const ZERO = { active: 0, pending: 0, unsub: 0, bounce: 0, total: 0 };

describe('seeded lists', () => {
  it('starts with one immediate and one double opt-in list under fixed keys, and no subscribers', async () => {
    expect(CAMPAIGNS_SEED_LISTS).toEqual({
      immediate: { listKey: 'c0de0000000000000000000000000001', name: 'Newsletter', doubleOptIn: false },
      doubleOptIn: {
        listKey: 'c0de0000000000000000000000000002',
        name: 'Announcements (double opt-in)',
        doubleOptIn: true,
      },
    });
    const snapshot = await emu.control.campaigns.snapshot();
    expect(snapshot.lists).toEqual([
      { listKey: IMMEDIATE, name: 'Newsletter', doubleOptIn: false, createdAt: expect.any(Number), counts: ZERO },
      {
        listKey: DOUBLE_OPT_IN,
        name: 'Announcements (double opt-in)',
        doubleOptIn: true,
        createdAt: expect.any(Number),
        counts: ZERO,
      },
    ]);
  });

  it("defaults to Zoho's documented windows and lock periods", async () => {
    const apis = Object.fromEntries((await emu.control.campaigns.locks()).map((a) => [a.api, a]));
    const minute = 60_000;
    expect(apis.listsubscribe).toEqual({
      api: 'listsubscribe',
      windows: [
        { max: 500, windowMs: minute, used: 0 },
        { max: 12_500, windowMs: 60 * minute, used: 0 },
        { max: 75_000, windowMs: 24 * 60 * minute, used: 0 },
      ],
      lockMs: 30 * minute,
      lockedUntil: null,
    });
    expect(apis.addlistsubscribersinbulk).toMatchObject({
      windows: [{ max: 2_000, windowMs: minute }],
      lockMs: 10 * minute,
    });
    for (const api of ['listunsubscribe', 'getmailinglists', 'getlistsubscribers', 'listsubscriberscount']) {
      expect(apis[api], api).toMatchObject({
        windows: [{ max: 500, windowMs: 5 * minute, used: 0 }],
        lockMs: 30 * minute,
      });
    }
  });

  it('POST /__emulator/reset reseeds: created lists, subscribers and locks are gone, the fixed keys stay', async () => {
    await emu.control.campaigns.createList({ name: 'Temp' });
    await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 5 });
    await emu.control.reset();
    const snapshot = await emu.control.campaigns.snapshot();
    expect(snapshot.lists.map((l) => [l.listKey, l.counts.total])).toEqual([
      [IMMEDIATE, 0],
      [DOUBLE_OPT_IN, 0],
    ]);
  });

  it('survives a restart through the state file: lists, subscribers and lock-outs', async () => {
    const stateFile = join(tmpdir(), `zohokit-campaigns-${randomUUID()}.json`);
    try {
      const first = await startEmulator({
        stateFile,
        campaigns: { limits: { getmailinglists: { max: 1, windowMs: 60_000 } } },
      });
      const created = await first.control.campaigns.createList({ name: 'Kept', doubleOptIn: true });
      await first.control.campaigns.seedSubscribers({
        listKey: created.listKey,
        emails: ['k@example.com'],
        status: 'pending',
      });
      const token = await campaignsToken(first);
      await campaigns(first, token, 'getmailinglists', {}, 'get');
      expect((await campaigns(first, token, 'getmailinglists', {}, 'get')).body.code).toBe('2101');
      await first.close();

      const second = await startEmulator({ stateFile });
      try {
        expect((await second.control.campaigns.snapshot()).lists.map((l) => l.name)).toEqual([
          'Newsletter',
          'Announcements (double opt-in)',
          'Kept',
        ]);
        expect(
          await second.control.campaigns.confirm({ listKey: created.listKey, email: 'k@example.com' }),
        ).toMatchObject({
          status: 'active',
        });
        // The lock-out is state too: it outlives the restart.
        expect((await campaigns(second, token, 'getmailinglists', {}, 'get')).body.code).toBe('2101');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(stateFile, { force: true });
    }
  });

  it('keeps its state plain JSON data', async () => {
    const { state } = createEmulatorApp();
    state.campaigns.lists[IMMEDIATE]!.contacts['a@example.com'] = {
      email: 'a@example.com',
      fields: { 'First Name': 'A' },
      status: 'pending',
      source: null,
      addedAt: 1,
      updatedAt: 1,
      seq: 99,
    };
    expect(JSON.parse(JSON.stringify(state.campaigns))).toEqual(state.campaigns);
  });
});

describe('control routes', () => {
  it('creates lists, with a random or pinned key, once', async () => {
    const random = await emu.control.campaigns.createList({ name: 'Customers', doubleOptIn: true });
    expect(random).toEqual({
      listKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'Customers',
      doubleOptIn: true,
      createdAt: expect.any(Number),
      counts: ZERO,
    });
    const listKey = 'abcdef0123456789abcdef0123456789';
    expect(await emu.control.campaigns.createList({ name: 'Pinned', listKey })).toMatchObject({
      listKey,
      doubleOptIn: false,
    });
    await expect(emu.control.campaigns.createList({ name: 'Again', listKey })).rejects.toThrow(
      /listKey: .* already exists/,
    );
    await expect(emu.control.campaigns.createList({ name: 'Bad', listKey: 'XYZ' })).rejects.toThrow(
      /listKey: must be 32/,
    );
    await expect(emu.control.campaigns.createList({ name: '' })).rejects.toThrow(/name:/);
    await expect(emu.control.campaigns.createList({ name: 'x', optIn: true } as never)).rejects.toThrow(
      /unknown field 'optIn'/,
    );

    // A created double opt-in list behaves like the seeded one.
    const token = await campaignsToken(emu);
    const reply = await campaigns(emu, token, 'json/listsubscribe', {
      listkey: random.listKey,
      contactinfo: contactinfo({ 'Contact Email': 'a@example.com' }),
    });
    expect(reply.body.message).toMatch(/confirm/);
  });

  it('seeds subscribers by count (continuing the numbering) or by address, with a status', async () => {
    const first = await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 3 });
    expect(first).toEqual({ listKey: IMMEDIATE, added: 3, updated: 0, counts: { ...ZERO, active: 3, total: 3 } });
    const second = await emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 2, status: 'bounce' });
    expect(second.counts).toEqual({ ...ZERO, active: 3, bounce: 2, total: 5 });
    const byEmail = await emu.control.campaigns.seedSubscribers({
      listKey: IMMEDIATE,
      emails: ['User1@example.com', 'new@example.com'],
      status: 'unsub',
    });
    expect(byEmail).toMatchObject({ added: 1, updated: 1, counts: { active: 2, bounce: 2, unsub: 2, total: 6 } });

    const all = await emu.control.campaigns.subscribers(IMMEDIATE);
    expect(all.map((s) => [s.email, s.status])).toEqual([
      ['user1@example.com', 'unsub'],
      ['user2@example.com', 'active'],
      ['user3@example.com', 'active'],
      ['user4@example.com', 'bounce'],
      ['user5@example.com', 'bounce'],
      ['new@example.com', 'unsub'],
    ]);
    expect(all[1]).toEqual({
      email: 'user2@example.com',
      status: 'active',
      fields: { 'First Name': 'User', 'Last Name': '2' },
      source: null,
      addedAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });

    await expect(emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE })).rejects.toThrow(
      /exactly one of count and emails/,
    );
    await expect(
      emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 1, emails: ['a@example.com'] }),
    ).rejects.toThrow(/exactly one of count and emails/);
    await expect(emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, emails: ['nope'] })).rejects.toThrow(
      /emails\.0: must be an email address/,
    );
    await expect(
      emu.control.campaigns.seedSubscribers({ listKey: IMMEDIATE, count: 1, status: 'x' as never }),
    ).rejects.toThrow(/status:/);
    await expect(emu.control.campaigns.seedSubscribers({ listKey: 'f'.repeat(32), count: 1 })).rejects.toThrow(
      /listKey: no list .*answered 404/,
    );
    await expect(emu.control.campaigns.subscribers('f'.repeat(32))).rejects.toThrow(/answered 404/);
  });

  it('confirms only pending contacts: 404 for an unknown list or address, 400 otherwise', async () => {
    await emu.control.campaigns.seedSubscribers({
      listKey: DOUBLE_OPT_IN,
      emails: ['p@example.com'],
      status: 'pending',
    });
    await emu.control.campaigns.seedSubscribers({ listKey: DOUBLE_OPT_IN, emails: ['u@example.com'], status: 'unsub' });
    expect(await emu.control.campaigns.confirm({ listKey: DOUBLE_OPT_IN, email: 'p@example.com' })).toMatchObject({
      email: 'p@example.com',
      status: 'active',
    });
    await expect(emu.control.campaigns.confirm({ listKey: DOUBLE_OPT_IN, email: 'u@example.com' })).rejects.toThrow(
      /is unsub, not pending confirmation .*answered 400/,
    );
    await expect(emu.control.campaigns.confirm({ listKey: DOUBLE_OPT_IN, email: 'x@example.com' })).rejects.toThrow(
      /answered 404/,
    );
    await expect(emu.control.campaigns.confirm({ listKey: 'f'.repeat(32), email: 'p@example.com' })).rejects.toThrow(
      /answered 404/,
    );
  });

  it('counts Campaigns requests per route like any product route', async () => {
    const token = await campaignsToken(emu);
    await campaigns(emu, token, 'getmailinglists', {}, 'get');
    await campaigns(emu, token, 'getmailinglists', {}, 'get');
    await campaigns(emu, token, 'json/listsubscribe', { listkey: IMMEDIATE, contactinfo: '{}' });
    const { requests } = await emu.control.counters();
    expect(requests['GET /api/v1.1/getmailinglists']).toEqual({ 200: 2 });
    expect(requests['POST /api/v1.1/json/listsubscribe']).toEqual({ 200: 1 });
  });
});

describe('campaigns option', () => {
  it('rejects unknown APIs, bad windows and bad lock periods, naming the option', () => {
    expect(() =>
      createEmulatorApp({ campaigns: { limits: { listsubscrib: { max: 1, windowMs: 1 } } } as never }),
    ).toThrow(/unknown option 'campaigns\.limits\.listsubscrib'/);
    expect(() => createEmulatorApp({ campaigns: { limits: { listsubscribe: { max: 0, windowMs: 1 } } } })).toThrow(
      /campaigns\.limits\.listsubscribe/,
    );
    expect(() => createEmulatorApp({ campaigns: { lockMs: -1 } })).toThrow(/campaigns\.lockMs/);
    expect(() => createEmulatorApp({ campaigns: { lockMs: { getmailinglists: 1.5 } } })).toThrow(/campaigns\.lockMs/);
    expect(() => createEmulatorApp({ campaigns: { retry: true } as never })).toThrow(
      /unknown option 'campaigns\.retry'/,
    );
  });

  it('resolves to a full table: given windows replace the default, one lockMs applies to every API', () => {
    const { options } = createEmulatorApp({
      campaigns: { limits: { getmailinglists: [{ max: 2, windowMs: 100 }] }, lockMs: 250 },
    });
    expect(options.campaigns.limits.getmailinglists).toEqual([{ max: 2, windowMs: 100 }]);
    expect(options.campaigns.limits.listsubscribe).toHaveLength(3);
    expect(Object.values(options.campaigns.lockMs)).toEqual(Array(6).fill(250));
    const byDefault = createEmulatorApp({
      campaigns: { limits: { default: { max: 7, windowMs: 70 }, listunsubscribe: { max: 1, windowMs: 10 } } },
    }).options.campaigns.limits;
    expect(byDefault).toMatchObject({
      getmailinglists: [{ max: 7, windowMs: 70 }],
      getlistsubscribers: [{ max: 7, windowMs: 70 }],
      listsubscriberscount: [{ max: 7, windowMs: 70 }],
      listunsubscribe: [{ max: 1, windowMs: 10 }],
      addlistsubscribersinbulk: [{ max: 2_000, windowMs: 60_000 }],
    });
    expect(byDefault.listsubscribe).toHaveLength(3);
    const perApi = createEmulatorApp({ campaigns: { lockMs: { listsubscribe: 5 } } }).options.campaigns.lockMs;
    expect(perApi).toMatchObject({ listsubscribe: 5, addlistsubscribersinbulk: 600_000, getmailinglists: 1_800_000 });
  });
});
