import type { EmulatorHandle } from '@zohokit/emulator';
import { DESK_ORG_ID, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskReply, DeskSession } from '../support/desk.js';
import { deskSession } from '../support/desk.js';
import { sleep } from '../support/helpers.js';

const TOO_MANY = { errorCode: 'TOO_MANY_REQUESTS', message: 'Too many concurrent requests.' };

const statuses = (replies: DeskReply[]) => replies.map((r) => r.status).sort();

describe('per-org concurrency (default 10 calls in progress)', () => {
  let emu: EmulatorHandle;
  let desk: DeskSession;
  beforeAll(async () => {
    // The latency keeps each call in progress long enough for all of them to overlap.
    emu = await startEmulator({ latencyMs: 1_000 });
    desk = await deskSession(emu);
  });
  afterAll(() => emu.close());

  it('answers 429 TOO_MANY_REQUESTS with Retry-After: 1 past 10 concurrent calls, and counts it', async () => {
    await emu.control.resetCounters();
    const replies = await Promise.all(Array.from({ length: 12 }, () => desk.call('/api/v1/departments')));
    expect(statuses(replies)).toEqual([...Array(10).fill(200), 429, 429]);
    const rejected = replies.find((r) => r.status === 429)!;
    expect(rejected.body).toEqual(TOO_MANY);
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect((await emu.control.counters()).requests['GET /api/v1/departments']).toEqual({ '200': 10, '429': 2 });

    // Slots are given back when the calls end; rejected calls never held one.
    expect((await desk.call('/api/v1/departments')).status).toBe(200);
    expect((await emu.control.desk.overview()).orgs.find((o) => o.id === DESK_ORG_ID)?.inFlight).toBe(0);
  });

  it('takes a runtime limit for the org, and null restores the option', async () => {
    expect(await emu.control.desk.setConcurrency({ limit: 2 })).toEqual({ orgId: DESK_ORG_ID, concurrency: 2 });
    const calls = Array.from({ length: 4 }, () => desk.call('/api/v1/tickets'));
    await sleep(100);
    const overview = await emu.control.desk.overview();
    expect(overview.orgs.find((o) => o.id === DESK_ORG_ID)).toMatchObject({ concurrency: 2, inFlight: 2 });
    expect(statuses(await Promise.all(calls))).toEqual([200, 200, 429, 429]);

    expect(await emu.control.desk.setConcurrency({ limit: null })).toEqual({ orgId: DESK_ORG_ID, concurrency: 10 });
    await expect(emu.control.desk.setConcurrency({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(emu.control.desk.setConcurrency({ limit: 1, orgId: '42' })).rejects.toThrow(/no Desk org '42'/);
  });
});

describe('concurrency with a fault delay and the desk.concurrency option', () => {
  let emu: EmulatorHandle;
  let desk: DeskSession;
  beforeAll(async () => {
    emu = await startEmulator({ desk: { concurrency: 1 } });
    desk = await deskSession(emu);
  });
  afterAll(() => emu.close());

  it('keeps a call delayed by a fault in progress', async () => {
    await emu.control.queueFaults({ method: 'GET', path: '/api/v1/tickets', sequence: [{ delayMs: 1_000 }] });
    const slow = desk.call('/api/v1/tickets');
    await sleep(80);
    const blocked = await desk.call('/api/v1/contacts');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(TOO_MANY);
    expect((await slow).status).toBe(200);
    expect((await desk.call('/api/v1/contacts')).status).toBe(200);
  });

  it('rejects an invalid option', async () => {
    await expect(startEmulator({ desk: { concurrency: 0 } })).rejects.toThrow(/option 'desk.concurrency'/);
    await expect(startEmulator({ desk: { limit: 1 } } as never)).rejects.toThrow("unknown option 'desk.limit'");
  });
});
