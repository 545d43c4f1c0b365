// @ts-check
// Campaigns: pending double opt-in confirmations, lists, call windows and lock-outs. Subscribers: subscribers.js.

import * as control from './control-api.js';
import { countdown } from './countdown.js';
import { $, badge, h, renderRows } from './dom.js';
import { fmtDateTime, fmtNumber, fmtWindow } from './format.js';
import { MAX_ROWS } from './state.js';
import { confirmButton, loadSubscribers, subscriberName, syncListSelect } from './subscribers.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./control-api.js').CampaignsListSummary} CampaignsListSummary */
/** @typedef {import('./control-api.js').CampaignsSnapshot} CampaignsSnapshot */
/** @typedef {import('./control-api.js').CampaignsSubscriberSummary} CampaignsSubscriberSummary */

/** @param {Page} page */
export async function loadCampaigns(page) {
  const snapshot = await control.campaigns();
  await renderPending(page, snapshot.lists);
  renderLists(page, snapshot.lists);
  syncListSelect(page.state, snapshot.lists);
  await loadSubscribers(page, snapshot.lists);
  renderWindows(snapshot.apis);
}

/** Every pending subscriber, of every list that has one. @param {Page} page @param {CampaignsListSummary[]} lists */
async function renderPending(page, lists) {
  const perList = await Promise.all(
    lists
      .filter((l) => l.counts.pending > 0)
      .map(async (list) => ({ list, subscribers: (await control.subscribers(list.listKey)).subscribers })),
  );
  const pending = perList.flatMap(({ list, subscribers }) =>
    subscribers.filter((s) => s.status === 'pending').map((s) => ({ list, s })),
  );
  renderRows(
    $('pending-body', HTMLTableSectionElement),
    pending
      .slice(0, MAX_ROWS)
      .map(({ list, s }) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: s.email }),
          h('td', { text: subscriberName(s) }),
          h('td', { text: list.name }),
          h('td', { text: s.source ?? '—' }),
          h('td', { class: 'nowrap', text: fmtDateTime(s.addedAt) }),
          h('td', {}, confirmButton(page, list, s)),
        ),
      ),
    'Nobody is waiting for a confirmation.',
  );
}

/** @param {Page} page @param {CampaignsListSummary} l @param {CampaignsListSummary[]} lists */
function showListButton(page, l, lists) {
  return h('button', {
    type: 'button',
    class: 'link',
    text: l.name,
    'aria-label': `${l.name}: show subscribers`,
    dataset: { focusKey: `list-${l.listKey}` },
    onclick: () => {
      page.state.subscribersList = l.listKey;
      page.state.subscribersChosen = true;
      $('subscribers-list', HTMLSelectElement).value = l.listKey;
      loadSubscribers(page, lists).catch((error) => page.ui.fail(error));
      $('subscribers-list').focus();
    },
  });
}

/** @param {Page} page @param {CampaignsListSummary[]} lists */
function renderLists(page, lists) {
  renderRows(
    $('lists-body', HTMLTableSectionElement),
    lists.map((l) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, showListButton(page, l, lists)),
        h('td', { class: 'mono', text: l.listKey }),
        h('td', { text: l.doubleOptIn ? 'yes' : 'no' }),
        h('td', { class: 'num', text: fmtNumber(l.counts.active) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.pending) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.unsub) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.bounce) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.total) }),
      ),
    ),
    'No lists yet — create one with POST /__emulator/campaigns/lists.',
  );
}

/** @param {CampaignsSnapshot['apis']} apis */
function renderWindows(apis) {
  const now = Date.now();
  renderRows(
    $('windows-body', HTMLTableSectionElement),
    apis.map((a) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'mono', text: a.api }),
        h(
          'td',
          {},
          a.windows.map((w, i) => [
            i > 0 ? ' · ' : '',
            `${fmtNumber(w.used)} / ${fmtNumber(w.max)} per ${fmtWindow(w.windowMs)}`,
          ]),
        ),
        h(
          'td',
          {},
          a.lockedUntil && a.lockedUntil > now
            ? [badge('locked', 'bad'), ' ', countdown(a.lockedUntil, { future: 'for', past: 'ended' })]
            : '—',
        ),
      ),
    ),
    'No rate-limited APIs.',
  );
}

/** The list and status pickers of the subscribers table. @param {Page} page */
export function setupCampaigns(page) {
  const reload = async () => {
    page.state.subscribersList = $('subscribers-list', HTMLSelectElement).value;
    page.state.subscribersChosen = true;
    try {
      await loadSubscribers(page, (await control.campaigns()).lists);
    } catch (error) {
      page.ui.fail(error);
    }
  };
  $('subscribers-list').addEventListener('change', reload);
  $('subscribers-status').addEventListener('change', reload);
  $('subscribers-form').addEventListener('submit', (event) => event.preventDefault());
}
