import type { Command } from 'commander';
import { action, collect, examples } from './action.js';

export function defineCampaigns(program: Command): void {
  const campaigns = examples(
    program.command('campaigns').description('Zoho Campaigns: mailing lists and their contacts'),
    'zohokit campaigns lists',
    'zohokit campaigns import contacts.csv --list-key 3c20ad524dfa4af86216a5be13e238ed',
  );
  const load = async () => import('../commands/campaigns.js');

  examples(
    campaigns
      .command('lists')
      .description('mailing lists')
      .option('--limit <n>', 'at most this many', '200')
      .action(action(async () => (await load()).lists)),
    'zohokit campaigns lists --json',
  );
  examples(
    campaigns
      .command('subscribe')
      .description('add or update one contact on a list (a double opt-in list sends a confirmation email first)')
      .requiredOption('--list-key <key>', 'the list (see: zohokit campaigns lists)')
      .requiredOption('--email <email>', 'contact email')
      .option('--first-name <name>', 'First Name')
      .option('--last-name <name>', 'Last Name')
      .option(
        '--field <name=value>',
        'another contact field by its display name, e.g. "Company Name=Acme" (repeatable)',
        collect,
      )
      .option('--source <source>', 'where the signup came from')
      .action(action(async () => (await load()).subscribe)),
    'zohokit campaigns subscribe --list-key 3c20ad… --email ada@example.com --first-name Ada',
  );
  examples(
    campaigns
      .command('unsubscribe')
      .description('unsubscribe one contact from a list')
      .requiredOption('--list-key <key>', 'the list')
      .requiredOption('--email <email>', 'contact email')
      .action(action(async () => (await load()).unsubscribe)),
    'zohokit campaigns unsubscribe --list-key 3c20ad… --email ada@example.com',
  );
  examples(
    campaigns
      .command('subscribers')
      .description('contacts of a list')
      .requiredOption('--list-key <key>', 'the list')
      .option('--status <status>', 'active | unsub | bounce | pending | all', 'active')
      .option('--limit <n>', 'at most this many', '200')
      .action(action(async () => (await load()).subscribers)),
    'zohokit campaigns subscribers --list-key 3c20ad… --status all --json',
  );
  examples(
    campaigns
      .command('import')
      .summary('add every address of a CSV file to a list (resumable, with a report)')
      .description(
        'add every address of a CSV file to a list, 10 per bulk call within the rate limits; resumable (a checkpoint file records progress); bad rows are reported with their line numbers',
      )
      .argument('<file>', 'CSV file (RFC 4180) with a header row')
      .requiredOption('--list-key <key>', 'the list')
      .option('--email-column <name>', 'header of the email column (default: email, e-mail, "Contact Email", …)')
      .option('--no-header', 'the file has no header row; the email is column 1 unless --email-column N')
      .option('--checkpoint <file>', 'progress file (default: <file>.zohokit-import.json)')
      .option('--restart', 'ignore an existing checkpoint and start from the first row')
      .option('--strict', 'send nothing if any row is invalid (exit 2)')
      .action(action(async () => (await import('../commands/campaigns-import.js')).importCsv)),
    'zohokit campaigns import contacts.csv --list-key 3c20ad…',
    'zohokit campaigns import contacts.csv --list-key 3c20ad… --json > report.json   # re-run to resume',
  );
}
