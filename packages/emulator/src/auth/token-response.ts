/** The exact content type of Zoho's token endpoint, errors included (raw dumps in zoho-api.md §1.3). */
export const ZOHO_JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Error values Zoho puts in `{"error": ...}` bodies, all with HTTP 200 (zoho-api.md §1.3, §6 item 1). */
export type TokenErrorCode =
  | 'invalid_client'
  | 'invalid_client_secret'
  | 'invalid_code'
  | 'invalid_redirect_uri'
  | 'unsupported_grant_type'
  | 'missing_org_info'
  | 'invalid_scope';

/** The throttle answer, key order included, still HTTP 200 (zoho-api.md §1.3, §6 item 2). */
export const THROTTLE_BODY = {
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
} as const;

export function zohoJson(body: object, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': ZOHO_JSON_CONTENT_TYPE } });
}
