/**
 * Turns a Zoho response into data or an error descriptor. Zoho products disagree on how they say "error":
 * - Desk: HTTP 4xx with `{"errorCode":"INVALID_OAUTH","message":…}` (zoho-api.md §2.3)
 * - Campaigns: HTTP 200 with `{"status":"error","code":"2004","message":…}` (§3, quirk 13)
 * - CRM and the unified API: `{"code":"INVALID_TOKEN","status":"error","message":…}` with HTTP 401 (§4)
 * - proxies and outages: HTML pages, empty bodies, 204 for "nothing matched".
 * The pipeline builds the typed error from the descriptor through the error factory.
 */

import { describeBody, isRecord, parseJson } from '../body.js';
import type { ZohoErrorKind, ZohoProduct } from '../errors.js';
import { parseRetryAfter } from './retry.js';

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
};

function statusKind(status: number): ZohoErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rate_limit';
  return 'api';
}

export function classifyResponse(product: ZohoProduct, status: number, headers: Headers, text: string): Classified {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const body = parseJson(text);

  if (body === undefined && text.trim() !== '') {
    // Not JSON: an HTML error page from a proxy, or an outage page.
    return {
      ok: false,
      failure: {
        kind: status === 429 ? 'rate_limit' : status >= 400 && status < 500 ? statusKind(status) : 'api',
        code: 'non_json_response',
        message: `${product} answered with ${describeBody(text)} instead of JSON`,
        fix:
          status >= 500 || status < 300
            ? 'Zoho (or a proxy in front of it) is failing; retry later'
            : 'Check the product base URL and the path',
        authFailure: status === 401,
        retryAfterMs,
      },
    };
  }

  const envelope = isRecord(body) ? errorEnvelope(product, body) : undefined;
  if (!envelope && status < 400) return { ok: true, data: body };

  const code = envelope?.code ?? `HTTP_${status}`;
  const kind = CODE_KINDS[code] ?? (AUTH_FAILURE_CODES.has(code) ? 'auth' : statusKind(status));
  // Scope and org mismatches also arrive as 401: refreshing would not help, so they are not auth failures.
  const authFailure = AUTH_FAILURE_CODES.has(code) || (status === 401 && kind === 'auth');
  return {
    ok: false,
    failure: {
      kind: authFailure ? 'auth' : kind,
      code,
      message: envelope?.message ?? `${product} answered HTTP ${status}${text ? ` with ${describeBody(text)}` : ''}`,
      fix: FIXES[code],
      details: envelope?.details,
      authFailure,
      retryAfterMs,
    },
  };
}

interface Envelope {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

function errorEnvelope(product: ZohoProduct, body: Record<string, unknown>): Envelope | undefined {
  const message = typeof body.message === 'string' ? body.message : undefined;
  // Desk: errorCode, plus fieldName/errorType (or an errors array) on validation failures.
  if (typeof body.errorCode === 'string') {
    const details: Record<string, unknown> = {};
    for (const key of ['fieldName', 'errorType', 'errors', 'feature', 'editionType']) {
      if (body[key] !== undefined) details[key] = body[key];
    }
    return {
      code: body.errorCode,
      message: message ?? body.errorCode,
      details: Object.keys(details).length ? details : undefined,
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
