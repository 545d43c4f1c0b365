// @ts-check
// One logged request in the detail dialog: what was asked and what came back, secrets already masked.

import { h, kv } from './dom.js';
import { fmtDateTime, fmtTime, prettyBody } from './format.js';
import { statusBadge } from './request-status.js';

/** @typedef {import('./ui.js').Ui} Ui */
/** @typedef {import('./control-api.js').RequestLogEntry} RequestLogEntry */
/** @typedef {import('../types.js').RecordedMessage} RecordedMessage */

/** @param {string} title @param {RecordedMessage | null} message @param {string} fallback said when there is none */
function messageSection(title, message, fallback) {
  if (!message) return [h('h3', { text: title }), h('p', { class: 'hint', text: fallback })];
  const headers = Object.entries(message.headers);
  const body = prettyBody(message.body, message.headers['content-type']);
  return [
    h('h3', { text: title }),
    headers.length
      ? kv(headers.map(([k, v]) => [k, h('span', { class: 'mono', text: v })]))
      : h('p', { class: 'hint', text: 'No headers.' }),
    h('h4', { text: 'Body' }),
    body === null
      ? h('p', { class: 'hint', text: 'None.' })
      : h('pre', { tabindex: 0, 'aria-label': `${title} body`, text: body }),
  ];
}

/** @param {RequestLogEntry} entry */
function facts(entry) {
  return kv([
    ['Time', `${fmtDateTime(entry.time)} (${fmtTime(entry.time)})`],
    ['Route', h('span', { class: 'mono', text: `${entry.method} ${entry.route}` })],
    ['Product', entry.product],
    ['Query', entry.query ? h('span', { class: 'mono', text: entry.query }) : '—'],
    ['Outcome', statusBadge(entry)],
    ['Zoho error code', entry.errorCode ? h('span', { class: 'code', text: entry.errorCode }) : '—'],
    ['Latency', `${entry.latencyMs} ms`],
    ['Scripted fault', entry.fault ?? '—'],
  ]);
}

/** @param {Ui} ui @param {RequestLogEntry} entry */
export function showRequest(ui, entry) {
  const outcome = entry.status === null ? `${entry.outcome} (no answer)` : String(entry.status);
  ui.openDetail(
    `${entry.method} ${entry.path} → ${outcome}`,
    facts(entry),
    h(
      'div',
      { class: 'two-col' },
      h('section', {}, ...messageSection('Request', entry.request, '')),
      h(
        'section',
        {},
        ...messageSection('Response', entry.response, 'The connection was dropped: there was no answer.'),
      ),
    ),
    h('p', {
      class: 'hint',
      text: 'Secrets (Authorization, tokens, client secrets, grant codes) were masked before the request was stored.',
    }),
  );
}
