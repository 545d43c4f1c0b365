/**
 * A failed attempt, as the pipeline's decision and its reports need it: the outcome (http/outcome.ts) and
 * the typed error it becomes if the decision is to stop, built through the one factory with every fact the
 * pipeline knows (our call id, Zoho's request id, attempts made, the outcome a worker should act on).
 */

import { type AnyZohoError, createZohoError, withFacts, type ZohoError, type ZohoOutcome } from '../errors.js';
import type { Failure } from './classify.js';
import {
  type AttemptOutcome,
  classifyFailure,
  classifyTokenFailure,
  errorOutcome,
  type RetryPolicy,
} from './outcome.js';
import type { RequestSpec } from './request-spec.js';
import { TransportFailure } from './transport.js';

/** Facts of the call an error is about. */
export interface CallFacts {
  spec: RequestSpec;
  method: string;
  callId: string;
  /** API requests sent so far. */
  attempts: number;
  timeoutMs: number;
  /** The token was already refreshed and the call replayed once. */
  replayedAuth: boolean;
  maxRetryAfterMs: number;
  /** Literal secrets to mask: the configured ones and the access token of the last attempt. */
  secrets: readonly (string | undefined)[];
}

/** A call in progress: its facts for errors and events, and where it stands for the decision. */
export interface Call extends CallFacts {
  policy: RetryPolicy;
  /** Retries already made. */
  retries: number;
}

/** A new call, its retry policy narrowed by the spec's own `maxRetries`. */
export function beginCall(spec: RequestSpec, retry: RetryPolicy, timeoutMs: number, callId: string): Call {
  const policy = spec.maxRetries === undefined ? retry : { ...retry, maxRetries: spec.maxRetries };
  return {
    spec,
    method: (spec.method ?? 'GET').toUpperCase(),
    callId,
    timeoutMs: spec.timeoutMs ?? timeoutMs,
    maxRetryAfterMs: policy.maxRetryAfterMs,
    secrets: [],
    policy,
    attempts: 0,
    retries: 0,
    replayedAuth: false,
  };
}

export interface FailedAttempt {
  outcome: AttemptOutcome;
  error: AnyZohoError;
  /** Where it failed, as the `retry` event's reason names it. */
  phase: 'token' | 'connection' | 'status';
  /** The access token Zoho rejected, to invalidate before the replay. */
  token?: string | undefined;
}

/** The token call failed: no API request was sent. */
export function fromToken(call: CallFacts, error: ZohoError): FailedAttempt {
  const outcome = classifyTokenFailure(error.kind, error.status);
  const facts = { callId: call.callId, attempts: call.attempts, outcome: errorOutcome(outcome) };
  return { outcome, phase: 'token', error: withFacts(error, facts) };
}

/** No response arrived. */
export function fromSend(call: CallFacts, url: string, thrown: unknown): FailedAttempt {
  const { spec, method } = call;
  const failure = thrown instanceof TransportFailure ? thrown : new TransportFailure('network', undefined, thrown);
  const outcome = classifyFailure({ method, idempotent: spec.idempotent, transport: failure.kind });
  return { outcome, phase: 'connection', error: connectionError(call, url, failure, errorOutcome(outcome)) };
}

/** Zoho answered with an error (classify.ts said so). */
export function fromResponse(
  call: CallFacts,
  url: string,
  response: { status: number; headers: Headers },
  failure: Failure,
  token: string,
): FailedAttempt {
  const { spec, method } = call;
  const outcome = classifyFailure({ method, idempotent: spec.idempotent, status: response.status, ...failure });
  const error = responseError(call, url, response, failure, errorOutcome(outcome));
  return { outcome, phase: 'status', token, error };
}

/** The caller's signal fired while the call waited (for a limiter slot, or before a retry). */
export function aborted(call: CallFacts, waitingFor: string): AnyZohoError {
  const { spec, method } = call;
  return createZohoError('connection', {
    message: `${spec.product} ${method} ${spec.path} was aborted by the caller while waiting ${waitingFor}`,
    code: 'aborted',
    product: spec.product,
    callId: call.callId,
    attempts: call.attempts,
    // It waited only before a first attempt or after one that is safe to send again.
    outcome: 'not_sent',
  });
}

function connectionError(call: CallFacts, url: string, failure: TransportFailure, outcome: ZohoOutcome) {
  const { spec, method } = call;
  const { host, pathname } = new URL(url);
  const what =
    failure.kind === 'timeout'
      ? `did not answer ${method} ${pathname} within ${call.timeoutMs} ms`
      : failure.kind === 'aborted'
        ? `${method} ${pathname} was aborted by the caller`
        : `connection failed for ${method} ${pathname} (${failure.errorCode ?? failure.kind})`;
  const notSent = failure.kind === 'refused';
  return createZohoError('connection', {
    message: `${spec.product} ${what}`,
    code: failure.kind,
    product: spec.product,
    callId: call.callId,
    request: { method, url },
    attempts: call.attempts,
    outcome,
    details: { outcome: notSent ? 'not_sent' : 'unknown' },
    fix: notSent
      ? `Nothing reached ${host}: check the network and the endpoint URL`
      : `The request may or may not have reached Zoho${method === 'POST' || method === 'PATCH' ? '; it was not replayed to avoid a duplicate' : ''}`,
    cause: failure,
    secrets: call.secrets,
  });
}

function responseError(
  call: CallFacts,
  url: string,
  response: { status: number; headers: Headers },
  failure: Failure,
  outcome: ZohoOutcome,
) {
  const { spec, method } = call;
  const path = new URL(url).pathname;
  const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > call.maxRetryAfterMs;
  const again = failure.authFailure && call.replayedAuth ? ' even with a freshly refreshed token' : '';
  return createZohoError(tooLong && response.status === 429 ? 'rate_limit' : failure.kind, {
    message: `${spec.product} rejected ${method} ${path}${again}: ${failure.message}`,
    code: failure.code,
    status: response.status,
    product: spec.product,
    requestId: response.headers.get('x-request-id') ?? undefined,
    callId: call.callId,
    request: { method, url },
    attempts: call.attempts,
    outcome,
    fix: failure.fix,
    details: failure.details,
    retryAfterMs: failure.retryAfterMs,
    secrets: call.secrets,
  });
}
