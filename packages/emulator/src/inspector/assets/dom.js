// @ts-check
// DOM helpers. Every value from the emulator goes into the page as text (textContent or text nodes), never as
// HTML.

/** A child of h(): a node, text, nothing, or a (nested) list of them. @typedef {Node | string | number | null | undefined | false | unknown[]} Child */

/**
 * The element with this id, checked to be of the expected class (HTMLElement unless told).
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @param {{ new (): E }} [type]
 * @returns {E}
 */
export function $(id, type) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`inspector: no element #${id}`);
  if (!(el instanceof (type ?? HTMLElement))) throw new Error(`inspector: #${id} is not a ${type?.name}`);
  return /** @type {E} */ (el);
}

/**
 * @param {HTMLElement} el
 * @param {string} key
 * @param {unknown} value
 */
function setProp(el, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key === 'class') el.className = String(value);
  else if (key === 'text') el.textContent = String(value);
  else if (key === 'dataset') Object.assign(el.dataset, value);
  else if (key.startsWith('on') && typeof value === 'function') {
    el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
  } else el.setAttribute(key, value === true ? '' : String(value));
}

/**
 * Creates an element. Props: class, text, on<event>, dataset, or attributes; children are nodes or text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) setProp(el, key, value);
  for (const child of /** @type {unknown[]} */ (children.flat(Number.POSITIVE_INFINITY))) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** @param {string} text @param {string} [tone] */
export const badge = (text, tone) => h('span', { class: `badge ${tone ?? ''}`, text });

/**
 * A definition list; pairs whose value is undefined are left out, null shows as `—`.
 * @param {Array<[string, Child]>} pairs
 */
export function kv(pairs) {
  return h(
    'dl',
    { class: 'kv' },
    pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v ?? '—')]),
  );
}

/**
 * Replaces a table body's rows, or says in words that there are none. A focused control that carries
 * `data-focus-key` gets the focus back after the re-render, so live updates never throw a keyboard user out of
 * the table.
 * @param {HTMLTableSectionElement} tbody
 * @param {HTMLTableRowElement[]} rows
 * @param {string} emptyText
 */
export function renderRows(tbody, rows, emptyText) {
  const active = document.activeElement;
  const focusKey = active instanceof HTMLElement && tbody.contains(active) ? active.dataset.focusKey : undefined;
  if (rows.length === 0)
    tbody.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: columnsOf(tbody), text: emptyText })));
  else tbody.replaceChildren(...rows);
  if (focusKey) {
    const again = [...tbody.querySelectorAll('[data-focus-key]')].find(
      (el) => el instanceof HTMLElement && el.dataset.focusKey === focusKey,
    );
    if (again instanceof HTMLElement) again.focus();
  }
}

/** @param {HTMLTableSectionElement} tbody */
const columnsOf = (tbody) => tbody.closest('table')?.querySelectorAll('thead th').length ?? 1;

/**
 * A view's first load failed: its placeholders (`.loading`, in index.html until the data is there) say why, and
 * so does a line at the top of the panel. The next successful load replaces both.
 * @param {HTMLElement} panel
 * @param {string} message
 */
export function showLoadError(panel, message) {
  for (const el of panel.querySelectorAll('.loading')) {
    el.textContent = `Could not load: ${message}`;
    el.classList.add('failed');
  }
  let line = panel.querySelector(':scope > .load-error');
  if (!line) {
    line = h('p', { class: 'load-error', role: 'alert' });
    panel.prepend(line);
  }
  line.textContent = `Could not load this view: ${message}. It is tried again on the next change.`;
  panel.removeAttribute('aria-busy');
}

/** @param {HTMLElement} panel */
export function clearLoadError(panel) {
  panel.querySelector(':scope > .load-error')?.remove();
  panel.removeAttribute('aria-busy');
}
