import type { Command } from 'commander';
import { action, examples } from './action.js';

export function defineAuth(program: Command): void {
  const auth = examples(
    program.command('auth').description('log in to Zoho, inspect and manage the stored tokens'),
    'zohokit auth login --dc eu',
    'zohokit auth status',
  );

  examples(
    auth
      .command('login')
      .summary('log in through the browser (redirect flow) and store the refresh token')
      .description(
        'the browser flow: opens Zoho consent, receives the code on a loopback server on 127.0.0.1, exchanges it and stores the refresh token in the profile',
      )
      .option(
        '--client-id <id>',
        'server-based client id from the API console (else ZOHO_CLIENT_ID, the profile, or a prompt)',
      )
      .option('--client-secret <secret>', 'its client secret (else ZOHO_CLIENT_SECRET, the profile, or a prompt)')
      .option('--scopes <scopes>', 'comma-separated scopes, e.g. Desk.tickets.ALL,Desk.basic.READ (else a prompt)')
      .option('--dc <dc>', 'data centre to start at: us eu in au jp cn ca sa (Zoho redirects to the right one)')
      .option(
        '--port <port>',
        'loopback port; the redirect URI http://127.0.0.1:<port>/callback must be registered',
        '47681',
      )
      .option('--no-browser', 'do not open a browser; only print the URL')
      .option('--timeout <seconds>', 'how long to wait for the browser', '300')
      .action(action(async () => (await import('../commands/auth-login.js')).login)),
    'zohokit auth login --client-id 1000.ABC --scopes Desk.tickets.ALL,Desk.basic.READ',
    'zohokit --profile work auth login --dc eu --no-browser',
  );

  examples(
    auth
      .command('exchange')
      .description("the Self Client flow: exchange a code generated in the API console's Self Client tab")
      .option('--code <code>', "the grant code ('-' reads it from stdin; else a prompt)")
      .option('--client-id <id>', 'Self Client id (else ZOHO_CLIENT_ID, the profile, or a prompt)')
      .option('--client-secret <secret>', 'Self Client secret (else ZOHO_CLIENT_SECRET, the profile, or a prompt)')
      .option('--dc <dc>', 'data centre of the account: us eu in au jp cn ca sa')
      .action(action(async () => (await import('../commands/auth-exchange.js')).exchange)),
    'zohokit auth exchange --code 1000.xxxx --client-id 1000.ABC --dc eu',
    'pbpaste | zohokit auth exchange --code -',
  );

  examples(
    auth
      .command('status')
      .description('who is logged in, data centre, scopes and access-token expiry (never the secrets)')
      .option('--offline', 'do not contact Zoho; report only what is stored')
      .action(action(async () => (await import('../commands/auth-status.js')).status)),
    'zohokit auth status',
    'zohokit auth status --json | jq .accessToken.expiresAt',
  );

  examples(
    auth
      .command('token')
      .description('print a valid access token (refreshed if needed), for piping into other tools')
      .action(action(async () => (await import('../commands/auth-token.js')).token)),
    'curl -H "Authorization: Zoho-oauthtoken $(zohokit auth token)" https://www.zohoapis.com/crm/v8/users',
  );

  examples(
    auth
      .command('revoke')
      .description('revoke the refresh token at Zoho (every access token minted from it stops working) and forget it')
      .action(action(async () => (await import('../commands/auth-logout.js')).revoke)),
    'zohokit --profile old auth revoke',
  );

  examples(
    auth
      .command('logout')
      .description('forget the refresh token and cached access token locally (nothing is sent to Zoho)')
      .option('--all', 'delete the whole profile, client id and secret included')
      .action(action(async () => (await import('../commands/auth-logout.js')).logout)),
    'zohokit auth logout',
    'zohokit --profile scratch auth logout --all',
  );
}
