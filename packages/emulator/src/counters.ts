/*
 * Counters are how tests prove behaviour that a client cannot see: how many token calls a wrapper made, or
 * that a POST whose connection was reset still took effect on the server.
 */

/** The kind of a `/oauth/v2/token` (or revoke) call, by its `grant_type`. */
export type TokenCallKind = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'revoke' | 'other';

/** What the emulator counted: token calls by grant type, token errors, and API requests by route and status. */
export interface Counters {
  tokenCalls: Record<TokenCallKind | 'total', number>;
  /** Keyed by the `error` value of the body, e.g. `invalid_code`, `Access Denied`, `invalid_token`. */
  tokenErrors: Record<string, number>;
  /** `'<METHOD> <route path>'` → outcome (`'200'`, `'401'`, `'reset'`, `'hang'`, `'aborted'`) → count. */
  requests: Record<string, Record<string, number>>;
}

export type RequestOutcome = number | 'reset' | 'hang' | 'aborted';

export function emptyCounters(): Counters {
  return {
    tokenCalls: { total: 0, authorization_code: 0, refresh_token: 0, client_credentials: 0, revoke: 0, other: 0 },
    tokenErrors: {},
    requests: {},
  };
}

export function countTokenCall(counters: Counters, kind: TokenCallKind): void {
  counters.tokenCalls.total += 1;
  counters.tokenCalls[kind] += 1;
}

export function countTokenError(counters: Counters, error: string): void {
  counters.tokenErrors[error] = (counters.tokenErrors[error] ?? 0) + 1;
}

export function countRequest(counters: Counters, routeKey: string, outcome: RequestOutcome): void {
  const byOutcome = counters.requests[routeKey] ?? {};
  const key = String(outcome);
  byOutcome[key] = (byOutcome[key] ?? 0) + 1;
  counters.requests[routeKey] = byOutcome;
}
