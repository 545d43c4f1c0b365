/**
 * `zohokit crm import <file.csv> --module <Module> [--upsert-on <Field>[,<Field>]]`: every row of the file as a
 * record of the module, through the SDK's `insert` or `upsert` (100 records per call, a few calls in flight
 * within `crm.maxConcurrency`). Headers are matched to the module's fields (API name or label); Zoho answers per
 * record, so each refused row is reported with its line, Zoho's code, message and field.
 *
 * The checkpoint records each call of 100 rows once Zoho has answered it, so a run stopped by Ctrl-C, a refused
 * connection, an expired login or a rate limit resumes with the same command and never sends those rows again.
 * A call whose outcome is unknown (reset, timeout, 5xx after sending) is not sent again blindly by an insert,
 * whose records CRM may already hold: when the module has the SDK's idempotency field (`zohokit_key`), each row
 * carries its own key there (`<import id>.<line>`), and a resume looks the call's rows up by key (one search),
 * counts those found as inserted and inserts only the others. Without the field they are reported by line. An
 * upsert on a field every row of the call carries sends it again safely.
 */
import { resolve } from 'node:path';
import {
  type AnyZohoError,
  CRM_WRITE_CHUNK,
  type CrmChunkResult,
  type CrmField,
  type CrmWriteResult,
  isZohoError,
  stopsTheRun,
} from 'zohokit';
import { type Checkpoint, chunkRows, loadCheckpoint, pendingChunks, setChunk } from '../csv/checkpoint.js';
import { type CrmImportPlan, findField, type PlannedRecord, planCrmImport } from '../csv/crm-import-plan.js';
import { startImportRun } from '../csv/import-run.js';
import { importExitCode, stoppedBy } from '../csv/import-stop.js';
import { readImportFile } from '../csv/read-import-file.js';
import type { CommandOptions } from '../define/action.js';
import type { CRM_IMPORT_FLAGS } from '../define/crm.js';
import type { Context } from '../runtime.js';
import { CliError, createZoho, EXIT, list, note, output, resolveProfile } from '../runtime.js';
import { chunkOutcome } from './crm-import-outcome.js';
import { keyedRecord, reconcileUnknown, rowKeys } from './crm-import-reconcile.js';
import { type CrmImportReport, type CrmRowFailure, renderCrmReport } from './crm-import-report.js';

type ImportOptions = CommandOptions<typeof CRM_IMPORT_FLAGS>;

/** What a CRM import writes to, and what it must remember across runs (the refused rows, the counts). */
export type CrmCheckpoint = Checkpoint<{
  module: string;
  operation: 'insert' | 'upsert';
  upsertOn: string[] | null;
  /** The field of each column sent, in order: another mapping (a field added in Setup) is another import. */
  fields: string[];
  inserted: number;
  updated: number;
  failed: CrmRowFailure[];
  /** Rows whose outcome is unknown; those of a `K` chunk leave the list once a resume finds or inserts them. */
  unknown: CrmRowFailure[];
  /** Rows found by their key on resume (counted in `inserted` too); absent from checkpoints before keys. */
  reconciled?: number;
}>;

/**
 * `D` answered by Zoho (each row inserted, updated or refused), `U` outcome unknown (not sent again), `K`
 * outcome unknown, rows sent with their key: a resume looks them up and inserts only those CRM lacks.
 */
const STATES = 'DUK';

export type Records = ReturnType<ReturnType<typeof createZoho>['crm']['records']>;

export async function importRecords(ctx: Context, options: ImportOptions, file: string): Promise<void> {
  const { path, text, sha256 } = await readImportFile(file);
  const zoho = createZoho(ctx, await resolveProfile(ctx));
  const records = zoho.crm.records(options.module);
  const fields = await moduleFields(ctx, records.module, () => zoho.crm.fields(records.module));
  const plan = planCrmImport(text, records.module, fields);
  const upsertOn = upsertFields(options.upsertOn, plan, fields, file, records.module);
  const checkpointPath = resolve(options.checkpoint ?? `${path}.zohokit-crm-import.json`);
  const chunks = chunkRows(plan.records, CRM_WRITE_CHUNK);
  const keys = rowKeys(zoho.crm.idempotencyField, fields, plan, { sha256, module: records.module, upsertOn });

  const fresh: CrmCheckpoint = {
    version: 1,
    file: path,
    sha256,
    module: records.module,
    operation: upsertOn ? 'upsert' : 'insert',
    upsertOn,
    fields: plan.columns.map((c) => c.field),
    chunkSize: CRM_WRITE_CHUNK,
    chunks: '.'.repeat(chunks.length),
    inserted: 0,
    updated: 0,
    failed: [],
    unknown: [],
    reconciled: 0,
    updatedAt: '',
  };
  const checkpoint = await loadCheckpoint(checkpointPath, {
    restart: options.restart,
    states: STATES,
    fresh,
    mismatch: (existing) => mismatch(existing, fresh),
    restartMeans: upsertOn
      ? `rows already in ${records.module} are updated by ${upsertOn.join(', ')}, not inserted again`
      : `rows already inserted are inserted again; --upsert-on <field> updates them instead`,
  });

  const report: CrmImportReport = {
    file,
    module: records.module,
    operation: fresh.operation,
    upsertOn,
    checkpoint: checkpointPath,
    rows: plan.rows,
    toSend: plan.records.length,
    rejected: plan.rejected,
    blankLines: plan.blankLines,
    columns: plan.columns,
    ignored: plan.ignored,
    inserted: 0,
    updated: 0,
    insertedThisRun: 0,
    updatedThisRun: 0,
    failed: [],
    unknown: [],
    idempotencyField: zoho.crm.idempotencyField,
    keyed: keys !== undefined,
    reconciled: 0,
    reconciledThisRun: 0,
    reconcilable: 0,
    pending: 0,
    calls: 0,
    chunks: { total: chunks.length, sentThisRun: 0 },
    resumed: /[DUK]/.test(checkpoint.chunks),
    complete: false,
    stoppedBy: null,
    interrupted: false,
  };
  const pending = pendingChunks(checkpoint, (state) => state !== '.');
  if (pending.length > 0 && plan.ignored.length > 0) {
    // Before the first call, so a column meant to be imported can still be renamed.
    note(ctx, `not imported: ${plan.ignored.map((c) => `${c.column} (${c.reason})`).join(', ')}`);
  }

  let stopError: AnyZohoError | undefined;
  let interrupted = false;
  if (keys && checkpoint.chunks.includes('K')) {
    try {
      await reconcileUnknown({ records, checkpoint, checkpointPath, chunks, keys, report });
    } catch (error) {
      // The chunk being reconciled stays `K` (its rows unknown): the next resume looks them up again.
      if (!isZohoError(error)) throw error;
      stopError = error;
    }
  }
  const reconciledChunks = report.chunks.sentThisRun;
  if (pending.length > 0 && stopError === undefined) {
    const run = await startImportRun(ctx, {
      checkpointPath,
      checkpoint,
      progress: { total: plan.records.length, done: doneRows(checkpoint, chunks), unit: 'rows', verb: 'sent' },
    });
    const onChunk = async (result: CrmChunkResult): Promise<boolean> => {
      const index = pending[result.chunk] as number;
      const rows = chunks[index] as PlannedRecord[];
      const outcome = chunkOutcome(result.records, rows, upsertOn, keys !== undefined);
      if (outcome.state === '.') {
        // Not answered: sent on resume. A failure every later call would share stops the run.
        if (outcome.error && stopsTheRun(outcome.error)) stopError ??= outcome.error;
        return !run.interrupted;
      }
      setChunk(checkpoint, index, outcome.state);
      report.chunks.sentThisRun++;
      if (outcome.state !== 'D') checkpoint.unknown.push(...outcome.failures);
      else {
        checkpoint.failed.push(...outcome.failures);
        checkpoint.inserted += outcome.inserted;
        checkpoint.updated += outcome.updated;
        report.insertedThisRun += outcome.inserted;
        report.updatedThisRun += outcome.updated;
      }
      run.advance(rows.length);
      await run.save();
      return !run.interrupted;
    };
    const input = pending.flatMap((i) => (chunks[i] as PlannedRecord[]).map((r) => keyedRecord(r, keys)));
    let result: CrmWriteResult | undefined;
    try {
      result = upsertOn
        ? await records.upsert(input, { duplicateCheckFields: upsertOn, onChunk })
        : await records.insert(input, { onChunk });
    } catch (error) {
      // The SDK throws only what is no call's outcome (a record it cannot send, a bug): the checkpoint stays as is.
      if (!isZohoError(error)) throw error;
      stopError ??= error;
    } finally {
      await run.finish();
    }
    report.calls += result?.calls ?? report.chunks.sentThisRun - reconciledChunks;
    interrupted = run.interrupted;
  }

  report.inserted = checkpoint.inserted;
  report.updated = checkpoint.updated;
  report.failed = [...checkpoint.failed].sort((a, b) => a.line - b.line);
  report.unknown = [...checkpoint.unknown].sort((a, b) => a.line - b.line);
  report.reconciled = checkpoint.reconciled ?? 0;
  const keyedLines = new Set(
    chunks.flatMap((rows, i) => (checkpoint.chunks[i] === 'K' ? rows.map((r) => r.line) : [])),
  );
  report.reconcilable = keys ? report.unknown.filter((u) => keyedLines.has(u.line)).length : 0;
  report.pending = chunks.reduce((n, rows, i) => n + (checkpoint.chunks[i] === '.' ? rows.length : 0), 0);
  report.complete = report.pending === 0;
  report.interrupted = interrupted;
  report.stoppedBy = stoppedBy(ctx, stopError);
  output(ctx, report, renderCrmReport);
  const refused = report.failed.length + report.unknown.length + report.rejected.length + report.pending > 0;
  process.exitCode = importExitCode(stopError, interrupted, refused);
}

/** The module's fields (cached by the SDK); an unknown module is a usage error naming the command that lists them. */
async function moduleFields(ctx: Context, module: string, fetch: () => Promise<CrmField[]>): Promise<CrmField[]> {
  try {
    return await fetch();
  } catch (error) {
    if (isZohoError(error) && (error.code === 'INVALID_MODULE' || error.kind === 'not_found')) {
      throw new CliError(`CRM has no module named ${JSON.stringify(module)}`, {
        code: 'unknown_module',
        exitCode: EXIT.usage,
        fix: `List the modules' API names with 'zohokit${ctx.session.profileFlag ?? ''} crm modules' (e.g. Leads, Contacts)`,
      });
    }
    throw error;
  }
}

/** --upsert-on as API names; each must be a field of the module and a column of the file. */
function upsertFields(
  value: string | undefined,
  plan: CrmImportPlan,
  fields: readonly CrmField[],
  file: string,
  module: string,
): string[] | null {
  if (value === undefined) return null;
  const names = list(value);
  if (!names) throw usage('--upsert-on names no field', 'Name the duplicate check field(s), e.g. --upsert-on Email');
  return names.map((name) => {
    const field = findField(name, fields);
    if (!field) {
      throw usage(
        `--upsert-on ${name}: ${module} has no such field`,
        `Name a column of ${file} (${plan.columns.map((c) => c.field).join(', ')}); 'zohokit crm fields ${module}' lists the fields`,
      );
    }
    if (!plan.columns.some((c) => c.field === field.api_name)) {
      throw usage(
        `--upsert-on ${name}: ${field.api_name} is not a column of ${file}`,
        `Name one of its columns (${plan.columns.map((c) => c.field).join(', ')}), or add a ${field.api_name} column`,
      );
    }
    return field.api_name;
  });
}

function usage(message: string, fix: string): CliError {
  return new CliError(message, { code: 'invalid_input', exitCode: EXIT.usage, fix });
}

function mismatch(existing: CrmCheckpoint, fresh: CrmCheckpoint): string | undefined {
  if (typeof existing.module !== 'string') return 'another import';
  if (existing.module.toLowerCase() !== fresh.module.toLowerCase()) return `module ${existing.module}`;
  if (existing.operation !== fresh.operation || String(existing.upsertOn) !== String(fresh.upsertOn)) {
    return existing.upsertOn ? `an upsert on ${existing.upsertOn.join(', ')}` : 'an insert (no --upsert-on)';
  }
  if (String(existing.fields) !== String(fresh.fields)) return 'another mapping of the columns to fields';
  return undefined;
}

function doneRows(checkpoint: CrmCheckpoint, chunks: PlannedRecord[][]): number {
  return chunks.reduce((n, rows, i) => n + (checkpoint.chunks[i] === '.' ? 0 : rows.length), 0);
}
