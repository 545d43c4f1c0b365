/**
 * Input checks for typed product calls. A bad input fails before anything is sent, with a
 * `ZohoValidationError` whose `details.fieldName` is the input path (`contact.email`, `emails[3]`), so a
 * form can point at the field and no API credit is spent on a call Zoho would reject.
 */

import { createZohoError, type ZohoProduct, type ZohoValidationError } from '../errors.js';

// Deliberately loose: one `@`, a dot in the domain, no spaces or list separators (Campaigns splits on commas).
const EMAIL = /^[^\s@,;<>"()[\]]+@[^\s@,;<>"()[\]]+\.[^\s@,;<>"()[\]]+$/;

/** Whether `value` is an address Zoho accepts (one @, a dot in the domain, at most 254 characters). */
export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

export class InputCheck {
  constructor(
    readonly product: ZohoProduct,
    /** The call, as the caller wrote it: `desk.tickets.create`. */
    readonly operation: string,
  ) {}

  fail(fieldName: string, problem: string, fix?: string): ZohoValidationError {
    return createZohoError('validation', {
      message: `${this.operation}: "${fieldName}" ${problem}`,
      code: 'invalid_input',
      product: this.product,
      details: { fieldName },
      fix: fix ?? 'Nothing was sent to Zoho; fix the input and call again',
    }) as ZohoValidationError;
  }

  object(value: unknown, fieldName = 'input'): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.fail(fieldName, 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  /** Unknown keys are rejected, not dropped: a typo (`subjet`) must not silently send a ticket without it. */
  known(value: Record<string, unknown>, keys: readonly string[], prefix = ''): void {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key) && value[key] !== undefined) {
        throw this.fail(`${prefix}${key}`, `is not a known field (known: ${keys.join(', ')})`);
      }
    }
  }

  string(value: unknown, fieldName: string, options: { max?: number } = {}): string {
    if (typeof value !== 'string' || value.trim() === '') throw this.fail(fieldName, 'must be a non-empty string');
    if (options.max !== undefined && value.length > options.max) {
      throw this.fail(fieldName, `is longer than ${options.max} characters (${value.length})`);
    }
    return value;
  }

  optionalString(value: unknown, fieldName: string, options: { max?: number } = {}): string | undefined {
    return value === undefined ? undefined : this.string(value, fieldName, options);
  }

  /** Zoho ids and keys go into paths and parameters: non-empty, no whitespace. */
  id(value: unknown, fieldName: string): string {
    if (typeof value !== 'string' || !/^\S+$/.test(value)) {
      throw this.fail(fieldName, `must be a non-empty string without spaces (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  email(value: unknown, fieldName: string, options: { max?: number } = {}): string {
    if (!isEmail(value)) throw this.fail(fieldName, `is not a valid email address (got ${JSON.stringify(value)})`);
    if (options.max !== undefined && value.length > options.max) {
      throw this.fail(fieldName, `must be at most ${options.max} characters (got ${value.length})`);
    }
    return value;
  }

  integer(value: unknown, fieldName: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.fail(fieldName, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, fieldName: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.fail(fieldName, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return value as T;
  }

  /** A string or a non-empty list of strings (sent comma-joined). */
  stringList(value: unknown, fieldName: string): string | string[] {
    if (Array.isArray(value)) {
      if (value.length === 0) throw this.fail(fieldName, 'must not be an empty list');
      return value.map((item, i) => this.string(item, `${fieldName}[${i}]`));
    }
    return this.string(value, fieldName);
  }
}

/**
 * Runs a promise-returning call with a fresh `InputCheck`: a bad input rejects the promise (like any other
 * failure) instead of throwing synchronously, and nothing is sent.
 */
export function checked<T>(product: ZohoProduct, operation: string, fn: (check: InputCheck) => Promise<T>): Promise<T> {
  try {
    return fn(new InputCheck(product, operation));
  } catch (error) {
    return Promise.reject(error);
  }
}
