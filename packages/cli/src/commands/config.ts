/** `zohokit config list|get|set|unset|use|path`: the profile file without opening an editor. */
import { DATA_CENTRE_NAMES } from 'zohokit';
import type { Context } from '../runtime.js';
import {
  CliError,
  configPaths,
  details,
  EXIT,
  output,
  type ProfileRecord,
  profileName,
  readConfig,
  resolveProfile,
  table,
  updateProfile,
  usage,
  writeConfig,
} from '../runtime.js';
import { readStdin } from './auth-exchange.js';

type Key =
  | 'dc'
  | 'client-id'
  | 'client-secret'
  | 'desk-org-id'
  | 'accounts-url'
  | 'api-url'
  | 'desk-url'
  | 'campaigns-url'
  | 'scopes'
  | 'refresh-token';

const SECRET_KEYS: readonly Key[] = ['client-secret', 'refresh-token'];
const SETTABLE: readonly Key[] = [
  'dc',
  'client-id',
  'client-secret',
  'desk-org-id',
  'accounts-url',
  'api-url',
  'desk-url',
  'campaigns-url',
  'scopes',
];

function checkKey(key: string, allowed: readonly Key[]): Key {
  if (!(allowed as readonly string[]).includes(key))
    throw usage(`unknown setting ${JSON.stringify(key)}`, `Known: ${allowed.join(', ')}`);
  return key as Key;
}

function read(profile: ProfileRecord, key: Key): string | undefined {
  switch (key) {
    case 'dc':
      return profile.dc;
    case 'client-id':
      return profile.clientId;
    case 'client-secret':
      return profile.clientSecret;
    case 'refresh-token':
      return profile.refreshToken;
    case 'desk-org-id':
      return profile.deskOrgId;
    case 'scopes':
      return profile.scopes?.join(',');
    default:
      return profile.endpoints?.[key.replace(/-url$/, '') as 'accounts'];
  }
}

function write(profile: ProfileRecord, key: Key, value: string | undefined): ProfileRecord {
  const next = { ...profile };
  switch (key) {
    case 'dc':
      next.dc = value;
      break;
    case 'client-id':
      next.clientId = value;
      break;
    case 'client-secret':
      next.clientSecret = value;
      break;
    case 'refresh-token':
      next.refreshToken = value;
      break;
    case 'desk-org-id':
      next.deskOrgId = value;
      break;
    case 'scopes':
      next.scopes = value?.split(/[\s,]+/).filter(Boolean);
      break;
    default:
      next.endpoints = { ...next.endpoints, [key.replace(/-url$/, '')]: value };
  }
  return next;
}

export async function list(ctx: Context): Promise<void> {
  const paths = configPaths(ctx.env);
  const file = await readConfig(paths.config);
  const current = (await resolveProfile(ctx)).name;
  const rows = Object.entries(file.profiles).map(([name, p]) => ({
    name,
    current: name === current,
    default: name === (file.defaultProfile ?? 'default'),
    dc: p.dc ?? 'us',
    clientId: p.clientId ?? null,
    clientSecret: p.clientSecret !== undefined,
    refreshToken: p.refreshToken !== undefined,
    deskOrgId: p.deskOrgId ?? null,
    endpoints: p.endpoints ?? {},
    scopes: p.scopes ?? [],
    user: p.user ?? null,
  }));
  output(ctx, { configFile: paths.config, defaultProfile: file.defaultProfile ?? 'default', profiles: rows }, (v) =>
    [
      table(
        v.profiles,
        [
          { header: ' ', value: (r) => (r.current ? '*' : ' ') },
          { header: 'profile', value: (r) => r.name },
          { header: 'dc', value: (r) => r.dc },
          { header: 'logged in', value: (r) => (r.refreshToken ? (r.user ?? 'yes') : 'no') },
          { header: 'client id', value: (r) => r.clientId },
          { header: 'desk org', value: (r) => r.deskOrgId },
          { header: 'endpoints', value: (r) => Object.values(r.endpoints)[0] ?? 'Zoho' },
        ],
        '(no profiles yet: zohokit auth login)',
      ),
      '',
      `config file: ${v.configFile}`,
    ].join('\n'),
  );
}

export async function get(ctx: Context, _options: unknown, key: string): Promise<void> {
  const k = checkKey(key, SETTABLE);
  if (SECRET_KEYS.includes(k))
    throw usage(`${k} is a secret and is not printed`, "'zohokit auth status' says whether it is set");
  const profile = await resolveProfile(ctx);
  const value = read(profile.stored, k);
  if (value === undefined) {
    throw new CliError(`${k} is not set in profile "${profile.name}"`, { code: 'not_set', exitCode: EXIT.usage });
  }
  output(ctx, { profile: profile.name, key: k, value }, (v) => v.value);
}

export async function set(ctx: Context, _options: unknown, key: string, given: string): Promise<void> {
  const k = checkKey(key, SETTABLE);
  const value = (given === '-' ? await readStdin() : given).trim();
  if (value === '') throw usage(`the value for ${k} is empty`, `Use 'zohokit config unset ${k}' to remove it`);
  if (k === 'dc' && !(DATA_CENTRE_NAMES as readonly string[]).includes(value)) {
    throw usage(`unknown data centre ${JSON.stringify(value)}`, `Use one of ${DATA_CENTRE_NAMES.join(', ')}`);
  }
  if (k.endsWith('-url') && !/^https?:\/\/[^\s]+$/.test(value)) throw usage(`${k} must be an http(s) URL`);
  const paths = configPaths(ctx.env);
  const name = await currentName(ctx);
  await updateProfile(paths, name, (current) => write(current, k, value));
  output(ctx, { profile: name, key: k, set: true }, () => `Set ${k} in profile "${name}".`);
}

export async function unset(ctx: Context, _options: unknown, key: string): Promise<void> {
  const k = checkKey(key, [...SETTABLE, 'refresh-token']);
  const paths = configPaths(ctx.env);
  const name = await currentName(ctx);
  await updateProfile(paths, name, (current) => write(current, k, undefined));
  output(ctx, { profile: name, key: k, set: false }, () => `Removed ${k} from profile "${name}".`);
}

export async function use(ctx: Context, _options: unknown, name: string): Promise<void> {
  const paths = configPaths(ctx.env);
  const file = await readConfig(paths.config);
  if (!file.profiles[name]) {
    throw usage(`there is no profile "${name}"`, `Known: ${Object.keys(file.profiles).join(', ') || '(none)'}`);
  }
  file.defaultProfile = name;
  await writeConfig(paths.config, file);
  output(ctx, { defaultProfile: name }, () => `Profile "${name}" is now the default.`);
}

export async function path(ctx: Context): Promise<void> {
  const paths = configPaths(ctx.env);
  output(ctx, { dir: paths.dir, config: paths.config, tokens: paths.tokens }, (p) =>
    details([
      ['config', p.config],
      ['tokens', p.tokens],
    ]),
  );
}

async function currentName(ctx: Context): Promise<string> {
  const explicit = profileName(ctx);
  if (explicit) return explicit;
  return (await readConfig(configPaths(ctx.env).config)).defaultProfile ?? 'default';
}
