import { type Paginated, paginate } from '../../paginate.js';
import type { DeskApi } from './desk-api.js';
import type { DeskOrganization } from './types.js';

/** The organizations (portals) the token's user belongs to: where `desk.orgId` comes from. */
export class DeskOrganizations {
  readonly #api: DeskApi;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  /**
   * The only Desk call without `orgId` (zoho-api.md §2.1). Desk answers every organization in one response,
   * so this is a single-page list with no paging parameters.
   */
  list(): Paginated<DeskOrganization> {
    return paginate<DeskOrganization>({
      firstOffset: 0,
      pageSize: Number.POSITIVE_INFINITY,
      fetchPage: async () =>
        (await this.#api.callWithoutOrg<{ data?: DeskOrganization[] } | undefined>({ path: '/api/v1/organizations' }))
          ?.data,
    });
  }
}
