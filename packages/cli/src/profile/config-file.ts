/**
 * Profiles live in `$XDG_CONFIG_HOME/zohokit/config.json` (default `~/.config/zohokit`), mode 0600 in a 0700
 * directory, next to the access-token cache `tokens.json`. Writes go to a temporary file created 0600 in the
 * same directory, are flushed, then renamed over the old file: a reader never sees half a file and the secrets
 * are never world-readable, not even for a moment.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { writeSecretFile } from 'zohokit/node';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { isRecord } from '../is-record.js';

export interface ProfileEndpoints {
  accounts?: string | undefined;
  api?: string | undefined;
  desk?: string | undefined;
  campaigns?: string | undefined;
}

/** One profile as stored. Every field is optional: a profile is filled in by login, exchange and `config set`. */
export interface ProfileRecord {
  dc?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  refreshToken?: string | undefined;
  /** Scopes granted at the last login or exchange. */
  scopes?: string[] | undefined;
  deskOrgId?: string | undefined;
  /** Endpoint overrides (emulator, proxy): saved at login so later runs go where the tokens came from. */
  endpoints?: ProfileEndpoints | undefined;
  /** `api_domain` of the last token response. */
  apiDomain?: string | undefined;
  /** Who logged in, when the login could tell (an email address). */
  user?: string | undefined;
  /** ISO time of the last login or exchange. */
  authorizedAt?: string | undefined;
  /** How the refresh token was obtained. */
  grant?: 'login' | 'exchange' | undefined;
}

export interface ConfigFile {
  version: 1;
  defaultProfile?: string | undefined;
  profiles: Record<string, ProfileRecord>;
}

export interface ConfigPaths {
  dir: string;
  config: string;
  tokens: string;
}

export function configPaths(env: NodeJS.ProcessEnv = process.env): ConfigPaths {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec: a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  const dir = join(base, 'zohokit');
  return { dir, config: join(dir, 'config.json'), tokens: join(dir, 'tokens.json') };
}

export function emptyConfig(): ConfigFile {
  return { version: 1, profiles: {} };
}

export async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw configFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configFileError(path, 'is not valid JSON');
  }
  return checkConfig(parsed, path);
}

const STRING_FIELDS = [
  'dc',
  'clientId',
  'clientSecret',
  'refreshToken',
  'deskOrgId',
  'apiDomain',
  'user',
  'authorizedAt',
  'grant',
] as const;
const ENDPOINT_KEYS = ['accounts', 'api', 'desk', 'campaigns'] as const;

function checkConfig(value: unknown, path: string): ConfigFile {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.profiles)) {
    throw configFileError(path, 'has an unknown layout (expected { "version": 1, "profiles": { ... } })');
  }
  if (value.defaultProfile !== undefined && typeof value.defaultProfile !== 'string') {
    throw configFileError(path, 'has a "defaultProfile" that is not a string');
  }
  for (const [name, profile] of Object.entries(value.profiles)) {
    if (!isRecord(profile)) throw configFileError(path, `has a profile "${name}" that is not an object`);
    for (const key of STRING_FIELDS) {
      if (profile[key] !== undefined && typeof profile[key] !== 'string') {
        throw configFileError(path, `has profiles.${name}.${key} that is not a string`);
      }
    }
    if (
      profile.scopes !== undefined &&
      !(Array.isArray(profile.scopes) && profile.scopes.every((s) => typeof s === 'string'))
    ) {
      throw configFileError(path, `has profiles.${name}.scopes that is not a list of strings`);
    }
    if (profile.endpoints !== undefined) {
      if (!isRecord(profile.endpoints))
        throw configFileError(path, `has profiles.${name}.endpoints that is not an object`);
      for (const [key, url] of Object.entries(profile.endpoints)) {
        if (!(ENDPOINT_KEYS as readonly string[]).includes(key) || (url !== undefined && typeof url !== 'string')) {
          throw configFileError(path, `has an invalid profiles.${name}.endpoints.${key}`);
        }
      }
    }
  }
  return value as unknown as ConfigFile;
}

/** The config file holds client secrets and refresh tokens: written atomically, mode 0600, in a 0700 directory. */
export async function writeConfig(path: string, file: ConfigFile): Promise<void> {
  await writeSecretFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * Read-modify-write of one profile. `change` returns the new record, or undefined to delete the profile.
 * Empty fields are dropped so the file stays readable.
 */
export async function updateProfile(
  paths: ConfigPaths,
  name: string,
  change: (current: ProfileRecord) => ProfileRecord | undefined,
): Promise<ProfileRecord | undefined> {
  const file = await readConfig(paths.config);
  const next = change({ ...(file.profiles[name] ?? {}) });
  if (next === undefined) delete file.profiles[name];
  else file.profiles[name] = compact(next);
  await writeConfig(paths.config, file);
  return next;
}

function compact(profile: ProfileRecord): ProfileRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    if (value === undefined || value === '') continue;
    if (key === 'endpoints') {
      const endpoints = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== undefined));
      if (Object.keys(endpoints).length > 0) out[key] = endpoints;
      continue;
    }
    out[key] = value;
  }
  return out as ProfileRecord;
}

function configFileError(path: string, problem: string): CliError {
  return new CliError(`the zohokit config file ${path} ${problem}`, {
    code: 'invalid_config_file',
    exitCode: EXIT.usage,
    fix: `Fix the file by hand, or move it away and log in again ('zohokit auth login')`,
  });
}

/** node:os only when HOME is unset: loading it costs ~1.5 ms of every start (bench/cli-startup.ts). */
function homedir(): string {
  return process.getBuiltinModule('node:os').homedir();
}
