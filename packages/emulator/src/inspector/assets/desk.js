// @ts-check
// Desk: the org to configure, tickets and contacts, each with a detail view.

import * as control from './control-api.js';
import { $, badge, h, kv, renderRows } from './dom.js';
import { fmtDateTime } from './format.js';
import { MAX_ROWS } from './state.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./ui.js').Ui} Ui */
/** @typedef {import('./control-api.js').DeskOverview} DeskOverview */
/** @typedef {import('./control-api.js').DeskTicketRecord} DeskTicketRecord */
/** @typedef {import('./control-api.js').DeskContactRecord} DeskContactRecord */

/** Every field of a record, objects as indented JSON. @param {Ui} ui @param {string} title @param {object} record */
function recordDetail(ui, title, record) {
  /** @type {Array<[string, import('./dom.js').Child]>} */
  const rows = Object.entries(record).map(([key, value]) => {
    if (value === null || value === undefined || value === '') return [key, '—'];
    if (typeof value === 'object') return [key, h('pre', { text: JSON.stringify(value, null, 2) })];
    return [key, String(value)];
  });
  ui.openDetail(title, kv(rows));
}

/** @param {string} text @param {string} label @param {string} focusKey @param {() => void} onclick */
const detailButton = (text, label, focusKey, onclick) =>
  h('button', { type: 'button', class: 'link', text, 'aria-label': label, dataset: { focusKey }, onclick });

/** @param {DeskContactRecord | undefined} c */
const contactLabel = (c) => (c ? (c.email ?? [c.firstName, c.lastName].filter(Boolean).join(' ')) : '—');

/** @param {Page} page */
export async function loadDesk(page) {
  const [overview, tickets, contacts] = await Promise.all([
    control.deskOverview(),
    control.deskTickets(),
    control.deskContacts(),
  ]);
  renderOrg(overview);
  renderTickets(page.ui, overview, tickets.tickets, contacts.contacts);
  renderContacts(page.ui, tickets.tickets, contacts.contacts);
}

/** @param {DeskOverview} overview */
function renderOrg(overview) {
  const org = overview.orgs.find((o) => o.id === overview.orgId);
  const line = $('desk-org');
  line.classList.remove('loading', 'failed');
  line.replaceChildren(
    'Org ',
    h('strong', { text: org ? org.companyName : overview.orgId }),
    ' — send the header ',
    h('code', { text: `orgId: ${overview.orgId}` }),
    ` (${org ? `${org.inFlight} of ${org.concurrency} concurrent calls in progress` : ''}).`,
  );
}

/**
 * @param {Ui} ui
 * @param {DeskTicketRecord} t
 * @param {Map<string, string>} departments
 * @param {Map<string, DeskContactRecord>} contactById
 */
function ticketRow(ui, t, departments, contactById) {
  return h(
    'tr',
    { dataset: { ticketId: t.id } },
    h(
      'th',
      { scope: 'row' },
      detailButton(`#${t.ticketNumber}`, `Ticket ${t.ticketNumber}: details`, `ticket-${t.id}`, () =>
        recordDetail(ui, `Ticket #${t.ticketNumber}`, t),
      ),
    ),
    h('td', { class: 'clip', title: t.subject, text: t.subject }),
    h('td', {}, t.trashedTime ? badge('trashed', 'bad') : badge(t.status, t.status === 'Closed' ? '' : 'ok')),
    h('td', { text: t.priority ?? '—' }),
    h('td', { text: t.channel ?? '—' }),
    h('td', { text: contactLabel(contactById.get(t.contactId)) }),
    h('td', { text: departments.get(t.departmentId) ?? t.departmentId }),
    h('td', { class: 'nowrap', text: fmtDateTime(t.createdTime) }),
  );
}

/**
 * Newest first.
 * @param {Ui} ui
 * @param {DeskOverview} overview
 * @param {DeskTicketRecord[]} tickets
 * @param {DeskContactRecord[]} contacts
 */
function renderTickets(ui, overview, tickets, contacts) {
  const departments = new Map(overview.departments.map((d) => [d.id, d.name]));
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const sorted = tickets
    .slice()
    .sort((a, b) => b.createdTime.localeCompare(a.createdTime) || Number(b.ticketNumber) - Number(a.ticketNumber));
  renderRows(
    $('tickets-body', HTMLTableSectionElement),
    sorted.slice(0, MAX_ROWS).map((t) => ticketRow(ui, t, departments, contactById)),
    'No tickets yet — create one with zoho.desk.tickets.create(…) or seed some with POST /__emulator/desk/tickets.',
  );
}

/** @param {Ui} ui @param {DeskContactRecord} c @param {number} ticketCount */
function contactRow(ui, c, ticketCount) {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      detailButton(name, `Contact ${name}: details`, `contact-${c.id}`, () => recordDetail(ui, `Contact ${name}`, c)),
    ),
    h('td', { text: c.email ?? '—' }),
    h('td', { text: c.phone ?? c.mobile ?? '—' }),
    h('td', { class: 'num', text: ticketCount }),
    h('td', { class: 'nowrap', text: fmtDateTime(c.createdTime) }),
  );
}

/** Newest first. @param {Ui} ui @param {DeskTicketRecord[]} tickets @param {DeskContactRecord[]} contacts */
function renderContacts(ui, tickets, contacts) {
  /** @type {Map<string, number>} */
  const ticketCounts = new Map();
  for (const t of tickets) ticketCounts.set(t.contactId, (ticketCounts.get(t.contactId) ?? 0) + 1);
  const people = contacts.slice().sort((a, b) => b.createdTime.localeCompare(a.createdTime));
  renderRows(
    $('contacts-body', HTMLTableSectionElement),
    people.slice(0, MAX_ROWS).map((c) => contactRow(ui, c, ticketCounts.get(c.id) ?? 0)),
    'No contacts yet — a ticket created with a `contact` adds one.',
  );
}
