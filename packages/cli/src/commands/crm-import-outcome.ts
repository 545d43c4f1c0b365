/**
 * What Zoho's answer to one call of a CRM import means for its checkpoint (commands/crm-import.ts).
 */
import { type AnyZohoError, type CrmRecordResult, stopsTheRun } from 'zohokit';
import type { PlannedRecord } from '../csv/crm-import-plan.js';
import type { CrmRowFailure } from './crm-import-report.js';

export interface ChunkOutcome {
  state: 'D' | 'U' | 'K' | '.';
  /** The call's own failure, when no record was answered. */
  error?: AnyZohoError | undefined;
  inserted: number;
  updated: number;
  failures: CrmRowFailure[];
}

/**
 * What Zoho's answer to one call means for the checkpoint. Per-record answers (201, 207, a 400 with `data`)
 * make the call done. A failure of the call itself: one that stops the run (refused, a lock, a rejected token
 * or scope) or certainly took no effect (429, 503 with Retry-After) leaves it pending; an unknown outcome
 * (reset, timeout, 5xx) makes it `U` for an insert (`K` when its rows carry their keys), pending for an upsert whose rows all carry the duplicate
 * check field (sending it again updates them); any other failure of the call is each row's refusal.
 */
export function chunkOutcome(
  results: CrmRecordResult[],
  rows: PlannedRecord[],
  upsertOn: string[] | null,
  keyed: boolean,
): ChunkOutcome {
  const outcome: ChunkOutcome = { state: 'D', inserted: 0, updated: 0, failures: [] };
  const callError = callFailure(results);
  if (callError) {
    outcome.error = callError;
    // Every later call would fail the same way (the run stops): this one goes again on resume.
    if (stopsTheRun(callError)) return { ...outcome, state: '.' };
    if (callError.outcome === 'ambiguous') {
      const matchOn = upsertOn?.[0];
      const replayable = matchOn !== undefined && rows.every((r) => r.record[matchOn] !== undefined);
      if (replayable) return { ...outcome, state: '.' };
      const message = `outcome unknown: ${callError.summary}`;
      outcome.failures = rows.map((r) => ({
        line: r.line,
        code: callError.code ?? callError.kind,
        message,
        field: null,
      }));
      return { ...outcome, state: keyed ? 'K' : 'U' };
    }
    if (callError.outcome !== 'permanent') return { ...outcome, state: '.' };
  }
  results.forEach((r, i) => {
    const line = (rows[i] as PlannedRecord).line;
    if (r.ok) {
      if (r.action === 'update') outcome.updated++;
      else outcome.inserted++;
      return;
    }
    const field = r.error?.details?.fieldName ?? r.details?.api_name;
    outcome.failures.push({
      line,
      code: r.code ?? r.error?.code ?? 'error',
      message: r.message ?? r.error?.summary ?? 'refused',
      field: typeof field === 'string' ? field : null,
    });
  });
  return outcome;
}

/** The error of the call itself: every record carries the same one (a record Zoho refused has its own). */
function callFailure(results: CrmRecordResult[]): AnyZohoError | undefined {
  const first = results[0]?.error;
  if (!first || first.kind === 'validation' || !results.every((r) => r.error === first)) return undefined;
  return first as AnyZohoError;
}
