// @ts-check
// The admin endpoints, called with the secret key as a header: the page's only credential, which a browser never
// sends by itself, so no other site can act with it (no cookie, no CSRF).

/** @typedef {'pending' | 'in_flight' | 'delivered' | 'dead' | 'expired' | 'discarded'} DeliveryState */

/**
 * `GET /v1/status` (src/http/admin-views.ts, StatusView).
 * @typedef {object} StatusView
 * @property {string} now
 * @property {Record<DeliveryState, number>} counts
 * @property {string | null} oldestPendingAt
 * @property {number | null} oldestPendingAgeMs
 * @property {{ product: string, code: string | null, reason: string, fix: string | null, since: string } | null} paused
 * @property {{ product: string, state: 'closed' | 'open' | 'half_open', failures: number, until: string | null }[]} circuits
 * @property {boolean} workerRunning
 */

/**
 * One row of `GET /v1/deliveries` (AdminDeliveryView).
 * @typedef {object} DeliveryRow
 * @property {string} id
 * @property {string} operation
 * @property {string} product
 * @property {DeliveryState} state
 * @property {number} attempts
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {string | null} deliveredAt
 * @property {string | null} nextAttemptAt
 * @property {boolean} maybeSent
 * @property {{ code: string | null, summary: string, fix: string | null } | null} lastError
 */

/** An answer that was not a success, with the relay's error code and message. */
export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {string | undefined} fix */
  constructor(status, code, message, fix) {
    super(message);
    this.status = status;
    this.code = code;
    this.fix = fix;
  }
}

/**
 * @param {string} key
 * @param {string} path
 * @param {unknown} [body] Sent as JSON with POST.
 * @returns {Promise<any>}
 */
export async function call(key, path, body) {
  /** @type {RequestInit} */
  const init = { headers: { authorization: `Bearer ${key}` }, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'unreachable', 'The relay did not answer (stopped, or the network is down)', undefined);
  }
  const json = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = json?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The relay answered HTTP ${response.status}`,
      error?.fix,
    );
  }
  return json;
}

/** @param {string} key @returns {Promise<StatusView>} */
export const getStatus = (key) => call(key, '/v1/status');

/** @param {string} key @param {string} states @param {number} limit @returns {Promise<DeliveryRow[]>} */
export const listDeliveries = async (key, states, limit) =>
  (
    await call(
      key,
      `/v1/deliveries?${new URLSearchParams(states ? { state: states, limit: String(limit) } : { limit: String(limit) })}`,
    )
  ).deliveries;

/**
 * @param {string} key
 * @param {'retry' | 'discard'} action
 * @param {{ ids: string[] } | { all: true }} which
 * @returns {Promise<number>} How many changed.
 */
export async function act(key, action, which) {
  const answer = await call(key, `/v1/deliveries/${action}`, which);
  return action === 'retry' ? answer.retried : answer.discarded;
}

/** @param {string} key @returns {Promise<boolean>} */
export const resume = async (key) => (await call(key, '/v1/resume', {})).resumed;
