import type { Hono } from 'hono';
import { scopeCovers } from '../auth/scopes.js';
import type { EmulatorEnv } from '../connection.js';
import { crmError, crmJson, crmScopeMismatch } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { CoqlQuery } from './coql.js';
import { CoqlLimitError, CoqlSyntaxError, coqlColumns, parseCoql } from './coql.js';
import { columnValue, matchesCoql } from './coql-eval.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import { coqlCost } from './crm-credits.js';
import { mayAccess, openCrmRequest } from './crm-request.js';
import { findModule, moduleRecords } from './crm-state.js';
import { CRM_VERSION } from './crm-version.js';
import { compareKey, valueKeys } from './value-compare.js';

/*
 * `POST /crm/{version}/coql` `{ "select_query": "select … from … where … limit …" }` (Zoho's COQL pages and the
 * v8 coql spec, github.com/zoho/crm-oas v8.0/coql): scope `ZohoCRM.coql.READ` plus read access to the module;
 * answers `{ data, info: { count, more_records } }` with the selected columns only, 204 when nothing matches;
 * at most 100,000 records through LIMIT/OFFSET; credits by LIMIT (crm-credits.ts).
 */

const MAX_REACHABLE = 100_000;

type Parsed = { ok: true; query: CoqlQuery } | { ok: false; response: Response };

function parseBody(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: crmError(400, 'INVALID_DATA', 'body is not a valid JSON', {}) };
  }
  const selectQuery = (body as { select_query?: unknown } | null)?.select_query;
  if (selectQuery === undefined) {
    return {
      ok: false,
      response: crmError(400, 'MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'select_query' }),
    };
  }
  if (typeof selectQuery !== 'string') {
    return {
      ok: false,
      response: crmError(400, 'INVALID_DATA', 'invalid data', {
        expected_data_type: 'string',
        api_name: 'select_query',
        json_path: '$.select_query',
      }),
    };
  }
  try {
    return { ok: true, query: parseCoql(selectQuery) };
  } catch (error) {
    if (error instanceof CoqlSyntaxError) {
      return {
        ok: false,
        response: crmError(400, 'SYNTAX_ERROR', 'error occured while parsing the query', { near: error.near }),
      };
    }
    if (error instanceof CoqlLimitError) {
      return {
        ok: false,
        response: crmError(400, 'INVALID_QUERY', `${error.param} given seems to be invalid`, {
          [error.param]: error.value,
        }),
      };
    }
    throw error;
  }
}

function compareRecords(a: Record<string, unknown>, b: Record<string, unknown>, query: CoqlQuery): number {
  for (const { field, direction } of query.orderBy) {
    const x = valueKeys(columnValue(a, field))[0];
    const y = valueKeys(columnValue(b, field))[0];
    // Nulls sort first ascending, as in Zoho's SQL-like ordering (decided, docs/zoho-behaviour.md).
    const cmp = x === undefined ? (y === undefined ? 0 : -1) : y === undefined ? 1 : compareKey(x, y);
    if (cmp !== 0) return direction === 'asc' ? cmp : -cmp;
  }
  return 0;
}

export function registerCoqlRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: CrmConcurrency): void {
  app.post(`/crm/${CRM_VERSION}/coql`, async (c) => {
    const parsed = parseBody(await c.req.text());
    const opened = openCrmRequest(ctx, concurrency, c, parsed.ok ? coqlCost(parsed.query.limit) : 1);
    if (!opened.ok) return opened.response;
    if (!scopeCovers(opened.token.scopes, 'ZohoCRM.coql.READ')) return crmScopeMismatch();
    if (!parsed.ok) return parsed.response;
    const { query } = parsed;
    const module = findModule(ctx.state.crm, query.module);
    if (!module) return crmError(400, 'INVALID_MODULE', 'the given module is not supported in api', {});
    if (!mayAccess(opened.token, module, ['READ'])) return crmScopeMismatch();
    const known = new Set(['id', ...module.fields.map((f) => f.api_name)]);
    const unknown = coqlColumns(query).find(({ field }) => !known.has(field.split('.')[0] ?? ''));
    if (unknown) {
      return crmError(400, 'INVALID_QUERY', 'column given seems to be invalid', {
        column_name: unknown.field,
        clause: unknown.clause,
      });
    }
    if (query.offset + query.limit > MAX_REACHABLE) {
      return crmError(400, 'LIMIT_EXCEEDED', 'you can only get upto 100000 records using limit and offset', {
        limit: MAX_REACHABLE,
      });
    }
    // Ascending record id unless ORDER BY says otherwise (Zoho's COQL overview); ids grow with creation.
    let rows = Object.values(moduleRecords(ctx.state.crm, module)).map((r) => ({ id: r.id, ...r.values }));
    if (query.where) {
      const where = query.where;
      rows = rows.filter((row) => matchesCoql(row, where));
    }
    if (query.orderBy.length > 0) rows.sort((a, b) => compareRecords(a, b, query));
    const page = rows.slice(query.offset, query.offset + query.limit);
    if (page.length === 0) return c.body(null, 204);
    const data = page.map((row) => Object.fromEntries(query.fields.map((f) => [f, columnValue(row, f)])));
    return crmJson({ data, info: { count: data.length, more_records: query.offset + query.limit < rows.length } });
  });
}
