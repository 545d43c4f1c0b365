/** `zohokit auth status`: who, data centre, scopes, token expiry. Never a secret: only whether each is set. */
import type { Zoho } from 'zohokit';
import { FileTokenStore } from 'zohokit/node';
import type { CommandOptions } from '../define/action.js';
import type { STATUS_FLAGS } from '../define/auth.js';
import type { Context } from '../runtime.js';
import {
  createZoho,
  describe,
  details,
  ENDPOINT_KEYS,
  type EndpointKey,
  EXIT,
  exitCodeFor,
  output,
  type ResolvedProfile,
  resolveProfile,
} from '../runtime.js';
import { identify } from './auth-shared.js';

export interface AuthStatus {
  profile: string;
  loggedIn: boolean;
  user: string | null;
  clientId: string | null;
  dc: string;
  accountsServer: string | null;
  apiDomain: string | null;
  endpoints: Record<EndpointKey, string | null>;
  scopes: string[];
  deskOrgId: string | null;
  clientSecret: { present: boolean; source: string | null };
  refreshToken: { present: boolean; source: string | null };
  accessToken:
    | { valid: true; expiresAt: string; expiresInSec: number }
    | { valid: false; error: { code: string | null; message: string; fix: string | null; rejected: boolean } | null };
  sources: Record<string, string | null>;
  configFile: string;
}

export async function status(ctx: Context, options: CommandOptions<typeof STATUS_FLAGS>): Promise<void> {
  const profile = await resolveProfile(ctx);
  const result = baseStatus(profile);
  let exitCode: number = result.loggedIn ? EXIT.ok : EXIT.auth;

  if (result.loggedIn) {
    const zoho = createZoho(ctx, profile);
    result.accountsServer = zoho.tokens.accountsUrl;
    if (options.offline) {
      await fromCache(profile, zoho, result);
    } else {
      try {
        const token = await zoho.tokens.get();
        result.accessToken = {
          valid: true,
          expiresAt: new Date(token.expiresAt).toISOString(),
          expiresInSec: Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000)),
        };
        if (token.scope.length > 0) result.scopes = token.scope;
        result.apiDomain = token.apiDomain ?? result.apiDomain;
        result.user = (await identify(ctx, zoho)) ?? result.user;
      } catch (error) {
        exitCode = exitCodeFor(error);
        const described = describe(error, ctx.session);
        result.accessToken = {
          valid: false,
          error: {
            code: described.code ?? null,
            message: described.message,
            fix: described.fix ?? null,
            // Zoho refused the stored credentials (revoked, expired): not a passing failure.
            rejected: exitCode === EXIT.auth,
          },
        };
      }
    }
  }
  output(ctx, result, human);
  process.exitCode = exitCode;
}

function baseStatus(profile: ResolvedProfile): AuthStatus {
  const stored = profile.stored;
  const endpoints = {} as Record<EndpointKey, string | null>;
  for (const key of ENDPOINT_KEYS) endpoints[key] = profile.endpoints[key].value ?? null;
  const loggedIn =
    profile.clientId.value !== undefined &&
    profile.clientSecret.value !== undefined &&
    profile.refreshToken.value !== undefined;
  return {
    profile: profile.name,
    loggedIn,
    user: stored.user ?? null,
    clientId: profile.clientId.value ?? null,
    dc: profile.dc.value,
    accountsServer: null,
    apiDomain: stored.apiDomain ?? null,
    endpoints,
    scopes: stored.scopes ?? [],
    deskOrgId: profile.deskOrgId.value ?? null,
    clientSecret: { present: profile.clientSecret.value !== undefined, source: profile.clientSecret.source ?? null },
    refreshToken: { present: profile.refreshToken.value !== undefined, source: profile.refreshToken.source ?? null },
    accessToken: { valid: false, error: null },
    sources: {
      clientId: profile.clientId.source ?? null,
      dc: profile.dc.source ?? null,
      deskOrgId: profile.deskOrgId.source ?? null,
      ...Object.fromEntries(ENDPOINT_KEYS.map((k) => [`endpoints.${k}`, profile.endpoints[k].source ?? null])),
    },
    configFile: profile.paths.config,
  };
}

async function fromCache(profile: ResolvedProfile, zoho: Zoho, result: AuthStatus): Promise<void> {
  const cached = await new FileTokenStore(profile.paths.tokens).get(await zoho.tokens.key()).catch(() => undefined);
  if (cached?.accessToken && cached.expiresAt > Date.now()) {
    result.accessToken = {
      valid: true,
      expiresAt: new Date(cached.expiresAt).toISOString(),
      expiresInSec: Math.round((cached.expiresAt - Date.now()) / 1000),
    };
    if (cached.scope?.length) result.scopes = cached.scope;
  }
}

function human(s: AuthStatus): string {
  const failure = s.accessToken.valid ? null : s.accessToken.error;
  const who = s.user ? ` as ${s.user}` : '';
  const p = s.profile === 'default' ? '' : ` --profile ${s.profile}`;
  const head = !s.loggedIn
    ? `Profile "${s.profile}": not logged in (run zohokit${p} auth login, or zohokit${p} auth exchange --code <code>)`
    : failure?.rejected
      ? `Profile "${s.profile}": the stored login${who} is no longer valid: Zoho refused its refresh token (revoked or expired).`
      : failure
        ? `Profile "${s.profile}": logged in${who}, but no access token could be obtained just now.`
        : `Profile "${s.profile}": logged in${who}`;
  const token = s.accessToken.valid
    ? `valid until ${s.accessToken.expiresAt} (${s.accessToken.expiresInSec} s)`
    : failure
      ? 'none (see below)'
      : 'none cached';
  // The failure on lines of its own: a table cell would cut the sentence.
  const problem = failure
    ? [
        '',
        `${failure.message}${failure.code ? ` (${failure.code})` : ''}`,
        ...(failure.fix ? [`fix: ${failure.fix}`] : []),
      ]
    : [];
  const overridden = ENDPOINT_KEYS.filter((k) => s.endpoints[k] !== null).map((k) => `${k}=${s.endpoints[k]}`);
  return [
    head,
    details([
      ['client id', s.clientId ? `${s.clientId} (${s.sources.clientId})` : 'not set'],
      ['client secret', s.clientSecret.present ? `set (${s.clientSecret.source})` : 'not set'],
      ['refresh token', s.refreshToken.present ? `set (${s.refreshToken.source})` : 'not set'],
      ['data centre', `${s.dc} (${s.sources.dc})`],
      ['accounts server', s.accountsServer ?? undefined],
      ['api domain', s.apiDomain ?? undefined],
      ['endpoints', overridden.length > 0 ? overridden.join(' ') : undefined],
      ['scopes', s.scopes.length > 0 ? s.scopes.join(', ') : 'unknown'],
      ['desk org id', s.deskOrgId ?? 'not set'],
      ['access token', s.loggedIn ? token : undefined],
      ['config file', s.configFile],
    ]),
    ...problem,
  ].join('\n');
}
