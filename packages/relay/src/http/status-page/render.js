// @ts-check
// Draws the state: counts, the pause and the circuits, the dead letters and the recent deliveries.

import { $, badge, h, renderRows } from './dom.js';
import { ago, duration, label, TONE, when } from './format.js';

/** @typedef {import('./state.js').PageState} PageState */
/** @typedef {import('./api.js').DeliveryRow} DeliveryRow */

const STATES = /** @type {const} */ (['pending', 'in_flight', 'delivered', 'dead', 'expired', 'discarded']);

/** @param {PageState} state */
export function renderStatus(state) {
  const status = state.status;
  if (!status) return;
  $('counts').replaceChildren(
    ...STATES.map((s) =>
      h(
        'div',
        { class: `count-card ${status.counts[s] > 0 ? (TONE[s] ?? '') : ''}`, dataset: { state: s } },
        h('dt', { text: label(s) }),
        h('dd', { text: status.counts[s] ?? 0 }),
      ),
    ),
  );
  $('facts').replaceChildren(
    h('dt', { text: 'Oldest pending' }),
    h(
      'dd',
      { id: 'oldest-pending' },
      status.oldestPendingAgeMs === null
        ? 'none waiting'
        : `${duration(status.oldestPendingAgeMs)} (since ${when(status.oldestPendingAt)})`,
    ),
    h('dt', { text: 'Worker' }),
    h('dd', {}, status.workerRunning ? 'running in this process' : 'not in this process (relay work elsewhere?)'),
  );
  $('circuits').replaceChildren(
    ...(status.circuits.length === 0
      ? [
          h('li', {
            class: 'empty',
            text: 'No circuit has changed: every product is reachable (or nothing was sent yet).',
          }),
        ]
      : status.circuits.map((c) =>
          h(
            'li',
            { dataset: { product: c.product } },
            h('strong', { text: c.product }),
            ' ',
            badge(label(c.state), TONE[c.state]),
            c.state === 'open' && c.until
              ? ` until ${when(c.until)}: Zoho did not answer ${c.failures} times in a row`
              : '',
            c.state === 'half_open' ? ' one probe delivery is on its way' : '',
          ),
        )),
  );
  const pause = $('pause');
  pause.hidden = !status.paused;
  if (status.paused) {
    const p = status.paused;
    $('pause-reason').textContent = p.reason;
    $('pause-fix').textContent = p.fix ?? 'Fix the credentials, then resume.';
    $('pause-facts').textContent =
      `${p.product} · code ${p.code ?? '—'} · since ${when(p.since)} (${ago(p.since, status.now)}). A probe retries one delivery every 30 s; resume once it is fixed.`;
  }
  $('updated').textContent = `Read ${when(status.now)}`;
}

/**
 * @param {PageState} state
 * @param {{ retry(id: string): void, discard(id: string): void }} actions
 */
export function renderDead(state, actions) {
  const rows = state.dead ?? [];
  $('dead-count').textContent = state.dead ? String(rows.length) : '';
  for (const id of ['retry-all', 'discard-all']) $(id, HTMLButtonElement).disabled = state.busy || rows.length === 0;
  renderRows(
    $('dead-body', HTMLTableSectionElement),
    rows.map((d) =>
      h(
        'tr',
        { dataset: { id: d.id } },
        h('td', {}, h('code', { text: d.id }), h('div', { class: 'muted', text: d.operation })),
        h('td', {}, badge(label(d.state), TONE[d.state])),
        h('td', { text: d.attempts }),
        h(
          'td',
          { class: 'reason' },
          d.lastError?.code ? h('code', { text: d.lastError.code }) : null,
          ' ',
          d.lastError?.summary ?? '—',
        ),
        h('td', { class: 'fix', text: d.lastError?.fix ?? '—' }),
        h('td', { text: when(d.updatedAt) }),
        h(
          'td',
          { class: 'row-actions' },
          h('button', {
            type: 'button',
            text: 'Retry',
            'aria-label': `Retry ${d.id}`,
            disabled: state.busy,
            onclick: () => actions.retry(d.id),
          }),
          h('button', {
            type: 'button',
            class: 'danger',
            text: 'Discard',
            'aria-label': `Discard ${d.id}`,
            disabled: state.busy,
            onclick: () => actions.discard(d.id),
          }),
        ),
      ),
    ),
    'No dead letters: nothing is waiting for a person.',
  );
}

/** @param {PageState} state */
export function renderRecent(state) {
  const now = state.status?.now ?? new Date().toISOString();
  renderRows(
    $('recent-body', HTMLTableSectionElement),
    (state.recent ?? []).map((d) =>
      h(
        'tr',
        { dataset: { id: d.id } },
        h('td', {}, h('code', { text: d.id }), h('div', { class: 'muted', text: d.operation })),
        h(
          'td',
          {},
          badge(label(d.state), TONE[d.state]),
          d.maybeSent ? h('span', { class: 'muted', text: ' may have reached Zoho' }) : null,
        ),
        h('td', { text: d.attempts }),
        h('td', { title: when(d.createdAt), text: ago(d.createdAt, now) }),
        h('td', {
          text: d.deliveredAt ? when(d.deliveredAt) : d.nextAttemptAt ? `next ${when(d.nextAttemptAt)}` : '—',
        }),
        h('td', {}, d.lastError ? [h('code', { text: d.lastError.code ?? '—' }), ' ', d.lastError.summary] : '—'),
      ),
    ),
    'No deliveries yet: POST /v1/tickets or /v1/subscriptions, or relay.enqueue(…).',
  );
}
