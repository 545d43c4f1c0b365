import type { EmulatorContext } from '../emulator-context.js';
import type { UserRecord } from '../state.js';

/*
 * Read-only CRM records derived from the emulator's users (no CRM state of its own yet). Field names and value
 * shapes follow Zoho's samples: users from the CRM Users API (v2–v8 pages) and org from the Deluge
 * `crm.getorg` sample (docs/zoho-behaviour.md "CRM"). Ids are 19 digits like CRM's; `zuid` is the Accounts user id.
 */

/** The emulated CRM org's id and group id (`zgid`); fixed so tests and seeds can name them. */
export const CRM_ORG_ID = '5725767000000000001';
export const CRM_ZGID = '80000001';

/** A CRM user id for an Accounts user: 11-digit prefix + the user id padded to 8 digits. */
export function crmUserId(user: UserRecord): string {
  return `57257670000${user.id.padStart(8, '0').slice(-8)}`;
}

const ROLE = { name: 'CEO', id: '5725767000000026005' };
const PROFILE = { name: 'Administrator', id: '5725767000000026011' };

function splitName(name: string): { first: string | null; last: string } {
  const at = name.trim().lastIndexOf(' ');
  return at < 0 ? { first: null, last: name.trim() } : { first: name.slice(0, at).trim(), last: name.slice(at + 1) };
}

/** Every emulated user is active, confirmed and the org's administrator (one seeded user approves everything). */
export function crmUserView(user: UserRecord): Record<string, unknown> {
  const { first, last } = splitName(user.name);
  return {
    id: crmUserId(user),
    zuid: user.id,
    full_name: user.name,
    first_name: first,
    last_name: last,
    email: user.email,
    status: 'active',
    confirm: true,
    category: 'regular_user',
    role: { ...ROLE },
    profile: { ...PROFILE },
    locale: 'en_US',
    language: 'en_US',
    country_locale: 'en_US',
    time_zone: 'UTC',
    Isonline: false,
  };
}

export function crmOrgView(ctx: EmulatorContext): Record<string, unknown> {
  const primary = ctx.state.users[ctx.state.defaultUserId];
  return {
    id: CRM_ORG_ID,
    company_name: 'zohokit dev',
    alias: null,
    domain_name: `org${CRM_ZGID}`,
    zgid: CRM_ZGID,
    primary_zuid: primary?.id ?? null,
    primary_email: primary?.email ?? null,
    currency: 'US Dollar',
    iso_code: 'USD',
    currency_symbol: '$',
    currency_locale: 'en_US',
    country_code: 'US',
    time_zone: 'UTC',
    employee_count: '1',
    country: null,
    state: null,
    city: null,
    street: null,
    zip: null,
    phone: null,
    mobile: null,
    fax: null,
    website: null,
    description: null,
    photo_id: null,
    mc_status: false,
    gapps_enabled: false,
    translation_enabled: false,
    privacy_settings: false,
    license_details: {
      paid: true,
      paid_type: 'enterprise',
      paid_expiry: null,
      trial_type: null,
      trial_expiry: null,
      users_license_purchased: Object.keys(ctx.state.users).length,
    },
  };
}
