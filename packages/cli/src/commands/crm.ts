/** `zohokit crm modules | fields | coql | records list|get|search|insert|upsert`: thin over `zoho.crm.*`. */
import type { CrmField, CrmModule, CrmRecord, CrmWriteResult } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type {
  CRM_COQL_FLAGS,
  CRM_GET_FLAGS,
  CRM_LIST_FLAGS,
  CRM_SEARCH_FLAGS,
  CRM_WRITE_FLAGS,
} from '../define/crm.js';
import type { Context } from '../runtime.js';
import { createZoho, EXIT, integer, list, output, readJsonInput, resolveProfile, table } from '../runtime.js';

async function crm(ctx: Context) {
  return createZoho(ctx, await resolveProfile(ctx)).crm;
}

export async function modules(ctx: Context): Promise<void> {
  const rows = await (await crm(ctx)).modules();
  output(ctx, rows, (r) =>
    table<CrmModule>(r, [
      { header: 'api_name', value: (m) => m.api_name },
      { header: 'label', value: (m) => m.plural_label ?? m.module_name },
    ]),
  );
}

export async function fields(ctx: Context, _options: unknown, module: string): Promise<void> {
  const rows = await (await crm(ctx)).fields(module);
  output(ctx, rows, (r) =>
    table<CrmField>(r, [
      { header: 'api_name', value: (f) => f.api_name },
      { header: 'type', value: (f) => f.data_type },
      { header: 'mandatory', value: (f) => (f.system_mandatory ? 'yes' : '') },
    ]),
  );
}

export async function coql(ctx: Context, options: CommandOptions<typeof CRM_COQL_FLAGS>, query: string): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 100_000);
  const rows = await (await crm(ctx)).coql(query).toArray({ limit });
  output(ctx, rows, recordsTable);
}

export async function listRecords(
  ctx: Context,
  options: CommandOptions<typeof CRM_LIST_FLAGS>,
  module: string,
): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 100_000);
  const rows = await (await crm(ctx))
    .records(module)
    .list({ fields: list(options.fields) ?? [] })
    .toArray({ limit });
  output(ctx, rows, recordsTable);
}

export async function getRecord(
  ctx: Context,
  options: CommandOptions<typeof CRM_GET_FLAGS>,
  module: string,
  id: string,
): Promise<void> {
  const record = await (await crm(ctx)).records(module).get(id, { fields: list(options.fields) });
  output(ctx, record, (r) => JSON.stringify(r, null, 2));
}

export async function searchRecords(
  ctx: Context,
  options: CommandOptions<typeof CRM_SEARCH_FLAGS>,
  module: string,
): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 2000);
  const records = (await crm(ctx)).records(module);
  // Raw criteria from the command line are the user's syntax; the SDK's builder escapes structured values.
  const input =
    options.criteria !== undefined
      ? { criteria: rawCriteria(options.criteria) }
      : options.email !== undefined
        ? { email: options.email }
        : options.phone !== undefined
          ? { phone: options.phone }
          : { word: options.word ?? '' };
  const rows = await records.search(input as never).toArray({ limit });
  output(ctx, rows, recordsTable);
}

/** `(Field:op:value)` → the SDK's condition (one condition; the value is escaped by the SDK). */
function rawCriteria(text: string): unknown {
  const match = /^\(?([\w.$]+):(\w+):(.*?)\)?$/.exec(text.trim());
  if (!match) return text;
  const [, field, op, value] = match;
  return { field, op, value };
}

export async function insertRecords(
  ctx: Context,
  options: CommandOptions<typeof CRM_WRITE_FLAGS>,
  module: string,
): Promise<void> {
  const data = (await readJsonInput(options.data)) as CrmRecord | CrmRecord[];
  const result = await (await crm(ctx)).records(module).insert(data, { idempotencyKey: options.idempotencyKey });
  report(ctx, result);
}

export async function upsertRecords(
  ctx: Context,
  options: CommandOptions<typeof CRM_WRITE_FLAGS>,
  module: string,
): Promise<void> {
  const data = (await readJsonInput(options.data)) as CrmRecord | CrmRecord[];
  const result = await (await crm(ctx)).records(module).upsert(data, { duplicateCheckFields: list(options.upsertOn) });
  report(ctx, result);
}

function report(ctx: Context, result: CrmWriteResult): void {
  const plain = {
    ...result,
    stopped: result.stopped?.message,
    records: result.records.map(({ error, ...r }) => ({ ...r, error: error?.message })),
  };
  output(ctx, plain, (r) =>
    [
      table(r.records, [
        { header: '#', value: (x) => String(x.index) },
        { header: 'status', value: (x) => x.status },
        { header: 'id', value: (x) => x.id },
        { header: 'code', value: (x) => x.code },
        { header: 'message', value: (x) => x.error ?? x.message },
      ]),
      `${r.succeeded} ok, ${r.failed} failed, ${r.notAttempted} not attempted (${r.calls} call(s))`,
    ].join('\n'),
  );
  if (result.failed > 0 || result.notAttempted > 0) process.exitCode = EXIT.api;
}

function recordsTable(rows: readonly CrmRecord[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !k.startsWith('$')).slice(0, 6);
  return table(
    rows,
    columns.map((c) => ({ header: c, value: (r: CrmRecord) => format(r[c]) })),
  );
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return (value as { name?: string }).name ?? JSON.stringify(value);
  return String(value);
}
