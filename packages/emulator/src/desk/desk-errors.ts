/*
 * Desk's answers and error envelope `{"errorCode","message"}` with no `status` key (zoho-api.md §2.3, §6 item 10).
 * Bodies and statuses are the ones agreed in docs/zoho-behaviour.md where Zoho's docs are silent.
 */

const JSON_TYPE = 'application/json;charset=UTF-8';

export function deskJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

/** moveToTrash, and a search without a match (docs/zoho-behaviour.md; zoho-api.md §6 item 12). */
export function deskNoContent(): Response {
  return new Response(null, { status: 204 });
}

const deskError = (status: number, errorCode: string, message: string, headers?: Record<string, string>): Response =>
  deskJson({ errorCode, message }, status, headers);

export type DeskErrorType = 'missing' | 'invalid' | 'duplicate';

/** One failed field: `fieldName` is a JSON Pointer (`/subject`, `/contact/email`), zoho-api.md §2.3. */
export interface DeskFieldError {
  fieldName: string;
  errorType: DeskErrorType;
  errorMessage: string;
}

export const VALIDATION_MESSAGE = 'An invalid or empty value was supplied for a mandatory field.';

/** Body, header and query-value validation (docs/zoho-behaviour.md "Validation failure"). */
export function deskValidationError(errors: readonly DeskFieldError[]): Response {
  return deskJson({ errorCode: 'UNPROCESSABLE_ENTITY', message: VALIDATION_MESSAGE, errors }, 422);
}

/** Desk refuses what it does not know, `sortOrder` included (zoho-api.md §2.2 List, §5 item 10). */
export function deskExtraQueryParameter(name: string): Response {
  return deskError(422, 'UNPROCESSABLE_ENTITY', `Extra query parameter '${name}' is present in the input.`);
}

export function deskInvalidOAuth(): Response {
  return deskError(401, 'INVALID_OAUTH', 'The OAuth Token you provided is invalid.');
}

export function deskScopeMismatch(scope: string): Response {
  return deskError(
    401,
    'SCOPE_MISMATCH',
    `The OAuth token does not have the scope to access this resource. Required scope: ${scope}`,
  );
}

export function deskOrgMismatch(): Response {
  return deskError(401, 'OAUTH_ORG_MISMATCH', 'The OAuth token was generated for another organization.');
}

export function deskNotFound(): Response {
  return deskError(404, 'RESOURCE_NOT_FOUND', 'The requested resource does not exist.');
}

export function deskTooManyRequests(): Response {
  return deskError(429, 'TOO_MANY_REQUESTS', 'Too many concurrent requests.', { 'Retry-After': '1' });
}

/** `URL_NOT_FOUND` and `METHOD_NOT_ALLOWED` are documented codes (§2.3); the message texts are the emulator's. */
export function deskUrlNotFound(): Response {
  return deskError(404, 'URL_NOT_FOUND', 'The URL you requested could not be found.');
}

export function deskMethodNotAllowed(): Response {
  return deskError(405, 'METHOD_NOT_ALLOWED', 'The HTTP method is not allowed for the requested URL.');
}
