import type { CampaignsApiName } from './campaigns-options.js';
import { CAMPAIGNS_APIS } from './campaigns-options.js';

/*
 * Campaigns data, kept inside the one emulator state object as plain JSON data (records keyed by string,
 * epoch-millisecond times), so a state file can serialise it with everything else.
 */

/** `pending`: subscribed to a double opt-in list, confirmation not (yet) clicked (zoho-api.md §6 item 14). */
export const CAMPAIGNS_CONTACT_STATUSES = ['active', 'pending', 'unsub', 'bounce'] as const;
/** Where a contact stands on a list (subscribed, pending a double opt-in confirmation, unsubscribed, ...). */
export type CampaignsContactStatus = (typeof CAMPAIGNS_CONTACT_STATUSES)[number];

/** One contact on one Campaigns list. */
export interface CampaignsContactRecord {
  /** Lower-cased; also the key in `contacts`. */
  email: string;
  /** Every other contactinfo field by its display name (`First Name`, `Company Name`, ...). */
  fields: Record<string, string>;
  status: CampaignsContactStatus;
  source: string | null;
  addedAt: number;
  updatedAt: number;
  /** Creation order; breaks ties between contacts added in the same millisecond. */
  seq: number;
}

/** One Campaigns mailing list and its contacts. */
export interface CampaignsListRecord {
  listKey: string;
  name: string;
  /** Signup-form (double opt-in) list: listsubscribe leaves the contact pending until confirmed (§3.3). */
  doubleOptIn: boolean;
  createdAt: number;
  seq: number;
  /** Keyed by lower-cased email. */
  contacts: Record<string, CampaignsContactRecord>;
}

/** The call history and lock-out of one Campaigns API. */
export interface CampaignsApiWindowState {
  /** Arrival times of the calls that were served, ascending, trimmed to the longest window. */
  calls: number[];
  /** The API answers 2101 until then; null when not locked. */
  lockedUntil: number | null;
}

/** Everything the emulated Campaigns holds: lists and the per-API call windows. */
export interface CampaignsState {
  /** Keyed by list key. */
  lists: Record<string, CampaignsListRecord>;
  apis: Record<CampaignsApiName, CampaignsApiWindowState>;
  nextSeq: number;
}

/**
 * The two lists every fresh emulator starts with. The keys are fixed (32 hex characters like Zoho's,
 * zoho-api.md §3.3) so examples and docs can name them; lists created later get random keys.
 */
export const CAMPAIGNS_SEED_LISTS = {
  immediate: { listKey: 'c0de0000000000000000000000000001', name: 'Newsletter', doubleOptIn: false },
  doubleOptIn: {
    listKey: 'c0de0000000000000000000000000002',
    name: 'Announcements (double opt-in)',
    doubleOptIn: true,
  },
} as const;

export function createCampaignsState(now = Date.now()): CampaignsState {
  const state: CampaignsState = {
    lists: {},
    apis: Object.fromEntries(
      CAMPAIGNS_APIS.map((api): [CampaignsApiName, CampaignsApiWindowState] => [api, { calls: [], lockedUntil: null }]),
    ) as Record<CampaignsApiName, CampaignsApiWindowState>,
    nextSeq: 1,
  };
  for (const seed of Object.values(CAMPAIGNS_SEED_LISTS)) addCampaignsList(state, { ...seed, createdAt: now });
  return state;
}

/** The window state of one API; created when missing (a state file saved before the API existed). */
export function apiWindowState(state: CampaignsState, api: CampaignsApiName): CampaignsApiWindowState {
  state.apis[api] ??= { calls: [], lockedUntil: null };
  return state.apis[api];
}

export function addCampaignsList(
  state: CampaignsState,
  input: { listKey: string; name: string; doubleOptIn: boolean; createdAt: number },
): CampaignsListRecord {
  const list: CampaignsListRecord = { ...input, seq: nextCampaignsSeq(state), contacts: {} };
  state.lists[list.listKey] = list;
  return list;
}

export function nextCampaignsSeq(state: CampaignsState): number {
  const seq = state.nextSeq;
  state.nextSeq += 1;
  return seq;
}

/** Lists in creation order. */
export function listsInOrder(state: CampaignsState): CampaignsListRecord[] {
  return Object.values(state.lists).sort((a, b) => a.seq - b.seq);
}

/** Contacts in the order they were added. */
export function contactsInOrder(list: CampaignsListRecord): CampaignsContactRecord[] {
  return Object.values(list.contacts).sort((a, b) => a.addedAt - b.addedAt || a.seq - b.seq);
}

export function countByStatus(list: CampaignsListRecord): Record<CampaignsContactStatus | 'total', number> {
  const counts = { active: 0, pending: 0, unsub: 0, bounce: 0, total: 0 };
  for (const contact of Object.values(list.contacts)) {
    counts[contact.status] += 1;
    counts.total += 1;
  }
  return counts;
}
