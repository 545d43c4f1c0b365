// @ts-check
// Countdowns ("in 59:12", "ended 3 s ago") live in data attributes and are repainted every second.

import { h } from './dom.js';
import { fmtDuration } from './format.js';

/** @param {HTMLElement} el */
function paintCountdown(el) {
  const left = Number(el.dataset.until) - Date.now();
  el.textContent =
    left > 0 ? `${el.dataset.future} ${fmtDuration(left)}` : `${el.dataset.past} ${fmtDuration(-left)} ago`;
}

/**
 * @param {number} until epoch ms
 * @param {{ past?: string, future?: string }} [words]
 */
export function countdown(until, { past = 'ended', future = 'in' } = {}) {
  const el = h('span', { class: 'nowrap', dataset: { until: String(until), past, future } });
  paintCountdown(el);
  return el;
}

/** Repaints every countdown, and turns a `live` access-token badge into `expired` when its time is up. */
export function tickCountdowns() {
  for (const el of document.querySelectorAll('[data-until]')) if (el instanceof HTMLElement) paintCountdown(el);
  for (const el of document.querySelectorAll('[data-live-until]')) {
    if (!(el instanceof HTMLElement)) continue;
    if (Number(el.dataset.liveUntil) <= Date.now() && el.textContent === 'live') {
      el.textContent = 'expired';
      el.className = 'badge warn';
    }
  }
}
