/**
 * One request, end to end (DESIGN.md §2). Read this file first.
 *
 * request:  attempt → decide → act, until an attempt succeeds or the decision is to stop (and throw).
 * attempt:  a limiter slot (Desk concurrency, Campaigns windows) → token = tokens.get() → send with
 *           `Authorization: Zoho-oauthtoken …` and a deadline → classify the envelope → data, or a failed
 *           attempt with its outcome and the typed error it would be (http/failed-attempt.ts).
 * decide:   the pure `decide` of http/outcome.ts: replay once with a fresh token, wait and retry, or stop.
 * act:      the one place that emits `retry` and sleeps. Auth is innermost: every attempt asks the token
 *           manager again, so a refreshed token is picked up.
 */

import type { AccessToken, TokenManager } from '../auth/token-manager.js';
import type { Endpoints } from '../datacenters.js';
import type { AnyZohoError, ZohoError, ZohoProduct } from '../errors.js';
import { redact } from '../redact.js';
import { sleep } from '../time.js';
import { classifyResponse } from './classify.js';
import type { EventListener } from './events.js';
import * as Failed from './failed-attempt.js';
import type { Release } from './limiter.js';
import { type Decision, decide, type RetryPolicy } from './outcome.js';
import { type RequestSpec, requestInit, requestUrl } from './request-spec.js';
import { type FetchLike, type SentResponse, send } from './transport.js';

export interface PipelineOptions {
  fetch: FetchLike;
  tokens: TokenManager;
  endpoints: Endpoints;
  /** `endpoints.api` was set explicitly: use it instead of the token's `api_domain`. */
  apiOverridden: boolean;
  retry: RetryPolicy;
  timeoutMs: number;
  emit?: EventListener | undefined;
  /** Literal secrets to mask on top of shape-based redaction (client secret, refresh token); the access token in use is added per attempt. */
  secrets: () => (string | undefined)[];
  random?: () => number;
  /** Client-side limits per product (http/limiter.ts). */
  limits?: { acquire(target: { product: ZohoProduct; path: string }, signal?: AbortSignal): Promise<Release> };
}

type Call = Failed.Call;
type Attempt = { ok: true; data: unknown } | ({ ok: false } & Failed.FailedAttempt);
const NO_LIMIT: Release = () => {};

export class Pipeline {
  readonly #o: PipelineOptions;
  #sequence = 0;

  constructor(options: PipelineOptions) {
    this.#o = options;
  }

  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    const call = Failed.beginCall(spec, this.#o.retry, this.#o.timeoutMs, `zk-${++this.#sequence}`);
    for (;;) {
      const attempt = await this.#attempt(call);
      if (attempt.ok) return attempt.data as T;
      const decision = decide(attempt.outcome, call, call.policy, this.#o.random);
      if (decision.act === 'stop') throw this.#report(attempt.error);
      await this.#act(call, attempt, decision);
    }
  }

  async #attempt(call: Call): Promise<Attempt> {
    const release = await this.#acquire(call);
    let token: AccessToken;
    try {
      token = await this.#o.tokens.get();
    } catch (error) {
      release();
      return { ok: false, ...Failed.fromToken(call, error as ZohoError) };
    }
    const url = requestUrl(call.spec, token, this.#o.endpoints, this.#o.apiOverridden);
    call.attempts++;
    call.secrets = [...this.#o.secrets(), token.token];
    const started = Date.now();
    this.#o.emit?.({ ...this.#meta(call, url), type: 'request' });
    let response: SentResponse;
    try {
      const init = requestInit(call.spec, call.method, token);
      response = await send(this.#o.fetch, url, init, call.timeoutMs, call.spec.signal);
    } catch (error) {
      return { ok: false, ...Failed.fromSend(call, url, error) };
    } finally {
      release();
    }
    const { product, path, headers } = call.spec;
    const { status, text } = response;
    const context = { path, headers, secrets: call.secrets };
    const classified = classifyResponse(product, status, response.headers, text, context);
    const code = classified.ok ? undefined : classified.failure.code;
    this.#o.emit?.({ ...this.#meta(call, url), type: 'response', status, durationMs: Date.now() - started, code });
    if (classified.ok) return classified;
    return { ok: false, ...Failed.fromResponse(call, url, response, classified.failure, token.token) };
  }

  /** The one place that reports a retry and waits for it. */
  async #act(call: Call, failed: Failed.FailedAttempt, decision: Exclude<Decision, { act: 'stop' }>): Promise<void> {
    const { status, code } = failed.error;
    const retry = { ...this.#meta(call), type: 'retry' as const, status, code };
    if (decision.act === 'replay_auth') {
      call.replayedAuth = true;
      if (failed.token !== undefined) await this.#o.tokens.invalidate(failed.token);
      this.#o.emit?.({ ...retry, reason: 'auth', delayMs: 0 });
      return;
    }
    call.retries++;
    this.#o.emit?.({ ...retry, reason: failed.phase, delayMs: decision.delayMs });
    await sleep(decision.delayMs, call.spec.signal).catch(() => {
      throw this.#report(Failed.aborted(call, 'to retry'));
    });
  }

  #meta(call: Call, url?: string) {
    const { spec, method, callId, attempts } = call;
    return { callId, product: spec.product, method, url: url ? redact(url) : spec.path, attempt: attempts };
  }

  #report(error: AnyZohoError): AnyZohoError {
    const { name, code, status, message, callId, product } = error;
    this.#o.emit?.({ type: 'error', callId, product, name, code, status, message });
    return error;
  }

  /** A slot from the product's limiter; waiting for it ends early if the caller aborts. */
  async #acquire(call: Call): Promise<Release> {
    if (!this.#o.limits) return NO_LIMIT;
    try {
      return await this.#o.limits.acquire(call.spec, call.spec.signal);
    } catch {
      throw this.#report(Failed.aborted(call, 'for a rate-limit slot'));
    }
  }
}
