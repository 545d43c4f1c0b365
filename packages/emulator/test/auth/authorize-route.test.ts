import type { CreatedClient, EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToken, TOKEN_SHAPE } from '../support/helpers.js';

const REDIRECT = 'http://localhost:3000/oauth/callback';

let emu: EmulatorHandle;
let client: CreatedClient;

beforeAll(async () => {
  emu = await startEmulator({ dc: 'eu' });
  client = await emu.control.createClient({ type: 'server', redirectUris: [REDIRECT] });
});
afterAll(() => emu.close());

function authorize(params: Record<string, string>): Promise<Response> {
  return fetch(`${emu.url}/oauth/v2/auth?${new URLSearchParams(params)}`, { redirect: 'manual' });
}

const consent = (extra: Record<string, string> = {}) =>
  authorize({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.READ',
    ...extra,
  });

describe('GET /oauth/v2/auth', () => {
  it('auto-approves and redirects with code, location, accounts-server and state', async () => {
    const response = await consent({ access_type: 'offline', state: 'opaque state/with spaces' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(TOKEN_SHAPE);
    expect(location.searchParams.get('location')).toBe('eu');
    expect(location.searchParams.get('accounts-server')).toBe(emu.url);
    expect(location.searchParams.get('state')).toBe('opaque state/with spaces');
  });

  it('leaves state out of the redirect when none was sent', async () => {
    const location = new URL((await consent()).headers.get('location') ?? '');
    expect(location.searchParams.has('state')).toBe(false);
  });

  it('rejects an unknown client with the HTML "Invalid Client" page', async () => {
    const response = await authorize({
      client_id: 'unregistered-client',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'a.b.READ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Invalid Client');
    expect(html).toContain('The transmitted client ID does not exist');
  });

  it('rejects a redirect URI that is not exactly a registered one', async () => {
    for (const redirect of [
      `${REDIRECT}/`,
      'http://localhost:3000/oauth/callback?x=1',
      'https://localhost:3000/oauth/callback',
    ]) {
      const response = await consent({ redirect_uri: redirect });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Invalid Redirect Uri');
    }
  });

  it('rejects self clients, which have no redirect URI', async () => {
    const self = await emu.control.createClient({ type: 'self' });
    const response = await consent({ client_id: self.clientId });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Invalid Redirect Uri');
  });

  it('rejects a missing scope with an HTML page', async () => {
    const response = await consent({ scope: '' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('issues a code that remembers scopes, redirect URI and access type', async () => {
    const offline = new URL((await consent({ access_type: 'offline' })).headers.get('location') ?? '');
    const online = new URL((await consent()).headers.get('location') ?? '');
    const exchange = (code: string) =>
      postToken(emu, {
        grant_type: 'authorization_code',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uri: REDIRECT,
        code,
      });
    const withRt = await exchange(offline.searchParams.get('code') ?? '');
    expect(withRt.body.refresh_token).toMatch(TOKEN_SHAPE);
    expect(withRt.body.scope).toBe('ZohoCRM.modules.ALL ZohoCRM.settings.READ');
    const withoutRt = await exchange(online.searchParams.get('code') ?? '');
    expect(withoutRt.body.access_token).toMatch(TOKEN_SHAPE);
    expect(withoutRt.body).not.toHaveProperty('refresh_token');
  });
});
