/**
 * `zohokit auth login`: Zoho's redirect flow for a server-based client.
 *
 * loopback server on 127.0.0.1 → authorize URL (printed; opened in a browser unless --no-browser) → Zoho
 * redirects to /callback with code, location, accounts-server, state → the state must be the one we sent,
 * the accounts server must be a Zoho accounts host (or the configured override) of the same data centre as
 * `location` → the code is exchanged in that data centre → the refresh token and data centre go to the profile.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DATA_CENTRE_NAMES, type DataCentre, dataCentreOfAccountsServer, isTrustedAccountsServer } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { LOGIN_FLAGS } from '../define/auth.js';
import { startLoopback } from '../login/loopback-server.js';
import {
  addSecret,
  CliError,
  type Context,
  createZoho,
  describe,
  EXIT,
  endpointOverrides,
  integer,
  note,
  output,
  type ResolvedProfile,
  resolveProfile,
  say,
  verboseLog,
} from '../runtime.js';
import { describeLogin, ensureClient, saveLogin } from './auth-shared.js';

export const DEFAULT_SCOPES = [
  'Desk.tickets.ALL',
  'Desk.contacts.READ',
  'Desk.basic.READ',
  'Desk.search.READ',
  'ZohoCampaigns.contact.ALL',
];

const SCOPE_CHOICES = [
  ...DEFAULT_SCOPES,
  'Desk.contacts.CREATE',
  'ZohoCampaigns.campaign.READ',
  'ZohoCRM.modules.ALL',
  'ZohoCRM.users.READ',
];

/** `auth login --timeout` is the browser wait; it shares its name with the global request timeout. */
const LOGIN_TIMEOUT_SEC = '300';

export async function login(ctx: Context, options: CommandOptions<typeof LOGIN_FLAGS>): Promise<void> {
  const port = integer(options.port, '--port', 0, 65_535);
  const timeoutMs = integer(options.timeout ?? LOGIN_TIMEOUT_SEC, '--timeout', 1, 86_400) * 1000;
  const profile = await resolveProfile(ctx, options);
  await ensureClient(ctx, profile, 'server-based');
  const scopes = await chooseScopes(ctx, profile, options.scopes);

  const loopback = await startLoopback(port).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`, {
      code: 'port_unavailable',
      exitCode: EXIT.usage,
      fix: 'Pass another --port, and register http://127.0.0.1:<port>/callback as a redirect URI in the API console',
    });
  });
  try {
    // Here --timeout meant the browser wait: the code exchange keeps the default request timeout.
    const zoho = createZoho({ ...ctx, globals: { ...ctx.globals, timeout: undefined } }, profile, {
      requireRefreshToken: false,
    });
    const state = randomBytes(24).toString('base64url');
    const url = zoho.tokens.authorizeUrl({ scope: scopes, redirectUri: loopback.redirectUri, state });

    const show = ctx.globals.json ? note : say;
    show(ctx, `Open this URL in a browser to authorise zohokit (profile "${profile.name}"):\n\n  ${url}\n`);
    note(
      ctx,
      `Waiting for Zoho to redirect to ${loopback.redirectUri} (register exactly this redirect URI; Ctrl-C to cancel)…`,
    );
    if (options.browser) await openBrowser(ctx, url);

    const callback = await loopback.next(timeoutMs).catch(() => {
      throw new CliError(`no answer from the browser within ${timeoutMs / 1000} s`, {
        code: 'login_timeout',
        exitCode: EXIT.auth,
        fix: 'Run zohokit auth login again and finish the consent in the browser (or pass a longer --timeout)',
      });
    });
    verboseLog(ctx, `callback received: ${callback.params.toString()}`);
    try {
      const { code, accountsServer, dc } = checkCallback(callback.params, state, profile);
      addSecret(ctx, code);
      const set = await zoho.tokens.exchangeCode({ code, redirectUri: loopback.redirectUri, accountsServer });
      const saved = await saveLogin(ctx, profile, zoho, set, 'login', dc);
      await callback.respond(
        200,
        'Logged in to Zoho',
        'zohokit has stored the login. You can close this tab and return to the terminal.',
      );
      output(ctx, saved, describeLogin);
    } catch (error) {
      await callback.respond(
        400,
        'Login refused',
        `zohokit did not complete the login: ${describe(error, ctx.session).message}`,
      );
      throw error;
    }
  } finally {
    await loopback.close();
  }
}

/** The checks that make a callback trustworthy. A forged or stale callback is refused before any exchange. */
function checkCallback(
  params: URLSearchParams,
  state: string,
  profile: ResolvedProfile,
): { code: string; accountsServer: string | undefined; dc: DataCentre } {
  if (!sameSecret(params.get('state') ?? '', state)) {
    throw new CliError('the callback carries a state that is not the one this login sent', {
      code: 'state_mismatch',
      exitCode: EXIT.auth,
      fix: 'Only finish the login in the browser tab this run opened; run zohokit auth login again',
    });
  }
  const denied = params.get('error');
  if (denied) {
    throw new CliError(`Zoho did not grant access (${denied})`, {
      code: denied,
      exitCode: EXIT.auth,
      fix: 'Run zohokit auth login again and choose Accept on the consent page',
    });
  }
  const code = params.get('code');
  if (!code) {
    throw new CliError('the callback carries no code', {
      code: 'missing_code',
      exitCode: EXIT.auth,
      fix: 'Run zohokit auth login again',
    });
  }
  const configured = endpointOverrides(profile).accounts;
  const server = params.get('accounts-server') ?? undefined;
  if (server !== undefined && !isTrustedAccountsServer(server, configured ? [configured] : [])) {
    throw new CliError(`refusing accounts-server ${hostOf(server)}: it is not a Zoho accounts server`, {
      code: 'untrusted_accounts_server',
      exitCode: EXIT.auth,
      fix: 'The callback was not sent by Zoho (or was altered); run zohokit auth login again',
    });
  }
  const location = params.get('location') ?? undefined;
  const serverDc = server === undefined ? undefined : dataCentreOfAccountsServer(server);
  const locationDc = (DATA_CENTRE_NAMES as readonly string[]).includes(location ?? '')
    ? (location as DataCentre)
    : undefined;
  if (serverDc !== undefined && locationDc !== undefined && serverDc !== locationDc) {
    throw new CliError(`the callback says location=${location} but accounts-server is ${hostOf(server ?? '')}`, {
      code: 'dc_mismatch',
      exitCode: EXIT.auth,
      fix: 'The callback was altered or Zoho answered inconsistently; run zohokit auth login again',
    });
  }
  return { code, accountsServer: server, dc: serverDc ?? locationDc ?? profile.dc.value };
}

async function chooseScopes(ctx: Context, profile: ResolvedProfile, given: string | undefined): Promise<string[]> {
  const parse = (text: string) => text.split(/[\s,]+/).filter(Boolean);
  if (given !== undefined) {
    const scopes = parse(given);
    if (scopes.length === 0) {
      throw new CliError('--scopes is empty', {
        code: 'invalid_input',
        exitCode: EXIT.usage,
        fix: 'For example --scopes Desk.tickets.ALL,Desk.basic.READ',
      });
    }
    return scopes;
  }
  if (profile.stored.scopes?.length) return profile.stored.scopes;
  if (!ctx.interactive) {
    note(ctx, `No --scopes given: asking for ${DEFAULT_SCOPES.join(', ')}`);
    return DEFAULT_SCOPES;
  }
  const prompts = await import('@clack/prompts');
  const picked = await prompts.multiselect({
    message: 'Scopes to grant (space toggles, enter confirms)',
    options: SCOPE_CHOICES.map((value) => ({ value, label: value })),
    initialValues: DEFAULT_SCOPES,
    required: true,
  });
  if (prompts.isCancel(picked)) throw new CliError('cancelled', { code: 'cancelled', exitCode: EXIT.usage });
  return picked;
}

async function openBrowser(ctx: Context, url: string): Promise<void> {
  try {
    const { default: open } = await import('open');
    await open(url);
  } catch (error) {
    note(
      ctx,
      `Could not open a browser (${error instanceof Error ? error.message : String(error)}); open the URL above yourself.`,
    );
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return JSON.stringify(url);
  }
}
