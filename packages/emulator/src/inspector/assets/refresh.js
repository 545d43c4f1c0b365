// @ts-check
// Refreshing: the current view on every event (debounced), the tab counters alongside.

import { messageOf } from './control-api.js';
import { $, clearLoadError, showLoadError } from './dom.js';
import { refreshCounts } from './tab-counts.js';

/** @typedef {import('./state.js').PageState} PageState */
/** @typedef {import('./state.js').View} View */
/** @typedef {import('./ui.js').Ui} Ui */

/**
 * One refresh at a time, so an older answer never paints over a newer one; a refresh asked for meanwhile runs
 * once the current one ends (for whatever view is showing then). A view that fails to load says so in its panel
 * and in a toast.
 * @param {PageState} state
 * @param {Ui} ui
 * @param {(view: View) => Promise<void>} load draws one view
 */
export function createRefresher(state, ui, load) {
  /** @type {Promise<void> | null} */
  let running = null;
  let again = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** @param {View} view */
  async function loadView(view) {
    const panel = $(`panel-${view}`);
    try {
      await load(view);
      clearLoadError(panel);
    } catch (error) {
      showLoadError(panel, messageOf(error));
      ui.fail(error, `Could not load ${view}`);
    }
  }

  /** @param {View} view */
  async function refreshOnce(view) {
    const counts = refreshCounts(state).catch((error) => ui.fail(error, 'Could not update the tab counters'));
    await Promise.all([loadView(view), counts]);
  }

  /** @param {View} [view] */
  async function refresh(view = state.view) {
    if (running) {
      again = true;
      return running;
    }
    running = refreshOnce(view);
    await running;
    running = null;
    if (again) {
      again = false;
      await refresh(state.view);
    }
  }

  /** @param {number} [delay] */
  function scheduleRefresh(delay = 200) {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(state.view), delay);
  }

  return { refresh, scheduleRefresh };
}
