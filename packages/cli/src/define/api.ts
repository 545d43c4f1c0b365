import type { Command } from 'commander';
import { collect, defineCommand, type FlagSpecs } from './action.js';

export const API_FLAGS = {
  query: { flag: '-q, --query <key=value>', description: 'query parameter (repeatable)', parse: collect },
  field: {
    flag: '-f, --field <key=value>',
    description: 'form field, sent as application/x-www-form-urlencoded (repeatable)',
    parse: collect,
  },
  data: { flag: '-d, --data <json|@file>', description: 'JSON body: inline, @file, or @- for stdin' },
  header: { flag: '-H, --header <name:value>', description: 'extra header (repeatable)', parse: collect },
  orgId: { flag: '--org-id <id>', description: 'Desk orgId header (else ZOHO_DESK_ORG_ID or the profile)' },
} as const satisfies FlagSpecs;

export const API_ARGS = [
  { name: '<product>', description: 'desk | campaigns | api | crm | books' },
  { name: '<method>', description: 'GET | POST | PUT | PATCH | DELETE' },
  { name: '<path>', description: 'path under the product host, e.g. /api/v1/tickets or /crm/v8/Leads' },
] as const;

export function defineApi(program: Command): void {
  defineCommand(program, {
    name: 'api',
    summary: 'call any Zoho API and print the JSON answer, like gh api',
    description:
      'call any Zoho API through the SDK pipeline (token, retries, typed errors) and print the JSON answer; product is desk, campaigns, or api (the unified API domain: CRM, Books, …; crm and books are aliases)',
    args: API_ARGS,
    flags: API_FLAGS,
    examples: [
      'zohokit api desk GET /api/v1/tickets -q limit=5',
      'zohokit api crm GET /crm/v8/users -q type=CurrentUser',
      'zohokit api campaigns GET /api/v1.1/getmailinglists -q range=5',
      'zohokit api desk POST /api/v1/tickets -d @ticket.json',
    ],
    load: async () => (await import('../commands/api.js')).api,
  });
}
