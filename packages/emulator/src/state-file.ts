import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './connection.js';
import { emptyCounters } from './counters.js';
import type { EmulatorState } from './state.js';
import { createState } from './state.js';

/*
 * The optional state file (DESIGN.md §4 "optional state file to survive restarts"). The state object is
 * written whole, whatever products put in it, except what only makes sense within one run: counters and
 * queued faults (and an outage) start empty every time. The file holds client secrets and tokens, so it is
 * written 0600, and atomically (temporary file + rename) so a crash never leaves half a file.
 */

const FORMAT = 'zohokit-emulator-state';
const VERSION = 1;

/** Keys of the state that are not saved: a restart starts them afresh. */
const TRANSIENT = ['counters', 'faults', 'outage'] as const;

function serialise(state: EmulatorState): string {
  const saved: Record<string, unknown> = { ...state };
  for (const key of TRANSIENT) delete saved[key];
  return `${JSON.stringify({ format: FORMAT, version: VERSION, state: saved }, null, 2)}\n`;
}

function readSaved(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`@zohokit/emulator: cannot read state file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`@zohokit/emulator: state file ${file} is not valid JSON`);
  }
  const envelope = parsed as { format?: unknown; version?: unknown; state?: unknown } | null;
  if (envelope?.format !== FORMAT || envelope.version !== VERSION || typeof envelope.state !== 'object') {
    throw new Error(`@zohokit/emulator: ${file} is not an emulator state file (version ${VERSION})`);
  }
  return envelope.state as Record<string, unknown>;
}

export interface StatePersistence {
  /** Schedules a save after every request (control routes included); only a changed state is written. */
  readonly middleware: MiddlewareHandler<EmulatorEnv>;
  /** Writes now if the state changed since the last write. */
  flush(): void;
  /** Final flush; later requests (released hanging ones) no longer schedule writes. */
  close(): void;
}

/**
 * Loads `file` into `state` when it exists (keys a newer emulator added start from their defaults), then
 * keeps the file up to date: a save at most every `debounceMs` while requests come in, and one on close.
 */
export function createStatePersistence(state: EmulatorState, file: string, debounceMs = 100): StatePersistence {
  const saved = readSaved(file);
  if (saved) Object.assign(state, createState(), saved, { counters: emptyCounters(), faults: [], outage: null });
  let written = saved ? serialise(state) : '';
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = serialise(state);
    if (text === written) return;
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temp, text, { mode: 0o600 });
      chmodSync(temp, 0o600); // `mode` only applies when the file is created
      renameSync(temp, file);
      written = text;
    } catch (error) {
      console.error(`@zohokit/emulator: could not save state file ${file}`, error);
    }
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(flush, debounceMs);
    timer.unref();
  };

  return {
    middleware: async (_c, next) => {
      try {
        await next();
      } finally {
        schedule();
      }
    },
    flush,
    close: () => {
      closed = true;
      flush();
    },
  };
}
