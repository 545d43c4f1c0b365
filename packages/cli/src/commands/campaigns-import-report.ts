import type { ColumnReport, DuplicateRow, RejectedRow } from '../csv/import-plan.js';
import { type StoppedBy, stopLines } from '../csv/import-stop.js';

/** What `campaigns import --json` prints (documented in the README). */
export interface ImportReport {
  file: string;
  listKey: string;
  checkpoint: string;
  /** Data rows in the file (header and blank lines excluded). */
  rows: number;
  /** Rows with a valid, first-seen address. */
  valid: number;
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
  blankLines: number;
  emailColumn: string;
  /** The other columns: recognised contact fields and unknown headers, none of them sent (the bulk call takes addresses only). */
  columns: ColumnReport;
  chunks: { total: number; sentThisRun: number; addedThisRun: number; failedThisRun: number };
  /** Addresses on the list from this file, this run and earlier ones. */
  added: number;
  addedThisRun: number;
  /** Chunks Zoho refused; retried by the next run. */
  failed: { chunk: number; lines: number[]; emails: string[] }[];
  /** Valid addresses not added yet. */
  pending: number;
  resumed: boolean;
  complete: boolean;
  /** The failure that stopped the run (lock-out, login), if one did; resume with the same command. */
  stoppedBy: StoppedBy | null;
  interrupted: boolean;
}

const SHOWN = 20;

export function renderReport(r: ImportReport): string {
  if (r.complete && r.resumed && r.chunks.sentThisRun === 0) {
    return `Already imported: the checkpoint ${r.checkpoint} says all ${r.added} addresses of ${r.file} were added to list ${r.listKey} (--restart imports the file again).`;
  }
  const lines = [
    `${r.complete ? 'Imported' : 'Partly imported'} ${r.file} into list ${r.listKey}`,
    `  rows:       ${r.rows} (${r.valid} to add, ${r.rejected.length} rejected, ${r.duplicates.length} duplicates${r.blankLines ? `, ${r.blankLines} blank lines` : ''})`,
    `  added:      ${r.added} of ${r.valid}${r.resumed ? ` (resumed; ${r.addedThisRun} this run)` : ''} in ${r.chunks.sentThisRun} bulk call(s) this run`,
  ];
  const ignored = [...r.columns.recognised.map((c) => `${c.column} (${c.field})`), ...r.columns.unknown];
  if (ignored.length > 0) {
    lines.push(
      `  columns:    addresses from "${r.emailColumn}"; not imported: ${ignored.join(', ')} (the bulk call takes addresses only; 'zohokit campaigns subscribe --first-name …' sets fields one contact at a time)`,
    );
  }
  if (r.rejected.length > 0) {
    lines.push(`  rejected:`);
    for (const row of r.rejected.slice(0, SHOWN)) {
      lines.push(
        `    line ${row.line}: ${row.reason}${row.value !== undefined ? ` (${JSON.stringify(row.value)})` : ''}`,
      );
    }
    if (r.rejected.length > SHOWN) lines.push(`    … and ${r.rejected.length - SHOWN} more (all of them with --json)`);
  }
  if (r.duplicates.length > 0) {
    const shown = r.duplicates.slice(0, SHOWN).map((d) => `line ${d.line} = line ${d.firstLine}`);
    lines.push(`  duplicates: sent once: ${shown.join(', ')}${r.duplicates.length > SHOWN ? ', …' : ''}`);
  }
  if (r.failed.length > 0) {
    lines.push(`  failed:     ${r.failed.length} chunk(s) refused by Zoho, retried by the next run:`);
    for (const f of r.failed.slice(0, SHOWN)) lines.push(`    lines ${f.lines.join(', ')}`);
  }
  lines.push(...stopLines(r));
  lines.push(
    `  checkpoint: ${r.checkpoint}${r.complete ? ' (complete)' : `; ${r.pending} address(es) pending: run the same command to resume`}`,
  );
  return lines.join('\n');
}
