// @ts-check
// The numbers on the tabs: tickets, pending confirmations, queued faults, failed requests.

import * as control from './control-api.js';
import { $, h } from './dom.js';
import { fmtNumber } from './format.js';
import { isFailure } from './request-status.js';

/** @typedef {import('./state.js').PageState} PageState */

/**
 * A tab's counter; the hidden word tells a screen reader what the number counts.
 * @param {string} id
 * @param {number} value
 * @param {string} label
 * @param {boolean} [alert] shown in the alert colour when not 0
 */
function setCount(id, value, label, alert = false) {
  const el = $(id);
  if (value) el.replaceChildren(fmtNumber(value), h('span', { class: 'visually-hidden', text: ` ${label}` }));
  else el.replaceChildren();
  el.classList.toggle('alert', Boolean(alert && value));
}

/** @param {PageState} state */
export async function refreshCounts(state) {
  const [tickets, crm, campaigns, faults] = await Promise.all([
    control.deskTickets(),
    control.crmOverview(),
    control.campaigns(),
    control.faults(),
  ]);
  setCount('count-desk', tickets.tickets.filter((t) => !t.trashedTime).length, 'tickets');
  setCount(
    'count-crm',
    crm.modules.reduce((sum, m) => sum + m.records, 0),
    'records',
  );
  setCount(
    'count-campaigns',
    campaigns.lists.reduce((sum, list) => sum + list.counts.pending, 0),
    'pending',
    true,
  );
  setCount(
    'count-faults',
    faults.queues.reduce((sum, q) => sum + q.sequence.length, 0),
    'faults queued',
    true,
  );
  setCount('count-requests', state.requests.filter(isFailure).length, 'failed', true);
}
