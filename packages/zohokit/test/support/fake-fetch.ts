/**
 * An injected `fetch` for product tests: it answers the token endpoint itself (a new, obviously fake access
 * token per call) and hands every other request to the test's handler, recording each one. No network.
 */

import { Zoho, type ZohoError, type ZohoEvent, type ZohoOptions } from 'zohokit';

export interface Call {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
  /** Milliseconds since the fake was created, when fetch was called. */
  at: number;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export interface Fake {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Product calls (the token endpoint is not recorded here). */
  calls: Call[];
  tokenCalls: () => number;
  /** The most calls that were in progress at the same time. */
  maxInFlight: () => number;
}

export function fake(handler: Handler): Fake {
  const started = Date.now();
  const calls: Call[] = [];
  let minted = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    calls,
    tokenCalls: () => minted,
    maxInFlight: () => maxInFlight,
    async fetch(input, init) {
      const url = new URL(input);
      if (url.pathname === '/oauth/v2/token') {
        minted++;
        return json({ access_token: `test-access-${minted}`, expires_in: 3600, api_domain: 'https://api.test' });
      }
      const call: Call = {
        url,
        method: init.method ?? 'GET',
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? init.body : '',
        at: Date.now() - started,
      };
      calls.push(call);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await handler(call);
      } finally {
        inFlight--;
      }
    },
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** A reset the way undici reports it: TypeError('fetch failed') with the socket error as its cause. */
export function connectionReset(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

export function client(f: Fake, options: Partial<ZohoOptions> = {}): { zoho: Zoho; events: ZohoEvent[] } {
  const events: ZohoEvent[] = [];
  const zoho = new Zoho({
    clientId: 'test-client-id',
    clientSecret: 'test-client-secret',
    refreshToken: 'test-refresh-token',
    fetch: f.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { zoho, events };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<ZohoError> {
  try {
    await promise;
  } catch (error) {
    return error as ZohoError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The form body of a recorded call. */
export function form(call: Call | undefined): URLSearchParams {
  return new URLSearchParams(call?.body ?? '');
}
