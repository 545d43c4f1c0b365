// @ts-check
// The header's facts about this emulator, and the token budget the overview explains.

import { $, h } from './dom.js';
import { fmtDuration, fmtWindow } from './format.js';

/** @typedef {import('./control-api.js').EmulatorInfo} EmulatorInfo */

/** @param {EmulatorInfo} info */
export function renderFacts(info) {
  /** @type {Array<[string, string]>} */
  const facts = [
    ['Data centre', info.dc],
    ['URL', info.url],
    ['Token TTL', fmtDuration(info.tokenTtlSec * 1000)],
    ['Latency', `${info.latencyMs} ms`],
    ['Desk orgId', info.deskOrgId],
  ];
  if (info.stateFile) facts.push(['State', 'file']);
  $('facts').replaceChildren(...facts.map(([k, v]) => h('div', {}, h('dt', { text: k }), h('dd', { text: v }))));
  $('budget-max').textContent = String(info.limits.accessTokensPerRefreshToken);
  $('budget-window').textContent = fmtWindow(info.limits.refreshWindowMs);
}

/** @param {'live' | 'down'} kind @param {string} text */
export function setConnection(kind, text) {
  $('connection').dataset.state = kind;
  $('connection-text').textContent = text;
}
