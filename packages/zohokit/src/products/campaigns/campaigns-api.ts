/**
 * How every Campaigns v1.1 call is sent (docs/zoho-behaviour.md, Campaigns): `resfmt=JSON` always; reads as a
 * query string, writes as a form body so email addresses stay out of URLs and proxy logs. Errors inside
 * HTTP 200 are turned into typed errors by the pipeline's classifier (http/classify.ts).
 */

import type { QueryValue, RequestSpec } from '../../http/request-spec.js';
import type { CampaignsEnvelope } from './types.js';

const BASE = '/api/v1.1';

/** Campaigns' `range` cap (more is code 6502). */
export const CAMPAIGNS_MAX_PAGE = 200;

export class CampaignsApi {
  readonly #request: <T>(spec: RequestSpec) => Promise<T>;

  constructor(request: <T>(spec: RequestSpec) => Promise<T>) {
    this.#request = request;
  }

  read<T extends CampaignsEnvelope>(api: string, query: Record<string, QueryValue>): Promise<T> {
    return this.#request<T>({ product: 'campaigns', path: `${BASE}/${api}`, query: { resfmt: 'JSON', ...query } });
  }

  /**
   * Writes here (subscribe, unsubscribe, bulk add) are idempotent in effect: sending one again updates the
   * same contact (docs/zoho-behaviour.md: "Re-subscribing updates the contact's fields"), so the pipeline may
   * replay them after a reset. The cost is at most a second confirmation email on a double opt-in list.
   */
  write<T extends CampaignsEnvelope>(
    api: string,
    form: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<T> {
    const body: Record<string, string> = { resfmt: 'JSON' };
    for (const [key, value] of Object.entries(form)) if (value !== undefined) body[key] = value;
    return this.#request<T>({
      product: 'campaigns',
      method: 'POST',
      path: `${BASE}/${api}`,
      form: body,
      idempotent: true,
      signal,
    });
  }
}
