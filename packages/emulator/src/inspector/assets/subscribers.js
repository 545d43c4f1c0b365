// @ts-check
// Campaigns subscribers: one list's, filtered by status, with the double opt-in confirmation button.

import * as control from './control-api.js';
import { $, badge, h, renderRows } from './dom.js';
import { fmtDateTime, fmtNumber } from './format.js';
import { MAX_ROWS } from './state.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./state.js').PageState} PageState */
/** @typedef {import('./control-api.js').CampaignsListSummary} CampaignsListSummary */
/** @typedef {import('./control-api.js').CampaignsSubscriberSummary} CampaignsSubscriberSummary */
/** @typedef {CampaignsSubscriberSummary['status']} SubscriberStatus */

/** @type {Record<SubscriberStatus, string>} */
const SUBSCRIBER_TONES = { active: 'ok', pending: 'warn', unsub: '', bounce: 'bad' };
/** @type {Record<SubscriberStatus, string>} */
const SUBSCRIBER_LABELS = { active: 'active', pending: 'pending', unsub: 'unsubscribed', bounce: 'bounced' };

/** @param {CampaignsSubscriberSummary} s */
export const subscriberName = (s) => [s.fields['First Name'], s.fields['Last Name']].filter(Boolean).join(' ') || '—';

/** @param {Page} page @param {CampaignsListSummary} list @param {CampaignsSubscriberSummary} subscriber */
async function confirmSubscriber(page, list, subscriber) {
  try {
    await control.confirmSubscriber(list.listKey, subscriber.email);
    page.ui.toast(`Confirmed ${subscriber.email} on ${list.name}: now active.`);
    page.ui.announce(`${subscriber.email} confirmed.`);
    await page.refresh('campaigns');
  } catch (error) {
    page.ui.fail(error);
  }
}

/** @param {Page} page @param {CampaignsListSummary} list @param {CampaignsSubscriberSummary} subscriber */
export function confirmButton(page, list, subscriber) {
  return h('button', {
    type: 'button',
    class: 'small',
    text: 'Confirm',
    'aria-label': `Confirm ${subscriber.email} on ${list.name}`,
    dataset: { focusKey: `confirm-${list.listKey}-${subscriber.email}` },
    /** @param {MouseEvent} event */
    onclick: (event) => {
      if (event.currentTarget instanceof HTMLButtonElement) event.currentTarget.disabled = true;
      void confirmSubscriber(page, list, subscriber);
    },
  });
}

/**
 * Fills the list picker; until the user picks one it follows the first list that has subscribers.
 * @param {PageState} state
 * @param {CampaignsListSummary[]} lists
 */
export function syncListSelect(state, lists) {
  if (!state.subscribersChosen || !lists.some((l) => l.listKey === state.subscribersList)) {
    state.subscribersList = (lists.find((l) => l.counts.total > 0) ?? lists[0])?.listKey ?? '';
  }
  const select = $('subscribers-list', HTMLSelectElement);
  select.replaceChildren(...lists.map((l) => h('option', { value: l.listKey, text: `${l.name} (${l.counts.total})` })));
  select.value = state.subscribersList;
}

/** @param {Page} page @param {CampaignsListSummary} list @param {CampaignsSubscriberSummary} s */
function subscriberRow(page, list, s) {
  return h(
    'tr',
    {},
    h('th', { scope: 'row', text: s.email }),
    h('td', { text: subscriberName(s) }),
    h(
      'td',
      {},
      badge(SUBSCRIBER_LABELS[s.status] ?? s.status, SUBSCRIBER_TONES[s.status]),
      ' ',
      s.status === 'pending' ? confirmButton(page, list, s) : null,
    ),
    h('td', { text: s.source ?? '—' }),
    h('td', { class: 'nowrap', text: fmtDateTime(s.addedAt) }),
    h('td', { class: 'nowrap', text: fmtDateTime(s.updatedAt) }),
  );
}

/** The chosen list's subscribers, filtered by the status picker. @param {Page} page @param {CampaignsListSummary[]} lists */
export async function loadSubscribers(page, lists) {
  const list = lists.find((l) => l.listKey === page.state.subscribersList);
  const tbody = $('subscribers-body', HTMLTableSectionElement);
  if (!list) {
    renderRows(tbody, [], 'No list selected.');
    $('subscribers-note').textContent = '';
    return;
  }
  const status = /** @type {SubscriberStatus | ''} */ ($('subscribers-status', HTMLSelectElement).value);
  const all = (await control.subscribers(list.listKey)).subscribers;
  const shown = all.filter((s) => !status || s.status === status);
  renderRows(
    tbody,
    shown.slice(0, MAX_ROWS).map((s) => subscriberRow(page, list, s)),
    status
      ? `No ${SUBSCRIBER_LABELS[status]} subscribers on ${list.name}.`
      : `${list.name} has no subscribers yet — zoho.campaigns.subscribe(…) adds one.`,
  );
  $('subscribers-note').textContent =
    shown.length > MAX_ROWS ? `Showing the first ${MAX_ROWS} of ${fmtNumber(shown.length)}.` : '';
}
