// `fs.promises` is read, and node:crypto imported, when a file is written, not at import: they cost ~2 ms and
// ~3 ms to load on every start of a CLI that only reads (bench/cli-startup.ts).
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a file that holds secrets (tokens, client secrets): to a temporary file created with mode 0600 in the
 * same directory, flushed, then renamed over the target. A reader never sees half a file, and the secret is
 * never world-readable, not even for a moment. The directory is created 0700 when missing.
 */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const { randomBytes } = await import('node:crypto');
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.zohokit-tmp`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The umask cannot widen 0600, but make it explicit for platforms that ignore the open mode.
    await fs.chmod(temp, 0o600);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
