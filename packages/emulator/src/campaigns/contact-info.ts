/*
 * Campaigns' `contactinfo` parameter: a JSON *string* keyed by field display names (zoho-api.md §3.3). Real
 * clients send strict JSON `{"Contact Email":"a@b.c","First Name":"Ann"}`; Zoho's own samples use a loose
 * unquoted form `{First Name:mac,Contact Email:jai@zoho.com}` (§3.3, §6 item 13). Both are accepted.
 */

export const CONTACT_EMAIL = 'Contact Email';

/** Display names matched case- and spacing-insensitively, stored in Zoho's spelling. */
const KNOWN_FIELDS = ['Contact Email', 'First Name', 'Last Name'];

export type ContactInfoResult =
  | { ok: true; email: string | undefined; fields: Record<string, string> }
  | { ok: false; reason: string };

/**
 * One `@`, a dotted domain with non-empty labels, nothing that separates addresses in a list (Campaigns splits
 * `emailids` on commas) and no whitespace. Zoho's exact rule is unpublished; this is deliberately loose.
 */
const EMAIL = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\.]+(?:\.[^\s@,;<>"()[\]\\.]+)+$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

function canonicalName(name: string): string {
  const squashed = name.replace(/\s+/g, ' ').trim();
  return KNOWN_FIELDS.find((known) => known.toLowerCase() === squashed.toLowerCase()) ?? squashed;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

function strict(text: string): Record<string, string> | string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'contactinfo must be an object';
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) out[key] = '';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = String(value);
    } else return `field ${JSON.stringify(key)} must be a plain value, not an object or a list`;
  }
  return out;
}

/** `{First Name:mac,Contact Email:jai@zoho.com}`: pairs split on `,`, name and value on the first `:`. */
function loose(text: string): Record<string, string> | string {
  if (!text.startsWith('{') || !text.endsWith('}')) return 'contactinfo must be enclosed in { }';
  const out: Record<string, string> = {};
  for (const pair of text.slice(1, -1).split(',')) {
    if (pair.trim() === '') continue;
    const colon = pair.indexOf(':');
    const name = colon < 0 ? '' : unquote(pair.slice(0, colon));
    if (name === '') return `cannot read ${JSON.stringify(pair.trim())} as Field Name:value`;
    out[name] = unquote(pair.slice(colon + 1));
  }
  return out;
}

export function parseContactInfo(raw: string): ContactInfoResult {
  const text = raw.trim();
  const parsed = strict(text) ?? loose(text);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const fields: Record<string, string> = {};
  let email: string | undefined;
  for (const [rawName, value] of Object.entries(parsed)) {
    const name = canonicalName(rawName);
    // Stored as a key of a plain object; this one would replace its prototype instead.
    if (name === '__proto__') continue;
    if (name === CONTACT_EMAIL) email = value.trim();
    else fields[name] = value;
  }
  return { ok: true, email, fields };
}
