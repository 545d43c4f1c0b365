import type { CampaignsApiName, CampaignsWindow } from './campaigns-options.js';
import type { CampaignsContactStatus } from './campaigns-state.js';

/* Request and response shapes of the Campaigns control routes (/__emulator/campaigns...). */

export type CampaignsStatusCounts = Record<CampaignsContactStatus | 'total', number>;

export interface CampaignsListSummary {
  listKey: string;
  name: string;
  doubleOptIn: boolean;
  createdAt: number;
  counts: CampaignsStatusCounts;
}

export interface CampaignsApiLimitSummary {
  api: CampaignsApiName;
  /** Each window with the calls it holds now. */
  windows: (CampaignsWindow & { used: number })[];
  lockMs: number;
  /** Epoch ms; null when the API is not locked. */
  lockedUntil: number | null;
}

export interface CampaignsSnapshot {
  lists: CampaignsListSummary[];
  apis: CampaignsApiLimitSummary[];
}

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

export interface SeedCampaignsSubscribersResult {
  listKey: string;
  added: number;
  updated: number;
  counts: CampaignsStatusCounts;
}

export interface CampaignsSubscriberSummary {
  email: string;
  status: CampaignsContactStatus;
  fields: Record<string, string>;
  source: string | null;
  addedAt: number;
  updatedAt: number;
}

export interface ConfirmCampaignsSubscriptionInput {
  listKey: string;
  email: string;
}
