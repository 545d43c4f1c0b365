import { lookup } from '../state.js';
import type { CampaignsApiSpec, CampaignsCall } from './campaigns-api.js';
import { findList, param } from './campaigns-api.js';
import type { CampaignsBody } from './campaigns-envelope.js';
import { CampaignsErrors, campaignsSuccess } from './campaigns-envelope.js';
import type { CampaignsContactRecord, CampaignsListRecord } from './campaigns-state.js';
import { contactsInOrder, countByStatus, listsInOrder } from './campaigns-state.js';

/*
 * The read APIs (zoho-api.md §3.3) as agreed in docs/zoho-behaviour.md: `fromindex` is 1-based, `range` at most
 * 200 (more → 6502), the items are in `list_of_details` (empty past the end), counts and times are strings.
 */

export const MAX_RANGE = 200;
/** Zoho's default page size is undocumented; zohokit always sends `range`. */
export const DEFAULT_RANGE = 20;

/** §3.3 lists active/recent/mostrecent/unsub/bounce; docs/zoho-behaviour.md adds pending and all. */
const SUBSCRIBER_FILTERS = ['active', 'unsub', 'bounce', 'pending', 'all', 'recent', 'mostrecent'] as const;
type SubscriberFilter = (typeof SUBSCRIBER_FILTERS)[number];

const SUCCESS = 'Success';

type Paging = { ok: true; fromindex: number; range: number; descending: boolean } | { ok: false; body: CampaignsBody };

function positive(call: CampaignsCall, name: string, fallback: number): number | CampaignsBody {
  const raw = param(call.params, name)?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  return value >= 1 ? value : CampaignsErrors.badNumber(call.uri, name);
}

function readPaging(call: CampaignsCall): Paging {
  const fromindex = positive(call, 'fromindex', 1);
  if (typeof fromindex !== 'number') return { ok: false, body: fromindex };
  const range = positive(call, 'range', DEFAULT_RANGE);
  if (typeof range !== 'number') return { ok: false, body: range };
  if (range > MAX_RANGE) {
    return { ok: false, body: CampaignsErrors.overMaximum(call.uri, `range must be at most ${MAX_RANGE}.`) };
  }
  const sort = (param(call.params, 'sort') ?? 'asc').trim().toLowerCase();
  if (sort !== 'asc' && sort !== 'desc') {
    return { ok: false, body: CampaignsErrors.badPattern(call.uri, 'sort must be asc or desc.') };
  }
  return { ok: true, fromindex, range, descending: sort === 'desc' };
}

function page<T>(items: readonly T[], paging: { fromindex: number; range: number; descending: boolean }): T[] {
  const ordered = paging.descending ? [...items].reverse() : items;
  return ordered.slice(paging.fromindex - 1, paging.fromindex - 1 + paging.range);
}

function pagingEcho(paging: { fromindex: number; range: number; descending: boolean }) {
  return {
    sort: paging.descending ? 'Descending Order' : 'Ascending Order',
    fromindex: String(paging.fromindex),
    range: String(paging.range),
  };
}

function readFilter(call: CampaignsCall): SubscriberFilter | CampaignsBody {
  const status = (param(call.params, 'status') ?? 'active').trim().toLowerCase();
  return (SUBSCRIBER_FILTERS as readonly string[]).includes(status)
    ? (status as SubscriberFilter)
    : CampaignsErrors.badPattern(call.uri, `status must be one of ${SUBSCRIBER_FILTERS.join(', ')}.`);
}

/**
 * `recent` and `mostrecent` are documented without a definition (§3.3): here they are the active contacts,
 * newest first.
 */
function filtered(list: CampaignsListRecord, filter: SubscriberFilter): CampaignsContactRecord[] {
  const all = contactsInOrder(list);
  if (filter === 'all') return all;
  if (filter === 'recent' || filter === 'mostrecent') return all.filter((c) => c.status === 'active').reverse();
  return all.filter((c) => c.status === filter);
}

/** Zoho's JSON names: `contact_email`, `firstname`, `lastname`; other fields by lower-cased display name. */
function contactItem(contact: CampaignsContactRecord): Record<string, string> {
  const item: Record<string, string> = {
    contact_email: contact.email,
    firstname: lookup(contact.fields, 'First Name') ?? '',
    lastname: lookup(contact.fields, 'Last Name') ?? '',
    contact_status: contact.status,
    added_time: String(contact.addedAt),
  };
  for (const [name, value] of Object.entries(contact.fields)) {
    const key = name.toLowerCase().replace(/\s+/g, '');
    if (key !== 'firstname' && key !== 'lastname' && !Object.hasOwn(item, key)) item[key] = value;
  }
  return item;
}

/** `GET|POST /api/v1.1/getmailinglists`: every list, oldest first (`sort=desc`: newest first). */
export const getMailingLists: CampaignsApiSpec = {
  api: 'getmailinglists',
  path: 'getmailinglists',
  methods: ['GET', 'POST'],
  operation: 'READ',
  required: [],
  optional: ['sort', 'fromindex', 'range'],
  handle(call) {
    const paging = readPaging(call);
    if (!paging.ok) return paging.body;
    const user = lookup(call.ctx.state.users, call.ctx.state.defaultUserId);
    const lists = page(listsInOrder(call.ctx.state.campaigns), paging).map((list) => {
      const counts = countByStatus(list);
      return {
        listkey: list.listKey,
        listname: list.name,
        noofcontacts: String(counts.active),
        noofunsubcnt: String(counts.unsub),
        noofbouncecnt: String(counts.bounce),
        created_date: String(list.createdAt),
        lockstatus: 'unlocked',
        is_public: 'false',
        listunino: String(list.seq),
        segments: [],
        owner: user?.email ?? '',
        zuid: user?.id ?? '',
      };
    });
    return campaignsSuccess(call.uri, SUCCESS, { ...pagingEcho(paging), list_of_details: lists });
  },
};

/** `GET|POST /api/v1.1/getlistsubscribers`: the contacts with one status (default active), oldest first. */
export const getListSubscribers: CampaignsApiSpec = {
  api: 'getlistsubscribers',
  path: 'getlistsubscribers',
  methods: ['GET', 'POST'],
  operation: 'READ',
  required: ['listkey'],
  optional: ['sort', 'fromindex', 'range', 'status'],
  handle(call) {
    const list = findList(call);
    if (!list) return CampaignsErrors.badListKey(call.uri, '2501');
    const filter = readFilter(call);
    if (typeof filter !== 'string') return filter;
    const paging = readPaging(call);
    if (!paging.ok) return paging.body;
    const counts = countByStatus(list);
    return campaignsSuccess(call.uri, SUCCESS, {
      ...pagingEcho(paging),
      list_details: {
        listkey: list.listKey,
        listname: list.name,
        noofcontacts: String(counts.active),
        ispublic: 'false',
      },
      list_of_details: page(filtered(list, filter), paging).map(contactItem),
    });
  },
};

/** `GET|POST /api/v1.1/listsubscriberscount`: `no_of_contacts` with one status (default active). */
export const listSubscribersCount: CampaignsApiSpec = {
  api: 'listsubscriberscount',
  path: 'listsubscriberscount',
  methods: ['GET', 'POST'],
  operation: 'READ',
  required: ['listkey'],
  optional: ['status'],
  handle(call) {
    const list = findList(call);
    if (!list) return CampaignsErrors.badListKey(call.uri, '2501');
    const filter = readFilter(call);
    if (typeof filter !== 'string') return filter;
    return campaignsSuccess(call.uri, SUCCESS, { no_of_contacts: String(filtered(list, filter).length) });
  },
};
