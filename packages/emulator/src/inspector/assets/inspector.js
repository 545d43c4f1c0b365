// @ts-check
// zohokit emulator inspector: native ES modules, no framework and no build step. This one starts the page: one
// state object, the shared UI, and each section's setup and loader. The page talks only to the emulator that
// served it: the control API under /__emulator/ and its server-sent event stream.

import { loadCampaigns, setupCampaigns } from './campaigns.js';
import { messageOf } from './control-api.js';
import { tickCountdowns } from './countdown.js';
import { loadCrm } from './crm.js';
import { loadDesk } from './desk.js';
import { $, showLoadError } from './dom.js';
import { setupFaultForm } from './fault-form.js';
import { loadFaults } from './faults.js';
import { connect, loadBasics } from './live.js';
import { loadOverview } from './overview.js';
import { createRefresher } from './refresh.js';
import { setupRequests } from './requests.js';
import { createState } from './state.js';
import { setupStateActions } from './state-actions.js';
import { selectView, setupTabs } from './tabs.js';
import { createUi } from './ui.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./state.js').View} View */

/**
 * What each view loads when it shows or something changed. The request log has nothing to load: its rows arrive
 * one by one on the event stream (see live.js), and it is drawn whole when its tab opens.
 * @type {Record<View, (page: Page) => Promise<void>>}
 */
const LOADERS = {
  overview: loadOverview,
  desk: loadDesk,
  crm: loadCrm,
  campaigns: loadCampaigns,
  requests: async () => {},
  faults: loadFaults,
};

/** @returns {Page} */
function createPage() {
  const state = createState();
  const ui = createUi();
  /** @type {Page} */
  const page = { state, ui, ...createRefresher(state, ui, (view) => LOADERS[view](page)) };
  return page;
}

async function start() {
  const page = createPage();
  setupTabs(page);
  setupCampaigns(page);
  setupRequests(page);
  setupFaultForm(page);
  setupStateActions(page);
  connect(page);
  try {
    await loadBasics(page);
  } catch (error) {
    page.ui.fail(error, 'Could not reach the emulator');
    showLoadError($('panel-requests'), messageOf(error));
  }
  selectView(page, location.hash.slice(1) || 'overview', { push: false });
  setInterval(tickCountdowns, 1000);
  document.documentElement.dataset.ready = 'true';
}

void start();
