import { describe, expect, it } from 'vitest';
import {
  DATA_CENTRE_NAMES,
  DATA_CENTRES,
  dataCentreOfAccountsServer,
  isTrustedAccountsServer,
  resolveEndpoints,
} from 'zohokit';

// zoho-api.md §1.1 / §1.2.
const EXPECTED = {
  us: ['https://accounts.zoho.com', 'https://www.zohoapis.com', 'https://desk.zoho.com', 'https://campaigns.zoho.com'],
  eu: ['https://accounts.zoho.eu', 'https://www.zohoapis.eu', 'https://desk.zoho.eu', 'https://campaigns.zoho.eu'],
  in: ['https://accounts.zoho.in', 'https://www.zohoapis.in', 'https://desk.zoho.in', 'https://campaigns.zoho.in'],
  au: [
    'https://accounts.zoho.com.au',
    'https://www.zohoapis.com.au',
    'https://desk.zoho.com.au',
    'https://campaigns.zoho.com.au',
  ],
  jp: ['https://accounts.zoho.jp', 'https://www.zohoapis.jp', 'https://desk.zoho.jp', 'https://campaigns.zoho.jp'],
  cn: [
    'https://accounts.zoho.com.cn',
    'https://www.zohoapis.com.cn',
    'https://desk.zoho.com.cn',
    'https://campaigns.zoho.com.cn',
  ],
  ca: [
    'https://accounts.zohocloud.ca',
    'https://www.zohoapis.ca',
    'https://desk.zohocloud.ca',
    'https://campaigns.zohocloud.ca',
  ],
  sa: ['https://accounts.zoho.sa', 'https://www.zohoapis.sa', 'https://desk.zoho.sa', 'https://campaigns.zoho.sa'],
} as const;

describe('data centres', () => {
  it('knows exactly the 8 confirmed data centres', () => {
    expect([...DATA_CENTRE_NAMES].sort()).toEqual(['au', 'ca', 'cn', 'eu', 'in', 'jp', 'sa', 'us']);
  });

  it.each(Object.entries(EXPECTED))('%s has its accounts, api, desk and campaigns hosts', (dc, hosts) => {
    const [accounts, api, desk, campaigns] = hosts;
    expect(DATA_CENTRES[dc as keyof typeof EXPECTED]).toEqual({ accounts, api, desk, campaigns });
    expect(resolveEndpoints(dc as keyof typeof EXPECTED)).toEqual({ accounts, api, desk, campaigns });
  });

  it('puts Canada on zohocloud.ca for accounts but www.zohoapis.ca for the API', () => {
    expect(DATA_CENTRES.ca.accounts).toBe('https://accounts.zohocloud.ca');
    expect(DATA_CENTRES.ca.api).toBe('https://www.zohoapis.ca');
  });
});

describe('resolveEndpoints', () => {
  it('applies overrides and keeps the data centre for the rest', () => {
    expect(resolveEndpoints('eu', { accounts: 'http://127.0.0.1:4000/', desk: 'http://127.0.0.1:4001' })).toEqual({
      accounts: 'http://127.0.0.1:4000',
      api: 'https://www.zohoapis.eu',
      desk: 'http://127.0.0.1:4001',
      campaigns: 'https://campaigns.zoho.eu',
    });
  });

  it('strips trailing slashes so paths join with a single "/"', () => {
    expect(resolveEndpoints('us', { api: 'http://proxy.example/zoho///' }).api).toBe('http://proxy.example/zoho');
  });
});

describe('dataCentreOfAccountsServer', () => {
  it.each(Object.entries(EXPECTED))('recognises the %s accounts server', (dc, [accounts]) => {
    expect(dataCentreOfAccountsServer(accounts)).toBe(dc);
    expect(dataCentreOfAccountsServer(`${accounts}/`)).toBe(dc);
    expect(dataCentreOfAccountsServer(`${accounts}/oauth/v2/token`)).toBe(dc);
  });

  it('returns undefined for any other host, look-alikes included', () => {
    for (const url of [
      'https://accounts.zoho.com.evil.example',
      'https://accounts.zoho.ca',
      'https://evil.example/https://accounts.zoho.com',
      'https://accounts.zoho.com:8443',
      'https://user@evil.example',
      'not a url',
      '',
    ]) {
      expect(dataCentreOfAccountsServer(url), url).toBeUndefined();
    }
  });
});

describe('isTrustedAccountsServer', () => {
  it("trusts every Zoho accounts server over https, as sent in an OAuth callback's accounts-server", () => {
    for (const [accounts] of Object.values(EXPECTED)) expect(isTrustedAccountsServer(accounts)).toBe(true);
  });

  it('rejects look-alike hosts that would receive the client secret', () => {
    expect(isTrustedAccountsServer('https://accounts.zoho.com.evil.example')).toBe(false);
    expect(isTrustedAccountsServer('https://accounts.zoho.com@evil.example')).toBe(false);
    expect(isTrustedAccountsServer('https://evil-accounts.zoho.com')).toBe(false);
  });

  it('rejects plain http:// even for a Zoho host', () => {
    expect(isTrustedAccountsServer('http://accounts.zoho.com')).toBe(false);
    expect(isTrustedAccountsServer('http://accounts.zoho.eu')).toBe(false);
  });

  it('rejects garbage', () => {
    expect(isTrustedAccountsServer('javascript:alert(1)')).toBe(false);
    expect(isTrustedAccountsServer('')).toBe(false);
    expect(isTrustedAccountsServer('', [''])).toBe(false);
  });

  it('trusts a server the caller configured, compared by origin', () => {
    const configured = ['http://127.0.0.1:4000'];
    expect(isTrustedAccountsServer('http://127.0.0.1:4000', configured)).toBe(true);
    expect(isTrustedAccountsServer('http://127.0.0.1:4000/', configured)).toBe(true);
    expect(isTrustedAccountsServer('http://127.0.0.1:4001', configured)).toBe(false);
    expect(isTrustedAccountsServer('https://127.0.0.1:4000', configured)).toBe(false);
    expect(isTrustedAccountsServer('http://127.0.0.1:4000')).toBe(false);
  });
});
