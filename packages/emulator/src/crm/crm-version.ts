/** CRM API versions the emulator serves (zoho-api.md §4: v2 … v8, v2.1 included), as a Hono path parameter. */
export const CRM_VERSION = ':version{v(?:2|2\\.1|[3-8])}';

/** `fields` became mandatory on Get Records in v8 (REQUIRED_PARAM_MISSING, Zoho's v8 record samples). */
export function fieldsRequired(version: string | undefined): boolean {
  return version === 'v8';
}
