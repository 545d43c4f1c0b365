import type { Command } from 'commander';
import { action, collect, examples } from './action.js';

export function defineApi(program: Command): void {
  examples(
    program
      .command('api')
      .summary('call any Zoho API and print the JSON answer, like gh api')
      .description(
        'call any Zoho API through the SDK pipeline (token, retries, typed errors) and print the JSON answer; product is desk, campaigns, or api (the unified API domain: CRM, Books, …; crm and books are aliases)',
      )
      .argument('<product>', 'desk | campaigns | api | crm | books')
      .argument('<method>', 'GET | POST | PUT | PATCH | DELETE')
      .argument('<path>', 'path under the product host, e.g. /api/v1/tickets or /crm/v8/Leads')
      .option('-q, --query <key=value>', 'query parameter (repeatable)', collect)
      .option('-f, --field <key=value>', 'form field, sent as application/x-www-form-urlencoded (repeatable)', collect)
      .option('-d, --data <json|@file>', 'JSON body: inline, @file, or @- for stdin')
      .option('-H, --header <name:value>', 'extra header (repeatable)', collect)
      .option('--org-id <id>', 'Desk orgId header (else ZOHO_DESK_ORG_ID or the profile)')
      .action(action(async () => (await import('../commands/api.js')).api)),
    'zohokit api desk GET /api/v1/tickets -q limit=5',
    'zohokit api crm GET /crm/v8/users -q type=CurrentUser',
    'zohokit api campaigns GET /api/v1.1/getmailinglists -q range=5',
    'zohokit api desk POST /api/v1/tickets -d @ticket.json',
  );
}
