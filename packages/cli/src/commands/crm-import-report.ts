import type { CrmColumn, IgnoredColumn } from '../csv/crm-import-plan.js';
import type { RejectedRow } from '../csv/import-plan.js';
import { type StoppedBy, stopLines } from '../csv/import-stop.js';

/** A row CRM did not take: its line, Zoho's code and message, and the field (Zoho's `api_name`) when it names one. */
export interface CrmRowFailure {
  line: number;
  code: string;
  message: string;
  field: string | null;
}

/** What `crm import --json` prints (documented in the README). Counts cover this run and the earlier ones. */
export interface CrmImportReport {
  file: string;
  module: string;
  operation: 'insert' | 'upsert';
  /** The duplicate check fields of an upsert (API names), null for an insert. */
  upsertOn: string[] | null;
  checkpoint: string;
  /** Data rows in the file (header and blank lines excluded). */
  rows: number;
  /** Rows read as records, to send. */
  toSend: number;
  /** Rows that cannot be read as records of this header: never sent. */
  rejected: RejectedRow[];
  blankLines: number;
  /** Columns sent, each with the field it fills. */
  columns: CrmColumn[];
  /** Columns not sent, with the reason. */
  ignored: IgnoredColumn[];
  inserted: number;
  updated: number;
  insertedThisRun: number;
  updatedThisRun: number;
  /** Rows Zoho refused, by line. Not sent again by a resumed run: fix them and import them again. */
  failed: CrmRowFailure[];
  /** Rows of a call whose outcome is unknown (reset, timeout, 5xx): they may be in CRM; not sent again blindly. */
  unknown: CrmRowFailure[];
  /** The module field that holds each row's idempotency key (the SDK's `crm.idempotencyField`). */
  idempotencyField: string;
  /** Whether this run sent each row with its key in that field (the module has it; not for an upsert). */
  keyed: boolean;
  /** Rows of a lost answer found in CRM by their key on a resume (counted in `inserted`), over all runs. */
  reconciled: number;
  reconciledThisRun: number;
  /** Of `unknown`, the rows a resume looks up by key (the others were sent without one). */
  reconcilable: number;
  /** Rows not answered yet: a resumed run sends them. */
  pending: number;
  /** Write calls this run (100 rows each). */
  calls: number;
  chunks: { total: number; sentThisRun: number };
  resumed: boolean;
  complete: boolean;
  stoppedBy: StoppedBy | null;
  interrupted: boolean;
}

const SHOWN = 20;

export function renderCrmReport(r: CrmImportReport): string {
  const target = `${r.module}${r.upsertOn ? ` (upsert on ${r.upsertOn.join(', ')})` : ''}`;
  const done = `${r.inserted} inserted${r.upsertOn ? `, ${r.updated} updated` : ''}`;
  const lines =
    r.complete && r.resumed && r.chunks.sentThisRun === 0
      ? [`Already imported: the checkpoint ${r.checkpoint} says every row of ${r.file} was sent to ${target}`]
      : [`${r.complete ? 'Imported' : 'Partly imported'} ${r.file} into ${target}`];
  lines.push(
    `  rows:       ${r.rows} (${r.toSend} to send, ${r.rejected.length} rejected${r.blankLines ? `, ${r.blankLines} blank lines` : ''})`,
    `  done:       ${done}, ${r.failed.length} refused of ${r.toSend}${r.resumed ? ` (resumed; ${r.insertedThisRun + r.updatedThisRun} this run)` : ''} in ${r.calls} call(s) this run`,
    `  columns:    ${r.columns.map((c) => (c.column === c.field ? c.field : `${c.column} → ${c.field}`)).join(', ')}`,
  );
  if (r.ignored.length > 0) {
    lines.push(`  ignored:    ${r.ignored.map((c) => `${c.column} (${c.reason})`).join(', ')}`);
  }
  if (r.failed.length > 0) {
    lines.push(`  refused:    ${r.failed.length} row(s) refused by Zoho:`);
    for (const f of r.failed.slice(0, SHOWN)) lines.push(`    line ${f.line}: ${failure(f)}`);
    if (r.failed.length > SHOWN) lines.push(`    … and ${r.failed.length - SHOWN} more (all of them with --json)`);
  }
  if (r.rejected.length > 0) {
    lines.push('  rejected:   not sent:');
    for (const row of r.rejected.slice(0, SHOWN)) {
      lines.push(
        `    line ${row.line}: ${row.reason}${row.value !== undefined ? ` (${JSON.stringify(row.value)})` : ''}`,
      );
    }
    if (r.rejected.length > SHOWN) lines.push(`    … and ${r.rejected.length - SHOWN} more (all of them with --json)`);
  }
  if (r.failed.length > 0 || r.rejected.length > 0) {
    lines.push(
      '  fix:        correct those rows and import them from a file of their own (this checkpoint does not send them again)',
    );
  }
  if (r.reconciledThisRun > 0) {
    lines.push(
      `  reconciled: ${r.reconciledThisRun} row(s) of a call whose answer was lost were found in CRM by their ${r.idempotencyField} and counted as inserted, not inserted again`,
    );
  }
  if (r.unknown.length > 0) {
    const first = r.unknown[0] as CrmRowFailure;
    lines.push(
      `  unknown:    ${r.unknown.length} row(s) may or may not be in CRM (${first.message}): lines ${lineRanges(r.unknown.map((u) => u.line))}`,
    );
    if (r.reconcilable > 0) {
      lines.push(
        `  fix:        run the same command to resume: it looks ${r.reconcilable === r.unknown.length ? 'them' : `${r.reconcilable} of them`} up by ${r.idempotencyField} and inserts only those CRM lacks`,
      );
    }
    if (r.reconcilable < r.unknown.length) {
      lines.push(
        `  fix:        not sent again, so none is inserted twice; check them ('zohokit crm records search ${r.module} --email …'), or send the file again with --upsert-on <a field every row has> --restart`,
        `              a text field ${r.idempotencyField} in ${r.module} (Setup → Fields; API name ${r.idempotencyField}) lets a resume reconcile a lost answer instead: each row is sent with its key there`,
      );
    }
  }
  lines.push(...stopLines(r));
  lines.push(
    `  checkpoint: ${r.checkpoint}${r.pending === 0 ? ' (complete)' : `; ${r.pending} row(s) pending: run the same command to resume`}`,
  );
  return lines.join('\n');
}

/** `2–101, 305, 400–402`: the lines of whole calls stay short. */
function lineRanges(lines: readonly number[]): string {
  const ranges: string[] = [];
  let start = lines[0];
  for (let i = 1; i <= lines.length; i++) {
    const previous = lines[i - 1] as number;
    if (lines[i] === previous + 1) continue;
    ranges.push(start === previous ? String(previous) : `${start}–${previous}`);
    start = lines[i];
  }
  return ranges.join(', ');
}

function failure(f: CrmRowFailure): string {
  return `${f.code} ${f.message}${f.field ? ` (${f.field})` : ''}`;
}
