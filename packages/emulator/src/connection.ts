import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';

/** Under @hono/node-server, `c.env` carries the raw Node request/response; in-process (`app.request`) it is absent. */
export type EmulatorEnv = { Bindings: HttpBindings };
export type EmulatorHonoContext = Context<EmulatorEnv>;

/**
 * Thrown instead of dropping a connection when the app runs in-process (no socket to destroy). The app's error
 * handler re-throws it, so `app.request()` rejects the way `fetch` does on a reset connection.
 */
export class EmulatedConnectionReset extends Error {
  constructor() {
    super('@zohokit/emulator: connection reset by fault injection');
    this.name = 'EmulatedConnectionReset';
  }
}

/**
 * Ends the exchange without an HTTP answer: destroys the socket so the client sees a connection error, and tells
 * @hono/node-server not to write a response.
 */
export function dropConnection(c: EmulatorHonoContext): Response {
  const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
  if (!socket) throw new EmulatedConnectionReset();
  socket.destroy();
  return RESPONSE_ALREADY_SENT;
}

/**
 * Waits `ms` (forever when null). Resolves true when the time passed, false when `signal` aborted first
 * (the client went away, or the emulator is closing). Timers are cleared so nothing outlives close().
 */
export function waitUnlessAborted(ms: number | null, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (timer) clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (ms !== null) {
      timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
    }
  });
}
