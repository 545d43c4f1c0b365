/** `zohokit auth revoke` (at Zoho, then locally) and `zohokit auth logout` (locally only). */
import { FileTokenStore } from 'zohokit/node';
import type { CommandOptions } from '../define/action.js';
import type { LOGOUT_FLAGS } from '../define/auth.js';
import type { Context } from '../runtime.js';
import {
  CliError,
  createZoho,
  ENV,
  EXIT,
  note,
  output,
  type ResolvedProfile,
  resolveProfile,
  updateProfile,
} from '../runtime.js';

export async function revoke(ctx: Context): Promise<void> {
  const profile = await resolveProfile(ctx);
  const zoho = createZoho(ctx, profile);
  // Deletes this tenant's cached access token too (the SDK's token manager owns that entry).
  await zoho.tokens.revoke();
  await forgetRefreshToken(profile);
  envWarning(ctx, profile);
  output(
    ctx,
    { profile: profile.name, revoked: true },
    () => `Revoked the refresh token of profile "${profile.name}" at Zoho and removed it from ${profile.paths.config}.`,
  );
}

export async function logout(ctx: Context, options: CommandOptions<typeof LOGOUT_FLAGS>): Promise<void> {
  const profile = await resolveProfile(ctx);
  if (!profile.exists && profile.refreshToken.source !== 'env') {
    throw new CliError(`there is no profile "${profile.name}"`, {
      code: 'unknown_profile',
      exitCode: EXIT.usage,
      fix: "See the profiles with 'zohokit config list'",
    });
  }
  // Drop the cached access token first: it needs the credentials to compute the tenant key.
  if (profile.clientId.value && profile.clientSecret.value && profile.refreshToken.value) {
    const key = await createZoho(ctx, profile).tokens.key();
    await new FileTokenStore(profile.paths.tokens).delete(key).catch(() => undefined);
  }
  if (options.all) await updateProfile(profile.paths, profile.name, () => undefined);
  else await forgetRefreshToken(profile);
  envWarning(ctx, profile);
  output(ctx, { profile: profile.name, removed: options.all ? 'profile' : 'refreshToken' }, () =>
    options.all
      ? `Deleted profile "${profile.name}" and its cached access token.`
      : `Logged out of profile "${profile.name}": the refresh token and cached access token are gone (the client id and secret stay; --all removes them too). Zoho still honours the token until it is revoked: zohokit auth revoke.`,
  );
}

async function forgetRefreshToken(profile: ResolvedProfile): Promise<void> {
  if (!profile.exists) return;
  await updateProfile(profile.paths, profile.name, (current) => ({
    ...current,
    refreshToken: undefined,
    user: undefined,
    authorizedAt: undefined,
    grant: undefined,
  }));
}

function envWarning(ctx: Context, profile: ResolvedProfile): void {
  if (profile.refreshToken.source === 'env') {
    note(ctx, `Note: ${ENV.refreshToken} is still set in this shell and would be used by the next command.`);
  }
}
