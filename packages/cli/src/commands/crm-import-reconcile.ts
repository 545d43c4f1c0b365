/**
 * The rows of a CRM import carry their own idempotency key when the module has the SDK's field, and a resume
 * reconciles a call whose answer was lost by looking its rows up by key (commands/crm-import.ts).
 */
import { createHash } from 'node:crypto';
import type { AnyZohoError, CrmField } from 'zohokit';
import { setChunk, writeCheckpoint } from '../csv/checkpoint.js';
import type { CrmImportPlan, PlannedRecord } from '../csv/crm-import-plan.js';
import type { CrmCheckpoint, Records } from './crm-import.js';
import { chunkOutcome } from './crm-import-outcome.js';
import type { CrmImportReport, CrmRowFailure } from './crm-import-report.js';

/** Each row's idempotency key, when the rows are sent with one. */
export interface RowKeys {
  field: string;
  of(line: number): string;
}

/**
 * Keys for an insert into a module that has the idempotency field (and no column of the file fills it). The
 * key is the import's id and the row's line: the line, not a position in a call, so it is the same on every
 * resume whatever Zoho refused; the id is the same for the same file, module and mapping (≤ 100 chars of
 * [\w.@-], as the SDK's keys).
 */
export function rowKeys(
  field: string,
  fields: readonly CrmField[],
  plan: CrmImportPlan,
  target: { sha256: string; module: string; upsertOn: string[] | null },
): RowKeys | undefined {
  if (target.upsertOn) return undefined;
  if (!fields.some((f) => f.api_name === field) || plan.columns.some((c) => c.field === field)) return undefined;
  const mapping = [target.sha256, target.module, ...plan.columns.map((c) => c.field)].join('\n');
  const id = `crm-import.${createHash('sha256').update(mapping).digest('hex').slice(0, 32)}`;
  return { field, of: (line) => `${id}.${line}` };
}

export function keyedRecord(row: PlannedRecord, keys: RowKeys | undefined): Record<string, unknown> {
  return keys ? { ...row.record, [keys.field]: keys.of(row.line) } : row.record;
}

/**
 * Each `K` chunk's unknown rows: one search by their keys; those found are inserted (counted, with their id in
 * CRM), the others are inserted again, in one call, with the same keys. A call that loses its answer again
 * keeps them unknown for the next resume; one that is not answered leaves them to it too.
 */
export async function reconcileUnknown(input: {
  records: Records;
  checkpoint: CrmCheckpoint;
  checkpointPath: string;
  chunks: PlannedRecord[][];
  keys: RowKeys;
  report: CrmImportReport;
}): Promise<void> {
  const { records, checkpoint, checkpointPath, chunks, keys, report } = input;
  for (const [index, state] of [...checkpoint.chunks].entries()) {
    if (state !== 'K') continue;
    const unknown = new Set(checkpoint.unknown.map((u) => u.line));
    const open = (chunks[index] as PlannedRecord[]).filter((r) => unknown.has(r.line));
    const found = open.length === 0 ? new Map() : await records.findByIdempotencyKeys(open.map((r) => keys.of(r.line)));
    const resolved = new Set(open.filter((r) => found.has(keys.of(r.line))).map((r) => r.line));
    const missing = open.filter((r) => !resolved.has(r.line));
    const reconciled = resolved.size;
    checkpoint.inserted += reconciled;
    checkpoint.reconciled = (checkpoint.reconciled ?? 0) + reconciled;
    report.insertedThisRun += reconciled;
    report.reconciledThisRun += reconciled;
    let next: 'D' | 'K' = 'D';
    let stop: AnyZohoError | undefined;
    const again: CrmRowFailure[] = [];
    if (missing.length > 0) {
      const result = await records.insert(missing.map((r) => keyedRecord(r, keys)));
      report.calls += result.calls;
      const outcome = chunkOutcome(result.records, missing, null, true);
      // Not answered: the missing rows stay unknown, for the next resume to look up again.
      if (outcome.state === '.') {
        next = 'K';
        stop = outcome.error;
      } else {
        for (const r of missing) resolved.add(r.line);
        if (outcome.state === 'K') {
          next = 'K';
          again.push(...outcome.failures);
        } else {
          checkpoint.failed.push(...outcome.failures);
          checkpoint.inserted += outcome.inserted;
          report.insertedThisRun += outcome.inserted;
        }
      }
    }
    // The rows answered (found, inserted or refused) leave the unknown list; a lost answer again puts them back.
    checkpoint.unknown = [...checkpoint.unknown.filter((u) => !resolved.has(u.line)), ...again];
    setChunk(checkpoint, index, next);
    report.chunks.sentThisRun++;
    await writeCheckpoint(checkpointPath, checkpoint);
    if (stop) throw stop;
  }
}
