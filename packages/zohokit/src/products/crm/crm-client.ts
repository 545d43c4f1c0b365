import type { Paginated } from '../../paginate.js';
import { checked, InputCheck } from '../validate.js';
import { coqlQuery } from './coql.js';
import { CrmApi, type CrmApiOptions } from './crm-api.js';
import { CrmMetadata } from './crm-metadata.js';
import { CrmRecords } from './records.js';
import type { CrmCoqlOptions, CrmField, CrmModule, CrmOrg, CrmRecord, CrmStandardModules, CrmUser } from './types.js';

const USER_TYPES = [
  'AllUsers',
  'ActiveUsers',
  'DeactiveUsers',
  'ConfirmedUsers',
  'NotConfirmedUsers',
  'DeletedUsers',
  'ActiveConfirmedUsers',
  'AdminUsers',
  'ActiveConfirmedAdmins',
  'CurrentUser',
] as const;

/** Well above an org's module count; past it `records()` builds a fresh `CrmRecords` per call instead. */
const MAX_CACHED_MODULES = 500;

/**
 * Zoho CRM (`zoho.crm`), version `crm.version` (default v8), on the unified API domain the token response
 * names (`api_domain`: the account's data centre). Calls go through the client's pipeline (token, refresh once
 * on INVALID_TOKEN, retries, typed errors) and its CRM concurrency limit (`crm.maxConcurrency`).
 */
export class CrmClient {
  readonly #api: CrmApi;
  readonly #metadata: CrmMetadata;
  /** `records(module)` is usually called per call (`zoho.crm.records('Leads').get(id)`): checked once per name. */
  readonly #records = new Map<string, CrmRecords>();

  constructor(options: CrmApiOptions) {
    this.#api = new CrmApi(options);
    this.#metadata = new CrmMetadata(this.#api);
  }

  /** The field an insert's idempotency key is stored in (`crm.idempotencyField`, default `zohokit_key`). */
  get idempotencyField(): string {
    return this.#api.idempotencyField;
  }

  /** The records of a module by API name; the standard form modules (Leads, Contacts, Accounts, Deals) are typed. */
  records<M extends keyof CrmStandardModules>(module: M): CrmRecords<CrmStandardModules[M]>;
  records<T extends CrmRecord = CrmRecord>(module: string): CrmRecords<T>;
  records(module: string): CrmRecords {
    const cached = this.#records.get(module);
    if (cached !== undefined) return cached;
    const check = new InputCheck('api', 'crm.records');
    const name = check.id(module, 'module');
    if (!/^\w+$/.test(name)) throw check.fail('module', 'must be a module API name (letters, digits, _)');
    const records = new CrmRecords(this.#api, name);
    // Bounded: a caller passing arbitrary names (one per tenant, say) must not grow the map without end.
    if (this.#records.size < MAX_CACHED_MODULES) this.#records.set(name, records);
    return records;
  }

  /** A COQL select query's rows; paged by zohokit (2,000 per call) unless the query has its own LIMIT. */
  coql<T extends CrmRecord = CrmRecord>(query: string, options: CrmCoqlOptions = {}): Paginated<T> {
    return coqlQuery<T>(this.#api, new InputCheck('api', 'crm.coql'), query, options);
  }

  /** The CRM users of a `type` (default `AllUsers`); cached per client. */
  users(options: { type?: (typeof USER_TYPES)[number] } = {}): Promise<CrmUser[]> {
    return checked('api', 'crm.users', async (check) => {
      check.known(check.object(options, 'options'), ['type']);
      const type = options.type === undefined ? 'AllUsers' : check.oneOf(options.type, 'type', USER_TYPES);
      return this.#metadata.users(type);
    });
  }

  /** The organization; cached per client. */
  org(): Promise<CrmOrg> {
    return this.#metadata.org();
  }

  /** The modules; cached per client. */
  modules(): Promise<CrmModule[]> {
    return this.#metadata.modules();
  }

  /** A module's fields; cached per client. */
  fields(module: string): Promise<CrmField[]> {
    return checked('api', 'crm.fields', async (check) => this.#metadata.fields(check.id(module, 'module')));
  }

  /** Forgets the cached users, org, modules and fields (after a field was added in Setup). */
  clearCache(): void {
    this.#metadata.clear();
  }
}
