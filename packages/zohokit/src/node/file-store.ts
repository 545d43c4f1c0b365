import { readFileSync } from 'node:fs';
import type { StoredToken, TokenStore } from '../auth/stores.js';
import { writeSecretFile } from './secret-file.js';

/** The file is corrupt or unreadable. The token manager treats it as a cache miss and emits a warning. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

interface FileShape {
  version: 1;
  tokens: Record<string, StoredToken>;
}

/**
 * Access tokens in a JSON file, for CLIs and single-machine apps that restart often. Every write goes to a
 * temporary file created with mode 0600 in the same directory, is flushed, then renamed over the old file,
 * so a reader never sees half a file and the token is never world-readable, not even for a moment.
 * Writes from this process are serialised; separate processes should share a Redis store instead.
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    if (typeof path !== 'string' || path === '') {
      throw new TypeError('zohokit: FileTokenStore needs a file path, for example ~/.config/zohokit/tokens.json');
    }
    this.path = path;
  }

  /** The token of `key` from the file; a missing or corrupt file is a miss. */
  async get(key: string): Promise<StoredToken | undefined> {
    const file = await this.#read();
    return file.tokens[key];
  }

  /** Writes the token of `key` (an atomic rewrite, mode 0600). */
  set(key: string, value: StoredToken): Promise<void> {
    return this.#update((file) => {
      file.tokens[key] = value;
    });
  }

  /** Forgets the token of `key` (an atomic rewrite of the file). */
  delete(key: string): Promise<void> {
    return this.#update((file) => {
      delete file.tokens[key];
    });
  }

  #update(change: (file: FileShape) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      // A corrupt file is replaced rather than blocking every later write.
      const file = await this.#read().catch(() => ({ version: 1, tokens: {} }) as FileShape);
      change(file);
      await this.#write(file);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<FileShape> {
    let text: string;
    try {
      text = readText(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: {} };
      throw new TokenFileError(`cannot read token file ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new TokenFileError(`token file ${this.path} is not valid JSON; it will be overwritten on the next refresh`);
    }
    const shape = parsed as Partial<FileShape>;
    if (
      typeof shape !== 'object' ||
      shape === null ||
      shape.version !== 1 ||
      typeof shape.tokens !== 'object' ||
      shape.tokens === null
    ) {
      throw new TokenFileError(
        `token file ${this.path} has an unknown layout; it will be overwritten on the next refresh`,
      );
    }
    return shape as FileShape;
  }

  #write(file: FileShape): Promise<void> {
    return writeSecretFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }
}

/**
 * Synchronous on purpose. A token file is a few hundred bytes on a local disk, read only when the token
 * manager's memory cache misses (a start, a refresh): ~0.1 ms. The first asynchronous read of a process starts
 * libuv's thread pool, ~2 ms of every CLI start (bench/cli-startup.ts), and node:fs/promises costs ~2 ms more
 * to load.
 */
function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
