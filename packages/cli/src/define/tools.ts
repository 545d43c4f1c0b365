import type { Command } from 'commander';
import { action, examples } from './action.js';

export function defineEmulator(program: Command): void {
  const emulator = examples(
    program.command('emulator').description('a local Zoho (Accounts, Desk, Campaigns) for offline development'),
    'zohokit emulator start',
  );
  examples(
    emulator
      .command('start')
      .description(
        'run the emulator in the foreground; prints its endpoints, a ready-to-paste env block and a grant code',
      )
      .option('--port <port>', 'port (0 picks a free one)', '4000')
      .option('--host <host>', 'bind address', '127.0.0.1')
      .option('--dc <dc>', 'data centre it pretends to be', 'us')
      .option('--token-ttl <seconds>', 'access-token lifetime', '3600')
      .option('--state-file <file>', 'keep the state in this file so it survives restarts')
      .option('--scopes <scopes>', 'scopes of the printed grant code (comma-separated)')
      .option('--save-profile [name]', 'write a profile pointing at this emulator (default name: emulator)')
      .action(action(async () => (await import('../commands/emulator-start.js')).start)),
    'zohokit emulator start',
    'zohokit emulator start --port 4001 --token-ttl 60 --state-file .zohokit-emulator.json --save-profile',
  );
  examples(
    emulator
      .command('code')
      .description('mint a grant code on a running emulator, like the API console\'s Self Client "Generate code"')
      .option('--scopes <scopes>', 'comma-separated scopes')
      .option('--ttl <seconds>', 'code lifetime', '600')
      .action(action(async () => (await import('../commands/emulator-start.js')).code)),
    'zohokit --profile emulator emulator code',
  );
}

export function defineDoctor(program: Command): void {
  examples(
    program
      .command('doctor')
      .summary('check configuration, data centre, token and scopes; each problem with a fix')
      .description(
        'check the configuration, data-centre consistency (client id, accounts server, api_domain), the token and its scopes; each problem comes with a fix',
      )
      .option('--offline', 'do not contact Zoho')
      .action(action(async () => (await import('../commands/doctor.js')).doctor)),
    'zohokit doctor',
    'zohokit --profile work doctor --json',
  );
}

export function defineConfig(program: Command): void {
  const config = examples(
    program.command('config').description('read and change profiles (~/.config/zohokit/config.json)'),
    'zohokit config list',
    'zohokit config set desk-org-id 123456',
  );
  const load = async () => import('../commands/config.js');
  examples(
    config
      .command('list')
      .description('profiles, and the settings of the current one (secrets shown only as set/unset)')
      .action(action(async () => (await load()).list)),
    'zohokit config list',
  );
  examples(
    config
      .command('get')
      .description('one setting of the current profile (not the secrets)')
      .argument('<key>', 'dc, client-id, desk-org-id, accounts-url, api-url, desk-url, campaigns-url, scopes')
      .action(action(async () => (await load()).get)),
    'zohokit config get dc',
  );
  examples(
    config
      .command('set')
      .description('change one setting of the current profile')
      .argument(
        '<key>',
        'dc, client-id, client-secret, desk-org-id, accounts-url, api-url, desk-url, campaigns-url, scopes',
      )
      .argument('<value>', "the value ('-' reads it from stdin, handy for client-secret)")
      .action(action(async () => (await load()).set)),
    'zohokit config set desk-org-id 123456',
    'zohokit --profile work config set dc eu',
  );
  examples(
    config
      .command('unset')
      .description('remove one setting from the current profile')
      .argument('<key>', 'a key as for set, or refresh-token')
      .action(action(async () => (await load()).unset)),
    'zohokit config unset desk-url',
  );
  examples(
    config
      .command('use')
      .description('make a profile the default one')
      .argument('<profile>', 'profile name')
      .action(action(async () => (await load()).use)),
    'zohokit config use work',
  );
  examples(
    config
      .command('path')
      .description('where the config and token files are')
      .action(action(async () => (await load()).path)),
    'zohokit config path',
  );
}

export function defineCompletion(program: Command): void {
  examples(
    program
      .command('completion')
      .description('print a shell completion script')
      .argument('<shell>', 'bash | zsh')
      .action(async (shell: string) => {
        const { completionScript } = await import('../commands/completion.js');
        process.exitCode = completionScript(program, shell);
      }),
    'zohokit completion bash > ~/.local/share/bash-completion/completions/zohokit',
    'zohokit completion zsh > ~/.zfunc/_zohokit   # a directory in $fpath',
  );
}
