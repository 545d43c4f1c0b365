// @ts-check
// The page's one state object.

/** @typedef {import('./api.js').StatusView} StatusView */
/** @typedef {import('./api.js').DeliveryRow} DeliveryRow */

/** The key lives in this tab only: closing it forgets the key. */
export const KEY_STORAGE = 'zohokit-relay-key';
/** How often the page reads the relay again, in ms. */
export const REFRESH_MS = 3_000;
/** Rows per table. */
export const ROWS = 50;

/**
 * @typedef {object} PageState
 * @property {string | null} key The secret key, once the relay accepted it (or while it is being tried).
 * @property {StatusView | null} status
 * @property {DeliveryRow[] | null} dead Dead and expired deliveries, newest first; null until loaded.
 * @property {DeliveryRow[] | null} recent
 * @property {string | null} error Why the last load failed.
 * @property {boolean} busy An action is running: its buttons are off.
 * @property {number | undefined} timer The next refresh.
 */

/** @returns {PageState} */
export function createState() {
  let key = null;
  try {
    key = sessionStorage.getItem(KEY_STORAGE);
  } catch {
    // Storage refused (a privacy mode): the key is asked for on each load.
  }
  return { key, status: null, dead: null, recent: null, error: null, busy: false, timer: undefined };
}

/** @param {PageState} state @param {string | null} key */
export function setKey(state, key) {
  state.key = key;
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // As above: kept in memory only.
  }
}
