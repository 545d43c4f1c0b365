import type { DataCenter } from './options.js';

/*
 * Zoho's host names per data centre (zoho-api.md §1.1, §1.2): products live on `<product>.<zoho domain>`
 * (`accounts.zoho.eu`, `desk.zoho.eu`, `campaigns.zoho.eu`), the unified API on `www.<api domain>`
 * (`www.zohoapis.eu`). Canada is the odd one: `zohocloud.ca` for products, `zohoapis.ca` for the API.
 * CA and SA product hosts follow the accounts domains (unconfirmed for Desk and Campaigns).
 */

export const ZOHO_DOMAIN: Record<DataCenter, string> = {
  us: 'zoho.com',
  eu: 'zoho.eu',
  in: 'zoho.in',
  au: 'zoho.com.au',
  jp: 'zoho.jp',
  cn: 'zoho.com.cn',
  ca: 'zohocloud.ca',
  sa: 'zoho.sa',
};

export const ZOHO_API_DOMAIN: Record<DataCenter, string> = {
  us: 'zohoapis.com',
  eu: 'zohoapis.eu',
  in: 'zohoapis.in',
  au: 'zohoapis.com.au',
  jp: 'zohoapis.jp',
  cn: 'zohoapis.com.cn',
  ca: 'zohoapis.ca',
  sa: 'zohoapis.sa',
};

/** The products the emulator answers for, as the first label of their host name. */
const PRODUCT_HOSTS = ['accounts', 'desk', 'campaigns'] as const;

/**
 * Every Zoho host name a client may reach the emulator under through a hosts-file alias (`127.0.0.1
 * accounts.zoho.com`), for every data centre: a token used at the wrong DC must fail the way it does at Zoho
 * (§1.6), not be refused at the door.
 */
export function zohoHostNames(): string[] {
  const names: string[] = [];
  for (const dc of Object.keys(ZOHO_DOMAIN) as DataCenter[]) {
    for (const product of PRODUCT_HOSTS) names.push(`${product}.${ZOHO_DOMAIN[dc]}`);
    names.push(`www.${ZOHO_API_DOMAIN[dc]}`);
  }
  return names;
}
