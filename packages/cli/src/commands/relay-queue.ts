/**
 * What the `zohokit relay` commands share: the queue and key store named by `--db` / `--queue` / `--redis-url`,
 * checked the same way everywhere (with `--queue redis` the deliveries live in Redis and the API keys stay in the
 * SQLite file `--db`), and the one masking of e-mail addresses in what a delivery records (Zoho's error text
 * may quote the customer's address; the CLI prints ids and codes, not people).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RedisQueue, type RelayQueue, RelayQueueSetupError, SqliteKeyStore, SqliteQueue } from '@zohokit/relay';
import type { CommandOptions } from '../define/action.js';
import type { RELAY_FLAGS } from '../define/relay.js';
import { CliError, type Context, EXIT, usage } from '../runtime.js';

export type RelayOptions = CommandOptions<{}, typeof RELAY_FLAGS>;

/**
 * The database file, absolute. `mustExist`: commands that only read or change what is there refuse a missing
 * file instead of creating an empty one (a mistyped --db would otherwise look like an empty queue).
 */
export function relayDb(options: RelayOptions, { mustExist }: { mustExist: boolean }): string {
  if (options.queue !== 'sqlite' && options.queue !== 'redis') {
    throw usage(
      `--queue does not accept ${JSON.stringify(options.queue)}`,
      'Use --queue sqlite (the default, one machine) or --queue redis (many workers, with --redis-url)',
    );
  }
  if (options.db.trim() === '') throw usage('--db must name a file', 'For example --db relay.db');
  const path = resolve(options.db);
  if (mustExist && !existsSync(path)) {
    throw new CliError(`no relay database at ${options.db}`, {
      code: 'relay_db_missing',
      exitCode: EXIT.usage,
      fix: 'Pass the --db the relay serves from (default relay.db in the current directory), or start one: zohokit relay serve',
    });
  }
  return path;
}

/** `--redis-url`, else `REDIS_URL`, else the local default. */
export function redisUrl(ctx: Context, options: RelayOptions): string {
  return options.redisUrl ?? ctx.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Where the deliveries are, for messages: the SQLite file, or the Redis URL without its credentials. */
export function queueLabel(ctx: Context, options: RelayOptions): string {
  if (options.queue !== 'redis') return relayDb(options, { mustExist: false });
  const url = redisUrl(ctx, options);
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'Redis';
  }
}

/** The deliveries' queue: the SQLite file `--db`, or with `--queue redis` the Redis at `redisUrl`. */
export async function openQueue(ctx: Context, options: RelayOptions, mustExist = true): Promise<RelayQueue> {
  const db = relayDb(options, { mustExist: mustExist && options.queue === 'sqlite' });
  if (options.queue === 'sqlite') return new SqliteQueue({ path: db });
  return RedisQueue.open({ redis: redisUrl(ctx, options) }).catch((error: unknown) => {
    if (!(error instanceof RelayQueueSetupError)) throw error;
    throw new CliError(error.message, { code: error.code, exitCode: EXIT.usage, fix: error.fix });
  });
}

export function openKeys(options: RelayOptions, mustExist = true): SqliteKeyStore {
  return new SqliteKeyStore({ path: relayDb(options, { mustExist }) });
}

/** Runs `use` and closes what it opened, whatever happens. */
export async function using<T extends { close(): Promise<void> }, R>(
  opened: T,
  use: (it: T) => Promise<R>,
): Promise<R> {
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
}

/** The relay's own masking (its logs and status page use it too), so every relay surface masks alike. */
export { maskEmails } from '@zohokit/relay';

/** `3 h 12 min`, `45 s`: how long ago an epoch-ms moment was. */
export function age(since: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** ISO 8601 UTC to the second, or undefined. */
export function utc(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
