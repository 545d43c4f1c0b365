import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGNS_SEED_LISTS } from '@zohokit/emulator';
import { describe, expect, it } from 'vitest';
import { BULK_CONCURRENCY } from 'zohokit';
import { collect, parseJson, spawnCli } from '../support/run-cli.js';
import { expectExit, startTenant, type Tenant, useTenant } from '../support/tenant.js';

const NEWSLETTER = CAMPAIGNS_SEED_LISTS.immediate.listKey;
const DOUBLE_OPT_IN = CAMPAIGNS_SEED_LISTS.doubleOptIn.listKey;

let t: Tenant;

useTenant((tenant) => {
  t = tenant;
});

/**
 * 2,500 data rows, three of them bad: an invalid address (line 18), no address (line 843), and a row with an
 * unquoted comma (line 2002). Quoted fields with commas, doubled quotes and CRLF line ends keep the parser honest.
 */
function contactsCsv(dir: string, name = 'contacts.csv'): string {
  const lines = ['email,first name,note'];
  for (let i = 1; i <= 2500; i++) {
    const line = i + 1;
    if (line === 18) lines.push('not-an-email,Bad,row');
    else if (line === 843) lines.push(',Nobody,"no address, at all"');
    else if (line === 2002) lines.push(`user${i}@example.com,Too,many,fields`);
    else lines.push(`user${i}@example.com,"First ${i}","said ""hi"", then left"`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

interface Report {
  rows: number;
  valid: number;
  added: number;
  addedThisRun: number;
  rejected: { line: number; reason: string }[];
  pending: number;
  complete: boolean;
  resumed: boolean;
  interrupted: boolean;
  stoppedBy: { code: string } | null;
  chunks: { total: number; sentThisRun: number };
}

function bulkCalls(counters: { requests: Record<string, Record<string, number>> }): number {
  return Object.entries(counters.requests)
    .filter(([route]) => route.includes('addlistsubscribersinbulk'))
    .reduce((n, [, outcomes]) => n + Object.values(outcomes).reduce((a, b) => a + b, 0), 0);
}

describe('zohokit campaigns', () => {
  it('lists', async () => {
    const lists = parseJson<{ listkey: string }[]>(expectExit(await t.cli(['campaigns', 'lists', '--json']), 0).stdout);
    expect(lists.map((l) => l.listkey)).toEqual(expect.arrayContaining([NEWSLETTER, DOUBLE_OPT_IN]));
    expect(expectExit(await t.cli(['campaigns', 'lists']), 0).stdout).toMatch(/^LIST KEY +NAME +CONTACTS/m);
  });

  it('subscribe (double opt-in → pending), subscribers, unsubscribe', async () => {
    const sub = parseJson<{ status: string }>(
      expectExit(
        await t.cli([
          'campaigns',
          'subscribe',
          '--list-key',
          DOUBLE_OPT_IN,
          '--email',
          'ada@example.com',
          '--first-name',
          'Ada',
          '--field',
          'Company Name=Analytical',
          '--json',
        ]),
        0,
      ).stdout,
    );
    expect(sub).toMatchObject({ status: 'pending_confirmation', email: 'ada@example.com', listKey: DOUBLE_OPT_IN });
    const now = parseJson<{ status: string }>(
      expectExit(
        await t.cli(['campaigns', 'subscribe', '--list-key', NEWSLETTER, '--email', 'bob@example.com', '--json']),
        0,
      ).stdout,
    );
    expect(now.status).toBe('subscribed');
    const active = parseJson<{ contact_email: string }[]>(
      expectExit(await t.cli(['campaigns', 'subscribers', '--list-key', NEWSLETTER, '--json']), 0).stdout,
    );
    expect(active.map((s) => s.contact_email)).toContain('bob@example.com');
    expectExit(await t.cli(['campaigns', 'unsubscribe', '--list-key', NEWSLETTER, '--email', 'bob@example.com']), 0);
    const unsub = parseJson<{ contact_email: string }[]>(
      expectExit(await t.cli(['campaigns', 'subscribers', '--list-key', NEWSLETTER, '--status', 'unsub', '--json']), 0)
        .stdout,
    );
    expect(unsub.map((s) => s.contact_email)).toContain('bob@example.com');
  });

  it("errors: an invalid address is caught before sending (exit 2); an unknown list is Zoho's 2501 (exit 1)", async () => {
    expectExit(await t.cli(['campaigns', 'subscribe', '--list-key', NEWSLETTER, '--email', 'nope']), 2);
    expectExit(await t.cli(['campaigns', 'subscribe', '--email', 'a@example.com']), 2);
    const unknown = expectExit(
      await t.cli([
        'campaigns',
        'subscribe',
        '--list-key',
        'ffffffffffffffffffffffffffffffff',
        '--email',
        'a@example.com',
      ]),
      1,
    );
    expect(unknown.stderr).toContain('code: 2501');
    expect(unknown.stderr).toContain('fix:');
  });
});

describe('zohokit campaigns import', () => {
  it('imports 2,500 rows with 3 bad ones: 2,497 added in 250 bulk calls, each bad row reported by line', async () => {
    const listKey = (await t.emulator.control.campaigns.createList({ name: 'Import' })).listKey;
    const csv = contactsCsv(t.home);
    await t.emulator.control.resetCounters();
    const result = expectExit(
      await t.cli(['campaigns', 'import', csv, '--list-key', listKey, '--json'], {}, { timeoutMs: 60_000 }),
      0,
    );
    const report = parseJson<Report>(result.stdout);
    expect(report).toMatchObject({ rows: 2500, valid: 2497, added: 2497, pending: 0, complete: true, resumed: false });
    expect(report.rejected.map((r) => r.line)).toEqual([18, 843, 2002]);
    expect(report.rejected[0]?.reason).toContain('not a valid email');
    expect(report.rejected[1]?.reason).toContain('no email');
    expect(report.rejected[2]?.reason).toContain('4 fields');
    expect(report.chunks).toMatchObject({ total: 250, sentThisRun: 250 });
    expect(bulkCalls(await t.emulator.control.counters())).toBe(250);
    const contacts = await t.emulator.control.campaigns.subscribers(listKey);
    expect(contacts).toHaveLength(2497);
    expect(new Set(contacts.map((c) => c.email)).size).toBe(2497);

    // Human output names the lines too, and a second run sends nothing.
    const again = expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', listKey]), 0);
    expect(again.stdout).toContain('Already imported');
    expect(bulkCalls(await t.emulator.control.counters())).toBe(250);
  }, 90_000);

  it('--strict sends nothing when a row is bad (exit 2); human output lists the lines', async () => {
    const csv = contactsCsv(t.home, 'strict.csv');
    await t.emulator.control.resetCounters();
    const result = expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER, '--strict']), 2);
    expect(result.stdout).toContain('line 18: is not a valid email address');
    expect(result.stdout).toContain('line 843: has no email address');
    expect(bulkCalls(await t.emulator.control.counters())).toBe(0);
  });

  it('a checkpoint of another list is refused (exit 2) unless --restart', async () => {
    const csv = join(t.home, 'small.csv');
    writeFileSync(csv, 'email\nx1@example.com\nx2@example.com\n');
    expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', NEWSLETTER]), 0);
    const other = expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', DOUBLE_OPT_IN]), 2);
    expect(other.stderr).toContain('checkpoint_mismatch');
    expectExit(await t.cli(['campaigns', 'import', csv, '--list-key', DOUBLE_OPT_IN, '--restart']), 0);
  });
});

describe('zohokit campaigns import: interrupted runs resume without duplicates', () => {
  it('a lock-out (2101) stops the run with exit 4 and the checkpoint; the same command resumes', async () => {
    const limited = await startTenant({
      emulator: { campaigns: { limits: { addlistsubscribersinbulk: { max: 100, windowMs: 60_000 } } } },
    });
    try {
      const listKey = (await limited.emulator.control.campaigns.createList({ name: 'Locked' })).listKey;
      const csv = contactsCsv(limited.home);
      await limited.emulator.control.resetCounters();
      const first = expectExit(
        await limited.cli(['campaigns', 'import', csv, '--list-key', listKey, '--json'], {}, { timeoutMs: 60_000 }),
        4,
      );
      const stopped = parseJson<Report>(first.stdout);
      expect(stopped).toMatchObject({ added: 1000, complete: false, stoppedBy: { code: '2101' } });
      const checkpoint = JSON.parse(readFileSync(`${csv}.zohokit-import.json`, 'utf8'));
      expect(checkpoint.chunks).toBe(`${'A'.repeat(100)}${'.'.repeat(150)}`);

      await limited.emulator.control.campaigns.clearLocks();
      const second = expectExit(
        await limited.cli(['campaigns', 'import', csv, '--list-key', listKey, '--json'], {}, { timeoutMs: 60_000 }),
        4,
      );
      expect(parseJson<Report>(second.stdout)).toMatchObject({ added: 2000, addedThisRun: 1000, resumed: true });
      await limited.emulator.control.campaigns.clearLocks();
      const third = parseJson<Report>(
        expectExit(
          await limited.cli(['campaigns', 'import', csv, '--list-key', listKey, '--json'], {}, { timeoutMs: 60_000 }),
          0,
        ).stdout,
      );
      expect(third).toMatchObject({ added: 2497, addedThisRun: 497, complete: true });

      // 250 chunks each sent once, plus the calls the lock-out answered: at least one per lock, and at most the
      // BULK_CONCURRENCY chunks in flight when it began (bulkAdd starts no chunk after it).
      const calls = bulkCalls(await limited.emulator.control.counters());
      expect(calls).toBeGreaterThanOrEqual(252);
      expect(calls).toBeLessThanOrEqual(250 + 2 * BULK_CONCURRENCY);
      const contacts = await limited.emulator.control.campaigns.subscribers(listKey);
      expect(contacts).toHaveLength(2497);
    } finally {
      await limited.close();
    }
  }, 120_000);

  it('Ctrl-C finishes the call in flight, saves the checkpoint and exits 130; the next run sends each chunk once', async () => {
    const slow = await startTenant({ emulator: { latencyMs: 15 } });
    try {
      const listKey = (await slow.emulator.control.campaigns.createList({ name: 'Interrupted' })).listKey;
      const csv = contactsCsv(slow.home);
      const checkpointFile = `${csv}.zohokit-import.json`;
      await slow.emulator.control.resetCounters();
      const args = ['campaigns', 'import', csv, '--list-key', listKey, '--json'];
      const child = spawnCli(args, slow.env);
      const done = collect(child, args, { timeoutMs: 60_000 });
      // Interrupt once a few dozen chunks are through.
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        let chunks = '';
        try {
          chunks = JSON.parse(readFileSync(checkpointFile, 'utf8')).chunks;
        } catch {}
        if ((chunks.match(/A/g)?.length ?? 0) >= 30) break;
      }
      child.kill('SIGINT');
      const first = expectExit(await done, 130);
      const report = parseJson<Report>(first.stdout);
      expect(report.interrupted).toBe(true);
      expect(report.complete).toBe(false);
      expect(report.added).toBeGreaterThanOrEqual(300);
      expect(report.added).toBeLessThan(2497);
      expect(bulkCalls(await slow.emulator.control.counters())).toBe(report.added / 10);

      const resumed = parseJson<Report>(
        expectExit(
          await slow.cli(['campaigns', 'import', csv, '--list-key', listKey, '--json'], {}, { timeoutMs: 60_000 }),
          0,
        ).stdout,
      );
      expect(resumed).toMatchObject({ added: 2497, complete: true, resumed: true });
      expect(resumed.addedThisRun).toBe(2497 - report.added);
      expect(bulkCalls(await slow.emulator.control.counters())).toBe(250);
      expect(await slow.emulator.control.campaigns.subscribers(listKey)).toHaveLength(2497);
    } finally {
      await slow.close();
    }
  }, 120_000);
});
