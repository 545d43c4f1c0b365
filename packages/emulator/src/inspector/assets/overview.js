// @ts-check
// The overview: summary cards, clients, token-endpoint counters, refresh and access tokens.

import * as control from './control-api.js';
import { countdown } from './countdown.js';
import { $, badge, h, renderRows } from './dom.js';
import { fmtDateTime, fmtNumber } from './format.js';
import { isFailure } from './request-status.js';
import { MAX_ROWS } from './state.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./state.js').PageState} PageState */
/** @typedef {import('./control-api.js').TokensSnapshot} TokensSnapshot */
/** @typedef {import('./control-api.js').CountersSnapshot} CountersSnapshot */
/** @typedef {import('../../control/types.js').RefreshTokenSummary} RefreshToken */
/** @typedef {import('../../control/types.js').AccessTokenSummary} AccessToken */
/** @typedef {import('../../control/types.js').TokenState} TokenState */

/** @type {Record<TokenState, string>} */
const TOKEN_TONES = { live: 'ok', expired: 'warn', evicted: '', revoked: 'bad' };

/** The client's name, or its id when it is gone. @param {PageState} state @param {string} clientId */
export function clientName(state, clientId) {
  return state.clients.find((c) => c.clientId === clientId)?.name ?? clientId;
}

/** @param {Page} page */
export async function loadOverview(page) {
  const [clients, tokens, counters] = await Promise.all([control.clients(), control.tokens(), control.counters()]);
  const { state } = page;
  state.clients = clients.clients;
  renderCards(state, tokens, counters);
  renderClients(state);
  renderTokenCalls(counters);
  renderRefreshTokens(state, tokens);
  renderAccessTokens(state, tokens);
}

/** @param {PageState} state @param {TokensSnapshot} tokens @param {CountersSnapshot} counters */
function renderCards(state, tokens, counters) {
  const now = Date.now();
  const liveAccess = tokens.accessTokens.filter((t) => t.state === 'live' && t.expiresAt > now).length;
  const liveRefresh = tokens.refreshTokens.filter((t) => t.state === 'live').length;
  const failed = state.requests.filter(isFailure).length;
  /** @param {string} label @param {number} value @param {string} [tone] */
  const card = (label, value, tone) =>
    h(
      'li',
      { class: tone },
      h('span', { class: 'value', text: fmtNumber(value) }),
      h('span', { class: 'label', text: label }),
    );
  $('overview-cards').replaceChildren(
    card('Clients', state.clients.length),
    card('Live access tokens', liveAccess),
    card('Live refresh tokens', liveRefresh),
    card('Token endpoint calls', counters.tokenCalls.total),
    card('Requests in the log', state.requests.length),
    card('Failed requests', failed, failed > 0 ? 'bad' : undefined),
  );
}

/** @param {PageState} state */
function renderClients(state) {
  renderRows(
    $('clients-body', HTMLTableSectionElement),
    state.clients.map((c) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', text: c.name }),
        h('td', { class: 'mono', text: c.clientId }),
        h('td', { text: c.type }),
        h('td', { class: 'mono', text: c.clientSecret }),
        h('td', { class: 'nowrap', text: fmtDateTime(c.createdAt) }),
      ),
    ),
    'No clients yet — create one with POST /__emulator/clients or `zohokit emulator` commands.',
  );
}

/** @param {CountersSnapshot} counters */
function renderTokenCalls(counters) {
  const calls = counters.tokenCalls;
  /** @type {Array<[string, number]>} */
  const pairs = [
    ['Total', calls.total],
    ['authorization_code', calls.authorization_code],
    ['refresh_token', calls.refresh_token],
    ['client_credentials', calls.client_credentials],
    ['revoke', calls.revoke],
  ];
  if (calls.other) pairs.push(['other', calls.other]);
  const errors = Object.entries(counters.tokenErrors);
  $('token-calls').replaceChildren(
    ...pairs.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: fmtNumber(v) })]),
    h('dt', { text: 'Errors' }),
    h(
      'dd',
      {},
      errors.length === 0
        ? 'none'
        : errors.map(([code, n], i) => [i > 0 ? ', ' : '', h('span', { class: 'code', text: code }), ` × ${n}`]),
    ),
  );
}

/** @param {number} minted @param {number} max */
function mintedMeter(minted, max) {
  return h(
    'td',
    { class: 'nowrap' },
    h('meter', {
      min: 0,
      max,
      low: Math.ceil(max * 0.7),
      high: max - 1,
      optimum: 0,
      value: minted,
      'aria-label': `${minted} of ${max} access tokens minted in this window`,
    }),
    `${minted} / ${max}`,
  );
}

/** @param {PageState} state @param {RefreshToken} t @param {number} max */
function refreshTokenRow(state, t, max) {
  return h(
    'tr',
    {},
    h('th', { scope: 'row', class: 'mono nowrap', text: t.token }),
    h('td', { text: clientName(state, t.clientId) }),
    h('td', {}, badge(t.state, TOKEN_TONES[t.state])),
    mintedMeter(t.mintedInWindow, max),
    h('td', {}, t.windowEndsAt ? countdown(t.windowEndsAt, { past: 'ended' }) : '—'),
    h('td', { class: 'num', text: t.liveAccessTokens }),
    h('td', { class: 'clip', title: t.scopes.join(' '), text: t.scopes.join(', ') }),
    h('td', { class: 'nowrap', text: fmtDateTime(t.createdAt) }),
  );
}

/** @param {PageState} state @param {TokensSnapshot} tokens */
function renderRefreshTokens(state, tokens) {
  const max = state.info?.limits.accessTokensPerRefreshToken ?? 10;
  const newest = tokens.refreshTokens.slice().reverse().slice(0, MAX_ROWS);
  renderRows(
    $('refresh-body', HTMLTableSectionElement),
    newest.map((t) => refreshTokenRow(state, t, max)),
    'No refresh tokens yet — exchange a grant code at /oauth/v2/token.',
  );
}

/** A live token past its expiry shows as expired, and turns so by itself (see tickCountdowns). @param {AccessToken} t */
function accessStateBadge(t) {
  const shownState = t.state === 'live' && t.expiresAt <= Date.now() ? 'expired' : t.state;
  return h('span', {
    class: `badge ${TOKEN_TONES[shownState]}`,
    text: shownState,
    dataset: t.state === 'live' ? { liveUntil: String(t.expiresAt) } : undefined,
  });
}

/** @param {AccessToken} t */
function accessEnd(t) {
  if (t.state === 'live') return countdown(t.expiresAt, { past: 'expired' });
  return t.endedAt ? `${t.state} ${fmtDateTime(t.endedAt)}` : '—';
}

/** @param {PageState} state @param {AccessToken} t @param {Map<string, RefreshToken>} refreshById */
function accessTokenRow(state, t, refreshById) {
  return h(
    'tr',
    {},
    h('th', { scope: 'row', class: 'mono nowrap', text: t.token }),
    h('td', { text: clientName(state, t.clientId) }),
    h('td', {}, accessStateBadge(t)),
    h('td', {}, accessEnd(t)),
    h('td', { class: 'mono', text: t.grantType }),
    h('td', {
      class: 'mono',
      text: t.refreshTokenId ? (refreshById.get(t.refreshTokenId)?.token ?? t.refreshTokenId) : '—',
    }),
    h('td', { class: 'nowrap', text: fmtDateTime(t.createdAt) }),
  );
}

/** @param {PageState} state @param {TokensSnapshot} tokens */
function renderAccessTokens(state, tokens) {
  const refreshById = new Map(tokens.refreshTokens.map((t) => [t.id, t]));
  const newest = tokens.accessTokens.slice().reverse().slice(0, MAX_ROWS);
  renderRows(
    $('access-body', HTMLTableSectionElement),
    newest.map((t) => accessTokenRow(state, t, refreshById)),
    'No access tokens yet — the token endpoint mints them from a grant code or a refresh token.',
  );
}
