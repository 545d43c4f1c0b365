/**
 * What the relay's logs, status page and the CLI show of text that may quote a person or a secret: Zoho's error
 * messages can quote the customer's address ("a contact with ada@example.com exists"), and a log line must never
 * hold a token or a relay key. The SDK's `redact` is the one redaction of Zoho secrets; this adds what only the
 * relay knows of: its own API keys, and e-mail addresses (the relay shows ids and codes, not people).
 */

import { REDACTED, redact } from 'zohokit';

// No backslash either: inside a JSON string an address may sit right before an escaped quote (`\"`).
const EMAIL = /[^\s@"'<>(),;:\\]+@[^\s@"'<>(),;:\\]+\.[^\s@"'<>(),;:\\]+/g;
/** The intake's keys (http/key-store.ts): `zr_sk_<16 hex>_<43 base64url>`, secret or publishable. */
const RELAY_KEY = /zr_(?:sk|pk)_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g;

/** Text with every e-mail address replaced by `<email>`. */
export function maskEmails(text: string): string;
export function maskEmails(text: string | undefined): string | undefined;
export function maskEmails(text: string | undefined): string | undefined {
  return text?.replace(EMAIL, '<email>');
}

/**
 * Text with Zoho's secrets (the SDK's `redact`), relay keys and e-mail addresses masked. `secrets`: literal values
 * to mask too, for secrets with no recognisable shape (a client secret).
 */
export function scrubText(text: string, secrets: Iterable<string | undefined> = []): string {
  return maskEmails(redact(text, secrets).replace(RELAY_KEY, REDACTED));
}

/**
 * A copy of a value (a log record, an answer) with secrets masked by key and by shape (the SDK's `redact`), and
 * relay keys and e-mail addresses masked in every string; `secrets` as for `scrubText`.
 */
export function scrub<T>(value: T, secrets: Iterable<string | undefined> = []): T {
  return maskStrings(redact(value, secrets), 0) as T;
}

function maskStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskEmails(value.replace(RELAY_KEY, REDACTED));
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, depth + 1)]));
}
