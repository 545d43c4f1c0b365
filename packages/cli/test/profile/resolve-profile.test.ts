import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import { configPaths, readConfig, updateProfile } from '../../src/profile/config-file.js';
import { closest, resolveProfile } from '../../src/profile/resolve-profile.js';

const home = () => mkdtempSync(join(tmpdir(), 'zohokit-profile-'));

describe('config file', () => {
  it('lives under XDG_CONFIG_HOME (an absolute one), else ~/.config', () => {
    expect(configPaths({ XDG_CONFIG_HOME: '/x/y', HOME: '/h' }).config).toBe('/x/y/zohokit/config.json');
    expect(configPaths({ XDG_CONFIG_HOME: 'relative', HOME: '/h' }).config).toBe('/h/.config/zohokit/config.json');
    expect(configPaths({ HOME: '/h' }).tokens).toBe('/h/.config/zohokit/tokens.json');
  });

  it('is written atomically with mode 0600 in a 0700 directory, empty fields dropped', async () => {
    const paths = configPaths({ XDG_CONFIG_HOME: home() });
    await updateProfile(paths, 'work', () => ({
      dc: 'eu',
      clientId: 'id',
      deskOrgId: '',
      endpoints: { desk: undefined },
    }));
    expect(statSync(paths.config).mode & 0o777).toBe(0o600);
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(paths.config, 'utf8'))).toEqual({
      version: 1,
      profiles: { work: { dc: 'eu', clientId: 'id' } },
    });
    await updateProfile(paths, 'work', () => undefined);
    expect((await readConfig(paths.config)).profiles).toEqual({});
  });
});

describe('resolveProfile: flags > environment > profile file > default', () => {
  it('takes each setting from the first source that has it, and says which', async () => {
    const xdg = home();
    const paths = configPaths({ XDG_CONFIG_HOME: xdg });
    await updateProfile(paths, 'default', () => ({
      dc: 'eu',
      clientId: 'from-file',
      deskOrgId: 'org-file',
      endpoints: { desk: 'http://127.0.0.1:1' },
    }));
    const ctx = createContext(
      {},
      { XDG_CONFIG_HOME: xdg, ZOHO_CLIENT_ID: 'from-env', ZOHO_DESK_URL: 'http://127.0.0.1:2' },
    );
    const p = await resolveProfile(ctx, { orgId: 'org-flag' });
    expect(p.clientId).toEqual({ value: 'from-env', source: 'env' });
    expect(p.dc).toEqual({ value: 'eu', source: 'profile' });
    expect(p.deskOrgId).toEqual({ value: 'org-flag', source: 'flag' });
    expect(p.endpoints.desk).toEqual({ value: 'http://127.0.0.1:2', source: 'env' });
    expect(p.clientSecret).toEqual({ value: undefined, source: undefined });
    const fresh = await resolveProfile(createContext({ profile: 'other' }, { XDG_CONFIG_HOME: xdg }));
    expect(fresh).toMatchObject({ name: 'other', exists: false, dc: { value: 'us', source: 'default' } });
  });

  it('remembers the secrets it read, so every output masks them', async () => {
    const ctx = createContext(
      {},
      { XDG_CONFIG_HOME: home(), ZOHO_CLIENT_SECRET: 'a-client-secret', ZOHO_REFRESH_TOKEN: 'a-refresh-token' },
    );
    await resolveProfile(ctx);
    expect([...ctx.secrets].sort()).toEqual(['a-client-secret', 'a-refresh-token']);
  });

  it('a mistyped profile name finds the one meant, and only a close one', () => {
    expect(closest('emualtor', ['default', 'emulator', 'work'])).toBe('emulator');
    expect(closest('wrok', ['default', 'emulator', 'work'])).toBe('work');
    expect(closest('Work', ['work'])).toBe('work');
    expect(closest('production', ['default', 'emulator', 'work'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});
