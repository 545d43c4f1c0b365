/** The small checks every option goes through; each failure names the option and the fix. */

import { configError } from './errors.js';

export function requireString(o: Record<string, unknown>, key: string, what: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(`option "${key}" is required and must be a non-empty string`, `Pass ${what}`);
  }
  return value;
}

export function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(`option "${key}" must be a non-empty string`, 'Omit it, or pass the value from a code exchange');
  }
  return value;
}

export function positiveNumber(o: Record<string, unknown>, key: string, fallback: number, label = key): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw configError(
      `option "${label}" must be a positive number of milliseconds (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

export function nonNegativeNumber(o: Record<string, unknown>, key: string, fallback: number, label = key): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configError(
      `option "${label}" must be a number >= 0 (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

export function nonNegativeInteger(o: Record<string, unknown>, label: string, key: string, fallback: number): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw configError(
      `option "${label}" must be a whole number >= 0 (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

export function positiveInteger(o: Record<string, unknown>, label: string, key: string, fallback: number): number {
  const value = nonNegativeInteger(o, label, key, fallback);
  if (value === 0) throw configError(`option "${label}" must be at least 1`, `Omit it for the default ${fallback}`);
  return value;
}

export function rejectUnknown(o: Record<string, unknown>, prefix: string, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw configError(`unknown option "${prefix}.${key}"`, `Known: ${known.join(', ')}`);
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
