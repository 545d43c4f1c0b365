/** `zohokit auth exchange --code …`: the Self Client flow (API console → Self Client → Generate code). */
import type { CommandOptions } from '../define/action.js';
import type { EXCHANGE_FLAGS } from '../define/auth.js';
import { addSecret, CliError, type Context, createZoho, EXIT, output, resolveProfile } from '../runtime.js';
import { ask, describeLogin, ensureClient, saveLogin } from './auth-shared.js';

export async function exchange(ctx: Context, options: CommandOptions<typeof EXCHANGE_FLAGS>): Promise<void> {
  const profile = await resolveProfile(ctx, options);
  const code = await grantCode(ctx, options.code);
  addSecret(ctx, code);
  await ensureClient(ctx, profile, 'Self');
  const zoho = createZoho(ctx, profile, { requireRefreshToken: false });
  const set = await zoho.tokens.exchangeCode({ code });
  const saved = await saveLogin(ctx, profile, zoho, set, 'exchange', profile.dc.value);
  output(ctx, saved, describeLogin);
}

async function grantCode(ctx: Context, given: string | undefined): Promise<string> {
  let code = given;
  if (code === '-') code = await readStdin();
  if (code === undefined)
    code = await ask(ctx, 'Grant code (API console → Self Client → Generate code)', '--code', undefined, true);
  code = code.trim();
  if (code === '' || /\s/.test(code)) {
    throw new CliError('the grant code is empty or contains spaces', {
      code: 'invalid_input',
      exitCode: EXIT.usage,
      fix: 'Copy the whole code from the API console (it looks like 1000.<hex>.<hex>) and exchange it within its lifetime',
    });
  }
  return code;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
