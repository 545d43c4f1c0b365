import type { DeskFieldError } from './desk-errors.js';
import type { DeskQuery } from './desk-request.js';

/*
 * Desk lists: `from` (0-based) and `limit` (1–100, default 10), `sortBy=field` ascending or `-field`
 * descending (zoho-api.md §2.2 List, §6 item 11; docs/zoho-behaviour.md). Query values that are wrong are 422s
 * named like body fields (`/limit`).
 */

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export interface Page {
  from: number;
  limit: number;
}

const invalid = (name: string, errorMessage: string): DeskFieldError => ({
  fieldName: `/${name}`,
  errorType: 'invalid',
  errorMessage,
});

export function readPage(query: DeskQuery, errors: DeskFieldError[]): Page {
  const page: Page = { from: 0, limit: DEFAULT_LIMIT };
  const from = query.get('from');
  if (from !== undefined) {
    if (/^\d{1,9}$/.test(from)) page.from = Number(from);
    else errors.push(invalid('from', "'from' must be an integer of 0 or more."));
  }
  const limit = query.get('limit');
  if (limit !== undefined) {
    const n = /^\d{1,9}$/.test(limit) ? Number(limit) : Number.NaN;
    if (n >= 1 && n <= MAX_LIMIT) page.limit = n;
    else errors.push(invalid('limit', `'limit' must be an integer from 1 to ${MAX_LIMIT}.`));
  }
  return page;
}

export function pageOf<T>(items: readonly T[], page: Page): T[] {
  return items.slice(page.from, page.from + page.limit);
}

export interface Sort {
  field: string;
  descending: boolean;
}

export function readSort(query: DeskQuery, fields: readonly string[], errors: DeskFieldError[]): Sort | null {
  const value = query.get('sortBy');
  if (value === undefined) return null;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (fields.includes(field)) return { field, descending };
  errors.push(invalid('sortBy', `'sortBy' must be one of ${fields.join(', ')}, with '-' for descending.`));
  return null;
}

function compareValues(a: string | null, b: string | null): number {
  if (/^\d+$/.test(a ?? '') && /^\d+$/.test(b ?? '')) {
    const x = a as string;
    const y = b as string;
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
  }
  const x = (a ?? '').toLowerCase();
  const y = (b ?? '').toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorted by the field, empty values last in either direction, ties broken by id in the same direction so
 * pages never overlap. Without a sort: creation order (ids grow with creation).
 */
export function sortRecords<T extends { id: string }>(
  records: readonly T[],
  sort: Sort | null,
  fieldOf: (record: T, field: string) => string | null,
): T[] {
  const sign = sort?.descending ? -1 : 1;
  return [...records].sort((a, b) => {
    if (sort) {
      const x = fieldOf(a, sort.field);
      const y = fieldOf(b, sort.field);
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else {
        const byField = compareValues(x, y);
        if (byField !== 0) return sign * byField;
      }
    }
    return sign * compareValues(a.id, b.id);
  });
}

/** A comma-separated filter (`status=Open,On Hold`), or undefined when the parameter is absent. */
export function readList(query: DeskQuery, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * Search matching: case-insensitive and exact, or a wildcard pattern where `*` stands for any text
 * (`subject=*refund*`, zoho-api.md §2.2 Search).
 */
export function searchMatches(value: string | null, pattern: string): boolean {
  if (value === null) return false;
  if (!pattern.includes('*')) return value.toLowerCase() === pattern.toLowerCase();
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(value);
}

/** `customFieldN=cf_name:value` (zoho-api.md §2.2 Search); the value may contain further colons. */
export function readCustomFieldCriteria(
  query: DeskQuery,
  errors: DeskFieldError[],
): Array<{ name: string; value: string }> {
  const criteria: Array<{ name: string; value: string }> = [];
  for (const [key, raw] of query) {
    if (!/^customField\d+$/.test(key)) continue;
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon) : '';
    if (!/^cf_\w+$/.test(name)) {
      errors.push(invalid(key, `'${key}' must be 'cf_<name>:<value>'.`));
      continue;
    }
    criteria.push({ name, value: raw.slice(colon + 1) });
  }
  return criteria;
}
