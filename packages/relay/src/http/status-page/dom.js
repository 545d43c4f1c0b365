// @ts-check
// DOM helpers. Every value from the relay goes into the page as text, never as HTML.

/** @typedef {Node | string | number | null | undefined | false | unknown[]} Child */

/**
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @param {{ new (): E }} [type]
 * @returns {E}
 */
export function $(id, type) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`status page: no element #${id}`);
  if (!(el instanceof (type ?? HTMLElement))) throw new Error(`status page: #${id} is not a ${type?.name}`);
  return /** @type {E} */ (el);
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
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of /** @type {unknown[]} */ (children.flat(Number.POSITIVE_INFINITY))) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** @param {string} text @param {string} [tone] */
export const badge = (text, tone) => h('span', { class: `badge ${tone ?? ''}`, text });

/**
 * Replaces a table body's rows, or says in words that there are none.
 * @param {HTMLTableSectionElement} tbody
 * @param {HTMLTableRowElement[]} rows
 * @param {string} emptyText
 */
export function renderRows(tbody, rows, emptyText) {
  const columns = tbody.closest('table')?.querySelectorAll('thead th').length ?? 1;
  if (rows.length === 0)
    tbody.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: columns, text: emptyText })));
  else tbody.replaceChildren(...rows);
}
