// @ts-check
// The page's one state object, created at start and handed to every section with the page's tools.

/** @typedef {import('./control-api.js').EmulatorInfo} EmulatorInfo */
/** @typedef {import('./control-api.js').ClientSummary} ClientSummary */
/** @typedef {import('./control-api.js').RequestLogEntry} RequestLogEntry */

export const VIEWS = /** @type {const} */ (['overview', 'desk', 'campaigns', 'crm', 'requests', 'faults']);

/** @typedef {(typeof VIEWS)[number]} View */

/** At most this many rows in a table; the rest is counted, not drawn. */
export const MAX_ROWS = 200;

/**
 * @typedef {object} PageState
 * @property {View} view The view showing.
 * @property {EmulatorInfo | null} info `GET /__emulator/info`, once it answered.
 * @property {ClientSummary[]} clients For client names in the token tables.
 * @property {RequestLogEntry[]} requests The request log, newest first, as the page knows it.
 * @property {RequestLogEntry[]} held Entries that arrived while "Live" was off.
 * @property {number} lastAnnounced When a new request was last read out, epoch ms.
 * @property {string} subscribersList The list whose subscribers show.
 * @property {boolean} subscribersChosen Set once the user picks a list; until then the view follows the list that has subscribers.
 */

/**
 * The page and its tools, as every section gets them.
 * @typedef {object} Page
 * @property {PageState} state
 * @property {import('./ui.js').Ui} ui
 * @property {(view?: View) => Promise<void>} refresh Reloads a view (the one showing by default) and the tab counters.
 * @property {(delay?: number) => void} scheduleRefresh The same, debounced.
 */

/** @param {string} value @returns {value is View} */
export const isView = (value) => /** @type {readonly string[]} */ (VIEWS).includes(value);

/** @returns {PageState} */
export function createState() {
  return {
    view: 'overview',
    info: null,
    clients: [],
    requests: [],
    held: [],
    lastAnnounced: 0,
    subscribersList: '',
    subscribersChosen: false,
  };
}

/** The request log's size, as the emulator reported it (500 until it did). @param {PageState} state */
export const logSize = (state) => state.info?.requestLogSize ?? 500;
