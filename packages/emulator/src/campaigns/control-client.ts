import type { CampaignsApiName } from './campaigns-options.js';
import type {
  CampaignsApiLimitSummary,
  CampaignsListSummary,
  CampaignsSnapshot,
  CampaignsSubscriberSummary,
  ConfirmCampaignsSubscriptionInput,
  CreateCampaignsListInput,
  SeedCampaignsSubscribersInput,
  SeedCampaignsSubscribersResult,
} from './control-types.js';

/** EmulatorControl's request function: one fetch, throws on a non-2xx answer. */
export type ControlCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** `emulator.control.campaigns`: the Campaigns control routes (/__emulator/campaigns...). */
export class CampaignsControl {
  readonly #call: ControlCall;

  constructor(call: ControlCall) {
    this.#call = call;
  }

  /** Every list with its counts by status, and every API's windows and lock. */
  snapshot(): Promise<CampaignsSnapshot> {
    return this.#call('GET', '/__emulator/campaigns');
  }

  /** Creates a mailing list (single or double opt-in) and returns its summary, with its list key. */
  createList(input: CreateCampaignsListInput): Promise<CampaignsListSummary> {
    return this.#call('POST', '/__emulator/campaigns/lists', input);
  }

  /** Adds `count` generated subscribers, or the given `emails`, with one status (default active). */
  seedSubscribers(input: SeedCampaignsSubscribersInput): Promise<SeedCampaignsSubscribersResult> {
    return this.#call('POST', '/__emulator/campaigns/subscribers', input);
  }

  /** Every contact of a list, any status, in the order added. */
  async subscribers(listKey: string): Promise<CampaignsSubscriberSummary[]> {
    const path = `/__emulator/campaigns/lists/${encodeURIComponent(listKey)}/subscribers`;
    return (await this.#call<{ subscribers: CampaignsSubscriberSummary[] }>('GET', path)).subscribers;
  }

  /** Clicks the double opt-in confirmation: pending becomes active (throws unless the contact is pending). */
  confirm(input: ConfirmCampaignsSubscriptionInput): Promise<CampaignsSubscriberSummary> {
    return this.#call('POST', '/__emulator/campaigns/confirm', input);
  }

  /** Each Campaigns API's windows, calls used and lock-out, if any. */
  async locks(): Promise<CampaignsApiLimitSummary[]> {
    return (await this.#call<{ apis: CampaignsApiLimitSummary[] }>('GET', '/__emulator/campaigns/locks')).apis;
  }

  /** Ends the lock-outs and empties the call windows of every API, or of one. */
  async clearLocks(api?: CampaignsApiName): Promise<CampaignsApiLimitSummary[]> {
    const query = api === undefined ? '' : `?api=${encodeURIComponent(api)}`;
    return (await this.#call<{ apis: CampaignsApiLimitSummary[] }>('DELETE', `/__emulator/campaigns/locks${query}`))
      .apis;
  }
}
