import type { Context } from 'hono';
import { crmError, crmJson } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { CrmModuleRecord } from './crm-state.js';
import { crmTime, moduleRecords } from './crm-state.js';
import { fieldsRequired } from './crm-version.js';
import type { PageCursor, PageTokens } from './page-tokens.js';
import { PAGE_TOKEN_TTL_MS } from './page-tokens.js';
import { positiveInt } from './query-params.js';
import type { SortBy, SortOrder } from './record-view.js';
import { readFieldsParam, recordView, sortedRecords } from './record-view.js';

/*
 * `GET /crm/{version}/{module}`: Zoho's v8 Get Records (github.com/zoho/crm-oas v8.0 getRecords): `fields`
 * mandatory in v8, `page` and `per_page` (≤ 200) reach the first 2,000 records, `page_token` (the previous
 * answer's `next_page_token`) up to 100,000; `sort_by` id | Created_Time | Modified_Time, `sort_order` asc |
 * desc (default id, desc); `ids` narrows to those records. Nothing to return is 204.
 */

const PER_PAGE_MAX = 200;
const DISCRETE_LIMIT = 2000;
const TOKEN_LIMIT = 100_000;
const SORT_BY: readonly SortBy[] = ['id', 'Created_Time', 'Modified_Time'];
const SORT_ORDER: readonly SortOrder[] = ['asc', 'desc'];

const invalidParam = (name: string, extra: Record<string, unknown> = {}) =>
  crmError(400, 'INVALID_DATA', 'invalid data', { param_name: name, ...extra });

export function listRecords(
  ctx: EmulatorContext,
  c: Context,
  module: CrmModuleRecord,
  pageTokens: PageTokens,
): Response {
  const query = c.req.query();
  if (query.fields === undefined && fieldsRequired(c.req.param('version'))) {
    return crmError(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: 'fields' });
  }
  const fields = readFieldsParam(module, query.fields);
  if (fields instanceof Response) return fields;

  let cursor: PageCursor | null = null;
  if (query.page_token !== undefined) {
    if (query.page !== undefined) {
      return crmError(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', {
        ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }],
      });
    }
    cursor = pageTokens.read(query.page_token, ctx.now());
    if (!cursor || cursor.module !== module.api_name) return invalidParam('page_token');
  }
  const sortBy = (query.sort_by ?? cursor?.sortBy ?? 'id') as SortBy;
  if (!SORT_BY.includes(sortBy)) return invalidParam('sort_by', { supported_values: SORT_BY });
  const sortOrder = (query.sort_order ?? cursor?.sortOrder ?? 'desc') as SortOrder;
  if (!SORT_ORDER.includes(sortOrder)) return invalidParam('sort_order', { supported_values: SORT_ORDER });
  const perPage = positiveInt(query.per_page, cursor?.perPage ?? PER_PAGE_MAX, PER_PAGE_MAX);
  if (perPage === null) return invalidParam('per_page');
  const page = positiveInt(query.page, 1);
  if (page === null) return invalidParam('page');

  const offset = cursor ? cursor.offset : (page - 1) * perPage;
  if (!cursor && offset + perPage > DISCRETE_LIMIT) {
    return crmError(
      400,
      'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      'You can only get the first 2000 records without using page_token param',
      {
        limit: DISCRETE_LIMIT,
      },
    );
  }
  if (cursor && offset + perPage > TOKEN_LIMIT) {
    return crmError(400, 'PAGINATION_LIMIT_EXCEEDED', 'You can only get upto 100000 records using page_token param', {
      param_name: 'page_token',
    });
  }

  let all = sortedRecords(moduleRecords(ctx.state.crm, module), sortBy, sortOrder);
  if (query.ids !== undefined) {
    const ids = new Set(query.ids.split(',').map((id) => id.trim()));
    all = all.filter((r) => ids.has(r.id));
  }
  const slice = all.slice(offset, offset + perPage);
  if (slice.length === 0) return c.body(null, 204);
  const more = offset + perPage < all.length;
  let nextPageToken: string | null = null;
  let expiry: string | null = null;
  if (more) {
    const expiresAt = ctx.now() + PAGE_TOKEN_TTL_MS;
    nextPageToken = pageTokens.issue({
      module: module.api_name,
      sortBy,
      sortOrder,
      perPage,
      offset: offset + perPage,
      expiresAt,
    });
    expiry = crmTime(expiresAt);
  }
  return crmJson({
    data: slice.map((r) => recordView(module, r, fields)),
    info: {
      call: false,
      per_page: perPage,
      next_page_token: nextPageToken,
      count: slice.length,
      sort_by: sortBy,
      page: Math.floor(offset / perPage) + 1,
      page_token_expiry: expiry,
      sort_order: sortOrder,
      email: false,
      more_records: more,
      previous_page_token: null,
    },
  });
}
