/**
 * Turns a Zoho response into data or an error descriptor. Zoho products disagree on how they say "error":
 * - Desk: HTTP 4xx with `{"errorCode":"INVALID_OAUTH","message":…}` (zoho-api.md §2.3)
 * - Campaigns: HTTP 200 with `{"status":"error","code":"2004","message":…}` (§3, quirk 13)
 * - CRM and the unified API: `{"code":"INVALID_TOKEN","status":"error","message":…}` with HTTP 401 (§4)
 * - proxies and outages: HTML pages, empty bodies, 204 for "nothing matched".
 * The pipeline builds the typed error from the descriptor through the error factory.
 * Per-product knowledge lives here: Desk's codes and details, and the table of Campaigns' numeric codes.
 */

import { describeBody, isRecord, parseJson } from '../body.js';
import type { ZohoErrorKind, ZohoProduct } from '../errors.js';
import { MINUTE } from '../time.js';
import { campaignsApiName } from './limiter.js';
import { parseRetryAfter } from './retry.js';
import { isRedirect } from './transport.js';

export interface Failure {
  kind: ZohoErrorKind;
  code: string;
  /** Zoho's own words, or a description of what came back. */
  message: string;
  fix?: string | undefined;
  details?: Record<string, unknown> | undefined;
  /** The token was rejected: invalidate it, refresh once and replay once. */
  authFailure: boolean;
  retryAfterMs?: number | undefined;
}

export type Classified = { ok: true; data: unknown } | { ok: false; failure: Failure };

/** What was asked, where the answer alone is not enough (the Campaigns API's lock period, Desk's orgId). */
export interface ClassifyContext {
  path?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** Literal secrets (the access token in use, …) to mask in descriptions of unexpected bodies. */
  secrets?: readonly (string | undefined)[] | undefined;
}

/** Codes meaning "this access token is not (or no longer) valid": the refresh-once path. */
const AUTH_FAILURE_CODES = new Set([
  'INVALID_OAUTH',
  'INVALID_TOKEN',
  'INVALID_OAUTHTOKEN',
  'AUTHENTICATION_FAILURE',
  'UNAUTHORIZED',
  'OAUTH_TOKEN_EXPIRED',
]);

const CODE_KINDS: Record<string, ZohoErrorKind> = {
  SCOPE_MISMATCH: 'permission',
  OAUTH_SCOPE_MISMATCH: 'permission',
  OAUTH_ORG_MISMATCH: 'permission',
  FORBIDDEN: 'permission',
  NO_PERMISSION: 'permission',
  LICENSE_ACCESS_LIMITED: 'permission',
  URL_NOT_FOUND: 'not_found',
  INVALID_URL_PATTERN: 'not_found',
  RESOURCE_NOT_FOUND: 'not_found',
  NOT_FOUND: 'not_found',
  UNPROCESSABLE_ENTITY: 'validation',
  INVALID_DATA: 'validation',
  MANDATORY_NOT_FOUND: 'validation',
  INVALID_REQUEST: 'validation',
  DUPLICATE_DATA: 'validation',
  REQUIRED_PARAM_MISSING: 'validation',
  EXPECTED_PARAM_MISSING: 'validation',
  INVALID_QUERY: 'validation',
  SYNTAX_ERROR: 'validation',
  LIMIT_EXCEEDED: 'validation',
  INVALID_MODULE: 'not_found',
  TOO_MANY_REQUESTS: 'rate_limit',
  RATE_LIMIT_EXCEEDED: 'rate_limit',
};

const FIXES: Record<string, string> = {
  INVALID_OAUTH: 'zohokit already refreshed once; re-authorise if the refresh token was revoked',
  INVALID_TOKEN: 'zohokit already refreshed once; check the data centre (api_domain) and re-authorise if needed',
  SCOPE_MISMATCH: 'Re-authorise with the missing scope added (for example Desk.tickets.READ)',
  OAUTH_SCOPE_MISMATCH: 'Re-authorise with the missing scope added',
  OAUTH_ORG_MISMATCH: "The token was issued for another organization: use that org's orgId (zohokit desk orgs)",
  UNPROCESSABLE_ENTITY: 'Fix the field named in details.fieldName and send again',
  TOO_MANY_REQUESTS: 'Slow down: lower the concurrency or wait for retryAfterMs',
  // CRM answers this for a path it does not serve, which is also what a host of another data centre says.
  INVALID_URL_PATTERN:
    "Zoho does not serve this path here: check the module name and version, and that CRM calls go to the token's api_domain (the data centre option 'dc'; do not set endpoints.api to another DC's host)",
  INVALID_MODULE: "No module has this API name: list them with zoho.crm.modules() or 'zohokit crm modules'",
};

interface CampaignsCode {
  kind: ZohoErrorKind;
  fix?: string;
  fieldName?: string;
}

const CAMPAIGNS_LIST_KEY: CampaignsCode = {
  kind: 'not_found',
  fieldName: 'listKey',
  fix: 'No list has this list key: copy it from Contacts → Manage Lists, or from zoho.campaigns.lists()',
};

/**
 * Campaigns v1.1 codes, which arrive inside HTTP 200 (zoho-api.md §3.3–3.4, docs/zoho-behaviour.md).
 * A bad list key is `not_found`: an empty key never leaves zohokit (it is checked before sending), so a key
 * Zoho rejects names a list that does not exist (any more). Unlisted codes stay `api`.
 */
const CAMPAIGNS_CODES: Record<string, CampaignsCode> = {
  '1007': { kind: 'auth' },
  '903': { kind: 'validation', fix: 'A mandatory parameter is missing' },
  '1001': { kind: 'validation' },
  '1002': { kind: 'validation', fix: 'Remove the parameter Campaigns does not know' },
  '1003': { kind: 'validation' },
  '1005': { kind: 'validation' },
  '2001': { kind: 'validation', fieldName: 'contactinfo', fix: 'contactinfo must be JSON keyed by display names' },
  '2004': { kind: 'validation', fieldName: 'email', fix: 'Check the contact email address' },
  '2005': { kind: 'validation', fieldName: 'email', fix: 'Group addresses cannot be subscribed' },
  '6502': { kind: 'validation', fix: 'Ask for at most 200 items (range) or 10 emails per call' },
  '1004': { kind: 'not_found' },
  '2002': CAMPAIGNS_LIST_KEY,
  '2102': CAMPAIGNS_LIST_KEY,
  '2202': CAMPAIGNS_LIST_KEY,
  '2501': CAMPAIGNS_LIST_KEY,
  '2203': { kind: 'not_found', fieldName: 'listKey', fix: 'The list was deleted' },
  '2206': { kind: 'not_found', fieldName: 'listKey', fix: 'The list was deleted' },
  '2103': { kind: 'not_found', fieldName: 'email', fix: 'The contact is not in this list' },
  '2701': { kind: 'permission' },
  '2704': { kind: 'permission' },
  '2706': { kind: 'permission' },
  '2101': { kind: 'rate_limit' },
};

/** Campaigns locks an API for this long once a window is exceeded (docs/zoho-behaviour.md). */
function campaignsLockMs(path: string | undefined): number {
  return path && campaignsApiName(path) === 'addlistsubscribersinbulk' ? 10 * MINUTE : 30 * MINUTE;
}

/** "… Required scope: Desk.tickets.READ" (Desk) or "Insufficient privilege … requires ZohoCampaigns.contact.READ". */
function requiredScope(message: string): string | undefined {
  const match =
    /required scopes?\s*:\s*(.+?)\s*\.?$/i.exec(message) ??
    /\brequires\s+(?:the\s+)?(?:scopes?\s+)?([\w.-]+\.[\w.-]+)/i.exec(message);
  // A sentence may end right after the scope name: "requires ZohoCampaigns.contact.UPDATE."
  return match?.[1]?.replace(/\.+$/, '');
}

function statusKind(status: number): ZohoErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rate_limit';
  return 'api';
}

export function classifyResponse(
  product: ZohoProduct,
  status: number,
  headers: Headers,
  text: string,
  context: ClassifyContext = {},
): Classified {
  if (isRedirect(status)) return { ok: false, failure: redirectFailure(product, headers) };
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const body = parseJson(text);

  if (body === undefined && text.trim() !== '') {
    // Not JSON: an HTML error page from a proxy, or an outage page.
    return {
      ok: false,
      failure: {
        kind: status === 429 ? 'rate_limit' : status >= 400 && status < 500 ? statusKind(status) : 'api',
        code: 'non_json_response',
        message: `${product} answered with ${describeBody(text, context.secrets)} instead of JSON`,
        fix:
          status >= 500 || status < 300
            ? 'Zoho (or a proxy in front of it) is failing; retry later'
            : 'Check the product base URL and the path',
        authFailure: status === 401,
        retryAfterMs,
      },
    };
  }

  const envelope = isRecord(body) ? errorEnvelope(product, body, status) : undefined;
  if (!envelope && status < 400) return { ok: true, data: body };

  const code = envelope?.code ?? `HTTP_${status}`;
  const message =
    envelope?.message ??
    `${product} answered HTTP ${status}${text ? ` with ${describeBody(text, context.secrets)}` : ''}`;
  const failure =
    product === 'campaigns' && envelope
      ? campaignsFailure(code, message, envelope.details, context)
      : genericFailure(code, message, status, envelope?.details, context);
  return { ok: false, failure: { ...failure, retryAfterMs: failure.retryAfterMs ?? retryAfterMs } };
}

/**
 * Any 3xx: Zoho's APIs never redirect (transport.ts, REDIRECT_STATUS), so the base URL is wrong or something
 * stands in front of Zoho. Only the Location's origin and path are named: its query may carry anything.
 */
function redirectFailure(product: ZohoProduct, headers: Headers): Failure {
  let to = '';
  try {
    const location = headers.get('location');
    if (location) {
      const url = new URL(location, 'http://relative.invalid');
      to = url.origin === 'http://relative.invalid' ? ` to ${url.pathname}` : ` to ${url.origin}${url.pathname}`;
    }
  } catch {}
  return {
    kind: 'config',
    code: 'redirect',
    message: `${product} answered with a redirect${to}; Zoho's APIs never redirect, so it was not followed`,
    fix: "Check the product's base URL (https, the data centre's host, the path); a proxy or a login page may be in the way",
    authFailure: false,
  };
}

function genericFailure(
  code: string,
  message: string,
  status: number,
  envelopeDetails: Record<string, unknown> | undefined,
  context: ClassifyContext,
): Failure {
  const kind = CODE_KINDS[code] ?? (AUTH_FAILURE_CODES.has(code) ? 'auth' : statusKind(status));
  // Scope and org mismatches also arrive as 401: refreshing would not help, so they are not auth failures.
  const authFailure = AUTH_FAILURE_CODES.has(code) || (status === 401 && kind === 'auth');
  let details = envelopeDetails;
  let fix = FIXES[code];
  let text = message;
  if (code === 'SCOPE_MISMATCH' || code === 'OAUTH_SCOPE_MISMATCH') {
    const scope = requiredScope(message);
    if (scope) {
      details = { ...details, requiredScope: scope };
      fix = `Re-authorise with the scope ${scope} added to the grant`;
    }
  } else if (kind === 'validation' && details?.fieldName === undefined && typeof details?.api_name === 'string') {
    // CRM names the field `api_name` (docs/zoho-behaviour.md, "Insert, update, delete"); lift it to fieldName.
    details = { ...details, fieldName: details.api_name };
    fix = `Fix the field ${details.api_name} (${code}) and send again`;
  } else if (kind === 'validation' && typeof details?.fieldName === 'string') {
    fix = `Fix the field ${details.fieldName}${typeof details.errorType === 'string' ? ` (${details.errorType})` : ''} named in details.fieldName and send again`;
  } else if (code === 'OAUTH_ORG_MISMATCH') {
    const orgId = context.headers?.orgId;
    if (orgId) {
      details = { ...details, orgId };
      text = `${message} (orgId ${orgId})`;
      fix = `The token was issued for another organization than ${orgId}: use that org's orgId (zohokit desk orgs) or authorise a user of org ${orgId}`;
    }
  }
  return { kind: authFailure ? 'auth' : kind, code, message: text, fix, details, authFailure };
}

function campaignsFailure(
  code: string,
  message: string,
  envelopeDetails: Record<string, unknown> | undefined,
  context: ClassifyContext,
): Failure {
  const known = CAMPAIGNS_CODES[code];
  const details: Record<string, unknown> = { ...envelopeDetails };
  if (known?.fieldName) details.fieldName = known.fieldName;
  const scope = known?.kind === 'permission' ? requiredScope(message) : undefined;
  if (scope) details.requiredScope = scope;
  const failure: Failure = {
    kind: known?.kind ?? 'api',
    code,
    message,
    fix: scope ? `Re-authorise with the scope ${scope} added to the grant` : known?.fix,
    details: Object.keys(details).length > 0 ? details : undefined,
    authFailure: known?.kind === 'auth',
  };
  if (code === '2101') {
    // The API stays locked for the whole lock period: waiting it out inside one call is not an option.
    failure.retryAfterMs = campaignsLockMs(context.path);
    failure.fix =
      'Campaigns locked this API after its call window was exceeded; wait retryAfterMs before calling it again';
  }
  return failure;
}

interface Envelope {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

function errorEnvelope(product: ZohoProduct, body: Record<string, unknown>, status: number): Envelope | undefined {
  const message = typeof body.message === 'string' ? body.message : undefined;
  // Desk: errorCode, plus fieldName/errorType (or an errors array) on validation failures.
  if (typeof body.errorCode === 'string') {
    const details: Record<string, unknown> = {};
    for (const key of ['fieldName', 'errorType', 'errors', 'feature', 'editionType']) {
      if (body[key] !== undefined) details[key] = body[key];
    }
    // Body validation names the field in `errors[0]` (docs/zoho-behaviour.md); lift it up so callers find
    // it in one place whichever variant Zoho sends.
    const first = Array.isArray(body.errors) && isRecord(body.errors[0]) ? body.errors[0] : undefined;
    if (details.fieldName === undefined && typeof first?.fieldName === 'string') details.fieldName = first.fieldName;
    if (details.errorType === undefined && typeof first?.errorType === 'string') details.errorType = first.errorType;
    return {
      code: body.errorCode,
      message: message ?? body.errorCode,
      details: Object.keys(details).length ? details : undefined,
    };
  }
  // CRM writes in which no record succeeded: HTTP 400 `{data:[{code, details, message, status:"error"}]}`. The
  // first record's error names the call's; every record's stays in details.data for the per-record result.
  const first = Array.isArray(body.data) && isRecord(body.data[0]) ? body.data[0] : undefined;
  if (status >= 400 && first?.status === 'error' && typeof first.code === 'string') {
    const firstDetails = isRecord(first.details) ? first.details : {};
    return {
      code: first.code,
      message: typeof first.message === 'string' ? first.message : first.code,
      details: { ...firstDetails, data: body.data },
    };
  }
  // Campaigns (errors inside HTTP 200; success is code "0") and CRM (status "error").
  const hasCode = typeof body.code === 'string' || typeof body.code === 'number';
  const failed =
    body.status === 'error' ||
    body.status === 'failure' ||
    (product === 'campaigns' && hasCode && String(body.code) !== '0' && body.status !== 'success');
  if (failed) {
    const details = isRecord(body.details) && Object.keys(body.details).length > 0 ? body.details : undefined;
    return { code: hasCode ? String(body.code) : 'error', message: message ?? 'Zoho reported an error', details };
  }
  return undefined;
}
