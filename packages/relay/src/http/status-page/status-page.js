// @ts-check
// The status page: asks for a secret key, then reads the relay every few seconds and acts on it.

import { ApiError, act, getStatus, listDeliveries, resume } from './api.js';
import { $ } from './dom.js';
import { renderDead, renderRecent, renderStatus } from './render.js';
import { createState, REFRESH_MS, ROWS, setKey } from './state.js';

const state = createState();

/** @param {'signed-out' | 'loading' | 'live' | 'down'} mode @param {string} text */
function connection(mode, text) {
  $('connection').dataset.state = mode;
  $('connection-text').textContent = text;
}

/** Shows the key form, with why when the relay refused the key. @param {string} [why] */
function signOut(why) {
  clearTimeout(state.timer);
  setKey(state, null);
  Object.assign(state, { status: null, dead: null, recent: null });
  $('dashboard').hidden = true;
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('key-error').textContent = why ?? '';
  connection('signed-out', 'Not signed in');
  $('key-input', HTMLInputElement).focus();
}

function showDashboard() {
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
}

/** Reads everything; a refused key signs out, any other failure keeps the last view and says so. */
async function load() {
  const key = state.key;
  if (!key) return;
  clearTimeout(state.timer);
  try {
    const [status, dead, recent] = await Promise.all([
      getStatus(key),
      listDeliveries(key, 'dead,expired', ROWS),
      listDeliveries(key, '', ROWS),
    ]);
    if (state.key !== key) return; // signed out meanwhile
    Object.assign(state, { status, dead, recent, error: null });
    showDashboard();
    $('load-error').hidden = true;
    render();
    connection('live', 'Live: read every 3 s');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      const kind =
        error.code === 'wrong_key_kind' ? 'This is a publishable key; the status page needs a secret key.' : '';
      signOut(`The relay refused the key: ${error.message}. ${kind}`.trim());
      return;
    }
    state.error = error instanceof Error ? error.message : String(error);
    // The key was not refused: the dashboard shows, saying what failed, and the page keeps trying.
    showDashboard();
    const line = $('load-error');
    line.hidden = false;
    line.textContent = `Could not read the relay: ${state.error}. Trying again in a few seconds.`;
    if (!state.status) {
      for (const el of document.querySelectorAll('.loading')) el.textContent = `Could not load: ${state.error}`;
    }
    connection('down', 'Not answering');
  } finally {
    if (state.key === key) state.timer = window.setTimeout(load, REFRESH_MS);
    document.documentElement.dataset.ready = 'true';
  }
}

function render() {
  renderStatus(state);
  renderDead(state, {
    retry: (id) => run('retry', { ids: [id] }),
    discard: (id) => run('discard', { ids: [id] }),
  });
  renderRecent(state);
}

/**
 * Runs an action, says what it did, and reads everything again.
 * @param {'retry' | 'discard'} action
 * @param {{ ids: string[] } | { all: true }} which
 */
async function run(action, which) {
  if (!state.key || state.busy) return;
  state.busy = true;
  render();
  const result = $('action-result');
  try {
    const count = await act(state.key, action, which);
    const what = 'ids' in which ? `delivery ${which.ids[0]}` : 'all dead and expired deliveries';
    result.textContent =
      action === 'retry' ? `Retried ${what}: ${count} due now.` : `Discarded ${what}: ${count} dropped for good.`;
  } catch (error) {
    result.textContent = `Could not ${action}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    state.busy = false;
    await load();
  }
}

function init() {
  $('key-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key-input', HTMLInputElement).value.trim();
    if (!key) return;
    $('key-input', HTMLInputElement).value = '';
    $('key-error').textContent = '';
    setKey(state, key);
    connection('loading', 'Checking the key…');
    void load();
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('retry-all').addEventListener('click', () => run('retry', { all: true }));
  $('discard-all').addEventListener('click', () => {
    $('confirm-text').textContent =
      `Discard all ${state.dead?.length ?? 0} dead and expired deliveries for good? They will not be sent.`;
    $('confirm').hidden = false;
    $('confirm-no').focus();
  });
  $('confirm-no').addEventListener('click', () => {
    $('confirm').hidden = true;
  });
  $('confirm-yes').addEventListener('click', () => {
    $('confirm').hidden = true;
    void run('discard', { all: true });
  });
  $('resume').addEventListener('click', async () => {
    if (!state.key) return;
    try {
      await resume(state.key);
      $('action-result').textContent = 'Resumed: the worker delivers again.';
    } catch (error) {
      $('action-result').textContent = `Could not resume: ${error instanceof Error ? error.message : String(error)}`;
    }
    await load();
  });
  if (state.key) {
    connection('loading', 'Loading…');
    void load();
  } else {
    signOut();
    document.documentElement.dataset.ready = 'true';
  }
}

init();
