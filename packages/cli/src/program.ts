/**
 * The whole command tree, cheap to build: only names, options, descriptions and examples. What each command
 * does lives in src/commands and is imported when the command runs (define/action.ts).
 */
import { Command } from 'commander';
import { examples } from './define/action.js';
import { defineApi } from './define/api.js';
import { defineAuth } from './define/auth.js';
import { defineCampaigns } from './define/campaigns.js';
import { defineCrm } from './define/crm.js';
import { defineDesk } from './define/desk.js';
import { defineRelay } from './define/relay.js';
import { defineCompletion, defineConfig, defineDoctor, defineEmulator } from './define/tools.js';

const GROUPS: Record<string, (program: Command) => void> = {
  auth: defineAuth,
  api: defineApi,
  desk: defineDesk,
  campaigns: defineCampaigns,
  crm: defineCrm,
  relay: defineRelay,
  emulator: defineEmulator,
  doctor: defineDoctor,
  config: defineConfig,
};

/**
 * With `argv`, only the group the run uses is defined (`zohokit desk tickets list` never builds the auth or
 * campaigns commands: the whole tree costs 10–20 ms per start). Help, completion and unknown words get it all.
 */
export function buildProgram(version: string, argv?: readonly string[]): Command {
  const program = new Command('zohokit');
  program
    .description('Zoho from the command line: OAuth login, any API call, Desk, Campaigns, a local emulator')
    .version(version, '-V, --version')
    .option('-p, --profile <name>', 'profile to use (else ZOHOKIT_PROFILE, the default profile, or "default")')
    .option('--json', 'machine-readable output on stdout (errors as JSON on stderr)')
    .option('-v, --verbose', 'log every request, retry and token refresh to stderr (secrets redacted)')
    .option(
      '--timeout <seconds>',
      'give up on a Zoho call that has not answered after this long (default: 30; for auth login: the browser wait, default 300)',
    )
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    // Usage errors exit 2 (documented); set before subcommands so they inherit it.
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 Zoho/API error, 2 usage or configuration error, 3 authentication needed, 4 rate limited.
Environment: ZOHO_CLIENT_ID ZOHO_CLIENT_SECRET ZOHO_REFRESH_TOKEN ZOHO_DC ZOHO_DESK_ORG_ID ZOHO_ACCOUNTS_URL
             ZOHO_API_URL ZOHO_DESK_URL ZOHO_CAMPAIGNS_URL ZOHOKIT_PROFILE XDG_CONFIG_HOME`,
  );
  examples(program, 'zohokit auth login', 'zohokit desk tickets list', 'zohokit emulator start');

  const word = argv === undefined ? undefined : commandWord(argv);
  const help = argv?.includes('--help') || argv?.includes('-h');
  const only = word === undefined || help ? undefined : GROUPS[word];
  if (argv !== undefined && word === undefined && !help && (argv.includes('-V') || argv.includes('--version'))) {
    // `zohokit --version` needs no commands at all.
  } else if (only) {
    only(program);
  } else {
    for (const define of Object.values(GROUPS)) define(program);
    defineCompletion(program);
  }
  return program;
}

/** The first word after the global options (`-p <name>` takes a value; the others do not). */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-p' || arg === '--profile' || arg === '--timeout') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
