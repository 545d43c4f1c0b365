import type { EmulatorHandle } from '@zohokit/emulator';
import { DESK_SALES_DEPARTMENT_ID, DESK_SUPPORT_DEPARTMENT_ID, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { DIGITS, deskSession, ISO_MS, validation } from '../support/desk.js';

let emu: EmulatorHandle;
let desk: DeskSession;
beforeAll(async () => {
  emu = await startEmulator({ dc: 'eu' });
  desk = await deskSession(emu);
});
afterAll(() => emu.close());

describe('GET /api/v1/departments', () => {
  it('lists the two seeded departments', async () => {
    const reply = await desk.call('/api/v1/departments');
    expect(reply.status).toBe(200);
    expect(reply.body.data.map((d: { id: string; name: string }) => [d.id, d.name])).toEqual([
      [DESK_SUPPORT_DEPARTMENT_ID, 'Support'],
      [DESK_SALES_DEPARTMENT_ID, 'Sales'],
    ]);
    expect(reply.body.data[0]).toMatchObject({ isEnabled: true, isDefault: true, description: null });
    expect((await desk.call('/api/v1/departments?from=1&limit=1')).body.data).toHaveLength(1);
    expect((await desk.call('/api/v1/departments?from=2')).body).toEqual({ data: [] });
    const one = await desk.call(`/api/v1/departments/${DESK_SALES_DEPARTMENT_ID}`);
    expect(one.body).toMatchObject({ id: DESK_SALES_DEPARTMENT_ID, name: 'Sales' });
  });
});

describe('contacts', () => {
  it('creates, gets and lists contacts in their shapes', async () => {
    const created = await desk.call('/api/v1/contacts', {
      method: 'POST',
      body: { lastName: 'Hopper', firstName: 'Grace', email: 'grace@example.com', cf: { cf_tier: 'gold' } },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      lastName: 'Hopper',
      firstName: 'Grace',
      email: 'grace@example.com',
      phone: null,
      accountId: null,
      isSpam: false,
      cf: { cf_tier: 'gold' },
    });
    expect(created.body.id).toMatch(DIGITS);
    expect(created.body.createdTime).toMatch(ISO_MS);
    // Links point at this emulator's inspector, never at the real desk.zoho.eu.
    expect(created.body.webUrl).toBe(`${emu.url}/?contact=${created.body.id}#desk`);
    expect((await desk.call(`/api/v1/contacts/${created.body.id}`)).body).toEqual(created.body);
    expect((await desk.call('/api/v1/contacts/1892000000099999')).status).toBe(404);

    await desk.call('/api/v1/contacts', { method: 'POST', body: { lastName: 'Allen', firstName: 'Frances' } });
    const names = async (query: string) =>
      (await desk.call(`/api/v1/contacts${query}`)).body.data.map((c: { lastName: string }) => c.lastName);
    expect(await names('')).toEqual(['Hopper', 'Allen']);
    expect(await names('?sortBy=lastName')).toEqual(['Allen', 'Hopper']);
    expect(await names('?sortBy=-lastName&limit=1')).toEqual(['Hopper']);
    expect((await desk.call('/api/v1/contacts?from=5')).body).toEqual({ data: [] });
  });

  it('answers 422 without lastName, with a bad email, and for an email another contact has', async () => {
    const create = (body: unknown) => desk.call('/api/v1/contacts', { method: 'POST', body });
    expect((await create({ firstName: 'Only' })).body).toEqual(
      validation([{ fieldName: '/lastName', errorType: 'missing' }]),
    );
    expect((await create({ lastName: 'X', email: 'x' })).body).toEqual(
      validation([{ fieldName: '/email', errorType: 'invalid' }]),
    );
    await create({ lastName: 'First', email: 'dup@example.com' });
    const duplicate = await create({ lastName: 'Second', email: 'DUP@example.com' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toEqual(validation([{ fieldName: '/email', errorType: 'duplicate' }]));
  });

  it('searches by email (GET /contacts/search?email=), 204 when none match', async () => {
    await desk.call('/api/v1/contacts', { method: 'POST', body: { lastName: 'Find', email: 'find.me@example.com' } });
    const found = await desk.call('/api/v1/contacts/search?email=find.me%40example.com&from=0&limit=100');
    expect(found.status).toBe(200);
    expect(found.body.data.map((c: { lastName: string }) => c.lastName)).toEqual(['Find']);
    const none = await desk.call('/api/v1/contacts/search?email=nobody%40example.com');
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
    expect((await desk.call('/api/v1/contacts/search?email=x&emails=y')).body.message).toBe(
      "Extra query parameter 'emails' is present in the input.",
    );
  });
});
