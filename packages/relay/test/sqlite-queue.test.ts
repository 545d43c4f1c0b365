import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteQueue } from '../src/index.js';
import { newDelivery, queueSuite } from './support/queue-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'zohokit-relay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

queueSuite('SqliteQueue', async () => {
  const path = join(dir, `q${++files}.db`);
  return { queue: new SqliteQueue({ path }), reopen: async () => new SqliteQueue({ path }) };
});

describe('SqliteQueue: the file', () => {
  it('is WAL with synchronous=FULL by default, NORMAL when asked', async () => {
    const path = join(dir, 'pragmas.db');
    const queue = new SqliteQueue({ path });
    await queue.add(newDelivery());
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(queue.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    const normal = new SqliteQueue({ path, synchronous: 'NORMAL' });
    expect(normal.pragmas().synchronous).toBe(1);
    await normal.close();
    await queue.close();
  });

  it('commits concurrent adds in one transaction (group commit)', async () => {
    const queue = new SqliteQueue({ path: join(dir, 'group.db') });
    const before = queue.commits();
    await Promise.all(Array.from({ length: 50 }, () => queue.add(newDelivery())));
    expect(queue.commits() - before).toBe(1);
    await queue.add(newDelivery());
    expect(queue.commits() - before).toBe(2);
    await queue.close();
  });
});
