import { ZOHO_JSON_CONTENT_TYPE } from '../auth/token-response.js';

/*
 * Campaigns v1.1 answers everything, errors included, with HTTP 200 and the envelope
 * `{status, code, message, uri, version}` (zoho-api.md §3.4, §6 item 13; docs/zoho-behaviour.md). `code` is a
 * numeric string, "0" on success. Messages are Zoho's published texts (error-codes page, transcribed in
 * zoho-api.md §3.4), with the emulator's detail appended where Zoho's text alone would not say what to fix.
 */

export const CAMPAIGNS_VERSION = '1.1';

export type CampaignsBody = {
  status: 'success' | 'error';
  code: string;
  message: string;
  uri: string;
  version: string;
} & Record<string, unknown>;

export function campaignsSuccess(uri: string, message: string, data: Record<string, unknown> = {}): CampaignsBody {
  return { status: 'success', code: '0', message, uri, version: CAMPAIGNS_VERSION, ...data };
}

export function campaignsError(uri: string, code: string, message: string): CampaignsBody {
  return { status: 'error', code, message, uri, version: CAMPAIGNS_VERSION };
}

/** Always HTTP 200 (§3.4): a client must read `code`, never the status. */
export function campaignsJson(body: CampaignsBody): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': ZOHO_JSON_CONTENT_TYPE } });
}

/** Error answers by name; each cites where its code comes from. */
export const CampaignsErrors = {
  /** docs/zoho-behaviour.md: the agreed text for an invalid, expired or missing token. */
  invalidToken: (uri: string) =>
    campaignsError(uri, '1007', 'Unauthorized key. The OAuth token is invalid or expired.'),
  /** docs/zoho-behaviour.md: 2701 names the scope the API needs (§3.5). No trailing period: it ends in the scope. */
  missingScope: (uri: string, scope: string) =>
    campaignsError(uri, '2701', `Insufficient privilege to access your mailing list. This API requires ${scope}`),
  /** docs/zoho-behaviour.md: 2101 for the whole lock period (§3.6). */
  locked: (uri: string, api: string, lockedUntil: number) =>
    campaignsError(
      uri,
      '2101',
      `Please retry after sometime. The API ${api} is locked until ${new Date(lockedUntil).toISOString()} because its call limit was exceeded.`,
    ),
  /** §3.4 error-codes page: 903 "No mandatory fields in this URL." */
  missingParam: (uri: string, name: string) =>
    campaignsError(uri, '903', `No mandatory fields in this URL. Missing parameter: ${name}`),
  /** §3.4: 1002 "Extra parameter found." */
  extraParam: (uri: string, name: string) => campaignsError(uri, '1002', `Extra parameter found: ${name}`),
  /** §3.4: 1001 "Pattern doesn't match." */
  badPattern: (uri: string, detail: string) => campaignsError(uri, '1001', `Pattern doesn't match. ${detail}`),
  /** §3.4: 1005 "Please enter correct data type format." */
  badNumber: (uri: string, name: string) =>
    campaignsError(uri, '1005', `Please enter correct data type format. ${name} must be a whole number from 1.`),
  /** §3.4: 1004 "Wrong URL entered." (observed on an unknown /api/v1.1 path, unauthenticated, HTTP 200). */
  wrongUrl: (uri: string) => campaignsError(uri, '1004', 'Wrong URL entered.'),
  /** §3.3 subscribe page: 2001 "Please enter correct XML(or)JSON format". */
  badContactInfo: (uri: string, detail: string) =>
    campaignsError(uri, '2001', `Please enter correct XML(or)JSON format. ${detail}`),
  /** §3.3 subscribe page: 2004 "Invalid contact email address". */
  invalidEmail: (uri: string, email: string) =>
    campaignsError(uri, '2004', `Invalid contact email address: ${JSON.stringify(email)}`),
  /**
   * Bad list key: 2501 on the subscribe and get-list-contacts pages (§3.3), 2102 "Listkey is empty or invalid."
   * on the error-codes page, used here for listunsubscribe (docs/zoho-behaviour.md lists both).
   */
  badListKey: (uri: string, code: '2501' | '2102') => campaignsError(uri, code, 'Listkey is empty or invalid.'),
  /** §3.4: 2103 "Contact does not exist." */
  noSuchContact: (uri: string) => campaignsError(uri, '2103', 'Contact does not exist.'),
  /** §3.4: 6502 "Limit given is more than the maximum." */
  overMaximum: (uri: string, detail: string) =>
    campaignsError(uri, '6502', `Limit given is more than the maximum. ${detail}`),
} as const;
