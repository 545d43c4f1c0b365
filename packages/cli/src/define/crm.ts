import type { Command } from 'commander';
import { defineCommand, defineGroup, type FlagSpecs } from './action.js';

export const CRM_LIST_FLAGS = {
  fields: {
    flag: '--fields <names>',
    description: 'comma-separated field API names (Zoho requires them)',
    required: true,
  },
  limit: { flag: '--limit <n>', description: 'at most this many records', default: '200' },
} as const satisfies FlagSpecs;

export const CRM_GET_FLAGS = {
  fields: { flag: '--fields <names>', description: 'comma-separated field API names (default: all)' },
} as const satisfies FlagSpecs;

export const CRM_SEARCH_FLAGS = {
  criteria: { flag: '--criteria <text>', description: 'raw criteria, e.g. "(Last_Name:equals:Burns)"' },
  email: { flag: '--email <email>', description: 'search by email' },
  phone: { flag: '--phone <phone>', description: 'search by phone' },
  word: { flag: '--word <text>', description: 'search any text field' },
  limit: { flag: '--limit <n>', description: 'at most this many records', default: '200' },
} as const satisfies FlagSpecs;

export const CRM_WRITE_FLAGS = {
  data: {
    flag: '-d, --data <json|@file>',
    description: 'a record or a list of records as JSON (inline, @file or @-)',
    required: true,
  },
  idempotencyKey: { flag: '--idempotency-key <key>', description: 'insert only: reconcile instead of inserting twice' },
  upsertOn: { flag: '--upsert-on <fields>', description: 'upsert only: comma-separated duplicate check fields' },
} as const satisfies FlagSpecs;

export const CRM_COQL_FLAGS = {
  limit: { flag: '--limit <n>', description: 'at most this many rows', default: '2000' },
} as const satisfies FlagSpecs;

export const CRM_IMPORT_FLAGS = {
  module: {
    flag: '--module <module>',
    description: 'module API name, e.g. Leads (see: zohokit crm modules)',
    required: true,
  },
  upsertOn: {
    flag: '--upsert-on <fields>',
    description: 'upsert instead of insert: comma-separated duplicate check fields, each a column (e.g. Email)',
  },
  checkpoint: { flag: '--checkpoint <file>', description: 'progress file (default: <file>.zohokit-crm-import.json)' },
  restart: { flag: '--restart', description: 'ignore an existing checkpoint and start from the first row' },
} as const satisfies FlagSpecs;

export function defineCrm(program: Command): void {
  const crm = defineGroup(program, {
    name: 'crm',
    description: 'Zoho CRM: modules, fields, records, COQL',
    examples: [
      'zohokit crm modules',
      'zohokit crm records list Leads --fields Last_Name,Email',
      'zohokit crm import leads.csv --module Leads --upsert-on Email',
    ],
  });
  const load = async () => import('../commands/crm.js');
  defineCommand(crm, {
    name: 'modules',
    description: 'the modules (API names)',
    examples: ['zohokit crm modules --json'],
    load: async () => (await load()).modules,
  });
  defineCommand(crm, {
    name: 'fields',
    description: "a module's fields",
    args: [{ name: '<module>', description: 'module API name, e.g. Leads' }],
    examples: ['zohokit crm fields Leads'],
    load: async () => (await load()).fields,
  });
  defineCommand(crm, {
    name: 'coql',
    description: 'a COQL select query (paged 2,000 rows per call unless it has its own LIMIT)',
    args: [{ name: '<query>', description: 'select … from … where …' }],
    flags: CRM_COQL_FLAGS,
    examples: ['zohokit crm coql "select Last_Name, Email from Leads where Email is not null"'],
    load: async () => (await load()).coql,
  });
  defineCommand(crm, {
    name: 'import',
    summary: 'insert or upsert every row of a CSV file as a record (resumable, with a report)',
    description:
      'insert (or with --upsert-on, upsert) every row of a CSV file as a record of --module, 100 per call; the header names the fields by API name or label ("Last Name", Last_Name); columns that are no field of the module are named before the first call and not sent; each row Zoho refuses is reported with its line, Zoho\'s code and the field; resumable: a checkpoint file records each call Zoho answered, so the same command after Ctrl-C or a refused connection sends only the rest and inserts no row twice; a call whose answer was lost is reconciled on resume (one search by the key each row carries, only the rows CRM lacks inserted) when the module has a text field zohokit_key, else reported by line and not sent again; exit 1 when any row was not imported',
    args: [{ name: '<file>', description: 'CSV file (RFC 4180) with a header row of field names' }],
    flags: CRM_IMPORT_FLAGS,
    examples: [
      'zohokit crm import leads.csv --module Leads',
      'zohokit crm import leads.csv --module Leads --upsert-on Email --json > report.json   # re-run to resume',
    ],
    load: async () => (await import('../commands/crm-import.js')).importRecords,
  });
  const records = defineGroup(crm, {
    name: 'records',
    description: 'list, read, search, insert and upsert records',
    examples: ['zohokit crm records get Leads 4876876000000425001'],
  });
  const moduleArg = { name: '<module>', description: 'module API name, e.g. Leads' };
  defineCommand(records, {
    name: 'list',
    description: 'records of a module (page numbers, then page_token past 2,000)',
    args: [moduleArg],
    flags: CRM_LIST_FLAGS,
    examples: ['zohokit crm records list Leads --fields Last_Name,Email --limit 5000 --json'],
    load: async () => (await load()).listRecords,
  });
  defineCommand(records, {
    name: 'get',
    description: 'one record',
    args: [moduleArg, { name: '<id>', description: 'record id' }],
    flags: CRM_GET_FLAGS,
    examples: ['zohokit crm records get Leads 4876876000000425001'],
    load: async () => (await load()).getRecord,
  });
  defineCommand(records, {
    name: 'search',
    description: 'records matching --criteria, --email, --phone or --word',
    args: [moduleArg],
    flags: CRM_SEARCH_FLAGS,
    examples: ['zohokit crm records search Leads --email ada@example.com'],
    load: async () => (await load()).searchRecords,
  });
  defineCommand(records, {
    name: 'insert',
    description: 'insert records (100 per call); the result is per record',
    args: [moduleArg],
    flags: CRM_WRITE_FLAGS,
    examples: ['zohokit crm records insert Leads -d \'{"Last_Name":"Lovelace","Email":"ada@example.com"}\''],
    load: async () => (await load()).insertRecords,
  });
  defineCommand(records, {
    name: 'upsert',
    description: 'insert or update records by --upsert-on (default Zoho’s duplicate check fields)',
    args: [moduleArg],
    flags: CRM_WRITE_FLAGS,
    examples: ['zohokit crm records upsert Leads -d @leads.json --upsert-on Email'],
    load: async () => (await load()).upsertRecords,
  });
}
