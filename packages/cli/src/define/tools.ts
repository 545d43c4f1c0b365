import type { Command } from 'commander';
import { defineCommand, defineGroup, examples, type FlagSpecs } from './action.js';

export const START_FLAGS = {
  port: { flag: '--port <port>', description: 'port (0 picks a free one)', default: '4000' },
  host: { flag: '--host <host>', description: 'bind address', default: '127.0.0.1' },
  dc: { flag: '--dc <dc>', description: 'data centre it pretends to be', default: 'us' },
  tokenTtl: { flag: '--token-ttl <seconds>', description: 'access-token lifetime', default: '3600' },
  stateFile: { flag: '--state-file <file>', description: 'keep the state in this file so it survives restarts' },
  scopes: { flag: '--scopes <scopes>', description: 'scopes of the printed grant code (comma-separated)' },
  saveProfile: {
    flag: '--save-profile [name]',
    description: 'write a profile pointing at this emulator (default name: emulator)',
  },
} as const satisfies FlagSpecs;

export const CODE_FLAGS = {
  scopes: { flag: '--scopes <scopes>', description: 'comma-separated scopes' },
  ttl: { flag: '--ttl <seconds>', description: 'code lifetime', default: '600' },
} as const satisfies FlagSpecs;

export const DOCTOR_FLAGS = {
  offline: { flag: '--offline', description: 'do not contact Zoho' },
} as const satisfies FlagSpecs;

export function defineEmulator(program: Command): void {
  const emulator = defineGroup(program, {
    name: 'emulator',
    description: 'a local Zoho (Accounts, Desk, Campaigns) for offline development',
    examples: ['zohokit emulator start'],
  });
  defineCommand(emulator, {
    name: 'start',
    description:
      'run the emulator in the foreground; prints its endpoints, a ready-to-paste env block and a grant code',
    flags: START_FLAGS,
    examples: [
      'zohokit emulator start',
      'zohokit emulator start --port 4001 --token-ttl 60 --state-file .zohokit-emulator.json --save-profile',
    ],
    load: async () => (await import('../commands/emulator-start.js')).start,
  });
  defineCommand(emulator, {
    name: 'code',
    description: 'mint a grant code on a running emulator, like the API console\'s Self Client "Generate code"',
    flags: CODE_FLAGS,
    examples: ['zohokit --profile emulator emulator code'],
    load: async () => (await import('../commands/emulator-start.js')).code,
  });
}

export function defineDoctor(program: Command): void {
  defineCommand(program, {
    name: 'doctor',
    summary: 'check configuration, data centre, token and scopes; each problem with a fix',
    description:
      'check the configuration, data-centre consistency (client id, accounts server, api_domain), the token and its scopes; each problem comes with a fix',
    flags: DOCTOR_FLAGS,
    examples: ['zohokit doctor', 'zohokit --profile work doctor --json'],
    load: async () => (await import('../commands/doctor.js')).doctor,
  });
}

/** `config --help` names the file this run would use ($XDG_CONFIG_HOME/zohokit/config.json, else ~/.config/…). */
function configFileForHelp(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  // Same rule as profile/config-file.ts (a relative XDG_CONFIG_HOME is ignored), without loading it at start-up.
  if (xdg?.startsWith('/')) return `${xdg.replace(/\/+$/, '')}/zohokit/config.json`;
  return '~/.config/zohokit/config.json';
}

export function defineConfig(program: Command): void {
  const config = defineGroup(program, {
    name: 'config',
    description: `read and change profiles (${configFileForHelp(process.env)})`,
    examples: ['zohokit config list', 'zohokit config set desk-org-id 123456'],
  });
  const load = async () => import('../commands/config.js');
  defineCommand(config, {
    name: 'list',
    description: 'profiles, and the settings of the current one (secrets shown only as set/unset)',
    examples: ['zohokit config list'],
    load: async () => (await load()).list,
  });
  defineCommand(config, {
    name: 'get',
    description: 'one setting of the current profile (not the secrets)',
    args: [
      {
        name: '<key>',
        description: 'dc, client-id, desk-org-id, accounts-url, api-url, desk-url, campaigns-url, scopes',
      },
    ],
    examples: ['zohokit config get dc'],
    load: async () => (await load()).get,
  });
  defineCommand(config, {
    name: 'set',
    description: 'change one setting of the current profile',
    args: [
      {
        name: '<key>',
        description:
          'dc, client-id, client-secret, desk-org-id, accounts-url, api-url, desk-url, campaigns-url, scopes',
      },
      { name: '<value>', description: "the value ('-' reads it from stdin, handy for client-secret)" },
    ],
    examples: ['zohokit config set desk-org-id 123456', 'zohokit --profile work config set dc eu'],
    load: async () => (await load()).set,
  });
  defineCommand(config, {
    name: 'unset',
    description: 'remove one setting from the current profile',
    args: [{ name: '<key>', description: 'a key as for set, or refresh-token' }],
    examples: ['zohokit config unset desk-url'],
    load: async () => (await load()).unset,
  });
  defineCommand(config, {
    name: 'use',
    description: 'make a profile the default one',
    args: [{ name: '<profile>', description: 'profile name' }],
    examples: ['zohokit config use work'],
    load: async () => (await load()).use,
  });
  defineCommand(config, {
    name: 'path',
    description: 'where the config and token files are',
    examples: ['zohokit config path'],
    load: async () => (await load()).path,
  });
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
