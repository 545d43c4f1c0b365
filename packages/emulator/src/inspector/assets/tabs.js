// @ts-check
// Tabs: buttons with role=tab, arrow keys, Home and End; the view is kept in the URL hash.

import { $ } from './dom.js';
import { renderRequests } from './requests.js';
import { isView, VIEWS } from './state.js';

/** @typedef {import('./state.js').Page} Page */

/**
 * @param {Page} page
 * @param {string} view unknown names show the overview
 * @param {{ focus?: boolean, push?: boolean }} [options]
 */
export function selectView(page, view, { focus = false, push = true } = {}) {
  const shown = isView(view) ? view : 'overview';
  page.state.view = shown;
  for (const name of VIEWS) {
    const tab = $(`tab-${name}`);
    const selected = name === shown;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`panel-${name}`).hidden = !selected;
  }
  if (focus) $(`tab-${shown}`).focus();
  $('toast').classList.remove('show'); // a message about the previous view
  if (push && location.hash !== `#${shown}`) history.replaceState(null, '', `#${shown}`);
  if (shown === 'requests') renderRequests(page);
  void page.refresh(shown);
}

/** @param {string} key @param {number} index @returns {number | null} */
function nextTab(key, index) {
  if (key === 'ArrowRight') return (index + 1) % VIEWS.length;
  if (key === 'ArrowLeft') return (index - 1 + VIEWS.length) % VIEWS.length;
  if (key === 'Home') return 0;
  if (key === 'End') return VIEWS.length - 1;
  return null;
}

/** @param {Page} page */
export function setupTabs(page) {
  const tablist = $('tablist');
  tablist.addEventListener('click', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
    if (tab) selectView(page, tab.id.replace('tab-', ''));
  });
  tablist.addEventListener('keydown', (event) => {
    const next = nextTab(event.key, VIEWS.indexOf(page.state.view));
    if (next === null) return;
    event.preventDefault();
    selectView(page, VIEWS[next] ?? 'overview', { focus: true });
  });
  window.addEventListener('hashchange', () => selectView(page, location.hash.slice(1), { push: false }));
}
