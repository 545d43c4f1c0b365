/** Reading mailing lists and their contacts: `fromindex` (1-based) / `range` paging (docs/zoho-behaviour.md). */

import { createZohoError, isZohoError } from '../../errors.js';
import type { QueryValue } from '../../http/request-spec.js';
import { type Paginated, paginate } from '../../paginate.js';
import type { InputCheck } from '../validate.js';
import { CAMPAIGNS_MAX_PAGE, type CampaignsApi } from './campaigns-api.js';
import type {
  CampaignsEnvelope,
  CampaignsMailingList,
  CampaignsSubscriber,
  ListsOptions,
  SubscriberStatus,
  SubscribersOptions,
} from './types.js';

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = [
  'active',
  'unsub',
  'bounce',
  'pending',
  'all',
  'recent',
  'mostrecent',
];
/** getmailinglists: "No mailing list has been created" (zoho-api.md §3.3) is an empty result, not a failure. */
const NO_LISTS = '2401';

type Page<T> = CampaignsEnvelope & { list_of_details?: T[] };

export function mailingLists(
  api: CampaignsApi,
  check: InputCheck,
  options: ListsOptions,
): Paginated<CampaignsMailingList> {
  const o = check.object(options, 'options');
  check.known(o, ['pageSize', 'sort']);
  const sort = o.sort === undefined ? undefined : check.oneOf(o.sort, 'sort', ['asc', 'desc']);
  return paged<CampaignsMailingList>(api, 'getmailinglists', { sort }, pageSize(check, o.pageSize), {
    recover: (error) => (isZohoError(error) && error.code === NO_LISTS ? [] : undefined),
  });
}

export function listSubscribers(
  api: CampaignsApi,
  check: InputCheck,
  options: SubscribersOptions,
): Paginated<CampaignsSubscriber> {
  const o = check.object(options, 'options');
  check.known(o, ['listKey', 'status', 'pageSize', 'sort']);
  const listkey = check.id(o.listKey, 'listKey');
  const status = o.status === undefined ? 'active' : check.oneOf(o.status, 'status', SUBSCRIBER_STATUSES);
  const sort = o.sort === undefined ? undefined : check.oneOf(o.sort, 'sort', ['asc', 'desc']);
  // The count is asked once, so the last full page is not followed by a request for an empty one. An
  // unreadable count must not hide contacts: then paging ends on a short page as usual.
  return paged<CampaignsSubscriber>(api, 'getlistsubscribers', { listkey, status, sort }, pageSize(check, o.pageSize), {
    total: async () => (await subscriberCount(api, listkey, status)) ?? Number.POSITIVE_INFINITY,
  });
}

/** How many contacts of a list have a given status (default `active`). */
export async function countSubscribers(
  api: CampaignsApi,
  check: InputCheck,
  options: { listKey: string; status?: SubscriberStatus },
): Promise<number> {
  const o = check.object(options, 'options');
  check.known(o, ['listKey', 'status']);
  const status = o.status === undefined ? 'active' : check.oneOf(o.status, 'status', SUBSCRIBER_STATUSES);
  const count = await subscriberCount(api, check.id(o.listKey, 'listKey'), status);
  if (count === undefined) {
    throw createZohoError('api', {
      message: 'campaigns listsubscriberscount answered without a readable no_of_contacts',
      code: 'unexpected_response',
      product: 'campaigns',
    });
  }
  return count;
}

/** `no_of_contacts`, or undefined when Zoho's answer has no readable count. */
async function subscriberCount(
  api: CampaignsApi,
  listkey: string,
  status: SubscriberStatus,
): Promise<number | undefined> {
  const body = await api.read<CampaignsEnvelope & { no_of_contacts?: string | number }>('listsubscriberscount', {
    listkey,
    status,
  });
  const count = Number(body.no_of_contacts ?? Number.NaN);
  return Number.isInteger(count) && count >= 0 ? count : undefined;
}

function paged<T>(
  api: CampaignsApi,
  name: string,
  query: Record<string, QueryValue>,
  size: number,
  options: { total?: () => Promise<number>; recover?: (error: unknown) => T[] | undefined } = {},
): Paginated<T> {
  return paginate<T>({
    firstOffset: 1,
    pageSize: size,
    total: options.total,
    fetchPage: async (fromindex, range) => {
      try {
        return (await api.read<Page<T>>(name, { ...query, fromindex, range })).list_of_details;
      } catch (error) {
        const recovered = options.recover?.(error);
        if (recovered) return recovered;
        throw error;
      }
    },
  });
}

function pageSize(check: InputCheck, value: unknown): number {
  return value === undefined ? CAMPAIGNS_MAX_PAGE : check.integer(value, 'pageSize', 1, CAMPAIGNS_MAX_PAGE);
}
