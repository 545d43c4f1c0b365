/**
 * `zohokit relay keys create | list | revoke`. Only a key's SHA-256 is stored, so `create` is the one time its
 * plaintext exists outside the caller: it is printed once (`writeSecret`, the CLI's only deliberate exception
 * to redaction besides `auth token`), and nothing else ever prints it.
 */
import type { ApiKeyRecord } from '@zohokit/relay';
import { ZohoValidationError } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { KEYS_CREATE_FLAGS, RELAY_FLAGS } from '../define/relay.js';
import type { Context } from '../runtime.js';
import { addSecret, CliError, EXIT, note, oneOf, output, say, table, usage, writeSecret } from '../runtime.js';
import { openKeys, type RelayOptions, using, utc } from './relay-queue.js';

const WARNING = 'Store this key now: it cannot be shown again (only its hash is kept).';

export async function createKey(
  ctx: Context,
  options: CommandOptions<typeof KEYS_CREATE_FLAGS, typeof RELAY_FLAGS>,
): Promise<void> {
  const kind = oneOf(options.kind, '--kind', ['secret', 'publishable'] as const);
  await using(openKeys(options, false), async (keys) => {
    const { key, record } = await keys
      .create({ name: options.name, kind, origins: options.origin ?? [] })
      .catch((error: unknown) => {
        // The key store checks names and origins and names the field; here it is the flag, with the store's fix.
        if (!(error instanceof ZohoValidationError)) throw error;
        const flag = String(error.details?.fieldName ?? '').startsWith('origins') ? '--origin' : '--name';
        throw usage(`${flag} ${error.summary.replace(/^relay keys: "[^"]*" /, '')}`, error.fix);
      });
    if (ctx.globals.json) {
      writeSecret(ctx, JSON.stringify({ ...view(record), key, warning: WARNING }, null, 2));
    } else {
      say(ctx, `Created ${record.kind} key "${record.name}" (id ${record.id}):`);
      writeSecret(ctx, `  ${key}`);
      note(ctx, WARNING);
      note(
        ctx,
        record.kind === 'publishable'
          ? `The web form sends it in the Authorization header (Bearer)${record.origins.length ? ` from ${record.origins.join(', ')}` : ' (add --origin for the site it runs on)'}.`
          : 'Keep it on a server: a secret key is refused from a web page.',
      );
    }
    // Printed once; any later line of this run masks it.
    addSecret(ctx, key);
  });
}

export async function listKeys(ctx: Context, options: RelayOptions): Promise<void> {
  await using(openKeys(options), async (keys) => {
    const rows = await keys.list();
    output(ctx, rows.map(view), () =>
      table<ApiKeyRecord>(
        rows,
        [
          { header: 'id', value: (k) => k.id },
          { header: 'name', value: (k) => k.name },
          { header: 'kind', value: (k) => k.kind },
          { header: 'origins', value: (k) => k.origins },
          { header: 'created', value: (k) => utc(k.createdAt) },
          { header: 'revoked', value: (k) => utc(k.revokedAt) },
        ],
        '(no keys: zohokit relay keys create --name … --kind secret|publishable)',
      ),
    );
  });
}

export async function revokeKey(ctx: Context, options: RelayOptions, id: string): Promise<void> {
  await using(openKeys(options), async (keys) => {
    if (!(await keys.revoke(id))) {
      throw new CliError(`no active key has the id ${JSON.stringify(id)}`, {
        code: 'key_not_found',
        exitCode: EXIT.usage,
        fix: 'See the ids with: zohokit relay keys list (a revoked key stays revoked)',
      });
    }
    output(ctx, { revoked: id }, () => `Revoked key ${id}: requests with it are refused (401) from now on`);
  });
}

function view(k: ApiKeyRecord) {
  return { ...k, createdAt: utc(k.createdAt), revokedAt: utc(k.revokedAt) ?? null };
}
