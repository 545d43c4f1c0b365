/*
 * The `api` product's envelope is Zoho CRM's `{code, details, message, status}` (zoho-api.md §4), used by the
 * CRM routes (src/crm), the /__emulator/whoami and /__emulator/echo test routes, and for unrouted paths.
 */

const crm = (status: number, code: string, message: string, details: Record<string, unknown> = {}): Response =>
  new Response(JSON.stringify({ code, details, message, status: 'error' }), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
  });

/** Any CRM error answer `{code, details, message, status: "error"}` (the records routes' errors, src/crm). */
export const crmError = crm;

/** A CRM JSON answer with Zoho's content type. */
export function crmJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
  });
}

/** Missing, unknown, expired, revoked or evicted token: HTTP 401, body verbatim from zoho-api.md §4. */
export function crmInvalidToken(): Response {
  return crm(401, 'INVALID_TOKEN', 'invalid oauth token');
}

/** CRM answers an unknown URL with 404 `INVALID_URL_PATTERN` (zoho-api.md §4); the message text is unconfirmed. */
export function crmUrlNotFound(): Response {
  return crm(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
}

/**
 * A token without the route's scope: HTTP 401, body as logged from real CRM (airbytehq/airbyte#32922; 401 per
 * PostHog/posthog#78477).
 */
export function crmScopeMismatch(): Response {
  return crm(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
}

/** A query parameter with a value CRM does not take; `details.param_name` names it (shape unconfirmed). */
export function crmInvalidParam(name: string): Response {
  return crm(400, 'INVALID_DATA', 'invalid data', { param_name: name });
}
