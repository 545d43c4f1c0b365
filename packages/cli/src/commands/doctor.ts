/**
 * `zohokit doctor`: what is wrong with this setup, and what to do about it. Configuration first (no network),
 * then data-centre consistency (client id ↔ accounts server ↔ api_domain ↔ product hosts), then, unless
 * --offline, the token and one cheap call per product the scopes allow.
 */
import { stat } from 'node:fs/promises';
import pc from 'picocolors';
import { DATA_CENTRE_NAMES, DATA_CENTRES, type DataCentre, dataCentreOfAccountsServer, type Zoho } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { DOCTOR_FLAGS } from '../define/tools.js';
import type { Context } from '../runtime.js';
import {
  createZoho,
  describe,
  ENDPOINT_KEYS,
  ENV,
  type EndpointKey,
  EXIT,
  type ExitCode,
  exitCodeFor,
  output,
  profileFlag,
  type ResolvedProfile,
  resolveProfile,
} from '../runtime.js';

export interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
  fix?: string | undefined;
  exitCode?: ExitCode | undefined;
}

export async function doctor(ctx: Context, options: CommandOptions<typeof DOCTOR_FLAGS>): Promise<void> {
  const profile = await resolveProfile(ctx);
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);
  const p = profileFlag(profile);

  await checkFile(profile, add);
  const ready = checkCredentials(profile, add, p);
  checkDataCentre(profile, add, p);

  if (options.offline) {
    add({ id: 'token', status: 'skip', message: 'not checked (--offline)' });
  } else if (!ready) {
    add({ id: 'token', status: 'skip', message: 'not checked: the profile cannot log in yet (see above)' });
  } else {
    await checkOnline(ctx, profile, add, p);
  }

  const failed = checks.find((c) => c.status === 'fail');
  output(ctx, { profile: profile.name, ok: failed === undefined, checks }, (r) => render(r.profile, r.checks));
  process.exitCode = failed ? (failed.exitCode ?? EXIT.usage) : EXIT.ok;
}

async function checkFile(profile: ResolvedProfile, add: (c: Check) => void): Promise<void> {
  const info = await stat(profile.paths.config).catch(() => undefined);
  if (!info) {
    add({
      id: 'config-file',
      status: profile.clientId.source === 'env' ? 'ok' : 'warn',
      message: `no config file at ${profile.paths.config}${profile.clientId.source === 'env' ? ' (settings come from the environment)' : ''}`,
      fix: profile.clientId.source === 'env' ? undefined : "Run 'zohokit auth login' to create it",
    });
    return;
  }
  const mode = info.mode & 0o777;
  add(
    mode & 0o077
      ? {
          id: 'config-file',
          status: 'fail',
          message: `${profile.paths.config} is readable by others (mode ${mode.toString(8)}); it holds a client secret and a refresh token`,
          fix: `chmod 600 ${profile.paths.config}`,
          exitCode: EXIT.usage,
        }
      : {
          id: 'config-file',
          status: 'ok',
          message: `${profile.paths.config} (mode ${mode.toString(8).padStart(4, '0')})`,
        },
  );
  add(
    profile.exists || profile.clientId.source === 'env'
      ? {
          id: 'profile',
          status: 'ok',
          message: `profile "${profile.name}"${profile.exists ? '' : ' (from the environment only)'}`,
        }
      : {
          id: 'profile',
          status: 'fail',
          message: `there is no profile "${profile.name}"`,
          fix: `Run 'zohokit${profileFlag(profile)} auth login', or pick another with --profile (zohokit config list)`,
          exitCode: EXIT.auth,
        },
  );
}

function checkCredentials(profile: ResolvedProfile, add: (c: Check) => void, p: string): boolean {
  const id = profile.clientId.value;
  if (id === undefined) {
    add({
      id: 'client-id',
      status: 'fail',
      message: 'no client id',
      fix: `Run 'zohokit${p} auth login', or set ${ENV.clientId}`,
      exitCode: EXIT.auth,
    });
  } else if (!/^1000\.[A-Z0-9]{30}$/.test(id)) {
    add({
      id: 'client-id',
      status: 'warn',
      message: `client id ${id} does not look like Zoho's (1000. and 30 letters or digits)`,
      fix: 'Copy it again from the API console (api-console.zoho.<your domain>)',
    });
  } else {
    add({ id: 'client-id', status: 'ok', message: `${id} (from ${profile.clientId.source})` });
  }
  add(
    profile.clientSecret.value === undefined
      ? {
          id: 'client-secret',
          status: 'fail',
          message: 'no client secret',
          fix: `Run 'zohokit${p} auth login', or set ${ENV.clientSecret}`,
          exitCode: EXIT.auth,
        }
      : { id: 'client-secret', status: 'ok', message: `set (from ${profile.clientSecret.source})` },
  );
  add(
    profile.refreshToken.value === undefined
      ? {
          id: 'refresh-token',
          status: 'fail',
          message: 'not logged in: no refresh token',
          fix: `Run 'zohokit${p} auth login', or 'zohokit${p} auth exchange --code <code>'`,
          exitCode: EXIT.auth,
        }
      : {
          id: 'refresh-token',
          status: 'ok',
          message: `set (from ${profile.refreshToken.source}${profile.stored.authorizedAt ? `, obtained ${profile.stored.authorizedAt}` : ''})`,
        },
  );
  return id !== undefined && profile.clientSecret.value !== undefined && profile.refreshToken.value !== undefined;
}

/** Which data centre a Zoho host belongs to, for one kind of host; undefined for any other host. */
function dcOfHost(url: string, key: EndpointKey): DataCentre | undefined {
  const clean = url.replace(/\/+$/, '');
  return DATA_CENTRE_NAMES.find((dc) => DATA_CENTRES[dc][key] === clean);
}

function checkDataCentre(profile: ResolvedProfile, add: (c: Check) => void, p: string): void {
  const dc = profile.dc.value;
  const problems: Check[] = [];
  const custom: string[] = [];
  for (const key of ENDPOINT_KEYS) {
    const url = profile.endpoints[key].value;
    if (url === undefined) continue;
    const hostDc = key === 'accounts' ? dataCentreOfAccountsServer(url) : dcOfHost(url, key);
    if (hostDc === undefined) custom.push(`${key}=${url}`);
    else if (hostDc !== dc) {
      problems.push({
        id: 'data-centre',
        status: 'fail',
        message: `the ${key} endpoint ${url} is in data centre ${hostDc}, but the profile uses ${dc}`,
        fix: `Tokens work only in their data centre: 'zohokit${p} config set dc ${hostDc}', or drop the override (${ENV[key]} / 'zohokit${p} config unset ${key}-url')`,
        exitCode: EXIT.usage,
      });
    }
  }
  const apiDomain = profile.stored.apiDomain;
  if (apiDomain !== undefined && profile.endpoints.api.value === undefined) {
    const tokenDc = dcOfHost(apiDomain, 'api');
    if (tokenDc !== undefined && tokenDc !== dc) {
      problems.push({
        id: 'data-centre',
        status: 'fail',
        message: `the last login's api_domain ${apiDomain} is data centre ${tokenDc}, but the profile uses ${dc}`,
        fix: `'zohokit${p} config set dc ${tokenDc}' (the account lives there), or log in again in ${dc}`,
        exitCode: EXIT.usage,
      });
    }
  }
  if (profile.dc.source === 'env' && profile.stored.dc !== undefined && profile.stored.dc !== dc) {
    problems.push({
      id: 'data-centre',
      status: 'warn',
      message: `${ENV.dc}=${dc} overrides the profile's data centre ${profile.stored.dc}`,
      fix: `Unset ${ENV.dc} unless you mean it: the profile's refresh token was issued in ${profile.stored.dc}`,
    });
  }
  if (problems.length === 0) {
    add({
      id: 'data-centre',
      status: 'ok',
      message: `${dc} (from ${profile.dc.source})${custom.length > 0 ? `; endpoints overridden: ${custom.join(' ')}` : `; accounts ${DATA_CENTRES[dc].accounts}`}`,
    });
  }
  for (const problem of problems) add(problem);
}

async function checkOnline(ctx: Context, profile: ResolvedProfile, add: (c: Check) => void, p: string): Promise<void> {
  let zoho: Zoho;
  let scopes: string[];
  try {
    zoho = createZoho(ctx, profile);
    const token = await zoho.tokens.get();
    scopes = token.scope.length > 0 ? token.scope : (profile.stored.scopes ?? []);
    add({
      id: 'token',
      status: 'ok',
      message: `access token valid until ${new Date(token.expiresAt).toISOString()} (accounts ${zoho.tokens.accountsUrl})`,
    });
    const tokenDc = token.apiDomain === undefined ? undefined : dcOfHost(token.apiDomain, 'api');
    if (tokenDc !== undefined && tokenDc !== profile.dc.value && profile.endpoints.api.value === undefined) {
      add({
        id: 'data-centre',
        status: 'fail',
        message: `Zoho says this account's api_domain is ${token.apiDomain} (${tokenDc}), but the profile uses ${profile.dc.value}`,
        fix: `'zohokit${p} config set dc ${tokenDc}'`,
        exitCode: EXIT.usage,
      });
    }
  } catch (error) {
    add({ id: 'token', status: 'fail', ...failure(ctx, error), exitCode: exitCodeFor(error) });
    return;
  }

  add(
    scopes.length === 0
      ? { id: 'scopes', status: 'warn', message: 'Zoho did not report the granted scopes' }
      : { id: 'scopes', status: 'ok', message: scopes.join(', ') },
  );
  const has = (pattern: RegExp) => scopes.some((s) => pattern.test(s));

  if (has(/^Desk\.basic\.(READ|ALL)$/i)) {
    try {
      const orgs = await zoho.desk.organizations.list().toArray({ limit: 100 });
      const orgId = profile.deskOrgId.value;
      if (orgId === undefined) {
        add({
          id: 'desk',
          status: 'warn',
          message: `Desk reachable; ${orgs.length} organization(s), but no org id is set`,
          fix: orgs[0]
            ? `'zohokit${p} config set desk-org-id ${orgs[0].id}' (${orgs[0].companyName})`
            : 'Create a Desk portal first',
        });
      } else if (!orgs.some((o) => o.id === orgId)) {
        add({
          id: 'desk',
          status: 'fail',
          message: `the org id ${orgId} is not one of this login's organizations (${orgs.map((o) => o.id).join(', ') || 'none'})`,
          fix: `'zohokit${p} config set desk-org-id <id>' with an id from 'zohokit${p} desk orgs'`,
          exitCode: EXIT.usage,
        });
      } else {
        add({ id: 'desk', status: 'ok', message: `Desk reachable; org ${orgId}` });
        await checkDeskField(ctx, zoho, add);
      }
    } catch (error) {
      add({ id: 'desk', status: 'fail', ...failure(ctx, error), exitCode: exitCodeFor(error) });
    }
  } else if (has(/^Desk\./i)) {
    add({
      id: 'desk',
      status: 'warn',
      message: 'Desk scopes without Desk.basic.READ: the org id cannot be checked',
      fix: `Log in again with Desk.basic.READ ('zohokit${p} auth login --scopes …')`,
    });
  } else {
    add({ id: 'desk', status: 'skip', message: 'no Desk scope granted' });
  }

  if (has(/^ZohoCampaigns\.contact\.(READ|ALL)$/i)) {
    try {
      await zoho.campaigns.lists({ pageSize: 1 }).toArray({ limit: 1 });
      add({ id: 'campaigns', status: 'ok', message: 'Campaigns reachable' });
    } catch (error) {
      add({ id: 'campaigns', status: 'fail', ...failure(ctx, error), exitCode: exitCodeFor(error) });
    }
  } else {
    add({ id: 'campaigns', status: 'skip', message: 'no ZohoCampaigns.contact.READ scope granted' });
  }
}

/**
 * The ticket custom field the idempotent create (and the relay's exactly-once) needs: without it an ambiguous
 * create cannot be found by its key. A warning, not a failure: everything else works, and the relay holds its
 * ticket deliveries until the field exists.
 */
async function checkDeskField(ctx: Context, zoho: Zoho, add: (c: Check) => void): Promise<void> {
  // The CLI's client uses the SDK's default field.
  const apiName = 'cf_zohokit_key';
  try {
    const field = await zoho.desk.fields.idempotencyField();
    add(
      field
        ? { id: 'desk-idempotency-field', status: 'ok', message: `ticket field ${field.apiName} (${field.type})` }
        : {
            id: 'desk-idempotency-field',
            status: 'warn',
            message: `the Desk ticket layout has no custom field ${apiName}: a ticket create after a timeout or reset cannot be checked for a duplicate, and the relay holds ticket deliveries (idempotency_field_missing)`,
            fix: `In Zoho Desk → Setup → Layouts and Fields → Tickets, add a single-line custom field with API name ${apiName}, or set desk.idempotencyField to a field that exists`,
          },
    );
  } catch (error) {
    add({ id: 'desk-idempotency-field', status: 'warn', ...failure(ctx, error) });
  }
}

/** The failure as a check's message and fix: the same description as the error report's. */
function failure(ctx: Context, error: unknown): { message: string; fix?: string } {
  const { message, code, fix } = describe(error, ctx.session);
  return { message: code === undefined ? message : `${message} (${code})`, ...(fix === undefined ? {} : { fix }) };
}

function render(profile: string, checks: Check[]): string {
  const mark = { ok: pc.green('✓'), warn: pc.yellow('!'), fail: pc.red('✗'), skip: pc.dim('-') };
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines = [`zohokit doctor (profile "${profile}")`];
  for (const c of checks) {
    lines.push(`  ${mark[c.status]} ${c.id.padEnd(width)}  ${c.message}`);
    if (c.fix && c.status !== 'ok') lines.push(`    ${' '.repeat(width)}${pc.dim('fix:')} ${c.fix}`);
  }
  const failures = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    failures
      ? pc.red(`${failures} problem(s) to fix`)
      : warnings
        ? pc.yellow(`no problems, ${warnings} warning(s)`)
        : pc.green('all good'),
  );
  return lines.join('\n');
}
