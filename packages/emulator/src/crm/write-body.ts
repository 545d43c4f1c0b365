import type { Context } from 'hono';
import { crmError, crmJson } from '../crm-errors.js';
import type { CrmItemResult } from './crm-item-errors.js';

/*
 * The `{ "data": [...] }` body of insert, update and upsert (≤ 100 records, zoho-api.md §4), and the status of
 * the answer: every record ok → 201 (insert) or 200, some failed → 207 Multi-Status, all failed → 400 with the
 * same `data[]` (Zoho's v8 samples for each operation, docs/zoho-behaviour.md "CRM records").
 */

export const MAX_WRITE_RECORDS = 100;

export interface WriteBody {
  data: unknown[];
  duplicateCheckFields: string[] | null;
}

export async function readWriteBody(c: Context): Promise<WriteBody | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return crmError(400, 'INVALID_DATA', 'body is not a valid JSON', {});
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return crmError(400, 'INVALID_DATA', 'body is not a valid JSON', {});
  }
  const { data, duplicate_check_fields: dcf } = body as { data?: unknown; duplicate_check_fields?: unknown };
  if (data === undefined) return crmError(400, 'MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'data' });
  if (!Array.isArray(data) || data.length === 0) {
    return crmError(400, 'INVALID_DATA', 'invalid data', { expected_data_type: 'jsonarray', api_name: 'data' });
  }
  if (data.length > MAX_WRITE_RECORDS) {
    return crmJson(
      {
        data: [
          {
            code: 'LIMIT_EXCEEDED',
            details: { maximum_length: MAX_WRITE_RECORDS, api_name: 'data' },
            message: 'count of records in your request exceeds the limit',
            status: 'error',
          },
        ],
      },
      400,
    );
  }
  let duplicateCheckFields: string[] | null = null;
  if (dcf !== undefined) {
    if (!Array.isArray(dcf) || dcf.some((f) => typeof f !== 'string')) {
      return crmError(400, 'INVALID_DATA', 'invalid data', {
        expected_data_type: 'jsonarray',
        api_name: 'duplicate_check_fields',
      });
    }
    duplicateCheckFields = dcf as string[];
  }
  return { data, duplicateCheckFields };
}

/** `{ data }` with 201/200 when all succeeded, 207 when some did, 400 when none did. */
export function writeAnswer(results: CrmItemResult[], allOk: 200 | 201): Response {
  const ok = results.filter((r) => r.status === 'success').length;
  const status = ok === results.length ? allOk : ok === 0 ? 400 : 207;
  return crmJson({ data: results }, status);
}
