/**
 * Any failure → one report on stderr (the message with Zoho's code, then a fix) and an exit code:
 * 1 Zoho/API error, 2 usage or configuration error, 3 authentication needed, 4 rate limited.
 * Loaded only when something failed, so a successful run never pays for it.
 */
import pc from 'picocolors';
import { isZohoError, redact, type ZohoError } from 'zohokit';
import { CliError } from '../cli-error.js';
import type { Context } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

/** SDK codes that mean "log in (again)" whatever the error class says. */
const AUTH_CODES = new Set(['missing_refresh_token', 'untrusted_accounts_server', 'invalid_code']);

/** Fixes that name CLI commands instead of SDK options. */
const CLI_FIXES: Record<string, string> = {
  missing_org_id:
    "Find the id with 'zohokit desk orgs', then 'zohokit config set desk-org-id <id>' (or ZOHO_DESK_ORG_ID, or --org-id)",
  missing_refresh_token:
    "Log in with 'zohokit auth login', or exchange a console code with 'zohokit auth exchange --code <code>'",
  invalid_code:
    "Log in again: 'zohokit auth login', or generate a new code in the API console and run 'zohokit auth exchange --code <code>' at once",
  invalid_client:
    "Check the client id and the data centre (--dc, ZOHO_DC or 'zohokit config set dc <dc>'); 'zohokit doctor' compares them",
  SCOPE_MISMATCH: "Log in again with the scope the call needs: 'zohokit auth login --scopes <scopes>'",
};

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (notBuilt(error)) return EXIT.usage;
  if (!isZohoError(error)) return EXIT.api;
  if (error.code !== undefined && AUTH_CODES.has(error.code)) return EXIT.auth;
  // A token of another Desk org: the org id in the configuration is wrong, logging in again would not help.
  if (error.code === 'OAUTH_ORG_MISMATCH') return EXIT.usage;
  switch (error.kind) {
    case 'auth':
    case 'permission':
      return EXIT.auth;
    case 'rate_limit':
      return EXIT.rateLimited;
    case 'config':
      return EXIT.usage;
    case 'validation':
      // Rejected by zohokit before sending (invalid_input) is a usage error; rejected by Zoho is an API error.
      return error.code === 'invalid_input' ? EXIT.usage : EXIT.api;
    default:
      return EXIT.api;
  }
}

/** Writes the report and returns the exit code. Never throws. */
export function reportError(ctx: Context, error: unknown): ExitCode {
  const exitCode = exitCodeFor(error);
  const clean = (text: string) => redact(text, ctx.secrets);
  try {
    if (ctx.globals.json) {
      ctx.stderr.write(`${clean(JSON.stringify({ error: { ...describe(error), exitCode } }, null, 2))}\n`);
    } else {
      const { message, code, fix, retryAfterMs } = describe(error);
      const lines = [`${pc.red('error:')} ${message}`];
      if (code !== undefined) lines.push(`  ${pc.dim('code:')} ${code}`);
      if (retryAfterMs !== undefined) lines.push(`  ${pc.dim('retry after:')} ${Math.ceil(retryAfterMs / 1000)} s`);
      if (fix !== undefined) lines.push(`  ${pc.dim('fix:')}  ${fix}`);
      if (ctx.globals.verbose && error instanceof Error && !(error instanceof CliError) && !isZohoError(error)) {
        lines.push(pc.dim(error.stack ?? ''));
      }
      ctx.stderr.write(`${clean(lines.join('\n'))}\n`);
    }
  } catch {
    ctx.stderr.write('error: (the error could not be described)\n');
  }
  return exitCode;
}

interface Described {
  name: string;
  message: string;
  code?: string | undefined;
  status?: number | undefined;
  fix?: string | undefined;
  retryAfterMs?: number | undefined;
  [key: string]: unknown;
}

function describe(error: unknown): Described {
  if (error instanceof CliError) return { name: error.name, message: error.message, code: error.code, fix: error.fix };
  if (notBuilt(error)) {
    return {
      name: 'CliError',
      message: `a workspace package is not built: ${(error as Error).message.split('\n')[0]}`,
      code: 'not_built',
      fix: "Run 'npm run build' at the repository root (the emulator commands need @zohokit/emulator built)",
    };
  }
  if (isZohoError(error)) return describeZoho(error);
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function describeZoho(error: ZohoError): Described {
  const json = error.toJSON();
  const fix =
    (error.code !== undefined ? CLI_FIXES[error.code] : undefined) ??
    inputFix(error) ??
    error.fix ??
    KIND_FIXES[error.kind];
  return {
    ...json,
    name: error.name,
    message: headline(error),
    code: error.code,
    status: error.status,
    fix,
    retryAfterMs: (error as { retryAfterMs?: number }).retryAfterMs,
  };
}

const KIND_FIXES: Record<string, string> = {
  not_found: 'Check the id or the path (list the resources to find it); nothing was changed',
  connection: "Check the network and the endpoints ('zohokit doctor'); run with --verbose to see each attempt",
  api: 'Zoho failed or answered something unexpected; try again later, with --verbose to see the exchange',
};

/** zohokit rejected an input before sending it: name the flag that carries the field. */
function inputFix(error: ZohoError): string | undefined {
  const field = error.details?.fieldName;
  if (error.code !== 'invalid_input' || typeof field !== 'string') return undefined;
  const last =
    field
      .replace(/\[\d+\]$/, '')
      .split('.')
      .pop() ?? field;
  const flag = `--${last.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return `Check ${flag} (field "${field}"); nothing was sent to Zoho`;
}

/** In a source checkout, a command that imports another workspace package before `npm run build`. */
function notBuilt(error: unknown): boolean {
  return (
    (error as { code?: unknown } | undefined)?.code === 'ERR_MODULE_NOT_FOUND' &&
    /@zohokit\//.test(String((error as Error).message))
  );
}

/** The SDK's message without its `zohokit:` prefix and without the fix, which is shown on its own line. */
function headline(error: ZohoError): string {
  let text = error.message.replace(/^zohokit:\s*/, '');
  if (error.fix && text.endsWith(`. ${error.fix}`)) text = text.slice(0, -(error.fix.length + 2));
  return text;
}
