import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { crmError, crmJson } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import type { CrmItemResult } from './crm-item-errors.js';
import { invalidRecordId, itemSuccess, missingRecordId } from './crm-item-errors.js';
import type { CrmCall } from './crm-request.js';
import { openCrmCall } from './crm-request.js';
import { moduleRecords } from './crm-state.js';
import { CRM_VERSION } from './crm-version.js';
import type { PageTokens } from './page-tokens.js';
import { listRecords } from './record-list.js';
import {
  conflictError,
  createRecord,
  deleteRecord,
  findUniqueConflict,
  updateRecord,
  writeDetails,
} from './record-store.js';
import { checkValues } from './record-values.js';
import { readFieldsParam, recordView } from './record-view.js';
import { readWriteBody, writeAnswer } from './write-body.js';

/*
 * Records of one module: `GET|POST|PUT|DELETE /crm/{version}/{module}` and `GET|PUT|DELETE .../{module}/{id}`
 * (zoho-api.md §4; Zoho's v8 record samples in docs/zoho-behaviour.md "CRM records").
 */

type OpenCall = Extract<CrmCall, { ok: true }>;

/** Inserts `data[]` one record at a time, so a later record sees the earlier ones (unique fields). */
function insertAll(ctx: EmulatorContext, call: OpenCall, data: unknown[]): CrmItemResult[] {
  return data.map((input, index) => {
    const checked = checkValues(ctx, call.module, input, index, null);
    if (!checked.ok) return checked.error;
    const conflict = findUniqueConflict(ctx, call.module, checked.values, null);
    if (conflict) return conflictError(call.module, index, conflict);
    const record = createRecord(ctx, call.module, checked.values, call.user);
    return itemSuccess('record added', writeDetails(record));
  });
}

function updateOne(ctx: EmulatorContext, call: OpenCall, input: unknown, index: number, id: unknown): CrmItemResult {
  if (id === undefined || id === null || id === '') return missingRecordId(index);
  const record = lookup(moduleRecords(ctx.state.crm, call.module), String(id));
  if (!record) return invalidRecordId(id);
  const checked = checkValues(ctx, call.module, input, index, record);
  if (!checked.ok) return checked.error;
  const conflict = findUniqueConflict(ctx, call.module, checked.values, record.id);
  if (conflict) return conflictError(call.module, index, conflict);
  updateRecord(ctx, call.module, record, checked.values, call.user);
  return itemSuccess('record updated', writeDetails(record));
}

function deleteIds(ctx: EmulatorContext, call: OpenCall, ids: string[]): CrmItemResult[] {
  return ids.map((id) =>
    deleteRecord(ctx, call.module, id)
      ? itemSuccess('record deleted', { id })
      : invalidRecordId(id, 'record not deleted'),
  );
}

const idOf = (input: unknown) =>
  typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;

export function registerRecordsRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  concurrency: CrmConcurrency,
  pageTokens: PageTokens,
): void {
  const base = `/crm/${CRM_VERSION}/:module`;
  const open = (c: Context, ops: Parameters<typeof openCrmCall>[3]) => openCrmCall(ctx, concurrency, c, ops);

  app.get(base, (c) => {
    const call = open(c, ['READ']);
    if (!call.ok) return call.response;
    return listRecords(ctx, c, call.module, pageTokens);
  });

  app.post(base, async (c) => {
    const call = open(c, ['CREATE']);
    if (!call.ok) return call.response;
    const body = await readWriteBody(c);
    if (body instanceof Response) return body;
    return writeAnswer(insertAll(ctx, call, body.data), 201);
  });

  app.put(base, async (c) => {
    const call = open(c, ['WRITE']);
    if (!call.ok) return call.response;
    const body = await readWriteBody(c);
    if (body instanceof Response) return body;
    return writeAnswer(
      body.data.map((input, index) => updateOne(ctx, call, input, index, idOf(input))),
      200,
    );
  });

  app.delete(base, (c) => {
    const call = open(c, ['DELETE']);
    if (!call.ok) return call.response;
    const ids = (c.req.query('ids') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (ids.length === 0) {
      return crmError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'ids' });
    }
    if (ids.length > 100) return crmError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 100, param_name: 'ids' });
    return writeAnswer(deleteIds(ctx, call, ids), 200);
  });

  app.get(`${base}/:id`, (c) => {
    const call = open(c, ['READ']);
    if (!call.ok) return call.response;
    const fields = readFieldsParam(call.module, c.req.query('fields'));
    if (fields instanceof Response) return fields;
    const record = lookup(moduleRecords(ctx.state.crm, call.module), c.req.param('id'));
    // A record that does not exist (or no longer does) reads as nothing: 204 like every empty CRM read.
    if (!record) return c.body(null, 204);
    return crmJson({ data: [recordView(call.module, record, fields)] });
  });

  app.put(`${base}/:id`, async (c) => {
    const call = open(c, ['WRITE']);
    if (!call.ok) return call.response;
    const body = await readWriteBody(c);
    if (body instanceof Response) return body;
    const id = c.req.param('id');
    return writeAnswer(
      body.data.map((input, index) => updateOne(ctx, call, input, index, idOf(input) ?? id)),
      200,
    );
  });

  app.delete(`${base}/:id`, (c) => {
    const call = open(c, ['DELETE']);
    if (!call.ok) return call.response;
    return writeAnswer(deleteIds(ctx, call, [c.req.param('id')]), 200);
  });
}
