/**
 * COQL (`POST /coql {select_query}`): at most 2,000 rows per call, `LIMIT offset, count`, `more_records` in
 * `info`, 204 when nothing matches (docs/zoho-behaviour.md "COQL"). A query without its own LIMIT is paged by
 * zohokit (a LIMIT clause appended per page); a query with one is sent as written, once.
 */

import { fromPages, type Paginated } from '../../paginate.js';
import type { InputCheck } from '../validate.js';
import type { CrmApi } from './crm-api.js';
import type { CrmCoqlOptions, CrmRecord } from './types.js';

/** Rows per COQL call: Zoho's maximum LIMIT. */
export const COQL_MAX_LIMIT = 2000;
/** Rows COQL reaches with OFFSET. */
export const COQL_MAX_OFFSET = 100_000;
const SCOPE = 'ZohoCRM.coql.READ';

export function coqlQuery<T extends CrmRecord>(
  api: CrmApi,
  check: InputCheck,
  query: unknown,
  options: CrmCoqlOptions,
): Paginated<T> {
  const text = check.string(query, 'query').trim().replace(/;$/, '');
  if (!/^select\s/i.test(text)) throw check.fail('query', 'must be a COQL select query (select … from … where …)');
  const o = check.object(options, 'options');
  check.known(o, ['pageSize', 'signal']);
  const pageSize =
    o.pageSize === undefined ? COQL_MAX_LIMIT : check.integer(o.pageSize, 'options.pageSize', 1, COQL_MAX_LIMIT);
  const signal = options.signal;
  const send = async (selectQuery: string) =>
    api.page<T>({ method: 'POST', path: '/coql', body: { select_query: selectQuery }, scope: SCOPE, signal });

  // A trailing LIMIT (with or without OFFSET) is the caller's paging: send the query as it is.
  if (/\blimit\s+\d+(\s*,\s*\d+)?(\s+offset\s+\d+)?\s*$/i.test(text)) {
    return fromPages(async function* () {
      const { data } = await send(text);
      if (data.length > 0) yield data;
    });
  }
  return fromPages(async function* (maxItems) {
    let offset = 0;
    while (offset < Math.min(maxItems, COQL_MAX_OFFSET)) {
      const size = Math.min(pageSize, maxItems - offset);
      // `limit offset, count` is Zoho's documented form; the first page needs no offset.
      const { data, info } = await send(offset === 0 ? `${text} limit ${size}` : `${text} limit ${offset}, ${size}`);
      if (data.length === 0) return;
      yield data;
      if (info.more_records !== true) return;
      offset += data.length;
    }
  });
}
