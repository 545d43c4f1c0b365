import type { Command } from 'commander';
import { defineCommand, defineGroup, type FlagSpecs } from './action.js';

export const LOGIN_FLAGS = {
  clientId: {
    flag: '--client-id <id>',
    description: 'server-based client id from the API console (else ZOHO_CLIENT_ID, the profile, or a prompt)',
  },
  clientSecret: {
    flag: '--client-secret <secret>',
    description: 'its client secret (else ZOHO_CLIENT_SECRET, the profile, or a prompt)',
  },
  scopes: {
    flag: '--scopes <scopes>',
    description: 'comma-separated scopes, e.g. Desk.tickets.ALL,Desk.basic.READ (else a prompt)',
  },
  dc: {
    flag: '--dc <dc>',
    description: 'data centre to start at: us eu in au jp cn ca sa (Zoho redirects to the right one)',
  },
  port: {
    flag: '--port <port>',
    description: 'loopback port; the redirect URI http://127.0.0.1:<port>/callback must be registered',
    default: '47681',
  },
  browser: { flag: '--no-browser', description: 'do not open a browser; only print the URL' },
  // The global --timeout has the same name, and commander hands the value to the program: no default here,
  // so the handler reads whichever was given (see LOGIN_TIMEOUT_SEC).
  timeout: { flag: '--timeout <seconds>', description: 'how long to wait for the browser (default: "300")' },
} as const satisfies FlagSpecs;

export const EXCHANGE_FLAGS = {
  code: { flag: '--code <code>', description: "the grant code ('-' reads it from stdin; else a prompt)" },
  clientId: { flag: '--client-id <id>', description: 'Self Client id (else ZOHO_CLIENT_ID, the profile, or a prompt)' },
  clientSecret: {
    flag: '--client-secret <secret>',
    description: 'Self Client secret (else ZOHO_CLIENT_SECRET, the profile, or a prompt)',
  },
  dc: { flag: '--dc <dc>', description: 'data centre of the account: us eu in au jp cn ca sa' },
} as const satisfies FlagSpecs;

export const STATUS_FLAGS = {
  offline: { flag: '--offline', description: 'do not contact Zoho; report only what is stored' },
} as const satisfies FlagSpecs;

export const LOGOUT_FLAGS = {
  all: { flag: '--all', description: 'delete the whole profile, client id and secret included' },
} as const satisfies FlagSpecs;

export function defineAuth(program: Command): void {
  const auth = defineGroup(program, {
    name: 'auth',
    description: 'log in to Zoho, inspect and manage the stored tokens',
    examples: ['zohokit auth login --dc eu', 'zohokit auth status'],
  });

  defineCommand(auth, {
    name: 'login',
    summary: 'log in through the browser (redirect flow) and store the refresh token',
    description:
      'the browser flow: opens Zoho consent, receives the code on a loopback server on 127.0.0.1, exchanges it and stores the refresh token in the profile',
    flags: LOGIN_FLAGS,
    examples: [
      'zohokit auth login --client-id 1000.ABC --scopes Desk.tickets.ALL,Desk.basic.READ',
      'zohokit --profile work auth login --dc eu --no-browser',
    ],
    load: async () => (await import('../commands/auth-login.js')).login,
  });

  defineCommand(auth, {
    name: 'exchange',
    description: "the Self Client flow: exchange a code generated in the API console's Self Client tab",
    flags: EXCHANGE_FLAGS,
    examples: [
      'zohokit auth exchange --code 1000.xxxx --client-id 1000.ABC --dc eu',
      'pbpaste | zohokit auth exchange --code -',
    ],
    load: async () => (await import('../commands/auth-exchange.js')).exchange,
  });

  defineCommand(auth, {
    name: 'status',
    description: 'who is logged in, data centre, scopes and access-token expiry (never the secrets)',
    flags: STATUS_FLAGS,
    examples: ['zohokit auth status', 'zohokit auth status --json | jq .accessToken.expiresAt'],
    load: async () => (await import('../commands/auth-status.js')).status,
  });

  defineCommand(auth, {
    name: 'token',
    description: 'print a valid access token (refreshed if needed), for piping into other tools',
    examples: ['curl -H "Authorization: Zoho-oauthtoken $(zohokit auth token)" https://www.zohoapis.com/crm/v8/users'],
    load: async () => (await import('../commands/auth-token.js')).token,
  });

  defineCommand(auth, {
    name: 'revoke',
    description: 'revoke the refresh token at Zoho (every access token minted from it stops working) and forget it',
    examples: ['zohokit --profile old auth revoke'],
    load: async () => (await import('../commands/auth-logout.js')).revoke,
  });

  defineCommand(auth, {
    name: 'logout',
    description: 'forget the refresh token and cached access token locally (nothing is sent to Zoho)',
    flags: LOGOUT_FLAGS,
    examples: ['zohokit auth logout', 'zohokit --profile scratch auth logout --all'],
    load: async () => (await import('../commands/auth-logout.js')).logout,
  });
}
