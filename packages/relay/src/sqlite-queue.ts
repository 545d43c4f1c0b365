/**
 * The embedded default queue: one SQLite file in WAL mode (better-sqlite3).
 *
 * Durability: `synchronous=FULL` by default. WAL with NORMAL (better-sqlite3's build default) survives a
 * process crash but can lose the last commits on power loss; FULL syncs the WAL on every commit. Many
 * concurrent enqueues share one commit (group commit), so durability does not cost one fsync per caller.
 * Leases are taken in `BEGIN IMMEDIATE` transactions (one writer at a time, across processes) and carry a
 * fencing token: a worker whose lease expired cannot settle a delivery another worker has since taken.
 */

import Database from 'better-sqlite3';
import type { ZohoProduct } from 'zohokit';
import type { Delivery, DeliveryState, Lease, Settlement } from './delivery.js';
import { DELIVERY_STATES } from './delivery.js';
import type {
  AddResult,
  DeliveryFilter,
  LeaseOptions,
  NewDelivery,
  QueueControl,
  QueueCounts,
  RelayQueue,
} from './queue.js';

export interface SqliteQueueOptions {
  /** The database file (created if missing), or `:memory:` for tests. */
  path: string;
  /** `FULL` (default) survives power loss; `NORMAL` survives a process crash only, and commits faster. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's transaction, in ms. */
  busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  operation TEXT NOT NULL,
  product TEXT NOT NULL,
  input TEXT NOT NULL,
  payload_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  fence INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  age_from INTEGER NOT NULL,
  lease_expires_at INTEGER,
  last_outcome TEXT,
  maybe_sent INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  result TEXT,
  delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_created ON deliveries (created_at);
CREATE TABLE IF NOT EXISTS relay_control (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

interface Row {
  id: string;
  idempotency_key: string;
  operation: string;
  product: string;
  input: string;
  payload_hash: string;
  state: string;
  attempts: number;
  fence: number;
  created_at: number;
  updated_at: number;
  next_attempt_at: number;
  age_from: number;
  lease_expires_at: number | null;
  last_outcome: string | null;
  maybe_sent: number;
  last_error: string | null;
  result: string | null;
  delivered_at: number | null;
}

/** Every fixed statement, prepared once per connection: the worker runs control, lease and settle on each look. */
const STATEMENTS = {
  insert: `INSERT INTO deliveries (id, idempotency_key, operation, product, input, payload_hash, state, created_at,
      updated_at, next_attempt_at, age_from)
    VALUES (@id, @idempotencyKey, @operation, @product, @input, @payloadHash, 'pending', @now, @now, @now, @now)
    ON CONFLICT (idempotency_key) DO NOTHING`,
  byKey: 'SELECT * FROM deliveries WHERE idempotency_key = ?',
  byId: 'SELECT * FROM deliveries WHERE id = ?',
  due: `SELECT id FROM deliveries
    WHERE ((state = 'pending' AND next_attempt_at <= @now) OR (state = 'in_flight' AND lease_expires_at <= @now))
      AND product NOT IN (SELECT value FROM json_each(@skip))
      AND (@only IS NULL OR product IN (SELECT value FROM json_each(@only)))
    ORDER BY next_attempt_at LIMIT @limit`,
  // A delivery taken back from a dead worker may have reached Zoho: from now on it reconciles first.
  take: `UPDATE deliveries SET
      maybe_sent = CASE WHEN state = 'in_flight' THEN 1 ELSE maybe_sent END,
      state = 'in_flight', fence = fence + 1, attempts = attempts + 1, lease_expires_at = @until, updated_at = @now
    WHERE id = @id RETURNING *`,
  extend: `UPDATE deliveries SET lease_expires_at = ? WHERE id = ? AND fence = ? AND state = 'in_flight'`,
  settle: `UPDATE deliveries SET state = @state, lease_expires_at = NULL, updated_at = @now,
      next_attempt_at = COALESCE(@next, next_attempt_at), last_outcome = @outcome, last_error = @error,
      maybe_sent = MAX(maybe_sent, COALESCE(@outcome = 'ambiguous', 0)),
      result = @result, delivered_at = @deliveredAt
    WHERE id = @id AND fence = @fence AND state = 'in_flight'`,
  release: `UPDATE deliveries SET state = 'pending', lease_expires_at = NULL, attempts = MAX(0, attempts - 1),
      next_attempt_at = @now, updated_at = @now, maybe_sent = MAX(maybe_sent, @ambiguous)
    WHERE id = @id AND fence = @fence AND state = 'in_flight'`,
  byState: 'SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state',
  oldestPending: `SELECT MIN(created_at) AS at FROM deliveries WHERE state IN ('pending', 'in_flight')`,
  control: `SELECT value FROM relay_control WHERE key = 'control'`,
  setControl: `INSERT INTO relay_control (key, value) VALUES ('control', ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
} as const;

type Statements = { [K in keyof typeof STATEMENTS]: Database.Statement };

interface Waiting {
  delivery: NewDelivery;
  resolve: (result: AddResult) => void;
  reject: (error: unknown) => void;
}

export class SqliteQueue implements RelayQueue {
  readonly #db: Database.Database;
  #waiting: Waiting[] = [];
  #flushScheduled = false;
  #commits = 0;
  readonly #q: Statements;

  constructor(options: SqliteQueueOptions) {
    this.#db = new Database(options.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.#db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
    this.#db.exec(SCHEMA);
    const db = this.#db;
    this.#q = Object.fromEntries(
      Object.entries(STATEMENTS).map(([name, sql]) => [name, db.prepare(sql)]),
    ) as Statements;
  }

  /** Group commit: every add of this turn of the event loop goes into one transaction (one fsync). */
  add(delivery: NewDelivery): Promise<AddResult> {
    return new Promise<AddResult>((resolve, reject) => {
      this.#waiting.push({ delivery, resolve, reject });
      if (this.#flushScheduled) return;
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#waiting;
    this.#waiting = [];
    let results: AddResult[];
    try {
      results = this.#db
        .transaction(() =>
          batch.map(({ delivery }) => {
            const created = this.#q.insert.run({ ...delivery, input: JSON.stringify(delivery.input) }).changes === 1;
            const row = this.#q.byKey.get(delivery.idempotencyKey) as Row;
            return { delivery: fromRow(row), created, conflict: row.payload_hash !== delivery.payloadHash };
          }),
        )
        .immediate();
      this.#commits++;
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [i, waiting] of batch.entries()) waiting.resolve(results[i] as AddResult);
  }

  /** Enqueue transactions committed by this connection (each is one fsync under FULL): group commit's measure. */
  commits(): number {
    return this.#commits;
  }

  /** The connection's durability settings, as SQLite reports them (synchronous: 1 NORMAL, 2 FULL). */
  pragmas(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  async lease(options: LeaseOptions): Promise<Lease[]> {
    const skip = options.skipProducts ?? [];
    const only = options.onlyProducts;
    const params = {
      now: options.now,
      limit: options.limit,
      skip: JSON.stringify(skip),
      only: only ? JSON.stringify(only) : null,
    };
    const until = options.now + options.leaseMs;
    return this.#db
      .transaction((): Lease[] =>
        (this.#q.due.all(params) as { id: string }[]).map(({ id }) => {
          const row = this.#q.take.get({ id, until, now: options.now }) as Row;
          return { delivery: fromRow(row), fence: row.fence, reconcile: row.maybe_sent === 1 };
        }),
      )
      .immediate();
  }

  async extend(id: string, fence: number, until: number): Promise<boolean> {
    return this.#q.extend.run(until, id, fence).changes === 1;
  }

  async settle(id: string, fence: number, settlement: Settlement, now: number): Promise<boolean> {
    const delivered = settlement.state === 'delivered';
    return (
      this.#q.settle.run({
        id,
        fence,
        now,
        state: settlement.state,
        next: settlement.state === 'pending' ? settlement.nextAttemptAt : null,
        outcome: settlement.state === 'pending' ? settlement.outcome : delivered ? null : settlement.error.outcome,
        error: delivered ? null : JSON.stringify(settlement.error),
        result: delivered ? JSON.stringify(settlement.result ?? null) : null,
        deliveredAt: delivered ? now : null,
      }).changes === 1
    );
  }

  async release(id: string, fence: number, options: { now: number; ambiguous: boolean }): Promise<boolean> {
    return this.#q.release.run({ id, fence, now: options.now, ambiguous: options.ambiguous ? 1 : 0 }).changes === 1;
  }

  async get(id: string): Promise<Delivery | undefined> {
    const row = this.#q.byId.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async list(filter: DeliveryFilter = {}): Promise<Delivery[]> {
    const { where, params } = whereOf(filter);
    const limit = filter.limit ?? 100;
    const rows = this.#db
      .prepare(`SELECT * FROM deliveries ${where} ORDER BY created_at DESC, id LIMIT ${Math.max(1, limit | 0)}`)
      .all(params) as Row[];
    return rows.map(fromRow);
  }

  async counts(): Promise<QueueCounts> {
    const rows = this.#q.byState.all() as {
      state: DeliveryState;
      n: number;
    }[];
    const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
    for (const row of rows) byState[row.state] = row.n;
    const oldest = this.#q.oldestPending.get() as { at: number | null };
    return { byState, oldestPendingAt: oldest.at ?? undefined };
  }

  async replay(filter: DeliveryFilter, now: number): Promise<number> {
    const { where, params } = whereOf({ ...filter, states: finished(filter.states) });
    const sql = `UPDATE deliveries SET state = 'pending', next_attempt_at = @now, age_from = @now, updated_at = @now ${where}`;
    return this.#db.prepare(sql).run({ ...params, now }).changes;
  }

  async discard(filter: DeliveryFilter, now: number): Promise<number> {
    const { where, params } = whereOf({ ...filter, states: finished(filter.states) });
    const sql = `UPDATE deliveries SET state = 'discarded', updated_at = @now ${where}`;
    return this.#db.prepare(sql).run({ ...params, now }).changes;
  }

  async control(): Promise<QueueControl> {
    const row = this.#q.control.get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as QueueControl) : {};
  }

  async setControl(control: QueueControl): Promise<void> {
    this.#q.setControl.run(JSON.stringify(control));
  }

  async close(): Promise<void> {
    if (this.#waiting.length > 0) this.#flush();
    this.#db.close();
  }
}

/** Only dead and expired deliveries are replayed or discarded, whatever the filter says. */
function finished(states: readonly DeliveryState[] | undefined): DeliveryState[] {
  const allowed: DeliveryState[] = ['dead', 'expired'];
  return states ? allowed.filter((s) => states.includes(s)) : allowed;
}

function whereOf(filter: DeliveryFilter): { where: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filter.ids) {
    clauses.push('id IN (SELECT value FROM json_each(@ids))');
    params.ids = JSON.stringify(filter.ids);
  }
  if (filter.states) {
    clauses.push('state IN (SELECT value FROM json_each(@states))');
    params.states = JSON.stringify(filter.states);
  }
  if (filter.operation) {
    clauses.push('operation = @operation');
    params.operation = filter.operation;
  }
  if (filter.code) {
    clauses.push(`json_extract(last_error, '$.code') = @code`);
    params.code = filter.code;
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function fromRow(row: Row): Delivery {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    operation: row.operation as Delivery['operation'],
    product: row.product as ZohoProduct,
    input: JSON.parse(row.input),
    state: row.state as DeliveryState,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    ageFrom: row.age_from,
    lastOutcome: (row.last_outcome ?? undefined) as Delivery['lastOutcome'],
    maybeSent: row.maybe_sent === 1,
    lastError: row.last_error ? JSON.parse(row.last_error) : undefined,
    result: row.result ? JSON.parse(row.result) : undefined,
    deliveredAt: row.delivered_at ?? undefined,
  };
}
