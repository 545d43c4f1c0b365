// @ts-check
// "Tokens and state": expire every access token, revoke a refresh token, reset the emulator, clear all faults.

import * as control from './control-api.js';
import { $ } from './dom.js';
import { plural } from './format.js';

/** @typedef {import('./state.js').Page} Page */

/**
 * Runs a control action on click; its message on success, the error otherwise, then a refresh.
 * @param {Page} page
 * @param {() => Promise<string>} action
 */
async function run(page, action) {
  try {
    page.ui.toast(await action());
    await page.refresh();
  } catch (error) {
    page.ui.fail(error);
  }
}

/** @param {Page} page */
function setupReset(page) {
  const confirmDialog = $('confirm-reset', HTMLDialogElement);
  $('reset-state').addEventListener('click', () => confirmDialog.showModal());
  confirmDialog.addEventListener('close', () => {
    $('reset-state').focus();
    if (confirmDialog.returnValue !== 'reset') return;
    void run(page, async () => {
      await control.reset();
      page.state.clients = [];
      return 'The emulator is back to its just-started state.';
    });
  });
}

/** @param {Page} page */
export function setupStateActions(page) {
  $('clear-faults').addEventListener('click', () =>
    run(page, async () => {
      await control.clearFaults();
      return 'All faults cleared.';
    }),
  );
  $('expire-tokens').addEventListener('click', () =>
    run(page, async () => `Expired ${plural((await control.expireTokens()).expired, 'access token')}.`),
  );
  $('revoke-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('revoke-select', HTMLSelectElement).value;
    if (!id) return;
    void run(page, async () => {
      const { revokedAccessTokens } = await control.revokeToken(id);
      return `Revoked the refresh token and ${plural(revokedAccessTokens, 'access token')}.`;
    });
  });
  setupReset(page);
}
