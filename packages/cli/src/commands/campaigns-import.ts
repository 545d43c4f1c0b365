/**
 * `zohokit campaigns import <file.csv> --list-key …`: every valid address of the file onto a list through the
 * SDK's `bulkAdd` (10 per call, Zoho's maximum; a few calls in flight; the Campaigns window limiter), so the
 * import waits rather than locking the API for 10 minutes, and stops on the same failures as `bulkAdd`.
 *
 * As each chunk settles the checkpoint records it, so a run stopped by Ctrl-C, a lock-out (2101), an expired
 * login or a refused connection resumes with the same command and never sends a chunk twice. Rows that cannot
 * be sent are reported with their line numbers; a chunk Zoho refuses is reported with its lines and retried on
 * resume.
 */
import { resolve } from 'node:path';
import { type AnyZohoError, BULK_CHUNK, type BulkAddChunkResult, isZohoError, stopsTheRun } from 'zohokit';
import { type Checkpoint, chunkRows, loadCheckpoint, pendingChunks, setChunk } from '../csv/checkpoint.js';
import { type PlannedRow, planImport } from '../csv/import-plan.js';
import { startImportRun } from '../csv/import-run.js';
import { importExitCode, stoppedBy } from '../csv/import-stop.js';
import { readImportFile } from '../csv/read-import-file.js';
import type { CommandOptions } from '../define/action.js';
import type { IMPORT_FLAGS } from '../define/campaigns.js';
import type { Context } from '../runtime.js';
import { CliError, createZoho, EXIT, output, resolveProfile } from '../runtime.js';
import { type ImportReport, renderReport } from './campaigns-import-report.js';

/** The checkpoint's chunks are bulkAdd's chunks: addlistsubscribersinbulk takes at most 10 addresses per call. */
const CHUNK = BULK_CHUNK;

type ImportOptions = CommandOptions<typeof IMPORT_FLAGS>;

/** The list an import adds to, and the column its addresses come from: a checkpoint belongs to both. */
type CampaignsCheckpoint = Checkpoint<{ listKey: string; emailColumn: string }>;

/** `A` added, `F` failed (Zoho refused the chunk; retried on resume). */
const STATES = 'AF';

export async function importCsv(ctx: Context, options: ImportOptions, file: string): Promise<void> {
  const { path, text, sha256 } = await readImportFile(file);
  const plan = planImport(text, { header: options.header, emailColumn: options.emailColumn });
  const checkpointPath = resolve(options.checkpoint ?? `${path}.zohokit-import.json`);
  const chunks = chunkRows(plan.valid, CHUNK);

  const report: ImportReport = {
    file,
    listKey: options.listKey,
    checkpoint: checkpointPath,
    rows: plan.rows,
    valid: plan.valid.length,
    rejected: plan.rejected,
    duplicates: plan.duplicates,
    blankLines: plan.blankLines,
    emailColumn: plan.emailColumn,
    columns: plan.columns,
    chunks: { total: chunks.length, sentThisRun: 0, addedThisRun: 0, failedThisRun: 0 },
    added: 0,
    addedThisRun: 0,
    failed: [],
    pending: plan.valid.length,
    resumed: false,
    complete: false,
    stoppedBy: null,
    interrupted: false,
  };

  if (options.strict && plan.rejected.length > 0) {
    output(ctx, report, renderReport);
    throw new CliError(`${plan.rejected.length} row(s) are invalid; nothing was sent (--strict)`, {
      code: 'invalid_rows',
      exitCode: EXIT.usage,
      fix: 'Fix the rows listed above, or drop --strict to import the valid rows and report the rest',
    });
  }

  const fresh: CampaignsCheckpoint = {
    version: 1,
    file: path,
    sha256,
    listKey: options.listKey,
    emailColumn: plan.emailColumn,
    chunkSize: CHUNK,
    chunks: '.'.repeat(chunks.length),
    updatedAt: '',
  };
  const checkpoint = await loadCheckpoint(checkpointPath, {
    restart: options.restart,
    states: STATES,
    fresh,
    mismatch: (existing) =>
      existing.listKey !== fresh.listKey
        ? `list ${existing.listKey}`
        : existing.emailColumn !== fresh.emailColumn
          ? 'another version of this file'
          : undefined,
    restartMeans: 'addresses already on the list are updated, not duplicated',
  });
  report.resumed = checkpoint.chunks.includes('A') || checkpoint.chunks.includes('F');
  tally(report, checkpoint, chunks);
  if (report.pending === 0 && !checkpoint.chunks.includes('F')) {
    report.complete = true;
    output(ctx, report, renderReport);
    return;
  }

  const zoho = createZoho(ctx, await resolveProfile(ctx));
  const run = await startImportRun(ctx, {
    checkpointPath,
    checkpoint,
    progress: { total: plan.valid.length, done: report.added, unit: 'addresses', verb: 'added' },
  });
  let stopError: AnyZohoError | undefined;
  // Chunks already added are not sent again: bulkAdd's chunk i is the file's chunk pending[i].
  const pending = pendingChunks(checkpoint, (state) => state === 'A');
  const onChunk = async (result: BulkAddChunkResult): Promise<boolean> => {
    const index = pending[result.chunk] as number;
    const rows = chunks[index] as PlannedRow[];
    if (result.ok) {
      setChunk(checkpoint, index, 'A');
      report.chunks.sentThisRun++;
      report.chunks.addedThisRun++;
      report.addedThisRun += rows.length;
      run.advance(rows.length);
    } else if (result.error && stopsTheRun(result.error)) {
      // Not this chunk's fault: it stays pending and is sent first on resume.
      stopError ??= result.error;
    } else {
      setChunk(checkpoint, index, 'F');
      report.chunks.sentThisRun++;
      report.chunks.failedThisRun++;
    }
    await run.save();
    return !run.interrupted;
  };
  try {
    if (pending.length > 0) {
      await zoho.campaigns.bulkAdd({
        listKey: options.listKey,
        emails: pending.flatMap((index) => (chunks[index] as PlannedRow[]).map((r) => r.email)),
        onChunk,
      });
    }
  } catch (error) {
    // bulkAdd throws only what is no chunk's outcome (a bad list key format, a bug): the checkpoint stays as is.
    if (!isZohoError(error)) throw error;
    stopError = error;
  } finally {
    await run.finish();
  }

  tally(report, checkpoint, chunks, collectFailures(checkpoint, chunks));
  report.interrupted = run.interrupted;
  report.complete = !checkpoint.chunks.includes('.') && !checkpoint.chunks.includes('F');
  report.stoppedBy = stoppedBy(ctx, stopError);
  output(ctx, report, renderReport);
  process.exitCode = importExitCode(stopError, run.interrupted, report.failed.length > 0);
}

function tally(report: ImportReport, checkpoint: Checkpoint, chunks: PlannedRow[][], failed = report.failed): void {
  let added = 0;
  let pending = 0;
  chunks.forEach((rows, i) => {
    if (checkpoint.chunks[i] === 'A') added += rows.length;
    else pending += rows.length;
  });
  report.added = added;
  report.pending = pending;
  report.failed = failed;
}

function collectFailures(checkpoint: Checkpoint, chunks: PlannedRow[][]): ImportReport['failed'] {
  const failed: ImportReport['failed'] = [];
  chunks.forEach((rows, i) => {
    if (checkpoint.chunks[i] === 'F')
      failed.push({ chunk: i, lines: rows.map((r) => r.line), emails: rows.map((r) => r.email) });
  });
  return failed;
}
