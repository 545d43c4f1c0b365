import type { EmulatorHandle, EmulatorOptions } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { campaigns, campaignsToken, contactinfo, IMMEDIATE } from '../support/campaigns.js';
import { sleep } from '../support/helpers.js';

let emu: EmulatorHandle | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions) {
  emu = await startEmulator(options);
  return { emu, token: await campaignsToken(emu) };
}

const subscribeParams = (i: number) => ({
  listkey: IMMEDIATE,
  contactinfo: contactinfo({ 'Contact Email': `u${i}@example.com` }),
});

describe('per-API windows with lock-out (zoho-api.md §3.6)', () => {
  it('the call over the window gets 2101 and locks that API, only that API, for the lock period', async () => {
    const { emu, token } = await start({
      // Wide enough margins that a loaded machine cannot slide the window or end the lock mid-test.
      campaigns: { limits: { listsubscribe: { max: 3, windowMs: 1_500 } }, lockMs: 3_000 },
    });
    const subscribe = (i: number) => campaigns(emu, token, 'json/listsubscribe', subscribeParams(i));
    for (let i = 1; i <= 3; i++) expect((await subscribe(i)).body.code).toBe('0');

    const over = await subscribe(4);
    expect(over.status).toBe(200);
    expect(over.headers.get('retry-after')).toBeNull();
    expect(over.body).toEqual({
      status: 'error',
      code: '2101',
      message: expect.stringMatching(/^Please retry after sometime\. The API listsubscribe is locked until \d{4}-.*Z/),
      uri: '/api/v1.1/json/listsubscribe',
      version: '1.1',
    });
    const [lock] = await emu.control.campaigns.locks();
    expect(lock).toMatchObject({
      api: 'listsubscribe',
      lockMs: 3_000,
      windows: [{ max: 3, windowMs: 1_500, used: 3 }],
    });
    expect(lock!.lockedUntil).toBeGreaterThan(Date.now());

    // Every call during the lock answers 2101, whatever it carries; the other APIs are unaffected.
    await sleep(1_600);
    expect((await subscribe(5)).body.code).toBe('2101');
    expect((await campaigns(emu, token, 'json/listsubscribe', { listkey: 'bad' })).body.code).toBe('2101');
    expect((await campaigns(emu, token, 'json/listunsubscribe', { ...subscribeParams(1) })).body.code).toBe('0');
    expect((await campaigns(emu, token, 'getmailinglists', {}, 'get')).body.code).toBe('0');
    expect(
      (await campaigns(emu, token, 'addlistsubscribersinbulk', { listkey: IMMEDIATE, emailids: 'z@example.com' })).body
        .code,
    ).toBe('0');
    expect(await emu.control.campaigns.subscribers(IMMEDIATE)).toHaveLength(4);

    // When the lock ends (and the window has emptied), the API answers again.
    await sleep(Math.max(0, lock!.lockedUntil! - Date.now()) + 20);
    expect((await subscribe(6)).body.code).toBe('0');
    expect((await emu.control.campaigns.locks())[0]).toMatchObject({ lockedUntil: null, windows: [{ used: 1 }] });
  });

  it('keeps counting through a short lock: a window still full locks again; clearLocks starts afresh', async () => {
    const { emu, token } = await start({
      campaigns: { limits: { getlistsubscribers: { max: 2, windowMs: 2_000 } }, lockMs: { getlistsubscribers: 100 } },
    });
    const read = () => campaigns(emu, token, 'getlistsubscribers', { listkey: IMMEDIATE }, 'get');
    expect((await read()).body.code).toBe('0');
    expect((await read()).body.code).toBe('0');
    expect((await read()).body.code).toBe('2101');
    await sleep(150);
    expect((await read()).body.code).toBe('2101');

    const cleared = await emu.control.campaigns.clearLocks('getlistsubscribers');
    expect(cleared.find((a) => a.api === 'getlistsubscribers')).toMatchObject({
      lockedUntil: null,
      windows: [{ used: 0 }],
    });
    expect((await read()).body.code).toBe('0');
    await expect(emu.control.campaigns.clearLocks('nope' as never)).rejects.toThrow(
      /api: must be one of .*answered 400/,
    );
  });

  it('several windows must all hold: the second window locks even when the first has room', async () => {
    const { emu, token } = await start({
      campaigns: {
        limits: {
          listsubscribe: [
            { max: 5, windowMs: 60_000 },
            { max: 2, windowMs: 200 },
          ],
        },
        lockMs: 1_000,
      },
    });
    const subscribe = (i: number) => campaigns(emu, token, 'json/listsubscribe', subscribeParams(i));
    expect((await subscribe(1)).body.code).toBe('0');
    expect((await subscribe(2)).body.code).toBe('0');
    expect((await subscribe(3)).body.code).toBe('2101');
  });

  it('a client that waits until fewer than max of its calls finished in the last windowMs is never locked out', async () => {
    const max = 3;
    const windowMs = 200;
    const { emu, token } = await start({ campaigns: { limits: { listsubscribe: { max, windowMs } }, lockMs: 60_000 } });
    const finished: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      for (;;) {
        const now = Date.now();
        const inWindow = finished.filter((t) => t > now - windowMs);
        if (inWindow.length < max) break;
        await sleep(inWindow[0]! + windowMs - now + 1);
      }
      const reply = await campaigns(emu, token, 'json/listsubscribe', subscribeParams(i));
      finished.push(Date.now());
      codes.push(reply.body.code as string);
    }
    expect(codes).toEqual(Array(10).fill('0'));
  });
});
