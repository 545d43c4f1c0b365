/**
 * The one way commands talk to Zoho: a `Zoho` client from the SDK, built from the resolved profile, with the
 * access token cached in `tokens.json` next to the profile file (so consecutive runs reuse it) and, with
 * --verbose, every request logged through `redact`.
 */
import { Zoho } from 'zohokit';
import { createNodeTransport, FileTokenStore } from 'zohokit/node';
import { CliError } from './cli-error.js';
import type { Context } from './context.js';
import { EXIT } from './exit-codes.js';
import { verboseListener } from './output/verbose.js';
import { DEFAULT_TIMEOUT_MS, requestTimeoutMs } from './parse-flags.js';
import { ENV, endpointOverrides, isEmulatorProfile, type ResolvedProfile } from './profile/resolve-profile.js';
import { sha256Hex } from './sha256-hex.js';

// `node:http` instead of the global fetch: Node 20 initialises undici on first use (~40 ms, more than the rest
// of a `zohokit desk tickets list` run). Keep-alive helps paging (one TLS handshake per host, not per page);
// idle sockets are unref'd and cli.ts exits once the command is done, so they never hold the process.
const transport = createNodeTransport({ keepAlive: true });

export interface ClientOptions {
  /** Default true: the command calls Zoho, so a refresh token must be known. */
  requireRefreshToken?: boolean;
  /** Replaces the profile's refresh token (a login that just received one). */
  refreshToken?: string | undefined;
}

export function createZoho(ctx: Context, profile: ResolvedProfile, options: ClientOptions = {}): Zoho {
  const clientId = profile.clientId.value;
  const clientSecret = profile.clientSecret.value;
  if (clientId === undefined || clientSecret === undefined) {
    throw new CliError(
      `profile "${profile.name}" has no ${clientId === undefined ? 'client id' : 'client secret'}${profile.exists ? '' : ' (the profile does not exist yet)'}`,
      {
        code: 'not_logged_in',
        exitCode: EXIT.auth,
        fix: `Run 'zohokit${profileFlag(profile)} auth login' (or 'auth exchange --code <code>'), or set ${ENV.clientId} and ${ENV.clientSecret}`,
      },
    );
  }
  const refreshToken = options.refreshToken ?? profile.refreshToken.value;
  if ((options.requireRefreshToken ?? true) && refreshToken === undefined) {
    throw new CliError(`profile "${profile.name}" is not logged in (no refresh token)`, {
      code: 'not_logged_in',
      exitCode: EXIT.auth,
      // The emulator's Self Client has no redirect URI: the browser login cannot work there, a code exchange does.
      fix: isEmulatorProfile(profile)
        ? `Get a grant code from the emulator and exchange it: 'zohokit${profileFlag(profile)} emulator code', then 'zohokit${profileFlag(profile)} auth exchange --code <code>'`
        : `Run 'zohokit${profileFlag(profile)} auth login', or 'zohokit${profileFlag(profile)} auth exchange --code <code>' with a Self Client code, or set ${ENV.refreshToken}`,
    });
  }
  const orgId = profile.deskOrgId.value;
  const timeoutMs = requestTimeoutMs(ctx);
  return new Zoho({
    clientId,
    clientSecret,
    refreshToken,
    dc: profile.dc.value,
    endpoints: endpointOverrides(profile),
    tokenStore: new FileTokenStore(profile.paths.tokens),
    sha256: sha256Hex,
    desk: orgId === undefined ? undefined : { orgId },
    timeoutMs,
    onEvent: verboseListener(ctx, timeoutMs ?? DEFAULT_TIMEOUT_MS),
    fetch: transport,
  });
}

/** ` --profile <name>` when the profile is not the default one, for fixes that name a command. */
export function profileFlag(profile: ResolvedProfile): string {
  return profile.name === 'default' ? '' : ` --profile ${profile.name}`;
}
