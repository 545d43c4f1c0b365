import type { Context } from 'hono';
import type { DeskFieldError } from './desk-errors.js';
import { deskValidationError } from './desk-errors.js';
import type { DeskCustomFieldValues } from './desk-state.js';

/*
 * Reading Desk JSON bodies field by field, collecting every failure as `{fieldName, errorType, errorMessage}`
 * with JSON Pointer names (zoho-api.md §2.3 UNPROCESSABLE_ENTITY; shape from docs/zoho-behaviour.md).
 */

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An empty body reads as `{}` (so the missing fields are named); anything but a JSON object is a 422. */
export async function readDeskBody(c: Context): Promise<BodyResult> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, body: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed)) {
    const error = { fieldName: '/', errorType: 'invalid', errorMessage: 'The body must be a JSON object.' } as const;
    return { ok: false, response: deskValidationError([error]) };
  }
  return { ok: true, body: parsed };
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export class DeskFields {
  readonly errors: DeskFieldError[] = [];
  readonly #body: Record<string, unknown>;
  readonly #prefix: string;

  constructor(body: Record<string, unknown>, prefix = '') {
    this.#body = body;
    this.#prefix = prefix;
  }

  pointer(key: string): string {
    return `${this.#prefix}/${key}`;
  }

  missing(key: string, errorMessage = `'${key}' is required.`): void {
    this.errors.push({ fieldName: this.pointer(key), errorType: 'missing', errorMessage });
  }

  invalid(key: string, errorMessage: string): void {
    this.errors.push({ fieldName: this.pointer(key), errorType: 'invalid', errorMessage });
  }

  duplicate(key: string, errorMessage: string): void {
    this.errors.push({ fieldName: this.pointer(key), errorType: 'duplicate', errorMessage });
  }

  /** Keys that are not fields of this object are refused, so a typo does not silently drop a value. */
  onlyKnown(keys: readonly string[]): void {
    for (const key of Object.keys(this.#body)) {
      if (!keys.includes(key)) this.invalid(key, `'${key}' is not a known field.`);
    }
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#body, key);
  }

  raw(key: string): unknown {
    return this.has(key) ? this.#body[key] : undefined;
  }

  /**
   * undefined when absent, null when null or empty (a required field then fails as `missing`), else the
   * trimmed string. Strings only; longer than `max` is `invalid`.
   */
  text(key: string, max: number, required = false): string | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) this.missing(key);
      return value === undefined ? undefined : null;
    }
    if (typeof value !== 'string') {
      this.invalid(key, `'${key}' must be a string.`);
      return undefined;
    }
    if (value.length > max) {
      this.invalid(key, `'${key}' must be at most ${max} characters.`);
      return undefined;
    }
    return value.trim();
  }

  email(key: string, max = 150): string | null | undefined {
    const value = this.text(key, max);
    if (typeof value === 'string' && !EMAIL.test(value)) {
      this.invalid(key, `'${key}' is not a valid email address.`);
      return undefined;
    }
    return value;
  }

  /** Desk ids are longs: a digit string or a JSON number. */
  id(key: string, required = false): string | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') {
      if (required) this.missing(key);
      return value === undefined ? undefined : null;
    }
    const text = typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
    if (typeof text !== 'string' || !/^\d{1,30}$/.test(text)) {
      this.invalid(key, `'${key}' must be an id.`);
      return undefined;
    }
    return text;
  }

  /** ISO-8601 in, Desk's UTC-with-milliseconds out (`2026-11-28T10:00:00.000Z`). */
  time(key: string): string | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return value === undefined ? undefined : null;
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) {
      this.invalid(key, `'${key}' must be an ISO-8601 date-time.`);
      return undefined;
    }
    return new Date(ms).toISOString();
  }

  /**
   * Custom fields, `{"cf_<api name>": value}`. Values are stored and answered as strings (or null), as Desk
   * answers them; names without the `cf_` prefix are ignored, as Desk ignores them (zoho-api.md §2.2 `cf`).
   */
  customFields(key = 'cf'): DeskCustomFieldValues | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.invalid(key, `'${key}' must be an object of custom fields.`);
      return undefined;
    }
    const out: DeskCustomFieldValues = {};
    for (const [name, v] of Object.entries(value)) {
      if (!/^cf_\w+$/.test(name)) continue;
      if (v === null) out[name] = null;
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
      else this.invalid(`${key}/${name}`, `'${name}' must be a string, number, boolean or null.`);
    }
    return out;
  }

  /** A nested object read with the same rules, its errors named under this key (`/contact/email`). */
  object(key: string): DeskFields | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return value === undefined ? undefined : null;
    if (!isRecord(value)) {
      this.invalid(key, `'${key}' must be an object.`);
      return undefined;
    }
    return new DeskFields(value, this.pointer(key));
  }

  adopt(nested: DeskFields): void {
    this.errors.push(...nested.errors);
  }
}
