/**
 * One request, end to end (DESIGN.md §2). Read this file first.
 *
 * attempt: token = tokens.get()  →  send with `Authorization: Zoho-oauthtoken …` and a deadline
 *          → classify the envelope → data | auth failure (invalidate, refresh once, replay once)
 *          | retryable (pure `shouldRetry`, jittered backoff or Retry-After) | typed error.
 * Auth is innermost: every attempt asks the token manager again, so a refreshed token is picked up.
 * Every attempt first takes a slot from the product's limiter (Desk concurrency, Campaigns call windows) and
 * gives it back when the answer is in, so retries and replays count like any other call.
 */

import type { AccessToken, TokenManager } from '../auth/token-manager.js';
import type { Endpoints } from '../datacenters.js';
import { createZohoError, type RedactedRequest, type ZohoError, type ZohoProduct } from '../errors.js';
import { redact } from '../redact.js';
import { classifyResponse, type Failure } from './classify.js';
import type { EventListener } from './events.js';
import type { Release } from './limiter.js';
import { type RetryPolicy, shouldRetry } from './retry.js';
import { type FetchLike, send, TransportFailure } from './transport.js';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestSpec {
  /** `api` is the unified API domain (CRM, Books, …: any Zoho product); `desk` and `campaigns` use their hosts. */
  product: 'api' | 'desk' | 'campaigns';
  method?: string;
  /** Path under the product host, starting with `/` (e.g. `/api/v1/tickets`). */
  path: string;
  /** Query parameters; undefined and null are left out, arrays are comma-joined. */
  query?: Record<string, QueryValue> | undefined;
  /** A JSON body. */
  body?: unknown;
  /** A form body (`application/x-www-form-urlencoded`), as Campaigns expects. */
  form?: Record<string, string> | URLSearchParams | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /**
   * The operation guards against duplicates itself, so a POST may be replayed after a reset or timeout.
   * Only set this when a replay cannot create a second record.
   */
  idempotent?: boolean | undefined;
}

export interface PipelineOptions {
  fetch: FetchLike;
  tokens: TokenManager;
  endpoints: Endpoints;
  /** `endpoints.api` was set explicitly: use it instead of the token's `api_domain`. */
  apiOverridden: boolean;
  retry: RetryPolicy;
  timeoutMs: number;
  emit?: EventListener | undefined;
  /** Literal secrets to mask on top of shape-based redaction (client secret, refresh token); the access token in use is added per call. */
  secrets: () => (string | undefined)[];
  random?: () => number;
  /** Client-side limits per product (http/limiter.ts). */
  limits?: { acquire(target: { product: ZohoProduct; path: string }, signal?: AbortSignal): Promise<Release> };
}

export class Pipeline {
  readonly #o: PipelineOptions;
  #sequence = 0;

  constructor(options: PipelineOptions) {
    this.#o = options;
  }

  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    const method = (spec.method ?? 'GET').toUpperCase();
    const policy = spec.maxRetries === undefined ? this.#o.retry : { ...this.#o.retry, maxRetries: spec.maxRetries };
    const requestId = `zk-${++this.#sequence}`;
    const emit = this.#o.emit;
    let retries = 0;
    let sent = 0;
    let replayedAuth = false;

    for (;;) {
      const release = await this.#acquire(spec, method, requestId);
      let token: AccessToken;
      try {
        token = await this.#o.tokens.get();
      } catch (error) {
        release();
        // No API request was sent: a failed token call may be retried whatever the method.
        const zohoError = error as ZohoError;
        const transient =
          zohoError.kind === 'connection' || (zohoError.kind === 'api' && (zohoError.status ?? 0) >= 500);
        const decision = transient
          ? shouldRetry({ method: 'GET', attempt: ++retries, policy, failure: 'network' })
          : undefined;
        if (decision?.retry) {
          emit?.({
            ...this.#meta(requestId, spec, method, sent),
            type: 'retry',
            reason: 'token',
            delayMs: decision.delayMs,
            code: zohoError.code,
          });
          await this.#sleep(decision.delayMs, spec, method, requestId);
          continue;
        }
        throw this.#report(zohoError, requestId, spec.product);
      }

      const url = this.#url(spec, token);
      sent++;
      const started = Date.now();
      if (emit) emit({ type: 'request', requestId, product: spec.product, method, url: redact(url), attempt: sent });

      let response: Awaited<ReturnType<typeof send>>;
      try {
        response = await send(
          this.#o.fetch,
          url,
          this.#init(spec, method, token),
          spec.timeoutMs ?? this.#o.timeoutMs,
          spec.signal,
        );
      } catch (error) {
        release();
        const failure = error instanceof TransportFailure ? error : new TransportFailure('network', undefined, error);
        const decision = shouldRetry({
          method,
          attempt: ++retries,
          policy,
          failure: failure.kind,
          idempotent: spec.idempotent,
        });
        if (decision.retry) {
          emit?.({
            ...this.#meta(requestId, spec, method, sent, url),
            type: 'retry',
            reason: 'connection',
            delayMs: decision.delayMs,
            code: failure.kind,
          });
          await this.#sleep(decision.delayMs, spec, method, requestId);
          continue;
        }
        throw this.#report(
          this.#connectionError(failure, spec, method, url, sent, token.token),
          requestId,
          spec.product,
        );
      }

      release();
      const classified = classifyResponse(spec.product, response.status, response.headers, response.text, {
        path: spec.path,
        headers: spec.headers,
        secrets: [...this.#o.secrets(), token.token],
      });
      if (emit) {
        emit({
          ...this.#meta(requestId, spec, method, sent, url),
          type: 'response',
          status: response.status,
          durationMs: Date.now() - started,
          code: classified.ok ? undefined : classified.failure.code,
        });
      }
      if (classified.ok) return classified.data as T;
      const failure = classified.failure;

      if (failure.authFailure && !replayedAuth) {
        // Refresh once and replay once; a second rejection is final (never loop on a bad token).
        replayedAuth = true;
        await this.#o.tokens.invalidate(token.token);
        emit?.({
          ...this.#meta(requestId, spec, method, sent, url),
          type: 'retry',
          reason: 'auth',
          delayMs: 0,
          status: response.status,
          code: failure.code,
        });
        continue;
      }

      const decision = failure.authFailure
        ? undefined
        : shouldRetry({
            method,
            attempt: ++retries,
            policy,
            status: response.status,
            retryAfterMs: failure.retryAfterMs,
            idempotent: spec.idempotent,
          });
      if (decision?.retry) {
        emit?.({
          ...this.#meta(requestId, spec, method, sent, url),
          type: 'retry',
          reason: 'status',
          delayMs: decision.delayMs,
          status: response.status,
          code: failure.code,
        });
        await this.#sleep(decision.delayMs, spec, method, requestId);
        continue;
      }
      throw this.#report(
        this.#responseError(failure, response, spec, method, url, replayedAuth, token.token),
        requestId,
        spec.product,
      );
    }
  }

  #url(spec: RequestSpec, token: AccessToken): string {
    const { endpoints } = this.#o;
    const base =
      spec.product === 'desk'
        ? endpoints.desk
        : spec.product === 'campaigns'
          ? endpoints.campaigns
          : this.#o.apiOverridden
            ? endpoints.api
            : (token.apiDomain ?? endpoints.api);
    let url = base + (spec.path.startsWith('/') ? spec.path : `/${spec.path}`);
    if (spec.query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(spec.query)) {
        if (value === undefined || value === null) continue;
        params.append(key, Array.isArray(value) ? value.join(',') : String(value));
      }
      const qs = params.toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    return url;
  }

  #init(spec: RequestSpec, method: string, token: AccessToken): RequestInit {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    headers.authorization = `Zoho-oauthtoken ${token.token}`;
    let body: string | undefined;
    if (spec.form !== undefined) {
      body = (spec.form instanceof URLSearchParams ? spec.form : new URLSearchParams(spec.form)).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    return { method, headers, body };
  }

  #meta(requestId: string, spec: RequestSpec, method: string, attempt: number, url?: string) {
    return { requestId, product: spec.product, method, url: url ? redact(url) : spec.path, attempt };
  }

  #request(method: string, url: string): RedactedRequest {
    return { method, url };
  }

  #connectionError(
    failure: TransportFailure,
    spec: RequestSpec,
    method: string,
    url: string,
    attempts: number,
    accessToken: string,
  ): ZohoError {
    const path = new URL(url).pathname;
    const certainlyNotSent = failure.kind === 'refused';
    const what =
      failure.kind === 'timeout'
        ? `did not answer ${method} ${path} within ${spec.timeoutMs ?? this.#o.timeoutMs} ms`
        : failure.kind === 'aborted'
          ? `${method} ${path} was aborted by the caller`
          : `connection failed for ${method} ${path} (${failure.errorCode ?? failure.kind})`;
    return createZohoError('connection', {
      message: `${spec.product} ${what}`,
      code: failure.kind,
      product: spec.product,
      request: this.#request(method, url),
      attempts,
      details: { outcome: certainlyNotSent ? 'not_sent' : 'unknown' },
      fix: certainlyNotSent
        ? 'Check the network and the endpoint URL'
        : `The request may or may not have reached Zoho${method === 'POST' || method === 'PATCH' ? '; it was not replayed to avoid a duplicate' : ''}`,
      cause: failure,
      secrets: [...this.#o.secrets(), accessToken],
    });
  }

  #responseError(
    failure: Failure,
    response: { status: number; headers: Headers },
    spec: RequestSpec,
    method: string,
    url: string,
    replayedAuth: boolean,
    accessToken: string,
  ): ZohoError {
    const path = new URL(url).pathname;
    const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > this.#o.retry.maxRetryAfterMs;
    return createZohoError(tooLong && response.status === 429 ? 'rate_limit' : failure.kind, {
      message:
        failure.authFailure && replayedAuth
          ? `${spec.product} rejected ${method} ${path} even with a freshly refreshed token: ${failure.message}`
          : `${spec.product} rejected ${method} ${path}: ${failure.message}`,
      code: failure.code,
      status: response.status,
      product: spec.product,
      requestId: response.headers.get('x-request-id') ?? undefined,
      request: this.#request(method, url),
      fix: failure.fix,
      details: failure.details,
      retryAfterMs: failure.retryAfterMs,
      secrets: [...this.#o.secrets(), accessToken],
    });
  }

  #report(error: ZohoError, requestId: string, product: ZohoProduct): ZohoError {
    this.#o.emit?.({
      type: 'error',
      requestId,
      product,
      name: error.name,
      code: error.code,
      status: error.status,
      message: error.message,
    });
    return error;
  }

  /** A slot from the product's limiter; waiting for it ends early if the caller aborts. */
  async #acquire(spec: RequestSpec, method: string, requestId: string): Promise<Release> {
    if (!this.#o.limits) return () => {};
    try {
      return await this.#o.limits.acquire(spec, spec.signal);
    } catch {
      throw this.#aborted(spec, method, requestId, 'for a rate-limit slot');
    }
  }

  #aborted(spec: RequestSpec, method: string, requestId: string, waitingFor: string): ZohoError {
    return this.#report(
      createZohoError('connection', {
        message: `${spec.product} ${method} ${spec.path} was aborted by the caller while waiting ${waitingFor}`,
        code: 'aborted',
        product: spec.product,
      }),
      requestId,
      spec.product,
    );
  }

  async #sleep(ms: number, spec: RequestSpec, method: string, requestId: string): Promise<void> {
    if (ms <= 0) return;
    const signal = spec.signal;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.#aborted(spec, method, requestId, 'to retry'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
