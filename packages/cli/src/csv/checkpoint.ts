/**
 * Progress of one CSV import, so an interrupted or stopped run resumes where it stopped and never sends a chunk
 * twice. One character per chunk, each import naming its own states (`campaigns import`: `A` added, `F` failed
 * and retried on resume; `crm import`: `D` answered, `U` outcome unknown); `.` is always "not sent yet". The
 * file is tied to the CSV's SHA-256 and to what the import writes to (a list, a module): a changed file or
 * another target needs --restart.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export interface CheckpointBase {
  version: 1;
  file: string;
  sha256: string;
  chunkSize: number;
  /** One state character per chunk, index = chunk number; `.` pending. */
  chunks: string;
  updatedAt: string;
}

/** The common fields and the import's own (its target, and whatever it must remember across runs). */
export type Checkpoint<T extends object = {}> = CheckpointBase & T;

/** The chunk states an import uses besides `.`, e.g. `AF`. */
export async function readCheckpoint<T extends object>(
  path: string,
  states: string,
): Promise<Checkpoint<T> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as Partial<Checkpoint>;
  const valid = new RegExp(`^[${states}.]*$`);
  if (value.version !== 1 || typeof value.chunks !== 'string' || !valid.test(value.chunks)) {
    throw new Error(`${path} is not a zohokit import checkpoint`);
  }
  return value as Checkpoint<T>;
}

/** Atomic: a crash mid-write leaves the previous checkpoint, never half a file. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint<object>): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.zohokit-tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ ...checkpoint, updatedAt: new Date().toISOString() }, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function setChunk(checkpoint: Checkpoint<object>, index: number, status: string): void {
  const c = checkpoint.chunks;
  checkpoint.chunks = c.slice(0, index) + status + c.slice(index + 1);
}

export interface LoadCheckpointOptions<T extends object> {
  /** --restart: the existing checkpoint is ignored (and overwritten by the first write). */
  restart: boolean | undefined;
  states: string;
  fresh: Checkpoint<T>;
  /** Why `existing` is not this import's (another list, another version of the file), or undefined if it is. */
  mismatch: (existing: Checkpoint<T>) => string | undefined;
  /** What --restart does for this import, for the fix of a mismatch. */
  restartMeans: string;
}

/** The checkpoint to continue from: the one on disk when it is this import's, a fresh one when there is none. */
export async function loadCheckpoint<T extends object>(
  path: string,
  options: LoadCheckpointOptions<T>,
): Promise<Checkpoint<T>> {
  const { fresh } = options;
  if (options.restart) return fresh;
  let existing: Checkpoint<T> | undefined;
  try {
    existing = await readCheckpoint<T>(path, options.states);
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
    existing.chunkSize === fresh.chunkSize &&
    existing.chunks.length === fresh.chunks.length;
  const why = options.mismatch(existing) ?? (same ? undefined : 'another version of this file');
  if (why !== undefined) {
    throw new CliError(`the checkpoint ${basename(path)} belongs to ${why}`, {
      code: 'checkpoint_mismatch',
      exitCode: EXIT.usage,
      fix: `Pass --restart to import this file from the first row (${options.restartMeans}), or --checkpoint <another file>`,
    });
  }
  return existing;
}

/** The file's rows in chunks of `size`, the last one possibly shorter. */
export function chunkRows<R>(rows: readonly R[], size: number): R[][] {
  const out: R[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * The chunks still to send, by their number in the file. Every chunk but the file's last is full, so the
 * pending ones' rows, concatenated, split into the same chunks again: the SDK's chunk i of this run is
 * the file's chunk `pending[i]`.
 */
export function pendingChunks(checkpoint: CheckpointBase, sent: (state: string) => boolean): number[] {
  return [...checkpoint.chunks].flatMap((state, index) => (sent(state) ? [] : [index]));
}
