/**
 * `zohokit emulator start`: the local Zoho as a foreground server. Prints where it listens, an env block the
 * SDK and this CLI both read, and a grant code for a Self Client it created (the API console's "Generate
 * code"), so `auth exchange --code …` works at once. The emulator's own client secret and grant code are
 * printed on purpose: they are throwaway values of a local server, and the env block must be pasteable.
 * The only command that loads the emulator (Hono, the HTTP server).
 */
import type { CreatedClient, EmulatorHandle, EmulatorOptions } from '@zohokit/emulator';
import { DATA_CENTRES } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { CODE_FLAGS, START_FLAGS } from '../define/tools.js';
import type { Context } from '../runtime.js';
import {
  CliError,
  causeCode,
  configPaths,
  ENV,
  EXIT,
  integer,
  list,
  note,
  readConfig,
  resolveProfile,
  updateProfile,
  usage,
  writeSecret,
} from '../runtime.js';
import { untilSignal } from '../until-signal.js';

export const EMULATOR_SCOPES = [
  'Desk.tickets.ALL',
  'Desk.contacts.ALL',
  'Desk.basic.READ',
  'Desk.search.READ',
  'ZohoCampaigns.contact.ALL',
  'ZohoCRM.users.READ',
];
const CLIENT_NAME = 'zohokit-cli';

type StartOptions = CommandOptions<typeof START_FLAGS>;

export async function start(ctx: Context, options: StartOptions): Promise<void> {
  const port = integer(options.port, '--port', 0, 65_535);
  const tokenTtlSec = integer(options.tokenTtl, '--token-ttl', 1, 86_400 * 365);
  const scopes = list(options.scopes) ?? EMULATOR_SCOPES;
  const { startEmulator } = await import('@zohokit/emulator');
  const emulatorOptions: EmulatorOptions = {
    port,
    host: options.host,
    // Checked by the emulator itself, which names the valid values in its error.
    dc: options.dc as EmulatorOptions['dc'],
    tokenTtlSec,
    stateFile: options.stateFile,
  };
  const emulator = await startEmulator(emulatorOptions).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw usage(
        `port ${port} on ${options.host} is in use`,
        'Stop the other server, or pass --port 0 for a free port',
      );
    }
    throw usage(error.message.replace(/^@zohokit\/emulator:\s*/, 'emulator: '), 'See zohokit emulator start --help');
  });

  try {
    const profileName =
      options.saveProfile === undefined ? undefined : options.saveProfile === true ? 'emulator' : options.saveProfile;
    const client = await selfClient(ctx, emulator, profileName);
    const grant = await emulator.control.mintGrantCode({ clientId: client.clientId, scope: scopes, ttlSec: 600 });
    const env: Record<string, string> = {
      [ENV.accounts]: emulator.endpoints.accounts,
      [ENV.api]: emulator.endpoints.api,
      [ENV.desk]: emulator.endpoints.desk,
      [ENV.campaigns]: emulator.endpoints.campaigns,
      [ENV.dc]: emulator.dc,
      [ENV.clientId]: client.clientId,
      [ENV.clientSecret]: client.clientSecret,
    };
    if (profileName !== undefined)
      await saveProfile(ctx, profileName, emulator, client, options.stateFile !== undefined);

    const summary = {
      url: emulator.url,
      inspector: `${emulator.url}/`,
      dc: emulator.dc,
      tokenTtlSec,
      stateFile: options.stateFile ?? null,
      endpoints: { ...emulator.endpoints, control: `${emulator.url}/__emulator/` },
      env,
      client: { clientId: client.clientId, clientSecret: client.clientSecret, type: 'self' },
      grantCode: { code: grant.code, expiresInSec: grant.expiresInSec, scopes },
      profile: profileName ?? null,
    };
    // Listen before printing: whoever reads the output may send the signal at once.
    const stopped = untilSignal();
    if (ctx.globals.json) writeSecret(ctx, JSON.stringify(summary, null, 2));
    else writeSecret(ctx, human(summary, profileName));
    await stopped;
  } finally {
    await emulator.close();
  }
  note(ctx, 'emulator stopped');
}

/** The Self Client the printed code belongs to. With a profile, its credentials are pinned across restarts. */
async function selfClient(
  ctx: Context,
  emulator: EmulatorHandle,
  profileName: string | undefined,
): Promise<CreatedClient> {
  if (profileName !== undefined) {
    const stored = (await readConfig(configPaths(ctx.env).config)).profiles[profileName];
    if (stored?.clientId && stored.clientSecret) {
      const known = (await emulator.control.listClients()).some((c) => c.clientId === stored.clientId);
      if (known)
        return { clientId: stored.clientId, clientSecret: stored.clientSecret, type: 'self', redirectUris: [] };
      return emulator.control.createClient({
        type: 'self',
        name: CLIENT_NAME,
        clientId: stored.clientId,
        clientSecret: stored.clientSecret,
      });
    }
  }
  return emulator.control.createClient({ type: 'self', name: CLIENT_NAME });
}

async function saveProfile(
  ctx: Context,
  name: string,
  emulator: EmulatorHandle,
  client: CreatedClient,
  persistent: boolean,
): Promise<void> {
  await updateProfile(configPaths(ctx.env), name, (current) => ({
    ...current,
    dc: emulator.dc,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    // A fresh in-memory emulator knows no refresh token; with a state file the stored one may still be valid.
    refreshToken: persistent && current.clientId === client.clientId ? current.refreshToken : undefined,
    endpoints: { ...emulator.endpoints },
  }));
}

function human(
  s: {
    url: string;
    inspector: string;
    dc: string;
    tokenTtlSec: number;
    stateFile: string | null;
    env: Record<string, string>;
    endpoints: Record<string, string>;
    grantCode: { code: string; expiresInSec: number };
  },
  profileName: string | undefined,
): string {
  const p = profileName === undefined ? '' : ` --profile ${profileName}`;
  return [
    `zohokit emulator listening on ${s.url} (data centre ${s.dc}, access tokens live ${s.tokenTtlSec} s${s.stateFile ? `, state in ${s.stateFile}` : ', state in memory'})`,
    '',
    `Inspector  ${s.inspector}  (open in a browser: tokens, tickets, subscribers, request log, faults)`,
    '',
    'Endpoints',
    `  accounts   ${s.endpoints.accounts}/oauth/v2/auth, /oauth/v2/token`,
    `  api        ${s.endpoints.api}`,
    `  desk       ${s.endpoints.desk}/api/v1`,
    `  campaigns  ${s.endpoints.campaigns}/api/v1.1`,
    `  control    ${s.endpoints.control}`,
    '',
    'Environment for the SDK and the CLI (paste into another terminal):',
    ...Object.entries(s.env).map(([k, v]) => `export ${k}=${v}`),
    '',
    `Self Client "${CLIENT_NAME}" grant code (single use, valid ${Math.round(s.grantCode.expiresInSec / 60)} min):`,
    `  ${s.grantCode.code}`,
    '',
    'Next:',
    profileName === undefined
      ? `  zohokit auth exchange --code ${s.grantCode.code}`
      : `  zohokit${p} auth exchange --code ${s.grantCode.code}    (profile "${profileName}" points here)`,
    `  zohokit${p} desk orgs`,
    `  zohokit${p} emulator code      # another grant code`,
    '',
    'Ctrl-C stops the emulator.',
  ].join('\n');
}

/** `zohokit emulator code`: a fresh grant code from the emulator the profile points at. */
export async function code(ctx: Context, options: CommandOptions<typeof CODE_FLAGS>): Promise<void> {
  const ttlSec = integer(options.ttl, '--ttl', 1, 86_400);
  const profile = await resolveProfile(ctx);
  const accounts = profile.endpoints.accounts.value;
  const isZoho =
    accounts !== undefined &&
    Object.values(DATA_CENTRES).some((hosts) => hosts.accounts === accounts.replace(/\/+$/, ''));
  if (accounts === undefined || isZoho) {
    throw new CliError(`profile "${profile.name}" does not point at an emulator`, {
      code: 'not_an_emulator',
      exitCode: EXIT.usage,
      fix: `Use the profile written by 'zohokit emulator start --save-profile', or set ${ENV.accounts} to the emulator's URL`,
    });
  }
  if (profile.clientId.value === undefined) {
    throw usage(
      `profile "${profile.name}" has no client id`,
      `Set ${ENV.clientId} (printed by zohokit emulator start)`,
    );
  }
  const { EmulatorControl } = await import('@zohokit/emulator');
  const scopes = list(options.scopes) ?? EMULATOR_SCOPES;
  const grant = await new EmulatorControl(accounts)
    .mintGrantCode({ clientId: profile.clientId.value, scope: scopes, ttlSec })
    .catch((error: unknown) => {
      throw emulatorFailure(error, accounts, profile.name);
    });
  if (ctx.globals.json)
    writeSecret(ctx, JSON.stringify({ code: grant.code, expiresInSec: grant.expiresInSec, scopes }, null, 2));
  else writeSecret(ctx, grant.code);
}

/**
 * No answer at all (nothing listens there) is a connection failure, exit 1 like any other; an answer that
 * refuses (unknown client, bad scope) is a configuration problem, exit 2.
 */
function emulatorFailure(error: unknown, accounts: string, profileName: string): CliError {
  const p = profileName === 'default' ? '' : ` --profile ${profileName}`;
  const errno = error instanceof Error ? causeCode(error) : undefined;
  if (errno !== undefined || (error instanceof TypeError && /fetch failed/.test(error.message))) {
    return new CliError(
      `cannot connect to the emulator at ${accounts}: ${errno === 'ECONNREFUSED' || errno === undefined ? 'connection refused' : 'connection failed'} (${errno ?? 'ECONNREFUSED'})`,
      {
        code: 'emulator_unreachable',
        exitCode: EXIT.api,
        fix: `Is the emulator running? Start it with 'zohokit emulator start --save-profile${p === '' ? '' : ` ${profileName}`}' (it keeps the profile's client), then run 'zohokit${p} emulator code' again`,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`the emulator at ${accounts} refused: ${message.replace(/^@zohokit\/emulator:\s*/, '')}`, {
    code: 'emulator_refused',
    exitCode: EXIT.usage,
    fix: 'Is the client id a Self Client of this emulator? (zohokit emulator start prints it)',
  });
}
