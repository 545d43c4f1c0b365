/**
 * The one redaction function. Errors, events, logs and the CLI all pass through `redact` so that access
 * tokens, refresh tokens, client secrets and grant codes never leave the process in a message.
 *
 * It works on shape, not on knowledge of the current secrets alone: sensitive keys in objects, sensitive
 * parameters in URLs and form bodies, `Authorization` values, and strings shaped like Zoho tokens
 * (`1000.<hex>.<hex>`) are all masked. Callers may pass the literal secrets they know as a second line of
 * defence (a test secret such as "s3cret" has no recognisable shape).
 */

export const REDACTED = '[REDACTED]';

/** Object keys whose values are always secret, compared case-insensitively without `_` / `-`. */
const SECRET_KEYS = new Set([
  'authorization',
  // `token` is the field of zohokit's own AccessToken, the object most likely to be logged by mistake.
  'token',
  'accesstoken',
  'refreshtoken',
  'clientsecret',
  'idtoken',
  'password',
  'granttoken',
  'grantcode',
  'cookie',
  'setcookie',
]);

/** URL query / form parameters that carry secrets. `code` is the grant code in OAuth callbacks and exchanges. */
const SECRET_PARAMS = 'access_token|refresh_token|client_secret|id_token|code|token|password|grant_token';
const PARAM_PATTERN = new RegExp(`(^|[?&#\\s;,])(${SECRET_PARAMS})=([^&#\\s"',;]*)`, 'gi');
const JSON_FIELD_PATTERN =
  /"(access_token|refresh_token|client_secret|id_token|accessToken|refreshToken|clientSecret)"\s*:\s*"[^"]*"/g;
const AUTH_SCHEME_PATTERN = /\b(Zoho-oauthtoken|Bearer|Basic)\s+[^\s"',]+/gi;
// Zoho tokens and grant codes: `1000.` followed by hex segments.
const ZOHO_TOKEN_PATTERN = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/gi;

const MIN_LITERAL_LENGTH = 6;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

function redactString(text: string, literals: readonly string[]): string {
  let out = text;
  for (const secret of literals) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(AUTH_SCHEME_PATTERN, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JSON_FIELD_PATTERN, (_m, key: string) => `"${key}":"${REDACTED}"`)
    .replace(PARAM_PATTERN, (_m, lead: string, key: string) => `${lead}${key}=${REDACTED}`)
    .replace(ZOHO_TOKEN_PATTERN, REDACTED);
}

function redactValue(value: unknown, literals: readonly string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactString(value, literals);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[Truncated]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);

  if (value instanceof URLSearchParams) return redactString(value.toString(), literals);
  if (value instanceof URL) return redactString(value.toString(), literals);
  // By tag, not `instanceof Headers`: on Node, reading the global `Headers` loads all of undici (~20 ms), which
  // a CLI that fails before any fetch would pay on its way out.
  if (Object.prototype.toString.call(value) === '[object Headers]') {
    return redactValue(Object.fromEntries((value as Headers).entries()), literals, seen, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, literals, seen, depth + 1));

  const record = value as Record<string, unknown>;
  // A grant code travels as `code` next to `grant_type`/`client_id`; elsewhere `code` is Zoho's error code.
  const isOAuthParams = 'grant_type' in record || 'client_id' in record || 'redirect_uri' in record;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    const norm = normaliseKey(key);
    if (SECRET_KEYS.has(norm) || (isOAuthParams && norm === 'code')) {
      out[key] = inner === undefined || inner === null || inner === '' ? inner : REDACTED;
    } else {
      out[key] = redactValue(inner, literals, seen, depth + 1);
    }
  }
  return out;
}

/**
 * Returns a copy of `value` with every secret masked. Strings, URLs, URLSearchParams, Headers, arrays and
 * plain objects are handled; other values are returned as they are.
 */
export function redact<T>(value: T, secrets: Iterable<string | undefined> = []): T {
  const literals: string[] = [];
  for (const s of secrets) if (typeof s === 'string' && s.length >= MIN_LITERAL_LENGTH) literals.push(s);
  // Longest first, so a secret that contains another is masked whole.
  literals.sort((a, b) => b.length - a.length);
  return redactValue(value, literals, new WeakSet(), 0) as T;
}
