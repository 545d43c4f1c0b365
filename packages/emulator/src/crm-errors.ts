/*
 * The `api` product's envelope is Zoho CRM's `{code, details, message, status}` (zoho-api.md §4), used by the
 * /__emulator/whoami and /__emulator/echo test routes and for unrouted paths.
 */

const crm = (status: number, code: string, message: string): Response =>
  new Response(JSON.stringify({ code, details: {}, message, status: 'error' }), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
  });

/** Missing, unknown, expired, revoked or evicted token: HTTP 401, body verbatim from zoho-api.md §4. */
export function crmInvalidToken(): Response {
  return crm(401, 'INVALID_TOKEN', 'invalid oauth token');
}

/** CRM answers an unknown URL with 404 `INVALID_URL_PATTERN` (zoho-api.md §4); the message text is unconfirmed. */
export function crmUrlNotFound(): Response {
  return crm(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
}
