/** The CSV file of an import, read whole: its text, absolute path and SHA-256 (what a checkpoint is tied to). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export interface ImportFile {
  path: string;
  text: string;
  sha256: string;
}

export async function readImportFile(file: string): Promise<ImportFile> {
  const path = resolve(file);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file} (${error.code ?? error.message})`, {
      code: 'invalid_input',
      exitCode: EXIT.usage,
      fix: error.code === 'EISDIR' ? 'Name a CSV file, not a directory' : undefined,
    });
  });
  return { path, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}
