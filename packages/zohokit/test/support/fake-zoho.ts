/**
 * A scripted stand-in for `fetch`, for unit tests: it records every call and answers from per-route queues
 * (token endpoint vs. everything else). When a queue is empty it answers with a default: a freshly minted
 * token for the token endpoint, `{ data: [] }` for API calls. No network is ever used.
 *
 * Token-shaped strings are built at runtime (a repo secret scan flags the literal shape).
 */

import { Zoho, type ZohoOptions } from 'zohokit';

export interface Call {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
  at: number;
}

export type Responder = (call: Call) => Response | Promise<Response>;

/** A Zoho-shaped token (`1000.<32 hex>.<32 hex>`), distinct per `n` and per `salt`. */
export function zohoToken(n: number, salt = 'e'): string {
  return `1000.${n.toString(16).padStart(32, '0')}.${salt.repeat(32)}`;
}

export const REFRESH_TOKEN = `1000.${'a'.repeat(32)}.${'b'.repeat(32)}`;
/** 42 lowercase hex characters, like Zoho's client secrets; no token shape, so only literal masking hides it. */
export const CLIENT_SECRET = `5ec${'d'.repeat(39)}`;
export const CLIENT_ID = '1000.CLIENTIDFORUNITTESTS0000000000';

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

export function textResponse(text: string, status: number, contentType = 'text/html'): Response {
  return new Response(text, { status, headers: { 'content-type': contentType } });
}

export function tokenBody(accessToken: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: accessToken,
    api_domain: 'https://www.zohoapis.com',
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'Desk.tickets.ALL ZohoCampaigns.contact.ALL',
    ...extra,
  };
}

export const ok =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Responder =>
  () =>
    jsonResponse(body, status, headers);

/** A fetch failure the way undici reports it: TypeError('fetch failed') with the socket error as cause. */
export function networkError(code: string, message = `connect ${code} 127.0.0.1:443`): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

export const fail =
  (error: Error): Responder =>
  () => {
    throw error;
  };

/** Never answers; rejects like fetch does when the request's signal aborts. */
export const hang: Responder = (call) =>
  new Promise<Response>((_resolve, reject) => {
    const abort = () => reject(new DOMException('This operation was aborted', 'AbortError'));
    if (call.signal?.aborted) abort();
    call.signal?.addEventListener('abort', abort, { once: true });
  });

export const delayed =
  (ms: number, responder: Responder): Responder =>
  async (call) => {
    await sleep(ms);
    return responder(call);
  };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class FakeZoho {
  readonly calls: Call[] = [];
  readonly #token: Responder[] = [];
  readonly #api: Responder[] = [];
  #minted = 0;
  /** Delay applied to default token answers, to make concurrent callers overlap. */
  tokenDelayMs = 0;
  /** Extra fields for default token answers. */
  tokenExtra: Record<string, unknown> = {};

  /** The access tokens handed out by default token answers, in order. */
  readonly minted: string[] = [];

  queueToken(...responders: Responder[]): this {
    this.#token.push(...responders);
    return this;
  }

  queueApi(...responders: Responder[]): this {
    this.#api.push(...responders);
    return this;
  }

  get tokenCalls(): Call[] {
    return this.calls.filter((c) => c.url.pathname.startsWith('/oauth/'));
  }

  get apiCalls(): Call[] {
    return this.calls.filter((c) => !c.url.pathname.startsWith('/oauth/'));
  }

  /** A default token answer: a new token each time. */
  mint: Responder = async () => {
    if (this.tokenDelayMs > 0) await sleep(this.tokenDelayMs);
    const token = zohoToken(++this.#minted);
    this.minted.push(token);
    return jsonResponse(tokenBody(token, this.tokenExtra));
  };

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const call: Call = {
      url: new URL(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : init.body == null ? '' : String(init.body),
      signal: init.signal ?? undefined,
      at: Date.now(),
    };
    this.calls.push(call);
    const isToken = call.url.pathname.startsWith('/oauth/');
    const queue = isToken ? this.#token : this.#api;
    const responder = queue.shift() ?? (isToken ? this.mint : ok({ data: [] }));
    return responder(call);
  };
}

/** A `Zoho` client wired to `fake`, with fast retries. */
export function makeZoho(fake: FakeZoho, options: Partial<ZohoOptions> = {}): Zoho {
  return new Zoho({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: REFRESH_TOKEN,
    fetch: fake.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}
