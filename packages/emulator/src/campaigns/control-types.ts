import type { CampaignsApiName, CampaignsWindow } from './campaigns-options.js';
import type { CampaignsContactStatus } from './campaigns-state.js';

/* Request and response shapes of the Campaigns control routes (/__emulator/campaigns...). */

/** Contacts of a list counted by status, plus `total`. */
export type CampaignsStatusCounts = Record<CampaignsContactStatus | 'total', number>;

/** A mailing list as the control API reports it, with contact counts by status. */
export interface CampaignsListSummary {
  listKey: string;
  name: string;
  doubleOptIn: boolean;
  createdAt: number;
  counts: CampaignsStatusCounts;
}

/** One Campaigns API's limits as the control API reports them: windows with their use, and the lock-out. */
export interface CampaignsApiLimitSummary {
  api: CampaignsApiName;
  /** Each window with the calls it holds now. */
  windows: (CampaignsWindow & { used: number })[];
  lockMs: number;
  /** Epoch ms; null when the API is not locked. */
  lockedUntil: number | null;
}

/** The whole Campaigns side at a glance: lists and API limits (`control.campaigns.snapshot()`). */
export interface CampaignsSnapshot {
  lists: CampaignsListSummary[];
  apis: CampaignsApiLimitSummary[];
}

/** A new mailing list for `control.campaigns.createList()`. */
export interface CreateCampaignsListInput {
  name: string;
  /** Default false: contacts are added at once. */
  doubleOptIn?: boolean;
  /** Pin the key (32 lowercase hex characters); random otherwise. */
  listKey?: string;
}

/** Exactly one of `count` and `emails`. */
export interface SeedCampaignsSubscribersInput {
  listKey: string;
  /** Generates `user<n>@example.com`, First Name `User`, Last Name `<n>`, n continuing after earlier seeds. */
  count?: number;
  /** These addresses; an existing one gets `status`. */
  emails?: string[];
  /** Default `active`. */
  status?: CampaignsContactStatus;
}

/** What `control.campaigns.seedSubscribers()` did: contacts added and updated. */
export interface SeedCampaignsSubscribersResult {
  listKey: string;
  added: number;
  updated: number;
  counts: CampaignsStatusCounts;
}

/** One contact of a list with its status and fields. */
export interface CampaignsSubscriberSummary {
  email: string;
  status: CampaignsContactStatus;
  fields: Record<string, string>;
  source: string | null;
  addedAt: number;
  updatedAt: number;
}

/** Which pending contact clicks the double opt-in confirmation email. */
export interface ConfirmCampaignsSubscriptionInput {
  listKey: string;
  email: string;
}
