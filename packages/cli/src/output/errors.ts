/**
 * Any failure → one report on stderr (what happened, Zoho's code, then a fix) and an exit code:
 * 1 Zoho/API error, 2 usage or configuration error, 3 authentication needed, 4 rate limited.
 * Built from the SDK error's fields (`summary`, `code`, `fix`, `outcome`, …), never by taking its message
 * apart; fixes name CLI commands (with the active `--profile`), not SDK calls.
 * Loaded only when something failed (and by doctor, auth status and the import, which report failures too).
 */
import pc from 'picocolors';
import { type AnyZohoError, isZohoError, redact } from 'zohokit';
import { CliError } from '../cli-error.js';
import type { Context, Session } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { isRecord } from '../is-record.js';
import { DEFAULT_TIMEOUT_MS } from '../parse-flags.js';

/** SDK codes that mean "log in (again)" whatever the error class says. */
const AUTH_CODES = new Set(['missing_refresh_token', 'untrusted_accounts_server', 'invalid_code']);

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (notBuilt(error) || relayMissing(error)) return EXIT.usage;
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
    const described = describe(error, ctx.session);
    if (ctx.globals.json) {
      const body = isZohoError(error) ? { ...error.toJSON(), ...described } : described;
      ctx.stderr.write(`${clean(JSON.stringify({ error: { ...body, exitCode } }, null, 2))}\n`);
    } else {
      const { message, code, status, fix, retryAfterMs, fields, callId, requestId, notes } = described;
      const lines = [`${pc.red('error:')} ${message}`];
      if (code !== undefined)
        lines.push(`  ${pc.dim('code:')} ${code}${status !== undefined ? ` (HTTP ${status})` : ''}`);
      if (fields !== undefined) {
        lines.push(`  ${pc.dim('fields:')}`);
        for (const f of fields) lines.push(`    ${f.field}${f.problem ? `: ${f.problem}` : ''}`);
      }
      if (retryAfterMs !== undefined) lines.push(`  ${pc.dim('retry after:')} ${seconds(retryAfterMs)}`);
      // A profile name that looks mistyped comes first: the fix below is for the name as typed.
      for (const line of notes ?? []) lines.push(`  ${pc.dim('note:')} ${line}`);
      if (fix !== undefined) lines.push(`  ${pc.dim('fix:')}  ${fix}`);
      if (ctx.globals.verbose && (callId !== undefined || requestId !== undefined)) {
        lines.push(pc.dim(`  call ${callId ?? '-'}${requestId ? `, Zoho request id ${requestId}` : ''}`));
      }
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

export interface FieldProblem {
  field: string;
  problem?: string | undefined;
}

export interface Described {
  name: string;
  message: string;
  code?: string | undefined;
  status?: number | undefined;
  fix?: string | undefined;
  retryAfterMs?: number | undefined;
  outcome?: string | undefined;
  callId?: string | undefined;
  requestId?: string | undefined;
  /** Every field Zoho named (a Desk 422 lists them all). */
  fields?: FieldProblem[] | undefined;
  /** More hints (the profile that exists, the one meant). */
  notes?: string[] | undefined;
}

/** The one description of any failure, for the report, doctor, auth status and the import summary. */
export function describe(error: unknown, session: Session = {}): Described {
  if (error instanceof CliError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      fix: error.fix,
      notes: profileNotes(error, session),
    };
  }
  if (notBuilt(error)) {
    return {
      name: 'CliError',
      message: `a workspace package is not built: ${messageOf(error).split('\n')[0]}`,
      code: 'not_built',
      fix: "Run 'npm run build' at the repository root (the emulator commands need @zohokit/emulator built)",
    };
  }
  if (relayMissing(error)) {
    return {
      name: 'CliError',
      message:
        'zohokit relay needs the @zohokit/relay package (its SQLite driver and HTTP server), which is not installed',
      code: 'relay_not_installed',
      fix: "Install it beside the CLI: 'npm install @zohokit/relay' (better-sqlite3 compiles once, about 2 minutes)",
    };
  }
  if (isZohoError(error)) return describeZoho(error, session);
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function describeZoho(error: AnyZohoError, session: Session): Described {
  const fields = fieldProblems(error.details);
  const retryAfterMs = error.kind === 'rate_limit' ? error.retryAfterMs : undefined;
  const refused = error.kind === 'connection' && error.code === 'refused';
  const fix = cliFix(error, session, fields);
  return {
    name: error.name,
    message: refused ? refusedMessage(error) : error.summary,
    code: error.code,
    status: error.status,
    fix: fix === undefined ? undefined : withProfile(cliWords(fix, retryAfterMs), session),
    retryAfterMs,
    outcome: error.outcome,
    callId: error.callId,
    requestId: error.requestId,
    fields: fields.length > 1 || (fields.length === 1 && fields[0]?.problem) ? fields : undefined,
  };
}

/** The fix for a Zoho error, in CLI terms. */
function cliFix(error: AnyZohoError, session: Session, fields: FieldProblem[]): string | undefined {
  switch (error.code) {
    case 'missing_org_id':
      return "Find the id with 'zohokit desk orgs', then 'zohokit config set desk-org-id <id>' (or ZOHO_DESK_ORG_ID, or --org-id)";
    case 'missing_refresh_token':
    case 'invalid_code':
    case 'INVALID_OAUTH':
    case 'INVALID_TOKEN':
      return loginFix(session);
    case 'invalid_client':
      return "The client id is unknown at this accounts server: it was registered in another data centre (--dc, ZOHO_DC or 'zohokit config set dc <dc>'), or Multi-DC is off for it in the API console; 'zohokit doctor' compares them";
    case 'SCOPE_MISMATCH':
    case 'OAUTH_SCOPE_MISMATCH':
      return scopeFix(error.details?.requiredScope, session);
    case 'invalid_input':
      return inputFix(error) ?? error.fix;
    default:
      break;
  }
  switch (error.kind) {
    case 'connection':
      if (error.code === 'refused') return refusedFix(error, session);
      if (error.code === 'timeout') {
        return `Zoho did not answer in time: try again, or allow longer with --timeout <seconds> (default ${DEFAULT_TIMEOUT_MS / 1000} s); --verbose shows each attempt`;
      }
      if (error.outcome === 'ambiguous') return ambiguousFix(error);
      return "Check the network and the endpoints ('zohokit doctor'); run with --verbose to see each attempt";
    case 'auth':
      return error.fix ?? loginFix(session);
    case 'validation':
      if (fields.length > 0) return `Fix ${fields.map((f) => f.field).join(', ')} and send again`;
      return error.fix;
    case 'not_found':
      return error.fix ?? 'Check the id or the path (list the resources to find it); nothing was changed';
    case 'api':
      if (error.outcome === 'ambiguous') return ambiguousFix(error);
      return (
        error.fix ?? 'Zoho failed or answered something unexpected; try again later, with --verbose to see the exchange'
      );
    default:
      return error.fix;
  }
}

/** Revoked, expired or missing login. The emulator's Self Client cannot do the browser flow: give its path. */
function loginFix(session: Session): string {
  if (session.emulator) {
    return "Get a new grant code from the emulator and exchange it: 'zohokit emulator code', then 'zohokit auth exchange --code <code>' (auth login needs a server-based client the emulator's Self Client is not)";
  }
  return "Log in again: 'zohokit auth login', or generate a Self Client code in the API console and run 'zohokit auth exchange --code <code>' at once";
}

function scopeFix(scope: unknown, session: Session): string {
  const named = typeof scope === 'string' ? scope : '<scopes>';
  if (session.emulator) {
    return `Exchange a code with that scope: 'zohokit emulator code --scopes ${named}', then 'zohokit auth exchange --code <code>'`;
  }
  return `Log in again with the scope the call needs: 'zohokit auth login --scopes ${named}'`;
}

/** A create (or other non-replayable call) that may have taken effect: how to check, and how to be safe next time. */
function ambiguousFix(error: AnyZohoError): string {
  const request = error.request;
  if (error.product === 'desk' && request?.method === 'POST' && /\/tickets\/?$/.test(pathOf(request.url))) {
    return "It may or may not have reached Zoho: look for the ticket with 'zohokit desk tickets list --limit 5' before creating it again, and pass --idempotency-key <key> next time so a retried create is safe";
  }
  return `It may or may not have reached Zoho and was not sent again: check with a GET (zohokit api ${error.product ?? 'api'} GET …) before sending it again`;
}

function refusedMessage(error: AnyZohoError): string {
  const host = hostOf(error);
  const errno = causeCode(error) ?? 'ECONNREFUSED';
  return `cannot connect to ${host ?? 'the server'}: connection refused (${errno}); nothing was sent`;
}

function refusedFix(error: AnyZohoError, session: Session): string {
  const host = hostOf(error);
  const local = host !== undefined && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(host);
  if (local || session.emulator) {
    // `emulator start --save-profile <name>` keeps that profile's client, so its refresh token stays usable.
    const save = session.profileFlag ? ` --save-profile ${session.profile}` : '';
    return `Is the emulator running? Start it with 'zohokit emulator start${save}' (the profile expects it at ${host ?? 'its saved URL'})`;
  }
  return "Nothing reached Zoho: check the network and the endpoint URLs ('zohokit doctor' shows them)";
}

/** SDK vocabulary → CLI vocabulary: a fix must name something the user can type. */
function cliWords(fix: string, retryAfterMs: number | undefined): string {
  const wait = retryAfterMs === undefined ? 'the time Zoho named' : seconds(retryAfterMs);
  return fix
    .replace(/zoho\.campaigns\.lists\(\)/g, "'zohokit campaigns lists'")
    .replace(/zoho\.desk\.organizations\.list\(\)/g, "'zohokit desk orgs'")
    .replace(/\bwait (for )?retryAfterMs\b/g, `retry after ${wait}`)
    .replace(/\bretryAfterMs\b/g, wait)
    .replace(/\(dc option\)/g, "(--dc, ZOHO_DC or 'zohokit config set dc <dc>')")
    .replace(/ named in details\.fieldName/g, '')
    .replace(/details\.fieldName/g, 'the field Zoho named');
}

/** Every `zohokit <command>` a fix names runs against the active profile. */
function withProfile(fix: string, session: Session): string {
  const flag = session.profileFlag;
  if (!flag || fix.includes('--profile')) return fix;
  // `emulator start` takes no profile (it writes one with --save-profile); every other command runs against it.
  return fix.replace(/\bzohokit (?=(auth|desk|config|campaigns|emulator (?!start)|doctor|api)\b)/g, `zohokit${flag} `);
}

/** A login that is missing because the profile is not the one meant. */
function profileNotes(error: CliError, session: Session): string[] | undefined {
  if (error.code !== 'not_logged_in') return undefined;
  const notes: string[] = [];
  if (session.didYouMean) {
    notes.push(`profile "${session.profile}" does not exist; did you mean --profile ${session.didYouMean}?`);
  } else if (session.otherProfiles && session.otherProfiles.length > 0) {
    const names = session.otherProfiles.map((n) => `"${n}"`).join(', ');
    const first = session.otherProfiles[0];
    notes.push(
      `profile "${session.profile}" does not exist, but ${names} ${session.otherProfiles.length > 1 ? 'do' : 'does'}: pass --profile ${first}, or make it the default with 'zohokit config use ${first}'`,
    );
  }
  return notes.length > 0 ? notes : undefined;
}

/** zohokit rejected an input before sending it: name the flag that carries the field. */
function inputFix(error: AnyZohoError): string | undefined {
  const field = error.details?.fieldName;
  if (typeof field !== 'string') return undefined;
  const last =
    field
      .replace(/\[\d+\]$/, '')
      .split('.')
      .pop() ?? field;
  const flag = `--${last.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return `Check ${flag} (field "${field}"); nothing was sent to Zoho`;
}

/** Desk's 422 lists each field in `errors: [{ fieldName, errorType, errorMessage }]`; older answers name one. */
function fieldProblems(details: Record<string, unknown> | undefined): FieldProblem[] {
  if (details === undefined) return [];
  const out: FieldProblem[] = [];
  if (Array.isArray(details.errors)) {
    for (const item of details.errors) {
      if (!isRecord(item)) continue;
      const { fieldName, errorType, errorMessage } = item;
      if (typeof fieldName !== 'string') continue;
      const problem = [errorType, errorMessage].filter((v): v is string => typeof v === 'string').join(': ');
      out.push({ field: fieldName, problem: problem || undefined });
    }
  }
  if (out.length === 0 && typeof details.fieldName === 'string') {
    out.push({
      field: details.fieldName,
      problem: typeof details.errorType === 'string' ? details.errorType : undefined,
    });
  }
  return out;
}

function hostOf(error: AnyZohoError): string | undefined {
  try {
    return error.request ? new URL(error.request.url).host : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND) kept on an error's cause (the SDK's, or fetch's). */
export function causeCode(error: Error): string | undefined {
  const cause: unknown = error.cause;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return undefined;
}

export function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** In a source checkout, a command that imports another workspace package before `npm run build`. */
/** The relay commands' own dependencies come with @zohokit/relay, an optional peer of the CLI. */
function relayMissing(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    /['"](better-sqlite3|hono|@hono\/node-server|zod)['"/]/.test(messageOf(error))
  );
}

function notBuilt(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    /@zohokit\//.test(error.message)
  );
}
