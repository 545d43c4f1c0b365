import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { crmError, crmJson } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import { openCrmCall } from './crm-request.js';
import type { CrmModuleRecord, CrmRecord } from './crm-state.js';
import { moduleRecords } from './crm-state.js';
import { CRM_VERSION } from './crm-version.js';
import { positiveInt } from './query-params.js';
import { readFieldsParam, recordView, sortedRecords } from './record-view.js';
import type { Criteria } from './search-criteria.js';
import {
  CriteriaSyntaxError,
  conditionsOf,
  countConditions,
  parseCriteria,
  SEARCH_OPERATORS,
} from './search-criteria.js';
import { matchesCriteria } from './search-match.js';

/*
 * `GET /crm/{version}/{module}/search` with one of `criteria`, `email`, `phone` or `word` (zoho-api.md §4
 * "Search"; errors from Zoho's v8 module_search spec, github.com/zoho/crm-oas v8.0/module_search.json). Search
 * reaches the first 2,000 matches only (LIMIT_REACHED); nothing found is 204.
 */

const PER_PAGE_MAX = 200;
const SEARCH_LIMIT = 2000;
const MAX_CRITERIA = 15;

const invalidQuery = (details: Record<string, unknown>) =>
  crmError(400, 'INVALID_QUERY', 'Invalid query formed', details);

type Matcher = (record: CrmRecord) => boolean;

const digits = (v: unknown) => (typeof v === 'string' ? v.replace(/\D/g, '') : '');

/** The record test for the one search parameter given, or the error answer. */
function matcherFor(module: CrmModuleRecord, query: Record<string, string>): Matcher | Response {
  const ofType = (...types: string[]) =>
    module.fields.filter((f) => types.includes(f.data_type)).map((f) => f.api_name);
  if (query.criteria !== undefined) {
    let criteria: Criteria;
    try {
      criteria = parseCriteria(query.criteria);
    } catch (error) {
      if (!(error instanceof CriteriaSyntaxError)) throw error;
      return invalidQuery({ param_name: 'criteria', reason: error.message });
    }
    if (countConditions(criteria) > MAX_CRITERIA) {
      return crmError(400, 'CRITERIA_LIMIT_EXCEEDED', 'no of criterium that can be given exceed the limit 15', {});
    }
    const known = new Set(['id', ...module.fields.map((f) => f.api_name)]);
    for (const condition of conditionsOf(criteria)) {
      if (!known.has(condition.field)) {
        return invalidQuery({ reason: 'the field is not available in the module', api_name: condition.field });
      }
      if (!(SEARCH_OPERATORS as readonly string[]).includes(condition.operator)) {
        return invalidQuery({
          operator: condition.operator,
          reason: 'invalid operator found',
          api_name: condition.field,
        });
      }
    }
    return (record) => matchesCriteria({ id: record.id, ...record.values }, criteria);
  }
  if (query.email !== undefined) {
    const want = query.email.toLowerCase();
    const fields = ofType('email');
    return (record) => fields.some((f) => String(record.values[f] ?? '').toLowerCase() === want);
  }
  if (query.phone !== undefined) {
    const want = digits(query.phone);
    const fields = ofType('phone');
    return (record) => want !== '' && fields.some((f) => digits(record.values[f]) === want);
  }
  if (query.word !== undefined) {
    const want = query.word.toLowerCase();
    const fields = ofType('text', 'textarea', 'email', 'phone', 'website', 'picklist');
    return (record) =>
      fields.some((f) =>
        String(record.values[f] ?? '')
          .toLowerCase()
          .includes(want),
      );
  }
  return crmError(400, 'EXPECTED_PARAM_MISSING', 'One of the expected parameter is missing', {
    param_names: ['criteria', 'email', 'phone', 'word'],
  });
}

export function registerSearchRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: CrmConcurrency): void {
  app.get(`/crm/${CRM_VERSION}/:module/search`, (c) => {
    const call = openCrmCall(ctx, concurrency, c, ['READ']);
    if (!call.ok) return call.response;
    const query = c.req.query();
    const fields = readFieldsParam(call.module, query.fields);
    if (fields instanceof Response) return fields;
    const perPage = positiveInt(query.per_page, PER_PAGE_MAX, PER_PAGE_MAX);
    if (perPage === null) return crmError(400, 'INVALID_DATA', 'invalid data', { param_name: 'per_page' });
    const page = positiveInt(query.page, 1);
    if (page === null) return crmError(400, 'INVALID_DATA', 'invalid data', { param_name: 'page' });
    if (page * perPage > SEARCH_LIMIT) {
      return crmError(400, 'LIMIT_REACHED', 'maximum response iteration limit reached', {
        limit: String(SEARCH_LIMIT),
      });
    }
    const matcher = matcherFor(call.module, query);
    if (matcher instanceof Response) return matcher;

    const found = sortedRecords(moduleRecords(ctx.state.crm, call.module), 'id', 'desc').filter(matcher);
    const offset = (page - 1) * perPage;
    const slice = found.slice(offset, offset + perPage);
    if (slice.length === 0) return c.body(null, 204);
    return crmJson({
      data: slice.map((r) => recordView(call.module, r, fields)),
      info: { per_page: perPage, count: slice.length, page, more_records: offset + perPage < found.length },
    });
  });
}
