/**
 * What every CRM resource shares: the versioned path on the unified API domain (the token's `api_domain`, so
 * the data centre Zoho names is the one called), the scope a call needs when Zoho refuses it, and the record
 * pages. Resources build request specs and send them through the one pipeline; nothing here fetches.
 */

import { isZohoError, withFacts } from '../../errors.js';
import type { EventListener } from '../../http/events.js';
import type { RequestSpec } from '../../http/request-spec.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { CrmPage } from './types.js';

/** A CRM call: `path` is under `/crm/{version}` (`/Leads`, `/settings/modules`). */
export type CrmSpec = Omit<RequestSpec, 'product'> & {
  /** The scope Zoho wants for it, named in the `ZohoPermissionError` (Zoho's own answer names none). */
  scope: string;
};

export interface CrmApiOptions {
  request: <T>(spec: RequestSpec) => Promise<T>;
  version: string;
  idempotencyField: string;
  retry: RetryPolicy;
  emit?: EventListener | undefined;
}

export class CrmApi {
  readonly #o: CrmApiOptions;

  constructor(options: CrmApiOptions) {
    this.#o = options;
  }

  get idempotencyField(): string {
    return this.#o.idempotencyField;
  }

  get retry(): RetryPolicy {
    return this.#o.retry;
  }

  get emit(): EventListener | undefined {
    return this.#o.emit;
  }

  async call<T>(spec: CrmSpec): Promise<T> {
    const { scope, path, ...rest } = spec;
    try {
      return await this.#o.request<T>({ ...rest, product: 'api', path: `/crm/${this.#o.version}${path}` });
    } catch (error) {
      // OAUTH_SCOPE_MISMATCH arrives with `details: {}`: the facade knows which scope the call needs.
      if (isZohoError(error) && error.kind === 'permission' && error.details?.requiredScope === undefined) {
        throw withFacts(error, {
          details: { ...error.details, requiredScope: scope },
          fix: `Re-authorise with the scope ${scope} (or ZohoCRM.modules.ALL / ZohoCRM.settings.ALL) added to the grant`,
        });
      }
      throw error;
    }
  }

  /** A records page; CRM answers 204 with no body when nothing matches, which is an empty page here. */
  async page<T>(spec: CrmSpec): Promise<CrmPage<T>> {
    const body = await this.call<Partial<CrmPage<T>> | undefined>(spec);
    return { data: body?.data ?? [], info: body?.info ?? {} };
  }
}

/** The record scope of an operation on a module (`ZohoCRM.modules.leads.CREATE`); `.ALL` covers it too. */
export function moduleScope(module: string, operation: 'READ' | 'CREATE' | 'WRITE' | 'DELETE'): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.${operation}`;
}
