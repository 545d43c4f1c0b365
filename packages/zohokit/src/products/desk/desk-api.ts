/**
 * What every Desk resource shares: the `orgId` header, the list paging, the page-size check. Resources build
 * request specs and send them through the one pipeline (DESIGN.md §2); nothing here fetches by itself.
 */

import { createZohoError } from '../../errors.js';
import type { EventListener } from '../../http/events.js';
import type { RequestSpec } from '../../http/request-spec.js';
import type { RetryPolicy } from '../../http/retry.js';
import { type Paginated, paginate } from '../../paginate.js';
import type { InputCheck } from '../validate.js';

/** Desk's page cap (docs/zoho-behaviour.md: `limit` 1–100; more is a 422). */
export const DESK_MAX_PAGE = 100;

export type DeskSpec = Omit<RequestSpec, 'product'>;

export interface DeskApiOptions {
  request: <T>(spec: RequestSpec) => Promise<T>;
  orgId: string | undefined;
  idempotencyField: string;
  retry: RetryPolicy;
  emit?: EventListener | undefined;
}

export class DeskApi {
  readonly #o: DeskApiOptions;

  constructor(options: DeskApiOptions) {
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

  /** A call in the configured organization: every Desk endpoint but `/organizations` needs `orgId`. */
  async call<T>(spec: DeskSpec): Promise<T> {
    const orgId = this.#o.orgId;
    if (orgId === undefined) {
      throw createZohoError('config', {
        message:
          "desk.orgId is required for Desk calls (find it with 'zohokit desk orgs' or zoho.desk.organizations.list())",
        code: 'missing_org_id',
        product: 'desk',
        fix: "Pass it as new Zoho({ ..., desk: { orgId: '<id>' } }) or use zoho.desk.withOrg('<id>'); nothing was sent",
      });
    }
    return this.#o.request<T>({ ...spec, product: 'desk', headers: { ...spec.headers, orgId } });
  }

  /** The one call Desk answers without `orgId`. */
  callWithoutOrg<T>(spec: DeskSpec): Promise<T> {
    return this.#o.request<T>({ ...spec, product: 'desk' });
  }

  /** A `from`/`limit` list whose pages are `{ data: [...] }`, or an empty 204 (search) when nothing matches. */
  list<T>(path: string, query: RequestSpec['query'], pageSize: number): Paginated<T> {
    return paginate<T>({
      firstOffset: 0,
      pageSize,
      fetchPage: async (from, limit) => {
        const body = await this.call<{ data?: T[] } | undefined>({ path, query: { ...query, from, limit } });
        return body?.data;
      },
    });
  }
}

/** The page size a caller asked for, or Desk's cap (fewest calls). */
export function deskPageSize(check: InputCheck, value: unknown): number {
  return value === undefined ? DESK_MAX_PAGE : check.integer(value, 'pageSize', 1, DESK_MAX_PAGE);
}

/** Ids go into paths: encoded, after the check that they are non-empty and have no spaces. */
export function idPath(check: InputCheck, prefix: string, value: unknown, fieldName: string): string {
  return `${prefix}/${encodeURIComponent(check.id(value, fieldName))}`;
}

/** Desk names custom fields `cf_<api name>` in payloads; anything else is silently ignored by Desk. */
export function customFields(check: InputCheck, value: unknown, fieldName = 'cf'): Record<string, unknown> {
  const cf = check.object(value, fieldName);
  for (const [key, v] of Object.entries(cf)) {
    const name = `${fieldName}.${key}`;
    if (!/^cf_\w+$/.test(key)) throw check.fail(name, 'is not a Desk custom field API name (cf_<name>)');
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      throw check.fail(name, 'must be a string, number, boolean or null');
    }
  }
  return { ...cf };
}
