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
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type AnyZohoError, BULK_CHUNK, type BulkAddChunkResult, isZohoError, stopsTheRun } from 'zohokit';
import { type Checkpoint, readCheckpoint, setChunk, writeCheckpoint } from '../csv/checkpoint.js';
import { type ImportPlan, type PlannedRow, planImport } from '../csv/import-plan.js';
import type { CommandOptions } from '../define/action.js';
import type { IMPORT_FLAGS } from '../define/campaigns.js';
import type { Context } from '../runtime.js';
import {
  CliError,
  createZoho,
  describe,
  EXIT,
  type ExitCode,
  exitCodeFor,
  note,
  output,
  resolveProfile,
} from '../runtime.js';
import { type ImportReport, renderReport } from './campaigns-import-report.js';

/** The checkpoint's chunks are bulkAdd's chunks: addlistsubscribersinbulk takes at most 10 addresses per call. */
const CHUNK = BULK_CHUNK;

type ImportOptions = CommandOptions<typeof IMPORT_FLAGS>;

export async function importCsv(ctx: Context, options: ImportOptions, file: string): Promise<void> {
  const path = resolve(file);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file} (${error.code ?? error.message})`, {
      code: 'invalid_input',
      exitCode: EXIT.usage,
    });
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const plan = planImport(bytes.toString('utf8'), { header: options.header, emailColumn: options.emailColumn });
  const checkpointPath = resolve(options.checkpoint ?? `${path}.zohokit-import.json`);
  const chunks = chunk(plan.valid);

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

  const checkpoint = await loadCheckpoint(checkpointPath, options, {
    version: 1,
    file: path,
    sha256,
    listKey: options.listKey,
    emailColumn: plan.emailColumn,
    chunkSize: CHUNK,
    chunks: '.'.repeat(chunks.length),
    updatedAt: '',
  });
  report.resumed = checkpoint.chunks.includes('A') || checkpoint.chunks.includes('F');
  tally(report, checkpoint, chunks);
  if (report.pending === 0 && !checkpoint.chunks.includes('F')) {
    report.complete = true;
    output(ctx, report, renderReport);
    return;
  }

  const zoho = createZoho(ctx, await resolveProfile(ctx));
  const progress = await startProgress(ctx, plan, report.added);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    note(ctx, '\nStopping after the calls in flight; the checkpoint keeps the progress (Ctrl-C again to quit now).');
  };
  process.on('SIGINT', onSigint);
  let stopError: AnyZohoError | undefined;
  // Chunks already added are not sent again. Every chunk but the file's last holds exactly CHUNK addresses,
  // so the pending ones, concatenated, split into the same chunks: bulkAdd's chunk i is pending[i].
  const pending = chunks.flatMap((_, index) => (checkpoint.chunks[index] === 'A' ? [] : [index]));
  let saved: Promise<void> = Promise.resolve();
  const onChunk = async (result: BulkAddChunkResult): Promise<boolean> => {
    const index = pending[result.chunk] as number;
    const rows = chunks[index] as PlannedRow[];
    if (result.ok) {
      setChunk(checkpoint, index, 'A');
      report.chunks.sentThisRun++;
      report.chunks.addedThisRun++;
      report.addedThisRun += rows.length;
      progress.advance(rows.length);
    } else if (result.error && stopsTheRun(result.error)) {
      // Not this chunk's fault: it stays pending and is sent first on resume.
      stopError ??= result.error;
    } else {
      setChunk(checkpoint, index, 'F');
      report.chunks.sentThisRun++;
      report.chunks.failedThisRun++;
    }
    // One write at a time, in order: the last one on disk is the newest state.
    saved = saved.then(() => writeCheckpoint(checkpointPath, checkpoint));
    await saved;
    return !interrupted;
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
    await saved;
    if (!isZohoError(error)) throw error;
    stopError = error;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
  }
  await saved;

  tally(report, checkpoint, chunks, collectFailures(checkpoint, chunks));
  report.interrupted = interrupted;
  report.complete = !checkpoint.chunks.includes('.') && !checkpoint.chunks.includes('F');
  if (stopError) {
    const described = describe(stopError, ctx.session);
    report.stoppedBy = {
      code: stopError.code ?? stopError.kind,
      message: described.message,
      fix: described.fix ?? null,
      retryAfterMs: stopError.kind === 'rate_limit' ? (stopError.retryAfterMs ?? null) : null,
    };
  }
  output(ctx, report, renderReport);
  process.exitCode = exitCode(report, stopError, interrupted);
}

async function loadCheckpoint(path: string, options: ImportOptions, fresh: Checkpoint): Promise<Checkpoint> {
  if (options.restart) return fresh;
  let existing: Checkpoint | undefined;
  try {
    existing = await readCheckpoint(path);
  } catch (error) {
    throw new CliError(`the checkpoint ${path} cannot be read: ${(error as Error).message}`, {
      code: 'invalid_checkpoint',
      exitCode: EXIT.usage,
      fix: 'Pass --restart to start over, or --checkpoint <another file>',
    });
  }
  if (!existing) return fresh;
  const same =
    existing.sha256 === fresh.sha256 &&
    existing.listKey === fresh.listKey &&
    existing.emailColumn === fresh.emailColumn &&
    existing.chunkSize === fresh.chunkSize &&
    existing.chunks.length === fresh.chunks.length;
  if (!same) {
    throw new CliError(
      `the checkpoint ${basename(path)} belongs to ${existing.listKey === fresh.listKey ? 'another version of this file' : `list ${existing.listKey}`}`,
      {
        code: 'checkpoint_mismatch',
        exitCode: EXIT.usage,
        fix: 'Pass --restart to import this file from the first row (addresses already on the list are updated, not duplicated), or --checkpoint <another file>',
      },
    );
  }
  return existing;
}

function chunk(rows: PlannedRow[]): PlannedRow[][] {
  const out: PlannedRow[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
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

function exitCode(report: ImportReport, stopError: AnyZohoError | undefined, interrupted: boolean): ExitCode {
  if (stopError) return exitCodeFor(stopError);
  if (interrupted) return EXIT.interrupted;
  return report.failed.length > 0 ? EXIT.api : EXIT.ok;
}

interface Progress {
  advance(n: number): void;
  stop(): void;
}

/** A bar on a terminal; elsewhere a line every 10 %, so logs of CI runs still show progress. */
async function startProgress(ctx: Context, plan: ImportPlan, done: number): Promise<Progress> {
  const total = plan.valid.length;
  if (ctx.stderr.isTTY && !ctx.globals.json) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {percentage}% {value}/{total} addresses, eta {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done);
    return { advance: (n) => bar.increment(n), stop: () => bar.stop() };
  }
  let value = done;
  let nextMark = Math.floor((done / Math.max(total, 1)) * 10) + 1;
  return {
    advance: (n) => {
      value += n;
      // One chunk may cross several 10 % marks (a small file): one line for all of them.
      let crossed = false;
      while (total > 0 && nextMark <= 10 && value >= (nextMark * total) / 10) {
        crossed = true;
        nextMark++;
      }
      if (crossed) note(ctx, `progress: ${value}/${total} addresses added`);
    },
    stop: () => undefined,
  };
}
