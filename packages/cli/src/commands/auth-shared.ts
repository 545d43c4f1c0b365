/**
 * What login and exchange share: asking for the client credentials when no flag, variable or profile has
 * them, and writing the outcome of a code exchange into the profile.
 */
import { DATA_CENTRES, type DataCentre, type TokenSet, type Zoho } from 'zohokit';
import {
  addSecret,
  CliError,
  type Context,
  ENV,
  EXIT,
  endpointOverrides,
  type ResolvedProfile,
  updateProfile,
  verboseLog,
} from '../runtime.js';

/** Fills in the client id and secret from a prompt when nothing else has them (a terminal is required). */
export async function ensureClient(
  ctx: Context,
  profile: ResolvedProfile,
  kind: 'server-based' | 'Self',
): Promise<void> {
  if (profile.clientId.value === undefined) {
    profile.clientId = {
      value: await ask(ctx, `${kind} client id (API console)`, '--client-id', ENV.clientId),
      source: 'flag',
    };
  }
  if (profile.clientSecret.value === undefined) {
    const secret = await ask(ctx, 'Client secret', '--client-secret', ENV.clientSecret, true);
    addSecret(ctx, secret);
    profile.clientSecret = { value: secret, source: 'flag' };
  }
}

export async function ask(
  ctx: Context,
  message: string,
  flag: string,
  envName: string | undefined,
  secret = false,
): Promise<string> {
  if (!ctx.interactive) {
    throw new CliError(`${message.replace(/ \(.*\)$/, '').toLowerCase()} is missing`, {
      code: 'missing_input',
      exitCode: EXIT.usage,
      fix: `Pass ${flag}${envName ? ` or set ${envName}` : ''} (prompts need a terminal)`,
    });
  }
  const prompts = await import('@clack/prompts');
  const answer = secret
    ? await prompts.password({ message, validate: (v) => (v?.trim() ? undefined : 'Required') })
    : await prompts.text({ message, validate: (v) => (v?.trim() ? undefined : 'Required') });
  if (prompts.isCancel(answer)) {
    throw new CliError('cancelled', { code: 'cancelled', exitCode: EXIT.usage });
  }
  return answer.trim();
}

export interface SavedLogin {
  profile: string;
  grant: 'login' | 'exchange';
  clientId: string;
  dc: DataCentre;
  accountsServer: string;
  apiDomain: string | null;
  scopes: string[];
  user: string | null;
  expiresAt: string;
  configFile: string;
}

/** Stores the refresh token, data centre, scopes and endpoints in the profile; returns what `--json` prints. */
export async function saveLogin(
  ctx: Context,
  profile: ResolvedProfile,
  zoho: Zoho,
  set: TokenSet,
  grant: 'login' | 'exchange',
  dc: DataCentre,
): Promise<SavedLogin> {
  if (!set.refreshToken) {
    throw new CliError('Zoho answered the code exchange without a refresh token', {
      code: 'no_refresh_token',
      exitCode: EXIT.auth,
      fix: 'Log in again: zohokit asks for access_type=offline and prompt=consent; a code from another tool may lack them',
    });
  }
  addSecret(ctx, set.refreshToken);
  const user = await identify(ctx, zoho);
  const overrides = endpointOverrides(profile);
  await updateProfile(profile.paths, profile.name, (current) => ({
    ...current,
    clientId: profile.clientId.value,
    clientSecret: profile.clientSecret.value,
    refreshToken: set.refreshToken,
    dc,
    scopes: set.scope,
    apiDomain: set.apiDomain,
    // The refresh token only works where it was issued: later runs must go there even without the variables.
    endpoints: Object.keys(overrides).length > 0 ? overrides : current.endpoints,
    user,
    authorizedAt: new Date(set.obtainedAt).toISOString(),
    grant,
  }));
  return {
    profile: profile.name,
    grant,
    clientId: profile.clientId.value as string,
    dc,
    accountsServer: zoho.tokens.accountsUrl,
    apiDomain: set.apiDomain ?? null,
    scopes: set.scope,
    user: user ?? null,
    expiresAt: new Date(set.expiresAt).toISOString(),
    configFile: profile.paths.config,
  };
}

/**
 * Who the token belongs to, when an API the token may call can say: the emulator's whoami, or CRM's current
 * user. Best effort: Zoho has no product-neutral "me" call, and the login must not fail for want of it.
 */
export async function identify(ctx: Context, zoho: Zoho): Promise<string | undefined> {
  const apiHost = zoho.endpoints.api;
  const isZoho = Object.values(DATA_CENTRES).some((hosts) => hosts.api === apiHost);
  try {
    if (!isZoho) {
      const me = await zoho.request<{ user?: { email?: string } }>({
        product: 'api',
        path: '/__emulator/whoami',
        maxRetries: 0,
      });
      return me?.user?.email || undefined;
    }
    const scopes = (await zoho.tokens.get()).scope;
    if (scopes.some((s) => /^ZohoCRM\.users\.(READ|ALL)$/i.test(s))) {
      const me = await zoho.request<{ users?: { email?: string }[] }>({
        product: 'api',
        path: '/crm/v8/users',
        query: { type: 'CurrentUser' },
        maxRetries: 0,
      });
      return me?.users?.[0]?.email || undefined;
    }
  } catch (error) {
    verboseLog(ctx, `could not tell who logged in: ${error instanceof Error ? error.message : String(error)}`);
  }
  return undefined;
}

export function describeLogin(saved: SavedLogin): string {
  return [
    `Logged in${saved.user ? ` as ${saved.user}` : ''} (profile "${saved.profile}", data centre ${saved.dc}).`,
    `  accounts server: ${saved.accountsServer}`,
    `  scopes:          ${saved.scopes.join(', ') || '(none reported)'}`,
    `  access token valid until ${saved.expiresAt}; the refresh token is stored in ${saved.configFile} (mode 0600)`,
  ].join('\n');
}
