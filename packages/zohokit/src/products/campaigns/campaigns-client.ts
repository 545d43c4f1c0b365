import type { RequestSpec } from '../../http/request-spec.js';
import type { Paginated } from '../../paginate.js';
import { checked, InputCheck } from '../validate.js';
import { bulkAdd } from './bulk-add.js';
import { CampaignsApi } from './campaigns-api.js';
import { countSubscribers, listSubscribers, mailingLists } from './lists.js';
import { subscribe, unsubscribe } from './subscribers.js';
import type {
  BulkAddInput,
  BulkAddResult,
  CampaignsMailingList,
  CampaignsSubscriber,
  ListsOptions,
  SubscribeInput,
  SubscribeResult,
  SubscriberStatus,
  SubscribersOptions,
  UnsubscribeInput,
  UnsubscribeResult,
} from './types.js';

/**
 * Zoho Campaigns v1.1 (`zoho.campaigns`): a facade, as each Desk resource is. Every method checks its input
 * with an `InputCheck` and hands off to a function of (api, check, input) in the file named for the job. Every call goes through the client's pipeline and its per-API call
 * windows (`campaigns.limits`), so a burst waits instead of locking the API for 30 minutes.
 */
export class CampaignsClient {
  readonly #api: CampaignsApi;

  constructor(request: <T>(spec: RequestSpec) => Promise<T>) {
    this.#api = new CampaignsApi(request);
  }

  /** Adds or updates a contact on a list; says whether it awaits double opt-in confirmation. */
  subscribe(input: SubscribeInput): Promise<SubscribeResult> {
    return checked('campaigns', 'campaigns.subscribe', (check) => subscribe(this.#api, check, input));
  }

  /** Unsubscribes an address from a list (from one topic with `topicId`). */
  unsubscribe(input: UnsubscribeInput): Promise<UnsubscribeResult> {
    return checked('campaigns', 'campaigns.unsubscribe', (check) => unsubscribe(this.#api, check, input));
  }

  /** Adds any number of addresses, 10 per call; one result per chunk, never all-or-nothing. */
  bulkAdd(input: BulkAddInput): Promise<BulkAddResult> {
    return checked('campaigns', 'campaigns.bulkAdd', (check) => bulkAdd(this.#api, check, input));
  }

  /** The account's mailing lists. */
  lists(options: ListsOptions = {}): Paginated<CampaignsMailingList> {
    return mailingLists(this.#api, new InputCheck('campaigns', 'campaigns.lists'), options);
  }

  /** The contacts of a list with a given status (default `active`). */
  subscribers(options: SubscribersOptions): Paginated<CampaignsSubscriber> {
    return listSubscribers(this.#api, new InputCheck('campaigns', 'campaigns.subscribers'), options);
  }

  /** How many contacts of a list have a given status (default `active`). */
  subscriberCount(options: { listKey: string; status?: SubscriberStatus }): Promise<number> {
    return checked('campaigns', 'campaigns.subscriberCount', (check) => countSubscribers(this.#api, check, options));
  }
}
