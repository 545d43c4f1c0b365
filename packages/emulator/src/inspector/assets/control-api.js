// @ts-check
// The page's client of the control API (/__emulator/...): the browser's counterpart of EmulatorControl, typed
// with the same TypeScript shapes the routes answer with.

/** @typedef {import('../types.js').EmulatorInfo} EmulatorInfo */
/** @typedef {import('../types.js').RequestLogEntry} RequestLogEntry */
/** @typedef {import('../../control/types.js').ClientSummary} ClientSummary */
/** @typedef {import('../../control/types.js').TokensSnapshot} TokensSnapshot */
/** @typedef {import('../../control/types.js').CountersSnapshot} CountersSnapshot */
/** @typedef {import('../../control/types.js').FaultQueueSummary} FaultQueueSummary */
/** @typedef {import('../../control/types.js').FaultSpec} FaultSpec */
/** @typedef {import('../../control/types.js').Fault} Fault */
/** @typedef {import('../../control/types.js').ExpireTokensResult} ExpireTokensResult */
/** @typedef {import('../../control/types.js').RevokeTokenResult} RevokeTokenResult */
/** @typedef {import('../../control/types.js').ControlError} ControlError */
/** @typedef {import('../../desk/desk-control-types.js').DeskOverview} DeskOverview */
/** @typedef {import('../../desk/desk-control-types.js').DeskTicketRecord} DeskTicketRecord */
/** @typedef {import('../../desk/desk-control-types.js').DeskContactRecord} DeskContactRecord */
/** @typedef {import('../../crm/crm-control-types.js').CrmOverview} CrmOverview */
/** @typedef {import('../../campaigns/control-types.js').CampaignsSnapshot} CampaignsSnapshot */
/** @typedef {import('../../campaigns/control-types.js').CampaignsListSummary} CampaignsListSummary */
/** @typedef {import('../../campaigns/control-types.js').CampaignsSubscriberSummary} CampaignsSubscriberSummary */

const API = '/__emulator';

/** @param {string} text @returns {unknown} */
function parseJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One control call. A failure throws with the route's own `error` text (every control route answers one).
 * @template T
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<T>}
 */
async function call(method, path, body) {
  /** @type {RequestInit} */
  const init =
    body === undefined
      ? { method }
      : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${API}${path}`, init);
  const data = parseJson(await res.text());
  if (!res.ok)
    throw new Error(
      /** @type {ControlError | undefined} */ (data)?.error ?? `${method} ${path} answered ${res.status}`,
    );
  return /** @type {T} */ (data);
}

/** @returns {Promise<EmulatorInfo>} */
export const info = () => call('GET', '/info');

/** @returns {Promise<{ clients: ClientSummary[] }>} */
export const clients = () => call('GET', '/clients');

/** @returns {Promise<TokensSnapshot>} */
export const tokens = () => call('GET', '/tokens');

/** @returns {Promise<CountersSnapshot>} */
export const counters = () => call('GET', '/counters');

/** @returns {Promise<{ queues: FaultQueueSummary[] }>} */
export const faults = () => call('GET', '/faults');

/** @param {FaultSpec} spec @returns {Promise<FaultQueueSummary>} */
export const queueFaults = (spec) => call('POST', '/faults', spec);

/** Every queue, or the one of this path (and method). @param {{ path: string, method: string | null }} [which] */
export function clearFaults(which) {
  if (!which) return call('DELETE', '/faults');
  const query = new URLSearchParams({ path: which.path, ...(which.method ? { method: which.method } : {}) });
  return call('DELETE', `/faults?${query}`);
}

/** @returns {Promise<ExpireTokensResult>} */
export const expireTokens = () => call('POST', '/tokens/expire', {});

/** By the token's id (`rt_3`): the page only ever sees masked values. @param {string} id @returns {Promise<RevokeTokenResult>} */
export const revokeToken = (id) => call('POST', `/tokens/${encodeURIComponent(id)}/revoke`);

export const reset = () => call('POST', '/reset');

/** @param {number} limit @returns {Promise<{ size: number, stored: number, requests: RequestLogEntry[] }>} */
export const requests = (limit) => call('GET', `/requests?limit=${Math.max(1, limit)}`);

export const clearRequests = () => call('DELETE', '/requests');

/** @returns {Promise<DeskOverview>} */
export const deskOverview = () => call('GET', '/desk');

/** @returns {Promise<{ tickets: DeskTicketRecord[] }>} */
export const deskTickets = () => call('GET', '/desk/tickets');

/** @returns {Promise<{ contacts: DeskContactRecord[] }>} */
export const deskContacts = () => call('GET', '/desk/contacts');

/** @returns {Promise<CrmOverview>} */
export const crmOverview = () => call('GET', '/crm');

/** @returns {Promise<CampaignsSnapshot>} */
export const campaigns = () => call('GET', '/campaigns');

/** @param {string} listKey @returns {Promise<{ subscribers: CampaignsSubscriberSummary[] }>} */
export const subscribers = (listKey) => call('GET', `/campaigns/lists/${encodeURIComponent(listKey)}/subscribers`);

/** Plays the click on the confirmation link. @param {string} listKey @param {string} email */
export const confirmSubscriber = (listKey, email) => call('POST', '/campaigns/confirm', { listKey, email });

/** The message of anything thrown, for a toast. @param {unknown} error */
export const messageOf = (error) => (error instanceof Error ? error.message : String(error));
