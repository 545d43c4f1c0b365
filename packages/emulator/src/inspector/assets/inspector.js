// zohokit emulator inspector: one hand-written module, no framework and no build step.
// Every value that comes from the emulator is put into the page as text (textContent or text nodes), never as
// HTML. The page talks only to the emulator that served it: the control API under /__emulator/ and its
// server-sent event stream.

const API = '/__emulator';
const VIEWS = ['overview', 'desk', 'campaigns', 'requests', 'faults'];
const MAX_ROWS = 200;

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`inspector: no element #${id}`);
  return el;
};

/** Creates an element. Props: class, text, on<event>, dataset, or attributes; children are nodes or text. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// ---------------------------------------------------------------------------------------------------------
// Talking to the emulator

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${API}${path}`, init);
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) throw new Error(data?.error ?? `${method} ${path} answered ${res.status}`);
  return data;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const pad = (n, width = 2) => String(n).padStart(width, '0');

function toDate(value) {
  return value instanceof Date ? value : new Date(value);
}

function fmtTime(value) {
  const d = toDate(value);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function fmtDateTime(value) {
  if (value === null || value === undefined) return '—';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const today = new Date();
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** 59:12, 1:02:03, or 12 s. */
function fmtDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  if (hours > 0) return `${hours}:${pad(m)}:${pad(s)}`;
  if (m > 0) return `${m}:${pad(s)}`;
  return `${s} s`;
}

function fmtWindow(ms) {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

const fmtNumber = (n) => Number(n).toLocaleString('en-US');

function badge(text, tone) {
  return h('span', { class: `badge ${tone ?? ''}`, text });
}

const TOKEN_TONES = { live: 'ok', expired: 'warn', evicted: '', revoked: 'bad' };
const SUBSCRIBER_TONES = { active: 'ok', pending: 'warn', unsub: '', bounce: 'bad' };
const SUBSCRIBER_LABELS = { active: 'active', pending: 'pending', unsub: 'unsubscribed', bounce: 'bounced' };

function statusBadge(entry) {
  if (entry.status === null) return badge(entry.outcome, 'drop');
  const tone = entry.status >= 500 ? 'bad' : entry.status >= 400 ? 'warn' : entry.errorCode ? 'warn' : 'ok';
  return badge(String(entry.status), tone);
}

const isFailure = (entry) => entry.status === null || entry.status >= 400 || entry.errorCode !== null;

function prettyBody(text, contentType) {
  if (text === null || text === undefined) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON
  }
  if ((contentType ?? '').includes('x-www-form-urlencoded')) {
    return text
      .split('&')
      .map((pair) => {
        try {
          return decodeURIComponent(pair.replace(/\+/g, ' '));
        } catch {
          return pair;
        }
      })
      .join('\n');
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Small UI pieces: toast, announcer, table rows with focus kept across re-renders, dialogs

let toastTimer;
function toast(message, { error = false } = {}) {
  const el = $('toast');
  el.textContent = message;
  el.classList.toggle('error', error);
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), error ? 6000 : 3000);
}

function announce(message) {
  $('announcer').textContent = message;
}

/**
 * Replaces a table body's rows. A focused control that carries `data-focus-key` gets the focus back after the
 * re-render, so live updates never throw a keyboard user out of the table.
 */
function renderRows(tbody, rows, emptyText) {
  const active = document.activeElement;
  const focusKey = active && tbody.contains(active) ? active.dataset.focusKey : undefined;
  const columns = tbody.closest('table')?.querySelectorAll('thead th').length ?? 1;
  if (rows.length === 0) {
    tbody.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: columns, text: emptyText })));
  } else {
    tbody.replaceChildren(...rows);
  }
  if (focusKey) {
    const again = [...tbody.querySelectorAll('[data-focus-key]')].find((el) => el.dataset.focusKey === focusKey);
    if (again) again.focus();
  }
}

function kv(pairs) {
  return h(
    'dl',
    { class: 'kv' },
    pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v ?? '—')]),
  );
}

let dialogOpener = null;
function openDetail(title, ...content) {
  const dialog = $('detail');
  dialogOpener = document.activeElement;
  $('detail-title').textContent = title;
  $('detail-body').replaceChildren(...content);
  dialog.showModal();
  $('detail-close').focus();
}

function setupDialogs() {
  const dialog = $('detail');
  $('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener('close', () => {
    if (dialogOpener instanceof HTMLElement && dialogOpener.isConnected) dialogOpener.focus();
    dialogOpener = null;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tabs: buttons with role=tab, arrow keys, Home and End; the view is kept in the URL hash

const state = {
  view: 'overview',
  info: null,
  clients: [],
  requests: [],
  held: [],
  lastAnnounced: 0,
  subscribersList: '',
  /** Set once the user picks a list; until then the view follows the list that has subscribers. */
  subscribersChosen: false,
};

function selectView(view, { focus = false, push = true } = {}) {
  if (!VIEWS.includes(view)) view = 'overview';
  state.view = view;
  for (const name of VIEWS) {
    const tab = $(`tab-${name}`);
    const selected = name === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`panel-${name}`).hidden = !selected;
  }
  if (focus) $(`tab-${view}`).focus();
  $('toast').classList.remove('show'); // a message about the previous view
  if (push && location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
  if (view === 'requests') renderRequests();
  void refresh(view);
}

function setupTabs() {
  const tablist = $('tablist');
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) selectView(tab.id.replace('tab-', ''));
  });
  tablist.addEventListener('keydown', (event) => {
    const index = VIEWS.indexOf(state.view);
    let next = null;
    if (event.key === 'ArrowRight') next = (index + 1) % VIEWS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + VIEWS.length) % VIEWS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = VIEWS.length - 1;
    if (next === null) return;
    event.preventDefault();
    selectView(VIEWS[next], { focus: true });
  });
  window.addEventListener('hashchange', () => selectView(location.hash.slice(1), { push: false }));
}

// ---------------------------------------------------------------------------------------------------------
// Refreshing: the current view on every event (debounced), the tab counters alongside

const loaders = {};
let refreshTimer;

function scheduleRefresh(delay = 200) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refresh(state.view), delay);
}

/**
 * One refresh at a time, so an older answer never paints over a newer one; a refresh asked for meanwhile runs
 * once the current one ends (for whatever view is showing then).
 */
let running = null;
let again = false;

async function refresh(view = state.view) {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      await Promise.all([loaders[view](), refreshCounts()]);
    } catch (error) {
      toast(`Could not load ${view}: ${error.message}`, { error: true });
    }
  })();
  await running;
  running = null;
  if (again) {
    again = false;
    await refresh(state.view);
  }
}

/** A tab's counter; the hidden word tells a screen reader what the number counts. */
function setCount(id, value, label, alert = false) {
  const el = $(id);
  if (value) el.replaceChildren(fmtNumber(value), h('span', { class: 'visually-hidden', text: ` ${label}` }));
  else el.replaceChildren();
  el.classList.toggle('alert', Boolean(alert && value));
}

async function refreshCounts() {
  const [tickets, campaigns, faults] = await Promise.all([
    api('GET', '/desk/tickets'),
    api('GET', '/campaigns'),
    api('GET', '/faults'),
  ]);
  setCount('count-desk', tickets.tickets.filter((t) => !t.trashedTime).length, 'tickets');
  setCount(
    'count-campaigns',
    campaigns.lists.reduce((sum, list) => sum + list.counts.pending, 0),
    'pending',
    true,
  );
  setCount(
    'count-faults',
    faults.queues.reduce((sum, q) => sum + q.sequence.length, 0),
    'faults queued',
    true,
  );
  setCount('count-requests', state.requests.filter(isFailure).length, 'failed', true);
}

// ---------------------------------------------------------------------------------------------------------
// Header

function renderFacts(info) {
  const facts = [
    ['Data centre', info.dc],
    ['URL', info.url],
    ['Token TTL', fmtDuration(info.tokenTtlSec * 1000)],
    ['Latency', `${info.latencyMs} ms`],
    ['Desk orgId', info.deskOrgId],
  ];
  if (info.stateFile) facts.push(['State', 'file']);
  $('facts').replaceChildren(...facts.map(([k, v]) => h('div', {}, h('dt', { text: k }), h('dd', { text: v }))));
  $('budget-max').textContent = String(info.limits.accessTokensPerRefreshToken);
  $('budget-window').textContent = fmtWindow(info.limits.refreshWindowMs);
}

// ---------------------------------------------------------------------------------------------------------
// Overview

const clientName = (clientId) => {
  const client = state.clients.find((c) => c.clientId === clientId);
  return client ? client.name : clientId;
};

/** Countdowns are re-rendered every second from their data attributes. */
function countdown(until, { past = 'ended', future = 'in' } = {}) {
  const el = h('span', { class: 'nowrap', dataset: { until: String(until), past, future } });
  paintCountdown(el);
  return el;
}

function paintCountdown(el) {
  const left = Number(el.dataset.until) - Date.now();
  el.textContent =
    left > 0 ? `${el.dataset.future} ${fmtDuration(left)}` : `${el.dataset.past} ${fmtDuration(-left)} ago`;
}

function tickCountdowns() {
  for (const el of document.querySelectorAll('[data-until]')) paintCountdown(el);
  for (const el of document.querySelectorAll('[data-live-until]')) {
    if (Number(el.dataset.liveUntil) <= Date.now() && el.textContent === 'live') {
      el.textContent = 'expired';
      el.className = 'badge warn';
    }
  }
}

loaders.overview = async () => {
  const [clients, tokens, counters] = await Promise.all([
    api('GET', '/clients'),
    api('GET', '/tokens'),
    api('GET', '/counters'),
  ]);
  state.clients = clients.clients;
  const info = state.info;
  const now = Date.now();
  const liveAccess = tokens.accessTokens.filter((t) => t.state === 'live' && t.expiresAt > now).length;
  const liveRefresh = tokens.refreshTokens.filter((t) => t.state === 'live').length;
  const failed = state.requests.filter(isFailure).length;

  const card = (label, value, tone) =>
    h(
      'li',
      { class: tone },
      h('span', { class: 'value', text: fmtNumber(value) }),
      h('span', { class: 'label', text: label }),
    );
  $('overview-cards').replaceChildren(
    card('Clients', state.clients.length),
    card('Live access tokens', liveAccess),
    card('Live refresh tokens', liveRefresh),
    card('Token endpoint calls', counters.tokenCalls.total),
    card('Requests in the log', state.requests.length),
    card('Failed requests', failed, failed > 0 ? 'bad' : undefined),
  );

  renderRows(
    $('clients-body'),
    state.clients.map((c) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', text: c.name }),
        h('td', { class: 'mono', text: c.clientId }),
        h('td', { text: c.type }),
        h('td', { class: 'mono', text: c.clientSecret }),
        h('td', { class: 'nowrap', text: fmtDateTime(c.createdAt) }),
      ),
    ),
    'No clients yet. Create one with POST /__emulator/clients or `zohokit emulator` commands.',
  );

  const calls = counters.tokenCalls;
  const pairs = [
    ['Total', calls.total],
    ['authorization_code', calls.authorization_code],
    ['refresh_token', calls.refresh_token],
    ['client_credentials', calls.client_credentials],
    ['revoke', calls.revoke],
  ];
  if (calls.other) pairs.push(['other', calls.other]);
  const errors = Object.entries(counters.tokenErrors);
  $('token-calls').replaceChildren(
    ...pairs.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: fmtNumber(v) })]),
    h('dt', { text: 'Errors' }),
    h(
      'dd',
      {},
      errors.length === 0
        ? 'none'
        : errors.map(([code, n], i) => [i > 0 ? ', ' : '', h('span', { class: 'code', text: code }), ` × ${n}`]),
    ),
  );

  const max = info?.limits.accessTokensPerRefreshToken ?? 10;
  renderRows(
    $('refresh-body'),
    tokens.refreshTokens
      .slice()
      .reverse()
      .slice(0, MAX_ROWS)
      .map((t) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', class: 'mono nowrap', text: t.token }),
          h('td', { text: clientName(t.clientId) }),
          h('td', {}, badge(t.state, TOKEN_TONES[t.state])),
          h(
            'td',
            { class: 'nowrap' },
            h('meter', {
              min: 0,
              max,
              low: Math.ceil(max * 0.7),
              high: max - 1,
              optimum: 0,
              value: t.mintedInWindow,
              'aria-label': `${t.mintedInWindow} of ${max} access tokens minted in this window`,
            }),
            `${t.mintedInWindow} / ${max}`,
          ),
          h('td', {}, t.windowEndsAt ? countdown(t.windowEndsAt, { past: 'ended' }) : '—'),
          h('td', { class: 'num', text: t.liveAccessTokens }),
          h('td', { class: 'clip', title: t.scopes.join(' '), text: t.scopes.join(', ') }),
          h('td', { class: 'nowrap', text: fmtDateTime(t.createdAt) }),
        ),
      ),
    'No refresh tokens yet: exchange a grant code at /oauth/v2/token.',
  );

  const refreshById = new Map(tokens.refreshTokens.map((t) => [t.id, t]));
  const access = tokens.accessTokens.slice().reverse();
  renderRows(
    $('access-body'),
    access.slice(0, MAX_ROWS).map((t) => {
      const shownState = t.state === 'live' && t.expiresAt <= Date.now() ? 'expired' : t.state;
      return h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'mono nowrap', text: t.token }),
        h('td', { text: clientName(t.clientId) }),
        h(
          'td',
          {},
          h('span', {
            class: `badge ${TOKEN_TONES[shownState]}`,
            text: shownState,
            dataset: t.state === 'live' ? { liveUntil: String(t.expiresAt) } : undefined,
          }),
        ),
        h(
          'td',
          {},
          t.state === 'live'
            ? countdown(t.expiresAt, { past: 'expired' })
            : t.endedAt
              ? `${t.state} ${fmtDateTime(t.endedAt)}`
              : '—',
        ),
        h('td', { class: 'mono', text: t.grantType }),
        h('td', {
          class: 'mono',
          text: t.refreshTokenId ? (refreshById.get(t.refreshTokenId)?.token ?? t.refreshTokenId) : '—',
        }),
        h('td', { class: 'nowrap', text: fmtDateTime(t.createdAt) }),
      );
    }),
    'No access tokens yet.',
  );
};

// ---------------------------------------------------------------------------------------------------------
// Desk

function recordDetail(title, record) {
  const rows = Object.entries(record).map(([key, value]) => {
    let shown;
    if (value === null || value === undefined || value === '') shown = '—';
    else if (typeof value === 'object') shown = h('pre', { text: JSON.stringify(value, null, 2) });
    else shown = String(value);
    return [key, shown];
  });
  openDetail(title, kv(rows));
}

loaders.desk = async () => {
  const [overview, tickets, contacts] = await Promise.all([
    api('GET', '/desk'),
    api('GET', '/desk/tickets'),
    api('GET', '/desk/contacts'),
  ]);
  const org = overview.orgs.find((o) => o.id === overview.orgId);
  $('desk-org').replaceChildren(
    'Org ',
    h('strong', { text: org ? org.companyName : overview.orgId }),
    ' — send the header ',
    h('code', { text: `orgId: ${overview.orgId}` }),
    ` (${org ? `${org.inFlight} of ${org.concurrency} concurrent calls in progress` : ''}).`,
  );
  const departments = new Map(overview.departments.map((d) => [d.id, d.name]));
  const contactById = new Map(contacts.contacts.map((c) => [c.id, c]));
  const contactLabel = (c) => (c ? (c.email ?? [c.firstName, c.lastName].filter(Boolean).join(' ')) : '—');

  const sorted = tickets.tickets
    .slice()
    .sort((a, b) => b.createdTime.localeCompare(a.createdTime) || Number(b.ticketNumber) - Number(a.ticketNumber));
  renderRows(
    $('tickets-body'),
    sorted.slice(0, MAX_ROWS).map((t) =>
      h(
        'tr',
        { dataset: { ticketId: t.id } },
        h(
          'th',
          { scope: 'row' },
          h('button', {
            type: 'button',
            class: 'link',
            text: `#${t.ticketNumber}`,
            'aria-label': `Ticket ${t.ticketNumber}: details`,
            dataset: { focusKey: `ticket-${t.id}` },
            onclick: () => recordDetail(`Ticket #${t.ticketNumber}`, t),
          }),
        ),
        h('td', { class: 'clip', title: t.subject, text: t.subject }),
        h('td', {}, t.trashedTime ? badge('trashed', 'bad') : badge(t.status, t.status === 'Closed' ? '' : 'ok')),
        h('td', { text: t.priority ?? '—' }),
        h('td', { text: t.channel ?? '—' }),
        h('td', { text: contactLabel(contactById.get(t.contactId)) }),
        h('td', { text: departments.get(t.departmentId) ?? t.departmentId }),
        h('td', { class: 'nowrap', text: fmtDateTime(t.createdTime) }),
      ),
    ),
    'No tickets yet. Create one with zoho.desk.tickets.create(…).',
  );

  const ticketCounts = new Map();
  for (const t of tickets.tickets) ticketCounts.set(t.contactId, (ticketCounts.get(t.contactId) ?? 0) + 1);
  const people = contacts.contacts.slice().sort((a, b) => b.createdTime.localeCompare(a.createdTime));
  renderRows(
    $('contacts-body'),
    people.slice(0, MAX_ROWS).map((c) => {
      const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
      return h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row' },
          h('button', {
            type: 'button',
            class: 'link',
            text: name,
            'aria-label': `Contact ${name}: details`,
            dataset: { focusKey: `contact-${c.id}` },
            onclick: () => recordDetail(`Contact ${name}`, c),
          }),
        ),
        h('td', { text: c.email ?? '—' }),
        h('td', { text: c.phone ?? c.mobile ?? '—' }),
        h('td', { class: 'num', text: ticketCounts.get(c.id) ?? 0 }),
        h('td', { class: 'nowrap', text: fmtDateTime(c.createdTime) }),
      );
    }),
    'No contacts yet.',
  );
};

// ---------------------------------------------------------------------------------------------------------
// Campaigns

const subscriberName = (s) => [s.fields['First Name'], s.fields['Last Name']].filter(Boolean).join(' ') || '—';

async function confirmSubscriber(list, subscriber) {
  try {
    await api('POST', '/campaigns/confirm', { listKey: list.listKey, email: subscriber.email });
    toast(`Confirmed ${subscriber.email} on ${list.name}: now active.`);
    announce(`${subscriber.email} confirmed.`);
    await refresh('campaigns');
  } catch (error) {
    toast(error.message, { error: true });
  }
}

function confirmButton(list, subscriber) {
  return h('button', {
    type: 'button',
    class: 'small',
    text: 'Confirm',
    'aria-label': `Confirm ${subscriber.email} on ${list.name}`,
    dataset: { focusKey: `confirm-${list.listKey}-${subscriber.email}` },
    onclick: (event) => {
      event.currentTarget.disabled = true;
      void confirmSubscriber(list, subscriber);
    },
  });
}

loaders.campaigns = async () => {
  const snapshot = await api('GET', '/campaigns');
  const lists = snapshot.lists;

  const withPending = lists.filter((l) => l.counts.pending > 0);
  const pendingPerList = await Promise.all(
    withPending.map(async (list) => ({
      list,
      subscribers: (await api('GET', `/campaigns/lists/${encodeURIComponent(list.listKey)}/subscribers`)).subscribers,
    })),
  );
  const pending = pendingPerList.flatMap(({ list, subscribers }) =>
    subscribers.filter((s) => s.status === 'pending').map((s) => ({ list, s })),
  );
  renderRows(
    $('pending-body'),
    pending
      .slice(0, MAX_ROWS)
      .map(({ list, s }) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: s.email }),
          h('td', { text: subscriberName(s) }),
          h('td', { text: list.name }),
          h('td', { text: s.source ?? '—' }),
          h('td', { class: 'nowrap', text: fmtDateTime(s.addedAt) }),
          h('td', {}, confirmButton(list, s)),
        ),
      ),
    'Nobody is waiting for a confirmation.',
  );

  renderRows(
    $('lists-body'),
    lists.map((l) =>
      h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row' },
          h('button', {
            type: 'button',
            class: 'link',
            text: l.name,
            'aria-label': `${l.name}: show subscribers`,
            dataset: { focusKey: `list-${l.listKey}` },
            onclick: () => {
              state.subscribersList = l.listKey;
              state.subscribersChosen = true;
              $('subscribers-list').value = l.listKey;
              void loadSubscribers(lists);
              $('subscribers-list').focus();
            },
          }),
        ),
        h('td', { class: 'mono', text: l.listKey }),
        h('td', { text: l.doubleOptIn ? 'yes' : 'no' }),
        h('td', { class: 'num', text: fmtNumber(l.counts.active) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.pending) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.unsub) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.bounce) }),
        h('td', { class: 'num', text: fmtNumber(l.counts.total) }),
      ),
    ),
    'No lists.',
  );

  const select = $('subscribers-list');
  if (!state.subscribersChosen || !lists.some((l) => l.listKey === state.subscribersList)) {
    state.subscribersList = (lists.find((l) => l.counts.total > 0) ?? lists[0])?.listKey ?? '';
  }
  select.replaceChildren(...lists.map((l) => h('option', { value: l.listKey, text: `${l.name} (${l.counts.total})` })));
  select.value = state.subscribersList;
  await loadSubscribers(lists);

  const now = Date.now();
  renderRows(
    $('windows-body'),
    snapshot.apis.map((a) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'mono', text: a.api }),
        h(
          'td',
          {},
          a.windows.map((w, i) => [
            i > 0 ? ' · ' : '',
            `${fmtNumber(w.used)} / ${fmtNumber(w.max)} per ${fmtWindow(w.windowMs)}`,
          ]),
        ),
        h(
          'td',
          {},
          a.lockedUntil && a.lockedUntil > now
            ? [badge('locked', 'bad'), ' ', countdown(a.lockedUntil, { future: 'for', past: 'ended' })]
            : '—',
        ),
      ),
    ),
    'No APIs.',
  );
};

async function loadSubscribers(lists) {
  const list = lists.find((l) => l.listKey === state.subscribersList);
  if (!list) {
    renderRows($('subscribers-body'), [], 'No list selected.');
    $('subscribers-note').textContent = '';
    return;
  }
  const status = $('subscribers-status').value;
  const all = (await api('GET', `/campaigns/lists/${encodeURIComponent(list.listKey)}/subscribers`)).subscribers;
  const shown = all.filter((s) => !status || s.status === status);
  renderRows(
    $('subscribers-body'),
    shown
      .slice(0, MAX_ROWS)
      .map((s) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: s.email }),
          h('td', { text: subscriberName(s) }),
          h(
            'td',
            {},
            badge(SUBSCRIBER_LABELS[s.status] ?? s.status, SUBSCRIBER_TONES[s.status]),
            ' ',
            s.status === 'pending' ? confirmButton(list, s) : null,
          ),
          h('td', { text: s.source ?? '—' }),
          h('td', { class: 'nowrap', text: fmtDateTime(s.addedAt) }),
          h('td', { class: 'nowrap', text: fmtDateTime(s.updatedAt) }),
        ),
      ),
    status ? `No ${SUBSCRIBER_LABELS[status]} subscribers on ${list.name}.` : `${list.name} has no subscribers yet.`,
  );
  $('subscribers-note').textContent =
    shown.length > MAX_ROWS ? `Showing the first ${MAX_ROWS} of ${fmtNumber(shown.length)}.` : '';
}

function setupCampaigns() {
  const reload = async () => {
    state.subscribersList = $('subscribers-list').value;
    state.subscribersChosen = true;
    try {
      const snapshot = await api('GET', '/campaigns');
      await loadSubscribers(snapshot.lists);
    } catch (error) {
      toast(error.message, { error: true });
    }
  };
  $('subscribers-list').addEventListener('change', reload);
  $('subscribers-status').addEventListener('change', reload);
  $('subscribers-form').addEventListener('submit', (event) => event.preventDefault());
}

// ---------------------------------------------------------------------------------------------------------
// Requests: loaded once, then live from the event stream; filtered here so live rows obey the filters too

function requestFilters() {
  return {
    path: $('filter-path').value.trim().toLowerCase(),
    method: $('filter-method').value,
    status: $('filter-status').value,
    product: $('filter-product').value,
  };
}

function matchesFilters(entry, f) {
  if (f.path && !entry.path.toLowerCase().includes(f.path)) return false;
  if (f.method && entry.method !== f.method) return false;
  if (f.product && entry.product !== f.product) return false;
  if (f.status === 'error') return isFailure(entry);
  if (f.status === 'dropped') return entry.status === null;
  if (/^[1-5]xx$/.test(f.status))
    return entry.status !== null && Math.floor(entry.status / 100) === Number(f.status[0]);
  return true;
}

function requestRow(entry, fresh = false) {
  const path = entry.query ? `${entry.path}?${entry.query}` : entry.path;
  const open = () => showRequest(entry);
  return h(
    'tr',
    {
      class: [isFailure(entry) ? 'failed' : '', fresh ? 'fresh' : ''].join(' ').trim() || undefined,
      dataset: { requestId: String(entry.id), status: entry.outcome },
      onclick: (event) => {
        if (event.target.closest('button')) return;
        open();
      },
    },
    h('td', { class: 'nowrap mono', text: fmtTime(entry.time) }),
    h('td', { class: 'method', text: entry.method }),
    h(
      'th',
      { scope: 'row', class: 'clip' },
      h('button', {
        type: 'button',
        class: 'link mono',
        text: path,
        title: path,
        'aria-label': `${entry.method} ${path}, ${entry.outcome}: details`,
        dataset: { focusKey: `request-${entry.id}` },
        onclick: open,
      }),
    ),
    h('td', {}, statusBadge(entry)),
    h('td', { class: 'code', text: entry.errorCode ?? '' }),
    h('td', { class: 'num nowrap', text: `${entry.latencyMs} ms` }),
    h('td', { text: entry.fault ?? '' }),
  );
}

function renderRequests() {
  const f = requestFilters();
  const shown = state.requests.filter((e) => matchesFilters(e, f));
  renderRows(
    $('requests-body'),
    shown.slice(0, MAX_ROWS).map((e) => requestRow(e)),
    state.requests.length === 0
      ? 'No requests yet. Point your app at this emulator and they appear here.'
      : 'No request matches the filters.',
  );
  renderRequestSummary(shown.length);
}

function renderRequestSummary(shownCount) {
  const size = state.info?.requestLogSize ?? 500;
  const held = state.held.length ? ` ${state.held.length} new while paused.` : '';
  $('requests-summary').textContent =
    `Showing ${fmtNumber(Math.min(shownCount, MAX_ROWS))} of ${fmtNumber(state.requests.length)} requests (the log keeps the last ${fmtNumber(size)}; control API calls are not logged).${held}`;
}

function addRequest(entry) {
  if (state.requests.some((e) => e.id === entry.id)) return;
  if (!$('filter-live').checked) {
    state.held.push(entry);
    renderRequestSummary(state.requests.filter((e) => matchesFilters(e, requestFilters())).length);
    return;
  }
  state.requests.unshift(entry);
  if (state.requests.length > (state.info?.requestLogSize ?? 500)) state.requests.pop();
  if (matchesFilters(entry, requestFilters())) {
    const tbody = $('requests-body');
    if (tbody.querySelector('td.empty')) tbody.replaceChildren();
    tbody.prepend(requestRow(entry, true));
    while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1);
  }
  renderRequestSummary(state.requests.filter((e) => matchesFilters(e, requestFilters())).length);
  if (state.view === 'requests' && Date.now() - state.lastAnnounced > 2000) {
    state.lastAnnounced = Date.now();
    announce(
      `New request: ${entry.method} ${entry.path}, ${entry.outcome}${entry.errorCode ? `, ${entry.errorCode}` : ''}.`,
    );
  }
}

function messageSection(title, message, fallback) {
  if (!message) return [h('h3', { text: title }), h('p', { class: 'hint', text: fallback })];
  const headers = Object.entries(message.headers);
  const body = prettyBody(message.body, message.headers['content-type']);
  return [
    h('h3', { text: title }),
    headers.length
      ? kv(headers.map(([k, v]) => [k, h('span', { class: 'mono', text: v })]))
      : h('p', { class: 'hint', text: 'No headers.' }),
    h('h4', { text: 'Body' }),
    body === null
      ? h('p', { class: 'hint', text: 'None.' })
      : h('pre', { tabindex: 0, 'aria-label': `${title} body`, text: body }),
  ];
}

function showRequest(entry) {
  const outcome = entry.status === null ? `${entry.outcome} (no answer)` : String(entry.status);
  openDetail(
    `${entry.method} ${entry.path} → ${outcome}`,
    kv([
      ['Time', `${fmtDateTime(entry.time)} (${fmtTime(entry.time)})`],
      ['Route', h('span', { class: 'mono', text: `${entry.method} ${entry.route}` })],
      ['Product', entry.product],
      ['Query', entry.query ? h('span', { class: 'mono', text: entry.query }) : '—'],
      ['Outcome', statusBadge(entry)],
      ['Zoho error code', entry.errorCode ? h('span', { class: 'code', text: entry.errorCode }) : '—'],
      ['Latency', `${entry.latencyMs} ms`],
      ['Scripted fault', entry.fault ?? '—'],
    ]),
    h(
      'div',
      { class: 'two-col' },
      h('section', {}, ...messageSection('Request', entry.request, '')),
      h(
        'section',
        {},
        ...messageSection('Response', entry.response, 'The connection was dropped: there was no answer.'),
      ),
    ),
    h('p', {
      class: 'hint',
      text: 'Secrets (Authorization, tokens, client secrets, grant codes) were masked before the request was stored.',
    }),
  );
}

async function loadRequests() {
  const size = state.info?.requestLogSize ?? 500;
  const data = await api('GET', `/requests?limit=${Math.max(1, size)}`);
  // Entries that arrived on the event stream while this was loading are newer than anything in the answer.
  const newest = data.requests[0]?.id ?? 0;
  state.requests = [...state.requests.filter((e) => e.id > newest), ...data.requests];
  state.held = [];
  renderRequests();
}

// Rows are added one by one as they arrive (addRequest); a full render happens when the tab is opened.
loaders.requests = async () => {};

function setupRequests() {
  const form = $('request-filters');
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('input', (event) => {
    if (event.target.id !== 'filter-live') renderRequests();
  });
  $('filter-live').addEventListener('change', () => {
    if ($('filter-live').checked && state.held.length) {
      const held = state.held;
      state.held = [];
      for (const entry of held) state.requests.unshift(entry);
      renderRequests();
    } else renderRequestSummary(state.requests.filter((e) => matchesFilters(e, requestFilters())).length);
  });
  $('clear-log').addEventListener('click', async () => {
    try {
      await api('DELETE', '/requests');
      state.requests = [];
      state.held = [];
      renderRequests();
      toast('Request log cleared.');
    } catch (error) {
      toast(error.message, { error: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Faults

function describeFault(f) {
  const parts = [];
  if (f.status !== undefined) {
    parts.push(String(f.status));
    if (f.retryAfter !== undefined) parts.push(`Retry-After ${f.retryAfter}`);
  } else if (f.reset) parts.push(`reset ${f.reset}`);
  else if (f.hang) parts.push('hang');
  else parts.push('pass');
  if (f.delayMs) parts.push(`after ${f.delayMs} ms`);
  if (f.repeatForMs) parts.push(`for ${fmtDuration(f.repeatForMs)}`);
  return parts.join(', ');
}

loaders.faults = async () => {
  const [faults, tokens] = await Promise.all([api('GET', '/faults'), api('GET', '/tokens')]);
  renderRows(
    $('faults-body'),
    faults.queues.map((q) =>
      h(
        'tr',
        {},
        h('td', { class: 'method', text: q.method ?? 'any' }),
        h('th', { scope: 'row', class: 'mono', text: q.path }),
        h(
          'td',
          {},
          q.sequence.map((f, i) => [
            i > 0 ? ' → ' : '',
            badge(describeFault(f), f.status >= 500 || f.reset || f.hang ? 'bad' : 'warn'),
          ]),
        ),
        h('td', {}, q.activeUntil ? countdown(q.activeUntil, { future: 'ends in', past: 'ended' }) : '—'),
        h(
          'td',
          {},
          h('button', {
            type: 'button',
            class: 'small secondary',
            text: 'Clear',
            'aria-label': `Clear faults on ${q.method ?? 'any method'} ${q.path}`,
            dataset: { focusKey: `fault-${q.method}-${q.path}` },
            onclick: async () => {
              const query = new URLSearchParams({ path: q.path, ...(q.method ? { method: q.method } : {}) });
              try {
                await api('DELETE', `/faults?${query}`);
                toast(`Cleared faults on ${q.method ?? 'any method'} ${q.path}.`);
                await refresh('faults');
              } catch (error) {
                toast(error.message, { error: true });
              }
            },
          }),
        ),
      ),
    ),
    'No faults queued: every request reaches the real handler.',
  );

  const select = $('revoke-select');
  const previous = select.value;
  const live = tokens.refreshTokens.filter((t) => t.state === 'live');
  if (state.clients.length === 0) state.clients = (await api('GET', '/clients')).clients;
  select.replaceChildren(
    ...(live.length
      ? live.map((t) =>
          h('option', { value: t.id, text: `${t.token} · ${clientName(t.clientId)} · ${t.scopes.length} scopes` }),
        )
      : [h('option', { value: '', text: 'No live refresh tokens' })]),
  );
  if (live.some((t) => t.id === previous)) select.value = previous;
  $('revoke-submit').disabled = live.length === 0;
};

function readFaultForm() {
  const value = (id) => $(id).value.trim();
  const number = (id, label, { min, max, integer = false } = {}) => {
    const raw = value(id);
    if (raw === '') return undefined;
    const n = Number(raw);
    if (
      !Number.isFinite(n) ||
      (integer && !Number.isInteger(n)) ||
      (min !== undefined && n < min) ||
      (max !== undefined && n > max)
    ) {
      throw new FieldError(
        id,
        `${label} must be ${integer ? 'a whole number' : 'a number'}${min !== undefined ? ` from ${min}` : ''}${max !== undefined ? ` to ${max}` : ''}.`,
      );
    }
    return n;
  };
  const path = value('fault-path');
  if (!/^(\/[^\s*]*\*?|\*)$/.test(path))
    throw new FieldError('fault-path', "Path must start with '/' (or be '*'), with '*' only at the end.");
  const kind = $('fault-kind').value;
  const fault = {};
  if (kind === 'status') {
    fault.status = number('fault-status', 'Status', { min: 200, max: 599, integer: true });
    if (fault.status === undefined)
      throw new FieldError('fault-status', 'Status is required for an HTTP status fault.');
    const retryAfter = number('fault-retry-after', 'Retry-After', { min: 0 });
    if (retryAfter !== undefined) fault.retryAfter = retryAfter;
  } else if (kind === 'reset-before') fault.reset = 'before';
  else if (kind === 'reset-after') fault.reset = 'after';
  else if (kind === 'hang') fault.hang = true;
  else fault.pass = true;
  const delayMs = number('fault-delay', 'Delay', { min: 0, max: 600000, integer: true });
  if (delayMs) fault.delayMs = delayMs;
  const outageSec = number('fault-outage', 'Outage', { min: 0 });
  const times = number('fault-times', 'Times in a row', { min: 1, max: 100, integer: true }) ?? 1;
  let sequence;
  if (outageSec) sequence = [{ ...fault, repeatForMs: Math.round(outageSec * 1000) }];
  else sequence = Array.from({ length: times }, () => ({ ...fault }));
  const method = $('fault-method').value;
  return { ...(method ? { method } : {}), path, sequence };
}

class FieldError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

async function submitFaults(spec, source) {
  try {
    const queue = await api('POST', '/faults', spec);
    const what = spec.sequence.map(describeFault).join(' → ');
    toast(`Queued on ${queue.method ?? 'any method'} ${queue.path}: ${what}.`);
    announce(`Fault added on ${queue.path}.`);
    await refresh('faults');
  } catch (error) {
    toast(error.message, { error: true });
    source?.focus();
  }
}

function syncFaultKind() {
  const isStatus = $('fault-kind').value === 'status';
  $('fault-status').disabled = !isStatus;
  $('fault-retry-after').disabled = !isStatus;
}

function setupFaults() {
  $('fault-kind').addEventListener('change', syncFaultKind);
  syncFaultKind();
  $('fault-form').addEventListener('submit', (event) => {
    event.preventDefault();
    for (const el of $('fault-form').querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    let spec;
    try {
      spec = readFaultForm();
    } catch (error) {
      if (error instanceof FieldError) {
        const field = $(error.field);
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
      toast(error.message, { error: true });
      return;
    }
    void submitFaults(spec, $('fault-submit'));
  });
  $('fault-json-submit').addEventListener('click', () => {
    let sequence;
    try {
      sequence = JSON.parse($('fault-json').value);
      if (!Array.isArray(sequence)) throw new Error('the sequence must be a JSON array');
    } catch (error) {
      toast(`Sequence: ${error.message}`, { error: true });
      $('fault-json').focus();
      return;
    }
    const path = $('fault-path').value.trim();
    if (!path) {
      toast('Fill in the path above first.', { error: true });
      $('fault-path').focus();
      return;
    }
    const method = $('fault-method').value;
    void submitFaults({ ...(method ? { method } : {}), path, sequence }, $('fault-json'));
  });
  $('clear-faults').addEventListener('click', async () => {
    try {
      await api('DELETE', '/faults');
      toast('All faults cleared.');
      await refresh('faults');
    } catch (error) {
      toast(error.message, { error: true });
    }
  });
  $('expire-tokens').addEventListener('click', async () => {
    try {
      const { expired } = await api('POST', '/tokens/expire', {});
      toast(`Expired ${expired} access token${expired === 1 ? '' : 's'}.`);
      await refresh();
    } catch (error) {
      toast(error.message, { error: true });
    }
  });
  $('revoke-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = $('revoke-select').value;
    if (!id) return;
    try {
      const { revokedAccessTokens } = await api('POST', `/tokens/${encodeURIComponent(id)}/revoke`);
      toast(
        `Revoked the refresh token and ${revokedAccessTokens} access token${revokedAccessTokens === 1 ? '' : 's'}.`,
      );
      await refresh();
    } catch (error) {
      toast(error.message, { error: true });
    }
  });
  const confirmDialog = $('confirm-reset');
  $('reset-state').addEventListener('click', () => confirmDialog.showModal());
  confirmDialog.addEventListener('close', async () => {
    $('reset-state').focus();
    if (confirmDialog.returnValue !== 'reset') return;
    try {
      await api('POST', '/reset');
      state.clients = [];
      toast('The emulator is back to its just-started state.');
      await refresh();
    } catch (error) {
      toast(error.message, { error: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Live updates: server-sent events (EventSource reconnects by itself)

function setConnection(kind, text) {
  const el = $('connection');
  el.dataset.state = kind;
  $('connection-text').textContent = text;
}

function connect() {
  const events = new EventSource(`${API}/events`);
  let loadedOnce = false;
  events.addEventListener('open', async () => {
    setConnection('live', 'Live');
    // After a reconnect (an emulator restart), everything may have changed.
    if (loadedOnce) {
      try {
        state.info = await api('GET', '/info');
        renderFacts(state.info);
        await loadRequests();
      } catch {
        // the next event or reconnect tries again
      }
      scheduleRefresh(0);
    }
    loadedOnce = true;
  });
  events.addEventListener('error', () => setConnection('down', 'Reconnecting…'));
  events.addEventListener('request', (event) => {
    addRequest(JSON.parse(event.data));
    scheduleRefresh();
  });
  events.addEventListener('change', () => scheduleRefresh());
  events.addEventListener('cleared', () => {
    state.requests = [];
    state.held = [];
    renderRequests();
    scheduleRefresh();
  });
}

// ---------------------------------------------------------------------------------------------------------

async function start() {
  setupDialogs();
  setupTabs();
  setupCampaigns();
  setupRequests();
  setupFaults();
  connect();
  try {
    state.info = await api('GET', '/info');
    renderFacts(state.info);
    await loadRequests();
  } catch (error) {
    toast(`Could not reach the emulator: ${error.message}`, { error: true });
  }
  selectView(location.hash.slice(1) || 'overview', { push: false });
  setInterval(tickCountdowns, 1000);
  document.documentElement.dataset.ready = 'true';
}

void start();
