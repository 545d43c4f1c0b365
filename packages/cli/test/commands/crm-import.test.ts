import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '@zohokit/emulator';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { type CliResult, collect, parseJson, spawnCli } from '../support/run-cli.js';
import { expectExit, startTenant, type Tenant } from '../support/tenant.js';

const CRM_SCOPES = ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'];
/** Nothing listens on port 9 (discard) on a test machine: connecting is refused at once. */
const CLOSED = 'http://127.0.0.1:9';

interface Report {
  module: string;
  operation: string;
  upsertOn: string[] | null;
  rows: number;
  toSend: number;
  inserted: number;
  updated: number;
  insertedThisRun: number;
  updatedThisRun: number;
  failed: { line: number; code: string; message: string; field: string | null }[];
  unknown: { line: number }[];
  idempotencyField: string;
  keyed: boolean;
  reconciled: number;
  reconciledThisRun: number;
  reconcilable: number;
  rejected: { line: number; reason: string }[];
  columns: { column: string; field: string }[];
  ignored: { column: string; reason: string }[];
  pending: number;
  calls: number;
  chunks: { total: number; sentThisRun: number };
  resumed: boolean;
  complete: boolean;
  interrupted: boolean;
  stoppedBy: { code: string; message: string; fix: string | null } | null;
}

let tenant: Tenant | undefined;
beforeAll(() => ensureBuilt(), 180_000);
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

async function crmTenant(emulator: Parameters<typeof startTenant>[0] = {}): Promise<Tenant> {
  tenant = await startTenant({ scopes: CRM_SCOPES, ...emulator });
  return tenant;
}

/**
 * A Leads export with Zoho's display names as headers (and one column that is no field), `count` rows from line
 * 2; `row(i)` may replace a row. Quoted commas and doubled quotes keep the parser honest.
 */
function leadsCsv(
  dir: string,
  name: string,
  count: number,
  row: (i: number, line: number) => string | undefined = () => undefined,
): string {
  const lines = ['First Name,Last Name,Email,Company,No. of Employees,notes'];
  for (let i = 1; i <= count; i++) {
    lines.push(row(i, i + 1) ?? `Ada ${i},"Lovelace, ${i}",lead${i}@example.com,"Analytical ""Engines""",${i},x`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

/** Write calls the emulator answered on one CRM route: insert is `POST …/:module`, upsert `POST …/:module/upsert`. */
async function writeCalls(t: Tenant, route: 'insert' | 'upsert'): Promise<number> {
  const suffix = route === 'insert' ? '/:module' : '/:module/upsert';
  const { requests } = await t.emulator.control.counters();
  return Object.entries(requests)
    .filter(([key]) => key.startsWith('POST /crm/') && key.endsWith(suffix))
    .reduce((n, [, outcomes]) => n + Object.values(outcomes).reduce((a, b) => a + b, 0), 0);
}

async function searchCalls(t: Tenant): Promise<number> {
  const { requests } = await t.emulator.control.counters();
  return Object.entries(requests)
    .filter(([key]) => key.startsWith('GET /crm/') && key.endsWith('/search'))
    .reduce((n, [, outcomes]) => n + Object.values(outcomes).reduce((a, b) => a + b, 0), 0);
}

async function leads(t: Tenant): Promise<Record<string, unknown>[]> {
  return (await t.emulator.control.crm.records('Leads')).map((r) => r.values);
}

/** Insert call `call` (1-based) of the next run loses its connection: after CRM stored it, or before it did. */
async function loseInsertAnswer(t: Tenant, call: number, when: 'after' | 'before'): Promise<void> {
  await t.emulator.control.queueFaults({
    method: 'POST',
    path: '/crm/v8/Leads',
    sequence: [...Array.from({ length: call - 1 }, () => ({ pass: true as const })), { reset: when }],
  });
}

function importArgs(csv: string, ...extra: string[]): string[] {
  return ['crm', 'import', csv, '--module', 'Leads', ...extra];
}

describe('zohokit crm import', () => {
  it('imports 250 rows with display-name headers into Leads in 3 calls; the column that is no field is named first', async () => {
    const t = await crmTenant();
    const csv = leadsCsv(t.home, 'leads.csv', 250);
    await t.emulator.control.resetCounters();
    const started = Date.now();
    const result = expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 0);
    const elapsedMs = Date.now() - started;
    const report = parseJson<Report>(result.stdout);
    expect(report).toMatchObject({
      module: 'Leads',
      operation: 'insert',
      rows: 250,
      toSend: 250,
      inserted: 250,
      failed: [],
      pending: 0,
      calls: 3,
      complete: true,
      resumed: false,
    });
    expect(report.columns).toEqual([
      { column: 'First Name', field: 'First_Name' },
      { column: 'Last Name', field: 'Last_Name' },
      { column: 'Email', field: 'Email' },
      { column: 'Company', field: 'Company' },
      { column: 'No. of Employees', field: 'No_of_Employees' },
    ]);
    expect(report.ignored).toEqual([{ column: 'notes', reason: 'no such field in Leads' }]);
    expect(result.stderr).toContain('not imported: notes (no such field in Leads)');
    expect(result.stderr).toContain('progress: 250/250 rows sent');
    expect(await writeCalls(t, 'insert')).toBe(3);

    const stored = await leads(t);
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((r) => r.Email)).size).toBe(250);
    expect(stored.find((r) => r.Email === 'lead7@example.com')).toMatchObject({
      First_Name: 'Ada 7',
      Last_Name: 'Lovelace, 7',
      Company: 'Analytical "Engines"',
      No_of_Employees: 7,
    });
    expect(elapsedMs).toBeLessThan(30_000);

    // The same command again sends nothing: the checkpoint says every row was answered.
    const again = expectExit(await t.cli(importArgs(csv)), 0);
    expect(again.stdout).toContain('Already imported');
    expect(await writeCalls(t, 'insert')).toBe(3);
    expect(await leads(t)).toHaveLength(250);
  }, 90_000);

  it('reports each row Zoho refused with its line, code and field (exit 1); the valid rows are inserted', async () => {
    const t = await crmTenant();
    const csv = leadsCsv(t.home, 'invalid.csv', 120, (i, line) => {
      if (line === 5) return `Nobody,,nobody${i}@example.com,Acme,1,x`;
      if (line === 50) return `Bad,Email,not-an-email,Acme,1,x`;
      if (line === 103) return `Ada,Count,ada${i}@example.com,Acme,lots,x`;
      if (line === 110) return `Too,Many,many${i}@example.com,Acme,1,x,extra`;
      return undefined;
    });
    await t.emulator.control.resetCounters();
    const result = expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 1);
    const report = parseJson<Report>(result.stdout);
    expect(report).toMatchObject({ rows: 120, toSend: 119, inserted: 116, pending: 0, complete: true, calls: 2 });
    expect(report.failed).toEqual([
      { line: 5, code: 'MANDATORY_NOT_FOUND', message: 'required field not found', field: 'Last_Name' },
      { line: 50, code: 'INVALID_DATA', message: 'invalid data', field: 'Email' },
      { line: 103, code: 'INVALID_DATA', message: 'invalid data', field: 'No_of_Employees' },
    ]);
    expect(report.rejected.map((r) => r.line)).toEqual([110]);
    expect(report.rejected[0]?.reason).toContain('7 fields where the header has 6');
    const stored = await leads(t);
    expect(stored).toHaveLength(116);
    expect(stored.some((r) => r.Email === 'not-an-email')).toBe(false);

    // The human report names the same lines; a second run sends nothing and still exits 1.
    const human = expectExit(await t.cli(importArgs(csv)), 1);
    expect(human.stdout).toContain('Already imported');
    expect(human.stdout).toContain('line 5: MANDATORY_NOT_FOUND required field not found (Last_Name)');
    expect(human.stdout).toContain('line 50: INVALID_DATA invalid data (Email)');
    expect(human.stdout).toContain('line 110: has 7 fields where the header has 6');
    expect(await writeCalls(t, 'insert')).toBe(2);
  }, 90_000);

  it('--upsert-on Email twice: the second run updates the 150 records and inserts the one new row, no duplicates', async () => {
    const t = await crmTenant();
    const csv = leadsCsv(t.home, 'upsert.csv', 150);
    const first = parseJson<Report>(
      expectExit(await t.cli(importArgs(csv, '--upsert-on', 'email', '--json'), {}, { timeoutMs: 60_000 }), 0).stdout,
    );
    expect(first).toMatchObject({ operation: 'upsert', upsertOn: ['Email'], inserted: 150, updated: 0, calls: 2 });

    // A new version of the file: every company changed, one more row. Its checkpoint is another file's.
    leadsCsv(t.home, 'upsert.csv', 151, (i) => `Ada ${i},Lovelace ${i},lead${i}@example.com,Babbage & Co,${i},y`);
    const refused = expectExit(await t.cli(importArgs(csv, '--upsert-on', 'Email')), 2);
    expect(refused.stderr).toContain('checkpoint_mismatch');
    expect(refused.stderr).toContain('rows already in Leads are updated by Email, not inserted again');
    await t.emulator.control.resetCounters();
    const second = parseJson<Report>(
      expectExit(
        await t.cli(importArgs(csv, '--upsert-on', 'Email', '--restart', '--json'), {}, { timeoutMs: 60_000 }),
        0,
      ).stdout,
    );
    expect(second).toMatchObject({ inserted: 1, updated: 150, updatedThisRun: 150, failed: [], calls: 2 });
    expect(await writeCalls(t, 'upsert')).toBe(2);
    const stored = await leads(t);
    expect(stored).toHaveLength(151);
    expect(new Set(stored.map((r) => r.Email)).size).toBe(151);
    expect(stored.every((r) => r.Company === 'Babbage & Co')).toBe(true);
  }, 90_000);

  it('Ctrl-C finishes the calls in flight and exits 130; the same command inserts the rest, each row once', async () => {
    const t = await crmTenant({ emulator: { latencyMs: 150 } });
    const csv = leadsCsv(t.home, 'interrupted.csv', 1000);
    const checkpointFile = `${csv}.zohokit-crm-import.json`;
    await t.emulator.control.resetCounters();
    const args = importArgs(csv, '--json');
    const child = spawnCli(args, t.env);
    const done = collect(child, args, { timeoutMs: 60_000 });
    await until(() => answered(checkpointFile) >= 2);
    child.kill('SIGINT');
    const first = parseJson<Report>(expectExit(await done, 130).stdout);
    expect(first).toMatchObject({ interrupted: true, complete: false, stoppedBy: null });
    expect(first.inserted).toBeGreaterThanOrEqual(200);
    expect(first.inserted).toBeLessThan(1000);
    expect(first.pending).toBe(1000 - first.inserted);
    expect(await leads(t)).toHaveLength(first.inserted);
    expect(await writeCalls(t, 'insert')).toBe(first.inserted / 100);

    const resumed = parseJson<Report>(expectExit(await t.cli(args, {}, { timeoutMs: 60_000 }), 0).stdout);
    expect(resumed).toMatchObject({ inserted: 1000, complete: true, resumed: true, pending: 0 });
    expect(resumed.insertedThisRun).toBe(1000 - first.inserted);
    expect(await writeCalls(t, 'insert')).toBe(10);
    const stored = await leads(t);
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((r) => r.Email)).size).toBe(1000);
  }, 90_000);

  it('the emulator stopped mid-run: stops at the refused connection naming the host (exit 1); resumes once it is back', async () => {
    const stateFile = join(mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'zohokit-crm-import-')), 'state.json');
    const t = await crmTenant({ emulator: { latencyMs: 150, stateFile } });
    const { port } = t.emulator;
    const csv = leadsCsv(t.home, 'stopped.csv', 1000);
    const checkpointFile = `${csv}.zohokit-crm-import.json`;
    const args = importArgs(csv, '--upsert-on', 'Email', '--json');
    const child = spawnCli(args, t.env);
    const done = collect(child, args, { timeoutMs: 60_000 });
    await until(() => answered(checkpointFile) >= 2);
    await t.emulator.close();
    const first = parseJson<Report>(expectExit(await done, 1).stdout);
    expect(first.stoppedBy).toMatchObject({ code: 'refused' });
    expect(first.stoppedBy?.message).toContain(
      `cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
    );
    expect(first).toMatchObject({ complete: false, unknown: [], failed: [] });
    expect(first.pending).toBeGreaterThan(0);

    // The same emulator back on the same port, from its state file: the resumed run sends only what is pending.
    const back = await startEmulator({ port, stateFile });
    try {
      const resumed = parseJson<Report>(
        expectExit(await t.cli(args, { ZOHO_API_URL: back.url }, { timeoutMs: 60_000 }), 0).stdout,
      );
      expect(resumed).toMatchObject({ complete: true, resumed: true, pending: 0, failed: [] });
      expect(resumed.calls).toBe(Math.ceil(first.pending / 100));
      const stored = (await back.control.crm.records('Leads')).map((r) => r.values);
      expect(stored).toHaveLength(1000);
      expect(new Set(stored.map((r) => r.Email)).size).toBe(1000);
    } finally {
      await back.close();
    }
  }, 90_000);

  it('without a zohokit_key field, a call whose answer is lost (reset after CRM took it) is reported by line and never sent again', async () => {
    const t = await crmTenant();
    // A fresh emulator's Leads has no zohokit_key (report.keyed says so): rows go without keys, as into such an org.
    const csv = leadsCsv(t.home, 'lost.csv', 500);
    // The third insert call is taken by CRM, then its connection drops before the answer: the outcome is unknown.
    await loseInsertAnswer(t, 3, 'after');
    await t.emulator.control.resetCounters();
    const first = parseJson<Report>(
      expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 1).stdout,
    );
    expect(first).toMatchObject({ inserted: 400, failed: [], pending: 0, complete: true, stoppedBy: null });
    const lines = first.unknown.map((u) => u.line);
    expect(lines).toHaveLength(100);
    // One whole call: 100 consecutive lines starting at a call's first row.
    expect((lines[0] as number) % 100).toBe(2);
    expect(lines).toEqual(Array.from({ length: 100 }, (_, i) => (lines[0] as number) + i));
    expect(first.unknown[0]).toMatchObject({ code: 'reset' });
    expect(first).toMatchObject({ keyed: false, reconcilable: 0, reconciled: 0, idempotencyField: 'zohokit_key' });
    expect(await writeCalls(t, 'insert')).toBe(5);
    // CRM holds all 500 (the lost call took effect); sending it again would insert 100 twice.
    expect(await leads(t)).toHaveLength(500);

    const again = expectExit(await t.cli(importArgs(csv), {}, { timeoutMs: 60_000 }), 1);
    expect(again.stdout).toContain(`100 row(s) may or may not be in CRM`);
    expect(again.stdout).toContain(`lines ${lines[0]}–${lines[99]}`);
    expect(again.stdout).toContain('a text field zohokit_key in Leads');
    expect(again.stdout).not.toContain('reconciled:');
    expect(await writeCalls(t, 'insert')).toBe(5);
    const stored = await leads(t);
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((r) => r.Email)).size).toBe(500);
  }, 90_000);

  it('with a zohokit_key field, a lost answer is reconciled on resume: one search, nothing inserted twice (exit 0)', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.addField({ module: 'Leads', api_name: 'zohokit_key', data_type: 'text' });
    const csv = leadsCsv(t.home, 'keyed.csv', 500);
    await loseInsertAnswer(t, 3, 'after');
    await t.emulator.control.resetCounters();
    const first = parseJson<Report>(
      expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 1).stdout,
    );
    expect(first).toMatchObject({ keyed: true, inserted: 400, reconcilable: 100, reconciled: 0, complete: true });
    expect(first.unknown).toHaveLength(100);
    expect(await writeCalls(t, 'insert')).toBe(5);
    expect(await leads(t)).toHaveLength(500);

    const resumed = expectExit(await t.cli(importArgs(csv), {}, { timeoutMs: 60_000 }), 0);
    expect(resumed.stdout).toContain(
      'reconciled: 100 row(s) of a call whose answer was lost were found in CRM by their zohokit_key',
    );
    expect(resumed.stdout).not.toContain('may or may not be in CRM');
    // Found by key, so not sent again: still the first run's 5 insert calls, and one search for the 100 keys.
    expect(await writeCalls(t, 'insert')).toBe(5);
    expect(await searchCalls(t)).toBe(1);
    const stored = await leads(t);
    expect(stored).toHaveLength(500);
    const keys = stored.map((r) => r.zohokit_key);
    expect(new Set(keys).size).toBe(500);
    expect(keys.every((k) => typeof k === 'string' && /^crm-import\.[0-9a-f]{32}\.\d+$/.test(k))).toBe(true);

    const again = parseJson<Report>(expectExit(await t.cli(importArgs(csv, '--json')), 0).stdout);
    expect(again).toMatchObject({ inserted: 500, reconciled: 100, reconciledThisRun: 0, unknown: [], calls: 0 });
  }, 90_000);

  it('with a zohokit_key field, a call lost before CRM took it is inserted on resume, once', async () => {
    const t = await crmTenant();
    await t.emulator.control.crm.addField({ module: 'Leads', api_name: 'zohokit_key', data_type: 'text' });
    const csv = leadsCsv(t.home, 'keyed-before.csv', 250);
    await loseInsertAnswer(t, 2, 'before');
    const first = parseJson<Report>(
      expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 1).stdout,
    );
    // The three calls (100, 100 and 50 rows) run concurrently: the second to reach CRM may be either size.
    const lost = first.reconcilable;
    expect([50, 100]).toContain(lost);
    expect(first).toMatchObject({ inserted: 250 - lost });
    expect(first.unknown).toHaveLength(lost);
    expect(await leads(t)).toHaveLength(250 - lost);
    await t.emulator.control.resetCounters();
    const resumed = parseJson<Report>(
      expectExit(await t.cli(importArgs(csv, '--json'), {}, { timeoutMs: 60_000 }), 0).stdout,
    );
    expect(resumed).toMatchObject({
      inserted: 250,
      insertedThisRun: lost,
      reconciledThisRun: 0,
      unknown: [],
      calls: 1,
    });
    expect(await writeCalls(t, 'insert')).toBe(1);
    const stored = await leads(t);
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((r) => r.Email)).size).toBe(250);
    expect(new Set(stored.map((r) => r.zohokit_key)).size).toBe(250);
  }, 90_000);

  it('bad usage exits 2 before any write: unknown module, --upsert-on not a column, unreadable file', async () => {
    const t = await crmTenant();
    const csv = leadsCsv(t.home, 'usage.csv', 3);
    await t.emulator.control.resetCounters();
    const cases: [string[], string][] = [
      [['crm', 'import', csv, '--module', 'Leeds'], "'zohokit crm modules'"],
      [importArgs(csv, '--upsert-on', 'Phone'), 'Phone is not a column of'],
      [importArgs(csv, '--upsert-on', 'Nope'), '--upsert-on Nope: Leads has no such field'],
      [importArgs(join(t.home, 'missing.csv')), 'cannot read'],
      [importArgs(t.home), 'cannot read'],
      [['crm', 'import', csv], "required option '--module <module>'"],
    ];
    for (const [args, text] of cases) {
      const result: CliResult = expectExit(await t.cli(args), 2);
      expect(result.stderr).toContain(text);
    }
    expect(await writeCalls(t, 'insert')).toBe(0);
    expect(await writeCalls(t, 'upsert')).toBe(0);

    // Nothing listening: the first call is refused, and the report names the host.
    const down = expectExit(await t.cli(importArgs(csv), { ZOHO_API_URL: CLOSED }, { timeoutMs: 40_000 }), 1);
    expect(down.stderr).toContain('cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED)');
  }, 90_000);
});

/** Chunks of the checkpoint Zoho answered so far (0 while there is no checkpoint). */
function answered(checkpointFile: string): number {
  try {
    return (JSON.parse(readFileSync(checkpointFile, 'utf8')).chunks.match(/D/g) ?? []).length;
  } catch {
    return 0;
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the import to get going');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
