// @ts-check
// The page's shared UI: the toast, the screen-reader announcer and the detail dialog.

import { messageOf } from './control-api.js';
import { $ } from './dom.js';

/** Sets up the detail dialog and returns the page's messengers. Call once, after the DOM is there. */
export function createUi() {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let toastTimer;
  /** @type {Element | null} The control that opened the dialog gets the focus back when it closes. */
  let dialogOpener = null;
  const dialog = $('detail', HTMLDialogElement);
  $('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener('close', () => {
    if (dialogOpener instanceof HTMLElement && dialogOpener.isConnected) dialogOpener.focus();
    dialogOpener = null;
  });

  /** @param {string} message @param {{ error?: boolean }} [options] */
  function toast(message, { error = false } = {}) {
    const el = $('toast');
    el.textContent = message;
    el.classList.toggle('error', error);
    el.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => el.classList.remove('show'), error ? 6000 : 3000);
  }

  return {
    toast,
    /** A failed call, shown, never swallowed. @param {unknown} error @param {string} [prefix] */
    fail(error, prefix) {
      toast(prefix ? `${prefix}: ${messageOf(error)}` : messageOf(error), { error: true });
    },
    /** @param {string} message */
    announce(message) {
      $('announcer').textContent = message;
    },
    /** @param {string} title @param {Node[]} content */
    openDetail(title, ...content) {
      dialogOpener = document.activeElement;
      $('detail-title').textContent = title;
      $('detail-body').replaceChildren(...content);
      dialog.showModal();
      $('detail-close').focus();
    },
  };
}

/** @typedef {ReturnType<typeof createUi>} Ui */
