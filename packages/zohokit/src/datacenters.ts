/**
 * Zoho's data centres. A client id, refresh token and access token are valid only in the data centre they
 * were issued in, so every host is derived from one `dc` value (zoho-api.md §1.1, §1.2).
 */

export type DataCentre = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'cn' | 'ca' | 'sa';

/** The base URLs zohokit calls; every one follows from the data centre unless set in `endpoints`. */
export interface Endpoints {
  /** Zoho Accounts: /oauth/v2/auth, /oauth/v2/token. */
  accounts: string;
  /** The unified API domain (`api_domain` in token responses), used for CRM, Books and other products. */
  api: string;
  /** Zoho Desk host; paths start with /api/v1. */
  desk: string;
  /** Zoho Campaigns host; paths start with /api/v1.1. */
  campaigns: string;
}

// Canada runs on zohocloud.ca (not zoho.ca); its Desk/Campaigns hosts follow the pattern of Zoho's other
// products there (unconfirmed in Zoho's Desk/Campaigns pages, zoho-api.md §1.2).
/** Zoho's hosts for each data centre. */
export const DATA_CENTRES: Readonly<Record<DataCentre, Readonly<Endpoints>>> = {
  us: host('zoho.com', 'www.zohoapis.com'),
  eu: host('zoho.eu', 'www.zohoapis.eu'),
  in: host('zoho.in', 'www.zohoapis.in'),
  au: host('zoho.com.au', 'www.zohoapis.com.au'),
  jp: host('zoho.jp', 'www.zohoapis.jp'),
  cn: host('zoho.com.cn', 'www.zohoapis.com.cn'),
  ca: host('zohocloud.ca', 'www.zohoapis.ca'),
  sa: host('zoho.sa', 'www.zohoapis.sa'),
};

function host(domain: string, apiHost: string): Endpoints {
  return {
    accounts: `https://accounts.${domain}`,
    api: `https://${apiHost}`,
    desk: `https://desk.${domain}`,
    campaigns: `https://campaigns.${domain}`,
  };
}

/** The data centre codes, in `DATA_CENTRES` order. */
export const DATA_CENTRE_NAMES = Object.keys(DATA_CENTRES) as DataCentre[];

export function isDataCentre(value: unknown): value is DataCentre {
  return typeof value === 'string' && Object.hasOwn(DATA_CENTRES, value);
}

/** Strips a trailing slash so paths can be appended with a single `/`. */
export function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The endpoints for `dc`, with any explicit overrides (an emulator, a proxy) applied. */
export function resolveEndpoints(dc: DataCentre, overrides: Partial<Endpoints> = {}): Endpoints {
  const base = DATA_CENTRES[dc];
  return {
    accounts: trimUrl(overrides.accounts ?? base.accounts),
    api: trimUrl(overrides.api ?? base.api),
    desk: trimUrl(overrides.desk ?? base.desk),
    campaigns: trimUrl(overrides.campaigns ?? base.campaigns),
  };
}

/** The data centre whose accounts server is `url`, or undefined for any host that is not Zoho's. */
export function dataCentreOfAccountsServer(url: string): DataCentre | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  return DATA_CENTRE_NAMES.find((dc) => DATA_CENTRES[dc].accounts === origin);
}

/**
 * Whether an `accounts-server` value from an OAuth callback may receive our client secret: only Zoho's own
 * accounts hosts, or a server the caller configured explicitly (the emulator, a proxy).
 */
export function isTrustedAccountsServer(url: string, configured: readonly string[] = []): boolean {
  if (dataCentreOfAccountsServer(url) !== undefined) {
    return new URL(url).protocol === 'https:';
  }
  const origin = safeOrigin(url);
  return origin !== undefined && configured.some((c) => safeOrigin(c) === origin);
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
