/**
 * `zohokit auth token`: the one command that prints a secret, because it was asked for by name (for
 * `$(zohokit auth token)` in a curl call). The token comes from the cache, refreshed if it is about to expire.
 */
import type { Context } from '../runtime.js';
import { createZoho, resolveProfile, writeSecret } from '../runtime.js';

export async function token(ctx: Context): Promise<void> {
  const profile = await resolveProfile(ctx);
  const zoho = createZoho(ctx, profile);
  const access = await zoho.tokens.get();
  if (ctx.globals.json) {
    writeSecret(
      ctx,
      JSON.stringify(
        {
          accessToken: access.token,
          expiresAt: new Date(access.expiresAt).toISOString(),
          apiDomain: access.apiDomain ?? null,
          scopes: access.scope,
        },
        null,
        2,
      ),
    );
  } else {
    writeSecret(ctx, access.token);
  }
}
