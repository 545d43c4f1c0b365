import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorHandle } from '@zohokit/emulator';
import { DESK_FOREIGN_ORG_ID, DESK_ORG_ID, startEmulator } from '@zohokit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deskSession } from '../support/desk.js';
import { refresh, selfClientTokens, sleep } from '../support/helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zohokit-emulator-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('seed and control routes', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('seeds two orgs (the user in one) and two departments, and nothing else', async () => {
    const overview = await emu.control.desk.overview();
    expect(overview.orgId).toBe(DESK_ORG_ID);
    expect(overview.foreignOrgId).toBe(DESK_FOREIGN_ORG_ID);
    expect(overview.orgs.map((o) => [o.id, o.userIds, o.concurrency, o.inFlight])).toEqual([
      [DESK_ORG_ID, ['10000001'], 10, 0],
      [DESK_FOREIGN_ORG_ID, [], 10, 0],
    ]);
    expect(overview.departments.map((d) => [d.name, d.orgId, d.isDefault])).toEqual([
      ['Support', DESK_ORG_ID, true],
      ['Sales', DESK_ORG_ID, false],
    ]);
    expect(await emu.control.desk.tickets()).toEqual([]);
    expect(await emu.control.desk.contacts()).toEqual([]);
  });

  it('seeds tickets all or nothing, and reset reseeds', async () => {
    const overview = await emu.control.desk.overview();
    const sales = overview.departments.find((d) => d.name === 'Sales')!.id;
    const seeded = await emu.control.desk.seedTickets([
      { subject: 'One', departmentId: sales, cf: { cf_source: 'seed' } },
      { contact: { email: 'two@example.com' } },
    ]);
    expect(seeded.map((t) => [t.ticketNumber, t.subject, t.orgId, t.trashedTime])).toEqual([
      ['101', 'One', DESK_ORG_ID, null],
      ['102', 'Ticket 2', DESK_ORG_ID, null],
    ]);
    expect(seeded[0]).toMatchObject({ departmentId: sales, cf: { cf_source: 'seed' } });
    expect((await emu.control.desk.contacts()).map((c) => c.email)).toEqual([
      'customer@zohokit.test',
      'two@example.com',
    ]);

    await expect(emu.control.desk.seedTickets([{ subject: 'ok' }, { departmentId: '1' }])).rejects.toThrow(
      "[1] /departmentId: No department with id '1'.",
    );
    await expect(emu.control.desk.seedTickets({ count: 1, orgId: '9' })).rejects.toThrow("no Desk org '9'");
    expect(await emu.control.desk.tickets()).toHaveLength(2);

    await emu.control.reset();
    expect(await emu.control.desk.tickets()).toEqual([]);
    expect(await emu.control.desk.contacts()).toEqual([]);
    expect((await emu.control.desk.overview()).departments).toHaveLength(2);
    const again = await emu.control.desk.seedTickets({ count: 1 });
    expect(again[0]?.ticketNumber).toBe('101');
  });
});

describe('the state file', () => {
  const handles: EmulatorHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });
  const start = async (stateFile: string) => {
    const emu = await startEmulator({ stateFile });
    handles.push(emu);
    return emu;
  };

  it('keeps clients, tokens and Desk data across a restart', async () => {
    const file = join(dir, 'nested', 'state.json');
    const first = await start(file);
    const { client, refreshToken } = await selfClientTokens(first, 'Desk.tickets.ALL,Desk.basic.READ');
    const desk = await deskSession(first);
    const created = await desk.call('/api/v1/tickets', {
      method: 'POST',
      body: { subject: 'Survives', departmentId: desk.supportId, contact: { email: 's@example.com' } },
    });
    // Whatever another product keeps in the state is saved too.
    const list = await first.control.campaigns.createList({ name: 'Persisted' });
    await first.close();

    const text = await readFile(file, 'utf8');
    expect(text).toContain('Survives');
    expect(JSON.parse(text)).toMatchObject({ format: 'zohokit-emulator-state', version: 1 });
    expect(JSON.parse(text).state).not.toHaveProperty('counters');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = await start(file);
    const refreshed = await refresh(second, client, refreshToken);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
    const accessToken = refreshed.body.access_token as string;
    const reply = await fetch(`${second.url}/api/v1/tickets/${created.body.id}`, {
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}`, orgId: DESK_ORG_ID },
    });
    expect(reply.status).toBe(200);
    // The same ticket; only its link moves to the new emulator's URL (a restart gets a new port).
    expect(await reply.json()).toEqual({ ...created.body, webUrl: `${second.url}/?ticket=${created.body.id}#desk` });
    // The sequence continues where it stopped.
    const [next] = await second.control.desk.seedTickets({ count: 1 });
    expect(next?.ticketNumber).toBe('102');
    expect((await second.control.counters()).tokenCalls.refresh_token).toBe(1);
    const lists = (await second.control.campaigns.snapshot()).lists;
    expect(lists.find((l) => l.listKey === list.listKey)?.name).toBe('Persisted');
  });

  it('saves shortly after a change, without waiting for close', async () => {
    const file = join(dir, 'debounced.json');
    const emu = await start(file);
    await emu.control.desk.seedTickets({ count: 2 });
    await sleep(300);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(saved.state.desk.tickets)).toHaveLength(2);
  });

  it('refuses a file that is not an emulator state file', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"hello":');
    await expect(startEmulator({ stateFile: file })).rejects.toThrow('is not valid JSON');
    await writeFile(file, '{"hello":"world"}');
    await expect(startEmulator({ stateFile: file })).rejects.toThrow('is not an emulator state file');
  });
});
