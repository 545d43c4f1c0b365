// @ts-check
// Live updates: server-sent events from /__emulator/events (EventSource reconnects by itself).

import * as control from './control-api.js';
import { renderFacts, setConnection } from './header.js';
import { addRequest, clearRequests, loadRequests } from './requests.js';

/** @typedef {import('./state.js').Page} Page */

/** The emulator info and the request log, at start and after a reconnect. @param {Page} page */
export async function loadBasics(page) {
  page.state.info = await control.info();
  renderFacts(page.state.info);
  await loadRequests(page);
}

/** @param {Page} page */
export function connect(page) {
  const events = new EventSource('/__emulator/events');
  let loadedOnce = false;
  events.addEventListener('open', async () => {
    setConnection('live', 'Live');
    // After a reconnect (an emulator restart), everything may have changed.
    if (loadedOnce) {
      try {
        await loadBasics(page);
      } catch (error) {
        page.ui.fail(error, 'Could not reload after reconnecting');
      }
      page.scheduleRefresh(0);
    }
    loadedOnce = true;
  });
  events.addEventListener('error', () => setConnection('down', 'Reconnecting…'));
  events.addEventListener('request', (event) => {
    addRequest(page, JSON.parse(event.data));
    page.scheduleRefresh();
  });
  events.addEventListener('change', () => page.scheduleRefresh());
  events.addEventListener('cleared', () => {
    clearRequests(page);
    page.scheduleRefresh();
  });
}
