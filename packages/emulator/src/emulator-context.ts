import type { ResolvedEmulatorOptions } from './options.js';
import type { EmulatorState } from './state.js';
import { createState } from './state.js';

/** What every route needs: the state, the options, a clock, where the emulator is reachable, and a stop signal. */
export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly options: ResolvedEmulatorOptions;
  now(): number;
  /**
   * The emulator's public URL (reported as `accounts-server` and `api_domain`). Known once the server listens;
   * in-process use falls back to the origin the request was addressed to.
   */
  baseUrl(requestUrl: string): string;
  setBaseUrl(url: string): void;
  /** Aborted by close(): releases hanging and delayed requests so the server can shut down. */
  readonly shutdown: AbortSignal;
  stop(): void;
}

export function createEmulatorContext(options: ResolvedEmulatorOptions): EmulatorContext {
  let publicUrl: string | null = null;
  const stopper = new AbortController();
  return {
    state: createState(),
    options,
    now: () => Date.now(),
    baseUrl: (requestUrl) => publicUrl ?? new URL(requestUrl).origin,
    setBaseUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
    shutdown: stopper.signal,
    stop: () => stopper.abort(),
  };
}
