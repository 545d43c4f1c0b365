import type { Command } from 'commander';
import { action, collect, examples } from './action.js';

/** The ticket fields `create` and `update` share, as flags. */
function ticketFields(command: Command): Command {
  return command
    .option('--subject <text>', 'subject (max 255 characters)')
    .option('--department-id <id>', 'department (see: zohokit desk departments)')
    .option('--contact-id <id>', 'an existing contact')
    .option('--description <text>', 'description')
    .option('--priority <priority>', 'High | Medium | Low, or a custom value')
    .option('--status <status>', 'Open | On Hold | Escalated | Closed, or a custom status')
    .option('--channel <channel>', 'Email | Phone | Web | Chat | …')
    .option('--phone <phone>', 'phone number')
    .option('--due-date <iso>', 'due date, ISO-8601')
    .option('--assignee-id <id>', 'agent id')
    .option('--cf <cf_name=value>', 'custom field (repeatable)', collect)
    .option('-d, --data <json|@file>', 'the whole input as JSON (inline, @file or @-); flags override its fields');
}

export function defineDesk(program: Command): void {
  const desk = examples(
    program
      .command('desk')
      .description('Zoho Desk: organizations, departments, tickets')
      .option('--org-id <id>', 'Desk organization id (else ZOHO_DESK_ORG_ID or the profile)'),
    'zohokit desk orgs',
    'zohokit desk tickets list --status Open',
  );
  const load = async () => import('../commands/desk.js');

  const orgs = examples(
    desk.command('orgs').description('organizations (portals) the login can see: where the org id comes from'),
    'zohokit desk orgs',
  );
  examples(
    orgs
      .command('list', { isDefault: true })
      .description('list the organizations')
      .action(action(async () => (await load()).listOrgs)),
    'zohokit desk orgs list --json',
  );

  const departments = examples(
    desk.command('departments').description('departments of the organization (a ticket needs one)'),
    'zohokit desk departments',
  );
  examples(
    departments
      .command('list', { isDefault: true })
      .description('list the departments')
      .option('--limit <n>', 'at most this many', '100')
      .action(action(async () => (await load()).listDepartments)),
    'zohokit desk departments list --org-id 123456',
  );

  const tickets = examples(
    desk.command('tickets').description('list, read, create and update tickets'),
    'zohokit desk tickets list --limit 5',
  );
  examples(
    tickets
      .command('list')
      .description('tickets, newest first unless --sort-by says otherwise')
      .option('--status <status>', 'only this status (comma-separate several)')
      .option('--department-id <id>', 'only this department')
      .option('--priority <priority>', 'only this priority (comma-separate several)')
      .option(
        '--sort-by <field>',
        'createdTime, modifiedTime, dueDate, ticketNumber…; prefix - for descending',
        '-createdTime',
      )
      .option('--limit <n>', 'at most this many tickets', '50')
      .action(action(async () => (await load()).listTickets)),
    'zohokit desk tickets list --status Open --limit 20',
    'zohokit desk tickets list --json | jq -r ".[].subject"',
  );
  examples(
    tickets
      .command('get')
      .description('one ticket')
      .argument('<ticketId>', 'ticket id (not the ticket number)')
      .option('--include <items>', 'comma-separated: contacts, products, departments, team, isRead, assignee')
      .action(action(async () => (await load()).getTicket)),
    'zohokit desk tickets get 1892000000042034 --include contacts',
  );
  examples(
    ticketFields(
      tickets
        .command('create')
        .description(
          'create a ticket: --subject, --department-id and a contact (--contact-id, or --email / --last-name)',
        ),
    )
      .option('--email <email>', 'contact email (an existing contact with it is reused)')
      .option('--last-name <name>', 'contact last name')
      .option('--first-name <name>', 'contact first name')
      .option('--idempotency-key <key>', 'makes a retried create safe (needs the cf_zohokit_key ticket field)')
      .action(action(async () => (await load()).createTicket)),
    'zohokit desk tickets create --subject "Printer on fire" --department-id 1892000000006907 --email ada@example.com',
    'zohokit desk tickets create -d @ticket.json --priority High',
  );
  examples(
    ticketFields(tickets.command('update').description('change only the given fields (PATCH)'))
      .argument('<ticketId>', 'ticket id')
      .option('--email <email>', 'ticket email')
      .action(action(async () => (await load()).updateTicket)),
    'zohokit desk tickets update 1892000000042034 --status Closed',
  );
}
