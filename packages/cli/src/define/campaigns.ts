import type { Command } from 'commander';
import { collect, defineCommand, defineGroup, type FlagSpecs } from './action.js';

export const LISTS_FLAGS = {
  limit: { flag: '--limit <n>', description: 'at most this many', default: '200' },
} as const satisfies FlagSpecs;

export const SUBSCRIBE_FLAGS = {
  listKey: { flag: '--list-key <key>', description: 'the list (see: zohokit campaigns lists)', required: true },
  email: { flag: '--email <email>', description: 'contact email', required: true },
  firstName: { flag: '--first-name <name>', description: 'First Name' },
  lastName: { flag: '--last-name <name>', description: 'Last Name' },
  field: {
    flag: '--field <name=value>',
    description: 'another contact field by its display name, e.g. "Company Name=Acme" (repeatable)',
    parse: collect,
  },
  source: { flag: '--source <source>', description: 'where the signup came from' },
} as const satisfies FlagSpecs;

export const UNSUBSCRIBE_FLAGS = {
  listKey: { flag: '--list-key <key>', description: 'the list', required: true },
  email: { flag: '--email <email>', description: 'contact email', required: true },
} as const satisfies FlagSpecs;

export const SUBSCRIBERS_FLAGS = {
  listKey: { flag: '--list-key <key>', description: 'the list', required: true },
  status: { flag: '--status <status>', description: 'active | unsub | bounce | pending | all', default: 'active' },
  limit: { flag: '--limit <n>', description: 'at most this many', default: '200' },
} as const satisfies FlagSpecs;

export const IMPORT_FLAGS = {
  listKey: { flag: '--list-key <key>', description: 'the list', required: true },
  emailColumn: {
    flag: '--email-column <name>',
    description: 'header of the email column (default: email, e-mail, "Contact Email", …)',
  },
  header: {
    flag: '--no-header',
    description: 'the file has no header row; the email is column 1 unless --email-column N',
  },
  checkpoint: { flag: '--checkpoint <file>', description: 'progress file (default: <file>.zohokit-import.json)' },
  restart: { flag: '--restart', description: 'ignore an existing checkpoint and start from the first row' },
  strict: { flag: '--strict', description: 'send nothing if any row is invalid (exit 2)' },
} as const satisfies FlagSpecs;

export function defineCampaigns(program: Command): void {
  const campaigns = defineGroup(program, {
    name: 'campaigns',
    description: 'Zoho Campaigns: mailing lists and their contacts',
    examples: [
      'zohokit campaigns lists',
      'zohokit campaigns import contacts.csv --list-key 3c20ad524dfa4af86216a5be13e238ed',
    ],
  });
  const load = async () => import('../commands/campaigns.js');

  defineCommand(campaigns, {
    name: 'lists',
    description: 'mailing lists',
    flags: LISTS_FLAGS,
    examples: ['zohokit campaigns lists --json'],
    load: async () => (await load()).lists,
  });
  defineCommand(campaigns, {
    name: 'subscribe',
    description: 'add or update one contact on a list (a double opt-in list sends a confirmation email first)',
    flags: SUBSCRIBE_FLAGS,
    examples: ['zohokit campaigns subscribe --list-key 3c20ad… --email ada@example.com --first-name Ada'],
    load: async () => (await load()).subscribe,
  });
  defineCommand(campaigns, {
    name: 'unsubscribe',
    description: 'unsubscribe one contact from a list',
    flags: UNSUBSCRIBE_FLAGS,
    examples: ['zohokit campaigns unsubscribe --list-key 3c20ad… --email ada@example.com'],
    load: async () => (await load()).unsubscribe,
  });
  defineCommand(campaigns, {
    name: 'subscribers',
    description: 'contacts of a list',
    flags: SUBSCRIBERS_FLAGS,
    examples: ['zohokit campaigns subscribers --list-key 3c20ad… --status all --json'],
    load: async () => (await load()).subscribers,
  });
  defineCommand(campaigns, {
    name: 'import',
    summary: 'add every address of a CSV file to a list (resumable, with a report)',
    description:
      'add every address of a CSV file to a list, 10 per bulk call within the rate limits; resumable (a checkpoint file records progress); bad rows are reported with their line numbers',
    args: [{ name: '<file>', description: 'CSV file (RFC 4180) with a header row' }],
    flags: IMPORT_FLAGS,
    examples: [
      'zohokit campaigns import contacts.csv --list-key 3c20ad…',
      'zohokit campaigns import contacts.csv --list-key 3c20ad… --json > report.json   # re-run to resume',
    ],
    load: async () => (await import('../commands/campaigns-import.js')).importCsv,
  });
}
