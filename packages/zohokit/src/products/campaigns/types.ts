/**
 * Zoho Campaigns v1.1 shapes, with Zoho's own field names (zoho-api.md §3.3, docs/zoho-behaviour.md). Counts
 * and times arrive as strings; Zoho sends more fields than listed here, hence the index signatures.
 */

import type { AnyZohoError } from '../../errors.js';

/** The envelope of every answer; `code` is "0" on success (a string in Zoho's samples, a number in some). */
export interface CampaignsEnvelope {
  status: string;
  code: string | number;
  message?: string;
  [key: string]: unknown;
}

/** The list and contact for `campaigns.subscribe()`. */
export interface SubscribeInput {
  listKey: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** More contact fields by their Campaigns display name, e.g. `{ 'Company Name': 'Acme' }`. */
  fields?: Record<string, string>;
  /** Where the signup came from (Campaigns' `source`). */
  source?: string;
  topicId?: string;
}

/** What `campaigns.subscribe()` achieved. */
export interface SubscribeResult {
  /**
   * `subscribed`: on the list now. `pending_confirmation`: a double opt-in list sent a confirmation email and
   * the contact joins only after clicking it (zoho-api.md §6.14).
   */
  status: 'subscribed' | 'pending_confirmation';
  message: string;
}

/** The list and address for `campaigns.unsubscribe()`. */
export interface UnsubscribeInput {
  listKey: string;
  email: string;
  topicId?: string;
}

/** Zoho's confirmation of `campaigns.unsubscribe()`. */
export interface UnsubscribeResult {
  message: string;
}

/** A mailing list as Campaigns returns it (`campaigns.lists()`), Zoho's field names kept. */
export interface CampaignsMailingList {
  listkey: string;
  listname: string;
  noofcontacts?: string;
  created_date?: string;
  lockstatus?: string;
  is_public?: string;
  [key: string]: unknown;
}

/** The contact statuses `campaigns.subscribers()` can filter on. */
export type SubscriberStatus = 'active' | 'unsub' | 'bounce' | 'pending' | 'all' | 'recent' | 'mostrecent';

/** A list's contact as Campaigns returns it (`campaigns.subscribers()`), Zoho's field names kept. */
export interface CampaignsSubscriber {
  contact_email: string;
  firstname?: string;
  lastname?: string;
  contact_status?: string;
  added_time?: string;
  [key: string]: unknown;
}

/** Paging and sorting of `campaigns.lists()`. */
export interface ListsOptions {
  /** Lists per request, 1–200 (Campaigns' `range` cap); default 200. */
  pageSize?: number;
  sort?: 'asc' | 'desc';
}

/** Which list and status `campaigns.subscribers()` reads. */
export interface SubscribersOptions {
  listKey: string;
  /** Default `active`. */
  status?: SubscriberStatus;
  /** Contacts per request, 1–200; default 200. */
  pageSize?: number;
  sort?: 'asc' | 'desc';
}

/** The list and addresses for `campaigns.bulkAdd()`. */
export interface BulkAddInput {
  listKey: string;
  /** Any number of addresses; sent 10 per call (Zoho's maximum). */
  emails: readonly string[];
  /**
   * Chunks in flight at once (1–10, default 4). Zoho answers a bulk call in a few hundred ms, so one at a
   * time would use a tenth of the 2,000-per-minute window; the window limiter still caps the rate.
   */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * Called as each chunk settles (added or failed), before its worker takes another chunk; awaited. Return
   * `false` to start no further chunk (those in flight finish). For checkpoints and progress bars.
   */
  onChunk?: (chunk: BulkAddChunkResult) => unknown;
}

/** The outcome of one chunk of `bulkAdd()`. */
export interface BulkAddChunkResult {
  /** Index of the chunk, from 0. */
  chunk: number;
  emails: string[];
  /** `not_attempted`: an earlier chunk hit a failure every later chunk would hit too (lock-out, auth, list key). */
  status: 'added' | 'failed' | 'not_attempted';
  ok: boolean;
  error?: AnyZohoError;
}

/** The outcome of `campaigns.bulkAdd()`: each chunk and the totals. */
export interface BulkAddResult {
  /** Every chunk was added. */
  ok: boolean;
  chunks: BulkAddChunkResult[];
  totals: { chunks: number; emails: number; added: number; failed: number; notAttempted: number };
}
