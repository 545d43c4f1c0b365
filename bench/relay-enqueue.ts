/**
 * Relay intake throughput (issue 11): `relay.enqueue` resolves only once the delivery is committed and synced
 * (WAL, synchronous=FULL). Judged against the simplest durable store of the same rows in the same run: a raw
 * better-sqlite3 loop with the same pragmas and the same table, one INSERT per row in its own transaction.
 * With 50 concurrent callers the relay's group commit shares one fsync among them; one sequential caller pays
 * one fsync per enqueue, like the raw loop, plus the relay's own work (validation, digest, the key lookup).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
// Sources through tsx, like bench/tenant.ts: the relay's cost here is SQLite's commit and sync, not JS calls.
import { createRelay, type Operation, type Relay, SqliteQueue } from '@zohokit/relay';
import Database from 'better-sqlite3';
import { Zoho } from 'zohokit';
import { interleave } from './interleave.js';
import type { BenchRow, BenchSection } from './report.js';

const CALLERS = 50;

let serial = 0;
/** A contact form's ticket, different every time (a distinct subject and key per row, as in production). */
function nextTicket(): { operation: Operation; key: string } {
  const n = ++serial;
  return {
    key: `form-${n}`,
    operation: {
      type: 'desk.ticket.create',
      input: {
        subject: `Contact form #${n}: where is my order?`,
        description: 'It was due on Monday and the tracking page has not changed since. Order #10482.',
        departmentId: DESK_SUPPORT_DEPARTMENT_ID,
        contact: { email: `customer${n}@example.com`, lastName: `Customer ${n}` },
      },
    },
  };
}

/** The baseline: the same table (made by SqliteQueue itself), the same pragmas, one row per transaction. */
async function rawStore(path: string): Promise<{ insert: () => void; close: () => void }> {
  await new SqliteQueue({ path }).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const statement = db.prepare(
    `INSERT INTO deliveries (id, idempotency_key, operation, product, input, payload_hash, state, created_at,
       updated_at, next_attempt_at, age_from)
     VALUES (@id, @idempotencyKey, @operation, @product, @input, @payloadHash, 'pending', @now, @now, @now, @now)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const one = db.transaction((row: Record<string, unknown>) => statement.run(row));
  return {
    insert() {
      const { operation, key } = nextTicket();
      const input = JSON.stringify(operation.input);
      one.immediate({
        id: randomUUID(),
        idempotencyKey: key,
        operation: operation.type,
        product: 'desk',
        input,
        payloadHash: createHash('sha256').update(input).digest('hex'),
        now: Date.now(),
      });
    },
    close: () => db.close(),
  };
}

async function enqueueOne(relay: Relay): Promise<void> {
  const { operation, key } = nextTicket();
  const result = await relay.enqueue(operation, { idempotencyKey: key });
  if (!result.created) throw new Error('enqueue found an existing delivery');
}

export async function relayEnqueue(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-bench-relay-'));
  // No worker runs: this measures intake alone. The client is never called.
  const zoho = new Zoho({ clientId: 'bench', clientSecret: 'bench', refreshToken: 'bench', desk: { orgId: '1' } });
  const relaySequential = createRelay({ zoho, queue: join(dir, 'relay-sequential.db') });
  const relayConcurrent = createRelay({ zoho, queue: join(dir, 'relay-concurrent.db') });
  const rawSequential = await rawStore(join(dir, 'raw-sequential.db'));
  const rawConcurrent = await rawStore(join(dir, 'raw-concurrent.db'));
  try {
    // One "call" of each case stores 50 rows: 50 callers enqueueing at once, or 50 raw transactions in a row.
    const concurrent = await interleave(
      {
        raw: async () => {
          for (let i = 0; i < CALLERS; i++) rawConcurrent.insert();
        },
        relay: async () => {
          await Promise.all(Array.from({ length: CALLERS }, () => enqueueOne(relayConcurrent)));
        },
      },
      { total: 40, rounds: 10, warmup: 2 },
    );
    const sequential = await interleave(
      {
        raw: async () => rawSequential.insert(),
        relay: () => enqueueOne(relaySequential),
      },
      { total: 400, rounds: 10, warmup: 20 },
    );
    const perSecond = (meanMs: number, rows: number) => `${Math.round((rows * 1000) / meanMs)} rows/s`;
    const info = (metric: string, value: string): BenchRow => ({ metric, value, target: 'info', pass: true });
    const ratio = (metric: string, value: number, target: number): BenchRow => ({
      metric,
      value: `${value.toFixed(2)}×`,
      target: `≥ ${target.toFixed(2)}×`,
      pass: value >= target,
    });
    const commits = (relayConcurrent.queue as SqliteQueue).commits();
    return {
      title: 'Relay enqueue throughput (durable intake)',
      method: `relay.enqueue (@zohokit/relay sources, SQLite WAL, synchronous=FULL, no worker) against a raw better-sqlite3 loop on the same table with the same pragmas, one INSERT per row in its own BEGIN IMMEDIATE transaction, each on its own file in the OS temporary folder. Concurrent: ${CALLERS} callers enqueue at once, 40 such batches per case; sequential: 400 enqueues one after another; 10 interleaved rounds each, ratios are medians of per-round ratios (relay rows/s ÷ raw rows/s).`,
      rows: [
        info(
          `raw loop, one row per transaction (beside the concurrent case)`,
          perSecond(concurrent.meanMs('raw'), CALLERS),
        ),
        info(`relay, ${CALLERS} concurrent callers`, perSecond(concurrent.meanMs('relay'), CALLERS)),
        info('raw loop, one row per transaction (beside the sequential case)', perSecond(sequential.meanMs('raw'), 1)),
        info('relay, one sequential caller', perSecond(sequential.meanMs('relay'), 1)),
        info(
          `relay commits for ${CALLERS} concurrent callers (group commit)`,
          `${commits} commits for ${(40 + 2) * CALLERS} enqueues`,
        ),
        ratio(`relay with ${CALLERS} concurrent callers / raw loop`, concurrent.ratio('raw', 'relay'), 1),
        ratio('relay with one sequential caller / raw loop', sequential.ratio('raw', 'relay'), 0.5),
      ],
    };
  } finally {
    await relaySequential.close();
    await relayConcurrent.close();
    rawSequential.close();
    rawConcurrent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
