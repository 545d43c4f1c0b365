import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { deskSession, validation } from '../support/desk.js';

let emu: EmulatorHandle;
let desk: DeskSession;
beforeAll(async () => {
  emu = await startEmulator();
  desk = await deskSession(emu);
  const seeded = await emu.control.desk.seedTickets({ count: 250, subject: 'Paged', priority: 'Low' });
  expect(seeded).toHaveLength(250);
});
afterAll(() => emu.close());

const numbers = (reply: { body: { data: Array<{ ticketNumber: string }> } }) =>
  reply.body.data.map((t) => Number(t.ticketNumber));

describe('paging with from (0-based) and limit (1–100)', () => {
  it('pages 250 tickets as 100/100/50, then {"data":[]}', async () => {
    const pages = [];
    for (const from of [0, 100, 200, 300]) pages.push(await desk.call(`/api/v1/tickets?from=${from}&limit=100`));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(pages.map((p) => p.body.data.length)).toEqual([100, 100, 50, 0]);
    expect(pages[3]!.body).toEqual({ data: [] });
    const all = pages.flatMap(numbers);
    expect(all).toEqual(Array.from({ length: 250 }, (_, i) => 101 + i));
    expect((await desk.call('/api/v1/tickets?from=250&limit=100')).body).toEqual({ data: [] });
  });

  it('pages a descending sort without overlap, and search pages the same way', async () => {
    const first = await desk.call('/api/v1/tickets?sortBy=-createdTime&limit=100');
    const second = await desk.call('/api/v1/tickets?sortBy=-createdTime&from=100&limit=100');
    expect(numbers(first)[0]).toBe(350);
    expect(numbers(second)[0]).toBe(250);
    const search = await desk.call('/api/v1/tickets/search?subject=Paged&priority=low&from=200&limit=100');
    expect(search.body.data).toHaveLength(50);
    expect((await desk.call('/api/v1/tickets/search?subject=Paged&from=300&limit=100')).status).toBe(204);
  });

  it('answers 422 for limit 0 or over 100, and for a from that is not a number', async () => {
    for (const limit of ['0', '101', 'ten']) {
      const reply = await desk.call(`/api/v1/tickets?limit=${limit}`);
      expect(reply.status).toBe(422);
      expect(reply.body).toEqual(validation([{ fieldName: '/limit', errorType: 'invalid' }]));
    }
    expect((await desk.call('/api/v1/tickets?from=-1')).body).toEqual(
      validation([{ fieldName: '/from', errorType: 'invalid' }]),
    );
  });
});
