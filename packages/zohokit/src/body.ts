/** Reading Zoho bodies that may be JSON, empty, or an HTML page from a proxy. */

import { redact } from './redact.js';

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a body that is not the JSON we expected: an HTML title, or the first words. */
export function describeBody(text: string, secrets: Iterable<string | undefined> = []): string {
  // Redact before cutting: a secret cut in half matches neither its shape nor its literal value any more.
  const trimmed = redact(text, secrets).trim();
  if (trimmed === '') return 'an empty body';
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(trimmed)?.[1];
  if (title) return `an HTML page ("${title.trim()}")`;
  if (trimmed.startsWith('<')) return 'an HTML page';
  return `"${trimmed.slice(0, 80).replace(/\s+/g, ' ')}${trimmed.length > 80 ? '…' : ''}"`;
}
