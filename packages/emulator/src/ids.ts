import { randomBytes, randomInt } from 'node:crypto';

/*
 * Shapes follow Zoho's examples (zoho-api.md §1.1 notes): tokens and grant codes `1000.<32 hex>.<32 hex>`,
 * client ids `1000.` + 30 uppercase alphanumerics, client secrets 42 lowercase hex characters.
 * Values come from node:crypto so they are unguessable, like the real ones.
 */

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Access tokens, refresh tokens and grant codes share one shape. */
export function newToken(): string {
  return `1000.${hex(16)}.${hex(16)}`;
}

export function newClientId(): string {
  let body = '';
  for (let i = 0; i < 30; i++) body += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return `1000.${body}`;
}

export function newClientSecret(): string {
  return hex(21);
}

/**
 * Enough of a secret to recognise it in a listing, not enough to use it: `1000.ab…ef`.
 * Short values are masked entirely so nothing useful leaks.
 */
export function maskSecret(value: string): string {
  if (value.length < 12) return '…';
  const prefixLength = value.startsWith('1000.') ? 7 : 2;
  return `${value.slice(0, prefixLength)}…${value.slice(-2)}`;
}
