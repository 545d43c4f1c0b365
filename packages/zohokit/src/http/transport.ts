/**
 * One `fetch` with a deadline, and the one place that turns a failed fetch into a failure kind the retry
 * rules understand. Both the pipeline and the token endpoint send through here.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A transport that keeps the deadline itself marks itself with `[ENFORCES_DEADLINE]: true`; `send` then hands
 * it the time left in `init[DEADLINE_MS]` instead of an AbortController and a timer of its own, and the
 * transport fails a late request (headers or body) with an error whose `code` is `DEADLINE_EXCEEDED`. On
 * Node 20 an AbortController and its listeners cost ~80 µs of CPU per call (bench: a third of the SDK's
 * per-call work), so createNodeTransport does this. Registered symbols: copies of the SDK agree on them.
 */
export const ENFORCES_DEADLINE: unique symbol = Symbol.for('zohokit.transport.enforcesDeadline') as never;
export const DEADLINE_MS: unique symbol = Symbol.for('zohokit.transport.deadlineMs') as never;
export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';

/** Why no response arrived. `refused` is the only kind where the request certainly never reached the server. */
export type FailureKind = 'timeout' | 'aborted' | 'refused' | 'reset' | 'network';

export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(
    readonly kind: FailureKind,
    readonly errorCode: string | undefined,
    cause: unknown,
  ) {
    super(`request failed: ${kind}${errorCode ? ` (${errorCode})` : ''}`, { cause });
  }
}

/**
 * Zoho's APIs and its token endpoint never redirect: a redirect means a wrong base URL (http, a retired host), a
 * proxy or a login page, and following it would send the request (and its token) somewhere unplanned. So fetch
 * is told `redirect: 'error'`, which also spares undici the copy of every request (and a tee of its body) that
 * the Fetch spec makes for any other mode: about a third of a bare loopback fetch on Node 20 (bench). fetch
 * then hides the redirect's status and Location, so `send` answers {@link REDIRECT_STATUS} and classify.ts
 * turns every 3xx into one config error.
 */
export const REDIRECT_STATUS = 300;

/** A 3xx: what classify.ts and the token endpoint refuse as a redirect. */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

export interface SentResponse {
  status: number;
  headers: Headers;
  /** The whole body as text; '' for 204 or an empty body. */
  text: string;
}

/**
 * Sends the request and reads the whole body before the deadline. The caller's `signal` cancels it too
 * (reported as `aborted`, which is never retried).
 */
export async function send(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<SentResponse> {
  if (signal?.aborted) throw new TransportFailure('aborted', undefined, signal.reason);
  if ((fetchFn as { [ENFORCES_DEADLINE]?: boolean })[ENFORCES_DEADLINE] === true) {
    try {
      const response = await fetchFn(url, {
        ...init,
        redirect: 'error',
        signal,
        [DEADLINE_MS]: timeoutMs,
      } as RequestInit);
      const text = response.status === 204 ? '' : await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (errorCode(error) === DEADLINE_EXCEEDED) throw new TransportFailure('timeout', undefined, error);
      if (signal?.aborted) throw new TransportFailure('aborted', undefined, error);
      if (isRefusedRedirect(error)) return refusedRedirect();
      throw toTransportFailure(error);
    }
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetchFn(url, { ...init, redirect: 'error', signal: controller.signal });
    const text = response.status === 204 ? '' : await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (timedOut) throw new TransportFailure('timeout', undefined, error);
    if (signal?.aborted) throw new TransportFailure('aborted', undefined, error);
    if (isRefusedRedirect(error)) return refusedRedirect();
    throw toTransportFailure(error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** What `send` answers for a redirect fetch refused (its Headers made only then: the global loads undici). */
function refusedRedirect(): SentResponse {
  return { status: REDIRECT_STATUS, headers: new Headers(), text: '' };
}

/** undici, Bun and Deno reject `redirect: 'error'` with a TypeError whose message (or cause's) says "redirect". */
function isRefusedRedirect(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    if (/redirect/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function toTransportFailure(error: unknown): TransportFailure {
  const code = errorCode(error);
  // Refused, or the host name did not resolve: either way nothing reached the server.
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TransportFailure('refused', code, error);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return new TransportFailure('reset', code, error);
  }
  return new TransportFailure('network', code, error);
}

/** undici nests the socket error: TypeError('fetch failed') → cause { code: 'ECONNRESET' }. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
