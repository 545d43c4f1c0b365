import { describe, expect, it } from 'vitest';
import { authenticate, parseAuthorization } from '../../src/auth/authenticate.js';
import { parseScopes, scopeCovers } from '../../src/auth/scopes.js';
import { mintAccessToken, revokeToken } from '../../src/auth/token-records.js';
import { createEmulatorContext } from '../../src/emulator-context.js';
import { resolveOptions } from '../../src/options.js';

function setup(scopes: string[]) {
  const ctx = createEmulatorContext(resolveOptions({}));
  const at = mintAccessToken(ctx, {
    clientId: 'client-under-test',
    userId: ctx.state.defaultUserId,
    scopes,
    refreshToken: null,
    grantType: 'client_credentials',
  });
  return { ctx, header: `Zoho-oauthtoken ${at.token}`, at };
}

describe('parseAuthorization', () => {
  it('accepts the Zoho-oauthtoken and Bearer schemes, case-insensitively, and nothing else', () => {
    expect(parseAuthorization('Zoho-oauthtoken abc')).toBe('abc');
    expect(parseAuthorization('zoho-OAUTHTOKEN  abc ')).toBe('abc');
    expect(parseAuthorization('Bearer abc')).toBe('abc');
    expect(parseAuthorization('bEARER\tabc')).toBe('abc');
    expect(parseAuthorization('Basic abc')).toBeNull();
    expect(parseAuthorization('Bearerabc')).toBeNull();
    expect(parseAuthorization('abc')).toBeNull();
    expect(parseAuthorization('Bearer')).toBeNull();
    expect(parseAuthorization('Zoho-oauthtoken')).toBeNull();
    expect(parseAuthorization(undefined)).toBeNull();
  });
});

describe('authenticate', () => {
  it('returns the token record for a live token with the required scopes', () => {
    const { ctx, header, at } = setup(['Desk.tickets.ALL', 'Desk.basic.READ']);
    const result = authenticate(ctx, header, ['Desk.tickets.CREATE', 'Desk.basic.READ']);
    expect(result).toEqual({ ok: true, token: at });
  });

  it('gives the reason: missing, invalid, expired or scope', () => {
    const { ctx, header, at } = setup(['Desk.tickets.READ']);
    expect(authenticate(ctx, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(authenticate(ctx, 'Zoho-oauthtoken unknown-value')).toEqual({ ok: false, reason: 'invalid' });
    expect(authenticate(ctx, header, 'Desk.tickets.CREATE')).toEqual({ ok: false, reason: 'scope' });
    at.expiresAt = ctx.now();
    expect(authenticate(ctx, header)).toEqual({ ok: false, reason: 'expired' });
    at.expiresAt = ctx.now() + 60_000;
    revokeToken(ctx, at.token);
    expect(authenticate(ctx, header)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('scopes', () => {
  it('parses comma- or space-separated scopes without duplicates', () => {
    expect(parseScopes('A.b.READ, A.c.ALL,A.b.READ')).toEqual(['A.b.READ', 'A.c.ALL']);
    expect(parseScopes(['A.b.READ A.d.CREATE'])).toEqual(['A.b.READ', 'A.d.CREATE']);
    expect(parseScopes(' , ')).toEqual([]);
  });

  it('lets X.y.ALL cover the operations under X.y only', () => {
    expect(scopeCovers(['Desk.tickets.ALL'], 'Desk.tickets.CREATE')).toBe(true);
    expect(scopeCovers(['desk.tickets.read'], 'Desk.tickets.READ')).toBe(true);
    expect(scopeCovers(['Desk.tickets.ALL'], 'Desk.contacts.READ')).toBe(false);
    expect(scopeCovers(['Desk.tickets.READ'], 'Desk.tickets.CREATE')).toBe(false);
  });
});
