/**
 * What an import does while its chunks are in flight, whatever it imports: the progress, Ctrl-C (finish the
 * calls in flight, keep the checkpoint, a second Ctrl-C quits at once), and checkpoint writes one at a time, in
 * order, so the last one on disk is the newest state.
 */
import type { Context } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { note } from '../output/print.js';
import { type Checkpoint, writeCheckpoint } from './checkpoint.js';
import { type ProgressOptions, startProgress } from './import-progress.js';

export interface ImportRun {
  /** Set by the first Ctrl-C: start no more chunks. */
  readonly interrupted: boolean;
  advance(n: number): void;
  /** Writes the checkpoint after the writes before it; resolves once this one is on disk. */
  save(): Promise<void>;
  /** Stops the progress, forgets Ctrl-C, and waits for the last write. */
  finish(): Promise<void>;
}

export async function startImportRun(
  ctx: Context,
  options: { checkpointPath: string; checkpoint: Checkpoint<object>; progress: ProgressOptions },
): Promise<ImportRun> {
  const progress = await startProgress(ctx, options.progress);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    note(ctx, '\nStopping after the calls in flight; the checkpoint keeps the progress (Ctrl-C again to quit now).');
  };
  process.on('SIGINT', onSigint);
  let saved: Promise<void> = Promise.resolve();
  let finished = false;
  return {
    get interrupted() {
      return interrupted;
    },
    advance: (n) => progress.advance(n),
    save: () => {
      saved = saved.then(() => writeCheckpoint(options.checkpointPath, options.checkpoint));
      return saved;
    },
    finish: async () => {
      if (!finished) {
        finished = true;
        process.off('SIGINT', onSigint);
        progress.stop();
      }
      await saved;
    },
  };
}
