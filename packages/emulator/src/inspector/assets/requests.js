// @ts-check
// The request log: loaded once, then live from the event stream; filtered here so live rows obey the filters.

import * as control from './control-api.js';
import { $, clearLoadError, h, renderRows } from './dom.js';
import { fmtNumber, fmtTime } from './format.js';
import { showRequest } from './request-detail.js';
import { isFailure, statusBadge } from './request-status.js';
import { logSize, MAX_ROWS } from './state.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./state.js').PageState} PageState */
/** @typedef {import('./ui.js').Ui} Ui */
/** @typedef {import('./control-api.js').RequestLogEntry} RequestLogEntry */
/** @typedef {{ path: string, method: string, status: string, product: string }} RequestFilters */

/** @returns {RequestFilters} */
function requestFilters() {
  return {
    path: $('filter-path', HTMLInputElement).value.trim().toLowerCase(),
    method: $('filter-method', HTMLSelectElement).value,
    status: $('filter-status', HTMLSelectElement).value,
    product: $('filter-product', HTMLSelectElement).value,
  };
}

/** @param {RequestLogEntry} entry @param {RequestFilters} f */
function matchesFilters(entry, f) {
  if (f.path && !entry.path.toLowerCase().includes(f.path)) return false;
  if (f.method && entry.method !== f.method) return false;
  if (f.product && entry.product !== f.product) return false;
  if (f.status === 'error') return isFailure(entry);
  if (f.status === 'dropped') return entry.status === null;
  if (/^[1-5]xx$/.test(f.status))
    return entry.status !== null && Math.floor(entry.status / 100) === Number(f.status[0]);
  return true;
}

/** @param {PageState} state */
const shownCount = (state) => state.requests.filter((e) => matchesFilters(e, requestFilters())).length;

/** @param {Ui} ui @param {RequestLogEntry} entry @param {boolean} [fresh] highlighted as just arrived */
function requestRow(ui, entry, fresh = false) {
  const path = entry.query ? `${entry.path}?${entry.query}` : entry.path;
  const open = () => showRequest(ui, entry);
  return h(
    'tr',
    {
      class: [isFailure(entry) ? 'failed' : '', fresh ? 'fresh' : ''].join(' ').trim() || undefined,
      dataset: { requestId: String(entry.id), status: entry.outcome },
      /** @param {MouseEvent} event */
      onclick: (event) => {
        if (event.target instanceof Element && event.target.closest('button')) return;
        open();
      },
    },
    h('td', { class: 'nowrap mono', text: fmtTime(entry.time) }),
    h('td', { class: 'method', text: entry.method }),
    h(
      'th',
      { scope: 'row', class: 'clip' },
      h('button', {
        type: 'button',
        class: 'link mono',
        text: path,
        title: path,
        'aria-label': `${entry.method} ${path}, ${entry.outcome}: details`,
        dataset: { focusKey: `request-${entry.id}` },
        onclick: open,
      }),
    ),
    h('td', {}, statusBadge(entry)),
    h('td', { class: 'code', text: entry.errorCode ?? '' }),
    h('td', { class: 'num nowrap', text: `${entry.latencyMs} ms` }),
    h('td', { text: entry.fault ?? '' }),
  );
}

/** @param {Page} page */
export function renderRequests({ state, ui }) {
  const f = requestFilters();
  const shown = state.requests.filter((e) => matchesFilters(e, f));
  renderRows(
    $('requests-body', HTMLTableSectionElement),
    shown.slice(0, MAX_ROWS).map((e) => requestRow(ui, e)),
    state.requests.length === 0
      ? 'No requests yet — point your app at this emulator and they appear here.'
      : 'No request matches the filters.',
  );
  renderRequestSummary(state, shown.length);
}

/** @param {PageState} state @param {number} shown */
function renderRequestSummary(state, shown) {
  const held = state.held.length ? ` ${state.held.length} new while paused.` : '';
  $('requests-summary').textContent =
    `Showing ${fmtNumber(Math.min(shown, MAX_ROWS))} of ${fmtNumber(state.requests.length)} requests (the log keeps the last ${fmtNumber(logSize(state))}; control API calls are not logged).${held}`;
}

/** A new entry from the event stream: held while "Live" is off, else drawn on top. @param {Page} page @param {RequestLogEntry} entry */
export function addRequest(page, entry) {
  const { state } = page;
  if (state.requests.some((e) => e.id === entry.id)) return;
  if (!$('filter-live', HTMLInputElement).checked) {
    state.held.push(entry);
    renderRequestSummary(state, shownCount(state));
    return;
  }
  state.requests.unshift(entry);
  if (state.requests.length > logSize(state)) state.requests.pop();
  if (matchesFilters(entry, requestFilters())) {
    const tbody = $('requests-body', HTMLTableSectionElement);
    if (tbody.querySelector('td.empty, td.loading')) tbody.replaceChildren();
    tbody.prepend(requestRow(page.ui, entry, true));
    while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1);
  }
  renderRequestSummary(state, shownCount(state));
  announceRequest(page, entry);
}

/** At most one announcement every 2 s, and only while the log shows. @param {Page} page @param {RequestLogEntry} entry */
function announceRequest(page, entry) {
  if (page.state.view !== 'requests' || Date.now() - page.state.lastAnnounced <= 2000) return;
  page.state.lastAnnounced = Date.now();
  page.ui.announce(
    `New request: ${entry.method} ${entry.path}, ${entry.outcome}${entry.errorCode ? `, ${entry.errorCode}` : ''}.`,
  );
}

/** @param {Page} page */
export async function loadRequests(page) {
  const { state } = page;
  const data = await control.requests(logSize(state));
  // Entries that arrived on the event stream while this was loading are newer than anything in the answer.
  const newest = data.requests[0]?.id ?? 0;
  state.requests = [...state.requests.filter((e) => e.id > newest), ...data.requests];
  state.held = [];
  renderRequests(page);
  clearLoadError($('panel-requests'));
}

/** The log was emptied (here or elsewhere). @param {Page} page */
export function clearRequests(page) {
  page.state.requests = [];
  page.state.held = [];
  renderRequests(page);
}

/** @param {Page} page */
export function setupRequests(page) {
  const { state } = page;
  const form = $('request-filters');
  const live = $('filter-live', HTMLInputElement);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('input', (event) => {
    if (event.target !== live) renderRequests(page);
  });
  live.addEventListener('change', () => {
    if (!live.checked || state.held.length === 0) return renderRequestSummary(state, shownCount(state));
    const held = state.held;
    state.held = [];
    for (const entry of held) state.requests.unshift(entry);
    renderRequests(page);
  });
  $('clear-log').addEventListener('click', async () => {
    try {
      await control.clearRequests();
      clearRequests(page);
      page.ui.toast('Request log cleared.');
    } catch (error) {
      page.ui.fail(error);
    }
  });
}
