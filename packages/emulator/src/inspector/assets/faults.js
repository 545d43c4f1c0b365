// @ts-check
// Faults: the queued faults, and the live refresh tokens the revoke form offers. The forms: fault-form.js and
// state-actions.js.

import * as control from './control-api.js';
import { countdown } from './countdown.js';
import { describeFault } from './describe-fault.js';
import { $, badge, h, renderRows } from './dom.js';
import { clientName } from './overview.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./control-api.js').FaultQueueSummary} FaultQueueSummary */
/** @typedef {import('./control-api.js').Fault} Fault */
/** @typedef {import('./control-api.js').TokensSnapshot} TokensSnapshot */

/** @param {Page} page */
export async function loadFaults(page) {
  const [faults, tokens] = await Promise.all([control.faults(), control.tokens()]);
  renderRows(
    $('faults-body', HTMLTableSectionElement),
    faults.queues.map((q) => faultRow(page, q)),
    'No faults queued: every request reaches the real handler. Add one with the form above.',
  );
  if (page.state.clients.length === 0) page.state.clients = (await control.clients()).clients;
  renderRevokeSelect(page, tokens);
}

/** Failures that break the connection or the server in red, the rest in amber. @param {Fault} f */
const faultTone = (f) => ((f.status ?? 0) >= 500 || f.reset || f.hang ? 'bad' : 'warn');

/** @param {Page} page @param {FaultQueueSummary} q */
function faultRow(page, q) {
  const where = `${q.method ?? 'any method'} ${q.path}`;
  return h(
    'tr',
    {},
    h('td', { class: 'method', text: q.method ?? 'any' }),
    h('th', { scope: 'row', class: 'mono', text: q.path }),
    h(
      'td',
      {},
      q.sequence.map((f, i) => [i > 0 ? ' → ' : '', badge(describeFault(f), faultTone(f))]),
      // A standing mix (control.queueFaults with mix): each request draws one, by share.
      q.mix
        ? [
            q.sequence.length > 0 ? ' then ' : '',
            'mix: ',
            q.mix.faults.map(({ weight, ...f }, i) => [
              i > 0 ? ', ' : '',
              badge(`${Math.round(weight * 1000) / 10}% ${describeFault(f)}`, faultTone(f)),
            ]),
          ]
        : [],
    ),
    h('td', {}, q.activeUntil ? countdown(q.activeUntil, { future: 'ends in', past: 'ended' }) : '—'),
    h(
      'td',
      {},
      h('button', {
        type: 'button',
        class: 'small secondary',
        text: 'Clear',
        'aria-label': `Clear faults on ${where}`,
        dataset: { focusKey: `fault-${q.method}-${q.path}` },
        onclick: async () => {
          try {
            await control.clearFaults({ path: q.path, method: q.method });
            page.ui.toast(`Cleared faults on ${where}.`);
            await page.refresh('faults');
          } catch (error) {
            page.ui.fail(error);
          }
        },
      }),
    ),
  );
}

/** @param {Page} page @param {TokensSnapshot} tokens */
function renderRevokeSelect(page, tokens) {
  const select = $('revoke-select', HTMLSelectElement);
  const previous = select.value;
  const live = tokens.refreshTokens.filter((t) => t.state === 'live');
  select.replaceChildren(
    ...(live.length
      ? live.map((t) =>
          h('option', {
            value: t.id,
            text: `${t.token} · ${clientName(page.state, t.clientId)} · ${t.scopes.length} scopes`,
          }),
        )
      : [h('option', { value: '', text: 'No live refresh tokens' })]),
  );
  if (live.some((t) => t.id === previous)) select.value = previous;
  $('revoke-submit', HTMLButtonElement).disabled = live.length === 0;
}
