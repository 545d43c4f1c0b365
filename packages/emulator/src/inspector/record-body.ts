import type { Masker } from './mask.js';

/** Bodies longer than this (after masking) are cut, so 500 entries stay a few megabytes at most. */
const MAX_BODY_CHARS = 32_000;
/** Larger bodies are not decoded at all. */
const MAX_BODY_BYTES = 2_000_000;

const isTextual = (contentType: string): boolean =>
  contentType === '' || /json|^text\/|x-www-form-urlencoded|xml|javascript/.test(contentType);

function cut(text: string): string {
  if (text.length <= MAX_BODY_CHARS) return text;
  return `${text.slice(0, MAX_BODY_CHARS)}\n… (${text.length - MAX_BODY_CHARS} more characters not recorded)`;
}

const kindOf = (contentTypeHeader: string | null): string =>
  (contentTypeHeader ?? '').toLowerCase().split(';')[0]?.trim() ?? '';

/** Whether the body needs `recordMultipart` (parsing a form is asynchronous) rather than `recordBody`. */
export const isMultipart = (contentTypeHeader: string | null): boolean =>
  kindOf(contentTypeHeader) === 'multipart/form-data';

/**
 * A request or response body as masked text for the log. `requestSide` decides whether `code` is a secret
 * (a grant code in a request) or not (a product's error code in a response). `text` is the body already
 * decoded, when the caller has it. A multipart body is described by size only: see `recordMultipart`.
 */
export function recordBody(
  bytes: ArrayBuffer | null,
  contentTypeHeader: string | null,
  masker: Masker,
  requestSide: boolean,
  decoded?: string,
): string | null {
  if (!bytes || bytes.byteLength === 0) return null;
  const kind = kindOf(contentTypeHeader);
  if (bytes.byteLength > MAX_BODY_BYTES) return `(${bytes.byteLength} bytes of ${kind || 'data'}, not recorded)`;
  if (!isTextual(kind)) return `(${bytes.byteLength} bytes of ${kind})`;
  const text = decoded ?? new TextDecoder().decode(bytes);
  if (kind === 'application/x-www-form-urlencoded') return cut(masker.params(text));
  const trimmed = text.trimStart();
  if (kind.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return cut(JSON.stringify(masker.json(JSON.parse(text), requestSide)));
    } catch {
      // Not JSON after all (or broken JSON): recorded as text below.
    }
  }
  return cut(masker.text(text));
}

/** A multipart/form-data body as masked `name=value` lines, files by name and size. */
export async function recordMultipart(bytes: ArrayBuffer | null, contentType: string, masker: Masker) {
  if (!bytes || bytes.byteLength === 0) return null;
  if (bytes.byteLength > MAX_BODY_BYTES) return `(${bytes.byteLength} bytes of multipart/form-data, not recorded)`;
  return multipart(bytes, contentType, masker);
}

async function multipart(bytes: ArrayBuffer, contentType: string, masker: Masker): Promise<string> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    return `(${bytes.byteLength} bytes of multipart/form-data that could not be parsed)`;
  }
  const lines: string[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string')
      lines.push(masker.params(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`));
    else lines.push(`${name}=(file ${JSON.stringify(value.name)}, ${value.size} bytes)`);
  }
  return cut(lines.map(decodeForDisplay).join('\n'));
}

function decodeForDisplay(pair: string): string {
  try {
    return decodeURIComponent(pair);
  } catch {
    return pair;
  }
}

/** Zoho's error code in a body, whichever product's envelope it is; null for a success or a non-JSON body. */
export function zohoErrorCode(text: string | null): string | null {
  if (!text) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  if (typeof o.errorCode === 'string') return o.errorCode; // Desk
  if (o.status === 'error' && (typeof o.code === 'string' || typeof o.code === 'number')) return String(o.code); // Campaigns, CRM
  if (typeof o.error === 'string') return o.error; // Accounts (token endpoint, revoke)
  return null;
}
