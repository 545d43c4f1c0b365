import type { Command } from 'commander';
import { collect, defineCommand, defineGroup, type FlagSpecs } from './action.js';

/** `relay --db --queue --redis-url`, read by every relay command. */
export const RELAY_FLAGS = {
  db: { flag: '--db <file>', description: 'the SQLite file holding deliveries and API keys', default: 'relay.db' },
  queue: {
    flag: '--queue <kind>',
    description:
      'where deliveries are queued: sqlite (the --db file, one machine) or redis (many workers on many machines)',
    default: 'sqlite',
  },
  redisUrl: {
    flag: '--redis-url <url>',
    description: 'the Redis of --queue redis (default: $REDIS_URL, else redis://127.0.0.1:6379); API keys stay in --db',
  },
} as const satisfies FlagSpecs;

const WORKER_FLAGS = {
  concurrency: { flag: '--concurrency <n>', description: 'deliveries attempted at once', default: '4' },
  graceSeconds: {
    flag: '--grace <seconds>',
    description: 'on SIGTERM/SIGINT, how long in-flight deliveries may finish before their leases are given back',
    default: '10',
  },
  log: {
    flag: '--log <format>',
    description:
      'what the relay reports: text (a line per event on stderr), json (JSON lines on stdout: requests and events, for a log shipper), off',
    default: 'text',
  },
  logLevel: { flag: '--log-level <level>', description: 'debug, info, warn or error', default: 'info' },
} as const satisfies FlagSpecs;

export const SERVE_FLAGS = {
  port: { flag: '--port <port>', description: 'port (0 picks a free one)', default: '8787' },
  host: { flag: '--host <host>', description: 'bind address', default: '127.0.0.1' },
  worker: { flag: '--no-worker', description: 'only take requests in; deliver them with `zohokit relay work`' },
  departmentId: { flag: '--department-id <id>', description: 'Desk department of a ticket whose body names none' },
  listKey: { flag: '--list-key <key>', description: 'Campaigns list of a sign-up whose body names none' },
  allowedOrigin: {
    flag: '--allowed-origin <url>',
    description:
      'an origin the intake is reached under behind a proxy (https://relay.example.com); its host name passes the Host check (repeatable). Browser CORS origins are per publishable key (keys create --origin)',
    parse: collect,
  },
  ...WORKER_FLAGS,
} as const satisfies FlagSpecs;

export const WORK_FLAGS = WORKER_FLAGS;

export const DELIVERIES_LIST_FLAGS = {
  state: {
    flag: '--state <states>',
    description: 'pending, in_flight, delivered, dead, expired, discarded (comma-separate several)',
  },
  operation: { flag: '--operation <name>', description: 'desk.ticket.create, campaigns.subscribe, …' },
  code: { flag: '--code <code>', description: "Zoho's (or zohokit's) code of the last error" },
  limit: { flag: '--limit <n>', description: 'at most this many', default: '50' },
} as const satisfies FlagSpecs;

export const DELIVERIES_SHOW_FLAGS = {
  payload: {
    flag: '--payload',
    description: 'also print what was queued and what Zoho answered (may hold personal data)',
  },
} as const satisfies FlagSpecs;

export const DELIVERIES_BULK_FLAGS = {
  all: { flag: '--all', description: 'every dead or expired delivery (narrowed by --operation / --code)' },
  operation: { flag: '--operation <name>', description: 'only this operation' },
  code: { flag: '--code <code>', description: 'only deliveries whose last error has this code' },
} as const satisfies FlagSpecs;

export const KEYS_CREATE_FLAGS = {
  name: { flag: '--name <name>', description: 'what the key is for (shown in keys list)', required: true },
  kind: { flag: '--kind <kind>', description: 'secret (servers) or publishable (web forms)', required: true },
  origin: {
    flag: '--origin <url>',
    description: 'a website origin a publishable key may be used from (repeatable)',
    parse: collect,
  },
} as const satisfies FlagSpecs;

export function defineRelay(program: Command): void {
  const relay = defineGroup(program, {
    name: 'relay',
    description: 'durable delivery of tickets and sign-ups to Zoho: an HTTP intake, a worker, and its queue',
    flags: RELAY_FLAGS,
    examples: [
      'zohokit relay keys create --name website --kind publishable --origin https://shop.example',
      'zohokit relay serve --department-id 1892000000006907',
      'zohokit relay status',
    ],
  });
  const load = async () => import('../commands/relay.js');
  const loadDeliveries = async () => import('../commands/relay-deliveries.js');
  const loadKeys = async () => import('../commands/relay-keys.js');

  defineCommand(relay, {
    name: 'serve',
    description:
      'run the HTTP intake (and, unless --no-worker, the worker) in the foreground, with Zoho reached through the active profile',
    summary: 'run the HTTP intake and the worker',
    flags: SERVE_FLAGS,
    inherits: RELAY_FLAGS,
    examples: [
      'zohokit relay serve --port 8787 --department-id 1892000000006907',
      'zohokit relay serve --no-worker --allowed-origin https://relay.example.com',
    ],
    load: async () => (await load()).serve,
  });
  defineCommand(relay, {
    name: 'work',
    description: 'run the worker alone: deliver what an intake (or relay.enqueue) stored in the queue',
    flags: WORK_FLAGS,
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay work --db relay.db --concurrency 8'],
    load: async () => (await load()).work,
  });
  defineCommand(relay, {
    name: 'status',
    description: 'deliveries by state, the oldest pending one, and whether the queue is paused (with the fix)',
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay status', 'zohokit relay status --json'],
    load: async () => (await load()).status,
  });
  defineCommand(relay, {
    name: 'resume',
    description: 'end a pause now (once the credentials are fixed), without waiting for the next probe',
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay resume'],
    load: async () => (await load()).resume,
  });

  const deliveries = defineGroup(relay, {
    name: 'deliveries',
    description: 'look at deliveries, and retry or discard the dead and expired ones',
    examples: ['zohokit relay deliveries list --state dead'],
  });
  defineCommand(deliveries, {
    name: 'list',
    isDefault: true,
    description: 'deliveries, newest first: id, state, operation, attempts, last error code',
    flags: DELIVERIES_LIST_FLAGS,
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay deliveries list --state dead,expired --operation desk.ticket.create --json'],
    load: async () => (await loadDeliveries()).listDeliveries,
  });
  defineCommand(deliveries, {
    name: 'show',
    description: 'one delivery: state, attempts and the last error with its fix (the payload only with --payload)',
    args: [{ name: '<id>', description: 'delivery id (the intake answered it)' }],
    flags: DELIVERIES_SHOW_FLAGS,
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay deliveries show 0f8e2c4a-…'],
    load: async () => (await loadDeliveries()).showDelivery,
  });
  defineCommand(deliveries, {
    name: 'retry',
    description: 'send dead or expired deliveries again, from now (by id, or --all)',
    args: [{ name: '[ids...]', description: 'delivery ids' }],
    flags: DELIVERIES_BULK_FLAGS,
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay deliveries retry 0f8e2c4a-…', 'zohokit relay deliveries retry --all --code INVALID_DATA'],
    load: async () => (await loadDeliveries()).retryDeliveries,
  });
  defineCommand(deliveries, {
    name: 'discard',
    description: 'drop dead or expired deliveries for good (by id, or --all)',
    args: [{ name: '[ids...]', description: 'delivery ids' }],
    flags: DELIVERIES_BULK_FLAGS,
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay deliveries discard --all --operation campaigns.subscribe'],
    load: async () => (await loadDeliveries()).discardDeliveries,
  });

  const keys = defineGroup(relay, {
    name: 'keys',
    description: "the intake's API keys: secret for servers, publishable for web forms",
    examples: ['zohokit relay keys list'],
  });
  defineCommand(keys, {
    name: 'create',
    description: 'make a key and print it once: only its hash is stored',
    flags: KEYS_CREATE_FLAGS,
    inherits: RELAY_FLAGS,
    examples: [
      'zohokit relay keys create --name backend --kind secret',
      'zohokit relay keys create --name website --kind publishable --origin https://shop.example',
    ],
    load: async () => (await loadKeys()).createKey,
  });
  defineCommand(keys, {
    name: 'list',
    isDefault: true,
    description: 'the keys: id, name, kind, origins, created, revoked (never a secret)',
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay keys list --json'],
    load: async () => (await loadKeys()).listKeys,
  });
  defineCommand(keys, {
    name: 'revoke',
    description: 'refuse a key from now on (401)',
    args: [{ name: '<id>', description: 'key id (see: zohokit relay keys list)' }],
    inherits: RELAY_FLAGS,
    examples: ['zohokit relay keys revoke 3f9a0c2b1d4e5f60'],
    load: async () => (await loadKeys()).revokeKey,
  });
}
