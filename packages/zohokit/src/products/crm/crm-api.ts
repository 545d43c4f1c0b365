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
  /** `/crm/v8`: the start of every CRM path. Resources keep their own paths under it (`/crm/v8/Leads/`). */
  readonly prefix: string;

  constructor(options: CrmApiOptions) {
    this.#o = options;
    this.prefix = `/crm/${options.version}`;
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

  call<T>(spec: CrmSpec): Promise<T> {
    const { scope, path, ...rest } = spec;
    return this.send<T, T>({ ...rest, product: 'api', path: this.prefix + path }, scope, (body) => body);
  }

  /**
   * A spec whose path already starts with `prefix`, sent as it is, its answer through `then`: a record get
   * builds its spec whole and reads its record here, so a call costs no copy of the spec and one promise
   * (`.then` with both handlers) over the pipeline's, not an async wrapper at each layer (bench/crm.ts).
   */
  send<B, T>(spec: RequestSpec, scope: string, then: (body: B) => T): Promise<T> {
    return this.#o.request<B>(spec).then(then, (error: unknown) => {
      throw withScope(error, scope);
    });
  }

  /** A records page; CRM answers 204 with no body when nothing matches, which is an empty page here. */
  async page<T>(spec: CrmSpec): Promise<CrmPage<T>> {
    const body = await this.call<Partial<CrmPage<T>> | undefined>(spec);
    return { data: body?.data ?? [], info: body?.info ?? {} };
  }
}

/** OAUTH_SCOPE_MISMATCH arrives with `details: {}`: the facade knows which scope the call needs. */
function withScope(error: unknown, scope: string): unknown {
  if (isZohoError(error) && error.kind === 'permission' && error.details?.requiredScope === undefined) {
    return withFacts(error, {
      details: { ...error.details, requiredScope: scope },
      fix: `Re-authorise with the scope ${scope} (or ZohoCRM.modules.ALL / ZohoCRM.settings.ALL) added to the grant`,
    });
  }
  return error;
}

/** The record scope of an operation on a module (`ZohoCRM.modules.leads.CREATE`); `.ALL` covers it too. */
export function moduleScope(module: string, operation: 'READ' | 'CREATE' | 'WRITE' | 'DELETE'): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.${operation}`;
}
