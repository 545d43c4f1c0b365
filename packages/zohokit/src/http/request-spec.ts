/**
 * What a caller asks of the pipeline, and how it becomes a URL and a `fetch` init. Kept apart from the
 * pipeline so that its loop reads as attempt → decide → act and nothing else.
 */

import type { AccessToken } from '../auth/token-manager.js';
import type { Endpoints } from '../datacenters.js';

/** A query value; undefined and null are left out, arrays are comma-joined. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** One call to any Zoho product through the pipeline. */
export interface RequestSpec {
  /** `api` is the unified API domain (CRM, Books, …: any Zoho product); `desk` and `campaigns` use their hosts. */
  product: 'api' | 'desk' | 'campaigns';
  method?: string;
  /** Path under the product host, starting with `/` (e.g. `/api/v1/tickets`). */
  path: string;
  /** Query parameters; undefined and null are left out, arrays are comma-joined. */
  query?: Record<string, QueryValue> | undefined;
  /** A JSON body. */
  body?: unknown;
  /** A form body (`application/x-www-form-urlencoded`), as Campaigns expects. */
  form?: Record<string, string> | URLSearchParams | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /**
   * The operation guards against duplicates itself, so a POST may be replayed after a reset or timeout.
   * Only set this when a replay cannot create a second record.
   */
  idempotent?: boolean | undefined;
}

/**
 * The product's base URL: Desk and Campaigns have hosts of their own; the unified API follows the token's
 * `api_domain` (the data centre Zoho says the account lives in) unless `endpoints.api` was set explicitly.
 */
export function requestUrl(
  spec: RequestSpec,
  token: AccessToken,
  endpoints: Endpoints,
  apiOverridden: boolean,
): string {
  const base =
    spec.product === 'desk'
      ? endpoints.desk
      : spec.product === 'campaigns'
        ? endpoints.campaigns
        : apiOverridden
          ? endpoints.api
          : (token.apiDomain ?? endpoints.api);
  let url = base + (spec.path.startsWith('/') ? spec.path : `/${spec.path}`);
  if (spec.query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query)) {
      if (value === undefined || value === null) continue;
      params.append(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

/** Headers and body; our `Authorization` always wins over a caller's (a caller's cannot sit beside ours). */
export function requestInit(spec: RequestSpec, method: string, token: AccessToken): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  headers.authorization = `Zoho-oauthtoken ${token.token}`;
  let body: string | undefined;
  if (spec.form !== undefined) {
    body = (spec.form instanceof URLSearchParams ? spec.form : new URLSearchParams(spec.form)).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers['content-type'] = 'application/json';
  }
  return { method, headers, body };
}
