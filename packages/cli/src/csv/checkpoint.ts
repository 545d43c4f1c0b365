/**
 * Progress of one CSV import, so an interrupted or rate-limited run resumes where it stopped and never sends a
 * chunk twice. One character per chunk: `A` added, `F` failed (retried on resume), `.` not sent yet. The file is
 * tied to the CSV's SHA-256 and the list key: a changed file or another list needs --restart.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Checkpoint {
  version: 1;
  file: string;
  sha256: string;
  listKey: string;
  emailColumn: string;
  chunkSize: number;
  /** `A` added, `F` failed, `.` pending; index = chunk number. */
  chunks: string;
  updatedAt: string;
}

export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as Partial<Checkpoint>;
  if (value.version !== 1 || typeof value.chunks !== 'string' || !/^[AF.]*$/.test(value.chunks)) {
    throw new Error(`${path} is not a zohokit import checkpoint`);
  }
  return value as Checkpoint;
}

/** Atomic: a crash mid-write leaves the previous checkpoint, never half a file. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
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

export function setChunk(checkpoint: Checkpoint, index: number, status: 'A' | 'F' | '.'): void {
  const c = checkpoint.chunks;
  checkpoint.chunks = c.slice(0, index) + status + c.slice(index + 1);
}
