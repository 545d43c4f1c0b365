/**
 * Offset paging as an async iterable of items (DESIGN.md §5). Desk pages with `from` (0-based) / `limit`,
 * Campaigns with `fromindex` (1-based) / `range`; both are the same loop with a different first offset.
 *
 * The iteration ends on an empty answer (HTTP 204, `data: []`, `list_of_details: []`), on a page shorter than
 * what was asked for (docs/zoho-behaviour.md: no request past the end), or once a known total is reached.
 */

import { createZohoError } from './errors.js';

/** A list read page by page: iterate it with `for await`, or use `pages()` or `toArray({ limit })`. */
export interface Paginated<T> extends AsyncIterable<T> {
  /** The items page by page, one API call per page. */
  pages(): AsyncIterable<T[]>;
  /** At most `limit` items. The limit is required: a list can be long, and every page costs an API call. */
  toArray(options: { limit: number }): Promise<T[]>;
}

export interface OffsetPaging<T> {
  /** Offset of the first item: 0 for Desk's `from`, 1 for Campaigns' `fromindex`. */
  firstOffset: number;
  /** Items per request (the product's cap or the caller's choice). */
  pageSize: number;
  /** One page. `undefined` (an empty 204) or an empty array means there is nothing more. */
  fetchPage(offset: number, size: number): Promise<readonly T[] | undefined>;
  /** The number of items, asked once before the first page so no page past the end is requested. */
  total?: (() => Promise<number>) | undefined;
}

/** Each iteration starts again from the first page: an iterable is a query, not a cursor. */
export function paginate<T>(paging: OffsetPaging<T>): Paginated<T> {
  return fromPages((maxItems) => pages(paging, maxItems));
}

/**
 * A `Paginated` over any page source (CRM's page numbers then page tokens, COQL offsets): `pagesOf(maxItems)`
 * yields pages and should stop asking once `maxItems` items were yielded (it may yield more; they are cut).
 */
export function fromPages<T>(pagesOf: (maxItems: number) => AsyncIterable<T[]>): Paginated<T> {
  return {
    pages: () => pagesOf(Number.POSITIVE_INFINITY),
    async *[Symbol.asyncIterator]() {
      for await (const page of pagesOf(Number.POSITIVE_INFINITY)) yield* page;
    },
    async toArray(options) {
      const limit = (options as { limit?: unknown } | undefined)?.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
        throw createZohoError('validation', {
          message: `toArray needs { limit } as a whole number >= 1 (got ${JSON.stringify(limit)})`,
          code: 'invalid_input',
          details: { fieldName: 'limit' },
          fix: 'Pass the most items you want, e.g. toArray({ limit: 500 }), or iterate with for await',
        });
      }
      const out: T[] = [];
      for await (const page of pagesOf(limit)) {
        out.push(...page.slice(0, limit - out.length));
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}

async function* pages<T>(paging: OffsetPaging<T>, maxItems: number): AsyncGenerator<T[]> {
  let remaining = maxItems;
  if (paging.total) remaining = Math.min(remaining, await paging.total());
  let offset = paging.firstOffset;
  while (remaining > 0) {
    // Never ask for more than is still wanted: toArray({ limit: 5 }) costs one small request.
    const size = Math.min(paging.pageSize, remaining);
    const page = await paging.fetchPage(offset, size);
    if (!page || page.length === 0) return;
    const items = page.length > remaining ? page.slice(0, remaining) : [...page];
    yield items;
    remaining -= items.length;
    if (page.length < size) return;
    offset += page.length;
  }
}
