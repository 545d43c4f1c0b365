// @ts-check
// CRM: modules with their record counts, the most recent records, credits used in the last 24 hours and the
// calls in progress against the per-app concurrency limit.

import * as control from './control-api.js';
import { $, h, renderRows } from './dom.js';
import { fmtDateTime, fmtNumber } from './format.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./control-api.js').CrmOverview} CrmOverview */

/** @param {Page} _page */
export async function loadCrm(_page) {
  const overview = await control.crmOverview();
  renderLimits(overview);
  renderRows(
    $('crm-modules-body'),
    overview.modules.map((m) =>
      h(
        'tr',
        { dataset: { module: m.api_name } },
        h('th', { scope: 'row', text: m.api_name }),
        h('td', { class: 'num', text: fmtNumber(m.records) }),
        h('td', { text: fmtNumber(m.fields.length) }),
      ),
    ),
    'No modules.',
  );
  renderRows(
    $('crm-recent-body'),
    overview.recent.map((r) =>
      h(
        'tr',
        { dataset: { recordId: r.id } },
        h('th', { scope: 'row', class: 'clip', title: r.name, text: r.name }),
        h('td', { text: r.module }),
        h('td', {}, h('code', { text: r.id })),
        h('td', { text: fmtDateTime(r.createdTime) }),
        h('td', { text: fmtDateTime(r.modifiedTime) }),
      ),
    ),
    'No records yet: insert one through /crm/v8/{module} or seed them with POST /__emulator/crm/records.',
  );
}

/** @param {CrmOverview} overview */
function renderLimits(overview) {
  const line = $('crm-limits');
  line.classList.remove('loading', 'failed');
  const { credits, concurrency } = overview;
  line.replaceChildren(
    'Credits used in the last 24 hours: ',
    h('strong', { id: 'crm-credits', text: `${fmtNumber(credits.used)} of ${fmtNumber(credits.limit)}` }),
    '. Calls in progress: ',
    h('strong', {
      id: 'crm-concurrency',
      text: `${fmtNumber(concurrency.inFlight)} of ${fmtNumber(concurrency.limit)}`,
    }),
    ' per app.',
  );
}
