/**
 * CRM record paging. Get Records reaches the first 2,000 records with `page` (1–10) and `per_page` (≤ 200) and
 * the rest, up to 100,000, only with `page_token` (the previous answer's `next_page_token`; asking page 11 is
 * `DISCRETE_PAGINATION_LIMIT_EXCEEDED`; docs/zoho-behaviour.md "Get Records"). So pages go by number while
 * they stay within 2,000 and by token after that, and the caller sees one iteration. Search has no tokens:
 * it ends at 2,000 matches. A 204 (nothing matches) ends the iteration.
 */

import { createZohoError } from '../../errors.js';
import type { QueryValue } from '../../http/request-spec.js';
import { fromPages, type Paginated } from '../../paginate.js';
import type { CrmApi } from './crm-api.js';

/** Records reachable with page numbers; beyond it a `page_token` is needed. */
export const CRM_DISCRETE_LIMIT = 2000;
/** Zoho's `per_page` maximum. */
export const CRM_MAX_PER_PAGE = 200;

export interface RecordPaging {
  path: string;
  scope: string;
  query: Record<string, QueryValue>;
  perPage: number;
  /** Get Records continues with `page_token` past 2,000; search stops there. */
  tokens: boolean;
  signal?: AbortSignal | undefined;
}

export function recordPages<T>(api: CrmApi, paging: RecordPaging): Paginated<T> {
  return fromPages((maxItems) => pages<T>(api, paging, maxItems));
}

async function* pages<T>(api: CrmApi, paging: RecordPaging, maxItems: number): AsyncGenerator<T[]> {
  const { path, scope, query, signal } = paging;
  // Page numbers only line up when every page has the same size, so a small limit shrinks all of them.
  const perPage = Math.min(paging.perPage, maxItems);
  let page = 1;
  let token: string | undefined;
  let seen = 0;
  for (;;) {
    const position = token === undefined ? { page, per_page: perPage } : { page_token: token, per_page: perPage };
    const { data, info } = await api.page<T>({ path, scope, query: { ...query, ...position }, signal });
    if (data.length === 0) return;
    yield data;
    seen += data.length;
    if (info.more_records !== true || seen >= maxItems) return;
    if (token === undefined && (page + 1) * perPage <= CRM_DISCRETE_LIMIT) {
      page++;
      continue;
    }
    if (!paging.tokens) return;
    if (typeof info.next_page_token !== 'string' || info.next_page_token === '') {
      throw createZohoError('api', {
        message: `CRM said more records follow ${path} but sent no next_page_token to reach them`,
        code: 'missing_page_token',
        product: 'api',
        fix: 'Narrow the list (a custom view, cvid) or read the rest with coql',
      });
    }
    token = info.next_page_token;
  }
}
