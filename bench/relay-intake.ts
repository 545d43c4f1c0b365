/**
 * HTTP intake throughput (issue 11): autocannon (its in-process API, loopback only) against the relay's
 * `POST /v1/tickets` with a secret key — Host check, key lookup (SHA-256, constant-time compare), body limit,
 * JSON, the schema, the SDK's own field checks, the idempotency digest, a durable enqueue (group commit) — and,
 * in the same run, a bare Hono handler on @hono/node-server that parses the same body and INSERTs the same row
 * into the same table with the same pragmas (WAL, synchronous=FULL), one transaction per request. Both stores
 * are counted after each round, so a fast answer that stored nothing cannot pass.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { createIntake, createRelay, SqliteKeyStore, SqliteQueue, serveIntake } from '@zohokit/relay';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { Zoho } from 'zohokit';
import { median } from './interleave.js';
import type { BenchRow, BenchSection } from './report.js';

const CONNECTIONS = 20;
const ROUND_SECONDS = 4;
const ROUNDS = 4;

const BODY = JSON.stringify({
  email: 'customer@example.com',
  lastName: 'Customer',
  subject: 'Contact form: where is my order?',
  message: 'It was due on Monday and the tracking page has not changed since. Order #10482.',
});

interface Server {
  url: string;
  rows(): number;
  close(): Promise<void>;
}

/** The relay's intake, no worker (intake alone; the Zoho client is never called). */
async function relayIntake(path: string): Promise<Server & { key: string }> {
  const zoho = new Zoho({ clientId: 'bench', clientSecret: 'bench', refreshToken: 'bench', desk: { orgId: '1' } });
  const relay = createRelay({ zoho, queue: path });
  const keys = new SqliteKeyStore({ path });
  const { key } = await keys.create({ name: 'bench', kind: 'secret' });
  const served = await serveIntake(
    createIntake({ relay, keys, options: { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID } }),
    { port: 0 },
  );
  return {
    url: served.url,
    key,
    rows: () => counted(path),
    async close() {
      await served.close();
      await relay.close();
      await keys.close();
    },
  };
}

/** The baseline: the same table (made by SqliteQueue itself), the same pragmas, one INSERT per request. */
async function bareHandler(path: string): Promise<Server> {
  await new SqliteQueue({ path }).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    `INSERT INTO deliveries (id, idempotency_key, operation, product, input, payload_hash, state, created_at,
       updated_at, next_attempt_at, age_from)
     VALUES (@id, @idempotencyKey, 'desk.ticket.create', 'desk', @input, @payloadHash, 'pending', @now, @now, @now, @now)`,
  );
  const one = db.transaction((row: Record<string, unknown>) => insert.run(row));
  const app = new Hono();
  app.post('/v1/tickets', async (c) => {
    const body = await c.req.json();
    const input = JSON.stringify({ ...body, departmentId: DESK_SUPPORT_DEPARTMENT_ID });
    const id = randomUUID();
    one.immediate({
      id,
      idempotencyKey: id,
      input,
      payloadHash: createHash('sha256').update(input).digest('hex'),
      now: Date.now(),
    });
    return c.json({ id, state: 'pending' }, 202);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rows: () => counted(path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        db.close();
      }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function counted(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

interface Round {
  rps: number;
  p99: number;
  ok: number;
  bad: number;
}

async function load(url: string, key: string | undefined, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: `${url}/v1/tickets`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: BODY,
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    ok: result['2xx'],
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

export async function relayIntakeThroughput(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-bench-intake-'));
  const relay = await relayIntake(join(dir, 'relay.db'));
  const bare = await bareHandler(join(dir, 'bare.db'));
  try {
    // Warm-up (JIT, sockets, the files' first pages), then rounds in alternating order.
    await load(bare.url, undefined, 1);
    await load(relay.url, relay.key, 1);
    // Let the requests autocannon left in flight land before counting (and likewise after the rounds).
    await settle();
    const stored = { relay: relay.rows(), bare: bare.rows() };
    const rounds: { relay: Round; bare: Round }[] = [];
    const answered = { relay: 0, bare: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const order: ('relay' | 'bare')[] = r % 2 === 0 ? ['bare', 'relay'] : ['relay', 'bare'];
      const round: Partial<{ relay: Round; bare: Round }> = {};
      for (const name of order) {
        round[name] =
          name === 'relay'
            ? await load(relay.url, relay.key, ROUND_SECONDS)
            : await load(bare.url, undefined, ROUND_SECONDS);
        answered[name] += round[name].ok;
      }
      rounds.push(round as { relay: Round; bare: Round });
    }
    await settle();
    const added = { relay: relay.rows() - stored.relay, bare: bare.rows() - stored.bare };
    const med = (values: number[]) => median(values);
    const rps = { relay: med(rounds.map((r) => r.relay.rps)), bare: med(rounds.map((r) => r.bare.rps)) };
    const p99 = { relay: med(rounds.map((r) => r.relay.p99)), bare: med(rounds.map((r) => r.bare.p99)) };
    const rpsRatio = med(rounds.map((r) => r.relay.rps / r.bare.rps));
    const p99Ratio = med(rounds.map((r) => r.relay.p99 / Math.max(1, r.bare.p99)));
    const bad = rounds.reduce((sum, r) => sum + r.relay.bad + r.bare.bad, 0);
    const info = (metric: string, value: string): BenchRow => ({ metric, value, target: 'info', pass: true });
    return {
      title: 'Relay HTTP intake throughput (autocannon)',
      method: `autocannon 9 (in-process API, 127.0.0.1), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${ROUND_SECONDS} s per case in alternating order after a 1 s warm-up each: the relay intake's POST /v1/tickets with a secret key (createIntake + serveIntake over SqliteQueue, no worker) vs a bare Hono handler (@hono/node-server) that parses the body and INSERTs the same row into the same table, one BEGIN IMMEDIATE transaction per request, same pragmas (WAL, synchronous=FULL); one file each in the OS temporary folder. Figures are medians over rounds; ratios are medians of per-round ratios. Load generator and servers share the process and the machine's 2 cores.`,
      rows: [
        info('bare Hono + SQLite insert, requests/s', `${rps.bare.toFixed(0)}/s`),
        info('bare Hono + SQLite insert, p99 latency', `${p99.bare} ms`),
        info('relay intake, requests/s', `${rps.relay.toFixed(0)}/s`),
        info('relay intake, p99 latency', `${p99.relay} ms`),
        {
          metric: 'relay / bare, requests/s',
          value: `${rpsRatio.toFixed(2)}×`,
          target: '≥ 0.50×',
          pass: rpsRatio >= 0.5,
        },
        info('relay / bare, p99 latency', `${p99Ratio.toFixed(2)}×`),
        {
          metric: 'answers not 2xx, errors, timeouts (both)',
          value: `${bad}`,
          target: '0',
          pass: bad === 0,
        },
        {
          // autocannon stops with up to one request per connection unanswered: stored, not counted.
          metric: 'rows stored / 2xx answers (relay; bare)',
          value: `${added.relay} / ${answered.relay}; ${added.bare} / ${answered.bare}`,
          target: `rows − answers within 0…${CONNECTIONS * ROUNDS}`,
          pass: [added.relay - answered.relay, added.bare - answered.bare].every(
            (extra) => extra >= 0 && extra <= CONNECTIONS * ROUNDS,
          ),
        },
      ],
    };
  } finally {
    await relay.close();
    await bare.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
