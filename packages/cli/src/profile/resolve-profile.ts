/**
 * Every setting comes from the first of: a command flag, an environment variable, the profile file, a default.
 * The source of each value is kept, so `auth status` and `doctor` can say where a value came from.
 */
import { DATA_CENTRE_NAMES, DATA_CENTRES, type DataCentre } from 'zohokit';
import { CliError } from '../cli-error.js';
import type { Context } from '../context.js';
import { addSecret } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { type ConfigPaths, configPaths, type ProfileRecord, readConfig } from './config-file.js';

export type Source = 'flag' | 'env' | 'profile' | 'default';

export interface Setting<T> {
  value: T | undefined;
  source: Source | undefined;
}

export type EndpointKey = 'accounts' | 'api' | 'desk' | 'campaigns';

export interface ResolvedProfile {
  name: string;
  /** Whether the profile exists in the config file. */
  exists: boolean;
  paths: ConfigPaths;
  stored: ProfileRecord;
  dc: Setting<DataCentre> & { value: DataCentre };
  clientId: Setting<string>;
  clientSecret: Setting<string>;
  refreshToken: Setting<string>;
  deskOrgId: Setting<string>;
  endpoints: Record<EndpointKey, Setting<string>>;
}

/** Flags a command may pass; they win over the environment and the profile. */
export interface ProfileFlags {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  dc?: string | undefined;
  orgId?: string | undefined;
}

export const ENV = {
  clientId: 'ZOHO_CLIENT_ID',
  clientSecret: 'ZOHO_CLIENT_SECRET',
  refreshToken: 'ZOHO_REFRESH_TOKEN',
  dc: 'ZOHO_DC',
  deskOrgId: 'ZOHO_DESK_ORG_ID',
  accounts: 'ZOHO_ACCOUNTS_URL',
  api: 'ZOHO_API_URL',
  desk: 'ZOHO_DESK_URL',
  campaigns: 'ZOHO_CAMPAIGNS_URL',
  profile: 'ZOHOKIT_PROFILE',
} as const;

export const ENDPOINT_KEYS: readonly EndpointKey[] = ['accounts', 'api', 'desk', 'campaigns'];

export function profileName(ctx: Context): string {
  const name = ctx.globals.profile ?? ctx.env[ENV.profile] ?? undefined;
  if (name !== undefined && !/^[\w.-]{1,64}$/.test(name)) {
    throw new CliError(`invalid profile name ${JSON.stringify(name)}`, {
      code: 'invalid_profile_name',
      exitCode: EXIT.usage,
      fix: 'Use letters, digits, dot, dash or underscore, for example --profile work',
    });
  }
  return name ?? '';
}

export async function resolveProfile(ctx: Context, flags: ProfileFlags = {}): Promise<ResolvedProfile> {
  const paths = configPaths(ctx.env);
  const file = await readConfig(paths.config);
  const name = profileName(ctx) || file.defaultProfile || 'default';
  const stored = file.profiles[name] ?? {};
  const env = ctx.env;

  const pick = (flag: string | undefined, envName: string, fromProfile: string | undefined): Setting<string> => {
    if (flag !== undefined && flag !== '') return { value: flag, source: 'flag' };
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: 'env' };
    if (fromProfile !== undefined && fromProfile !== '') return { value: fromProfile, source: 'profile' };
    return { value: undefined, source: undefined };
  };

  const dcSetting = pick(flags.dc, ENV.dc, stored.dc);
  const dcValue = dcSetting.value ?? 'us';
  if (!(DATA_CENTRE_NAMES as readonly string[]).includes(dcValue)) {
    const where = dcSetting.source === 'flag' ? '--dc' : dcSetting.source === 'env' ? ENV.dc : `profile "${name}"`;
    throw new CliError(`unknown data centre ${JSON.stringify(dcValue)} (from ${where})`, {
      code: 'invalid_dc',
      exitCode: EXIT.usage,
      fix: `Use one of ${DATA_CENTRE_NAMES.join(', ')}: the domain you sign in at (zoho.eu → eu, zohocloud.ca → ca)`,
    });
  }

  const endpoints = {} as Record<EndpointKey, Setting<string>>;
  for (const key of ENDPOINT_KEYS) {
    const setting = pick(undefined, ENV[key], stored.endpoints?.[key]);
    if (setting.value !== undefined && !isHttpUrl(setting.value)) {
      throw new CliError(
        `the ${key} endpoint ${JSON.stringify(setting.value)} (from ${setting.source === 'env' ? ENV[key] : `profile "${name}"`}) is not an http(s) URL`,
        { code: 'invalid_endpoint', exitCode: EXIT.usage, fix: 'For the emulator use e.g. http://127.0.0.1:4000' },
      );
    }
    endpoints[key] = setting;
  }

  const resolved: ResolvedProfile = {
    name,
    exists: file.profiles[name] !== undefined,
    paths,
    stored,
    dc: { value: dcValue as DataCentre, source: dcSetting.source ?? 'default' },
    clientId: pick(flags.clientId, ENV.clientId, stored.clientId),
    clientSecret: pick(flags.clientSecret, ENV.clientSecret, stored.clientSecret),
    refreshToken: pick(undefined, ENV.refreshToken, stored.refreshToken),
    deskOrgId: pick(flags.orgId, ENV.deskOrgId, stored.deskOrgId),
    endpoints,
  };
  addSecret(ctx, resolved.clientSecret.value);
  addSecret(ctx, resolved.refreshToken.value);
  const others = Object.keys(file.profiles).filter((other) => other !== name);
  Object.assign(ctx.session, {
    profile: name,
    profileFlag: name === 'default' ? '' : ` --profile ${name}`,
    emulator: isEmulatorProfile(resolved),
    otherProfiles: resolved.exists ? undefined : others,
    didYouMean: resolved.exists ? undefined : closest(name, others),
  });
  return resolved;
}

/** The profile's accounts server is set and is none of Zoho's: an emulator (or a local proxy standing in for one). */
export function isEmulatorProfile(profile: ResolvedProfile): boolean {
  const accounts = profile.endpoints.accounts.value?.replace(/\/+$/, '');
  return accounts !== undefined && !Object.values(DATA_CENTRES).some((hosts) => hosts.accounts === accounts);
}

/** The existing name a mistyped one most likely meant: at most a third of its letters off. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, substitute, swap two neighbours) between two short names. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The endpoint overrides in effect (emulator, proxy), as zohokit's `endpoints` option. */
export function endpointOverrides(profile: ResolvedProfile): Partial<Record<EndpointKey, string>> {
  const out: Partial<Record<EndpointKey, string>> = {};
  for (const key of ENDPOINT_KEYS) {
    const value = profile.endpoints[key].value;
    if (value !== undefined) out[key] = value.replace(/\/+$/, '');
  }
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
