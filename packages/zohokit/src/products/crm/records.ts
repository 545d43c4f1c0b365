import { createZohoError } from '../../errors.js';
import type { RequestSpec } from '../../http/request-spec.js';
import type { Paginated } from '../../paginate.js';
import { checked, InputCheck } from '../validate.js';
import { criteriaString } from './criteria.js';
import { type CrmApi, moduleScope } from './crm-api.js';
import { crmIdempotencyKey, findByKeys, insertSender, recordKey } from './record-insert.js';
import { CRM_MAX_PER_PAGE, recordPages } from './record-pages.js';
import type {
  CrmCriteria,
  CrmInsertOptions,
  CrmListOptions,
  CrmRecord,
  CrmSearchInput,
  CrmUpsertOptions,
  CrmWriteOptions,
  CrmWriteResult,
} from './types.js';
import { CRM_WRITE_CHUNK, type RawItem, recordList, writeOptions, writeRecords } from './write-records.js';

/** Zoho's limit on `fields` in one Get Records call. */
const MAX_FIELDS = 50;
/** Checks hold no state: one serves every get. */
const GET_CHECK = new InputCheck('api', 'crm.records.get');

/**
 * The records of one CRM module (`zoho.crm.records('Leads')`): get, list, search, insert, update, upsert,
 * delete. Writes take any number of records, send 100 per call and answer per record (`CrmWriteResult`).
 */
export class CrmRecords<T extends CrmRecord = CrmRecord> {
  readonly #api: CrmApi;
  readonly #module: string;
  readonly #path: string;
  /** `/crm/v8/Leads/`, and the scope a read needs: a get costs one concatenation and no string work besides. */
  readonly #recordPrefix: string;
  readonly #readScope: string;

  constructor(api: CrmApi, module: string) {
    this.#api = api;
    this.#module = module;
    this.#path = `/${encodeURIComponent(module)}`;
    this.#recordPrefix = `${api.prefix}${this.#path}/`;
    this.#readScope = moduleScope(module, 'READ');
  }

  /** The module's API name. */
  get module(): string {
    return this.#module;
  }

  /** One record by id; `ZohoNotFoundError` when there is none (CRM answers 204). */
  get(id: string, options?: { fields?: readonly string[]; signal?: AbortSignal }): Promise<T> {
    // bench/crm.ts weighs this call against bare fetch (target 1.10×), so it is the checks, one spec built
    // whole and one `.then`: no `checked` wrapper, `page` shape or async `call`, each an async layer per call.
    let spec: RequestSpec;
    try {
      spec = this.#getSpec(id, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#api.send(spec, this.#readScope, (body: { data?: T[] } | undefined) => {
      const record = body?.data?.[0];
      if (!record) {
        throw createZohoError('not_found', {
          message: `crm.records.get: ${this.#module} record ${id} does not exist (or was deleted)`,
          code: 'record_not_found',
          product: 'api',
          status: 204,
          fix: 'Check the id and the module; a search finds records by field',
        });
      }
      return record;
    });
  }

  #getSpec(id: string, options: { fields?: readonly string[]; signal?: AbortSignal } | undefined): RequestSpec {
    const path = this.#recordPrefix + encodeURIComponent(GET_CHECK.id(id, 'id'));
    if (options === undefined) return { product: 'api', path };
    const o = GET_CHECK.object(options, 'options');
    GET_CHECK.known(o, ['fields', 'signal']);
    // No query at all without fields: an empty one still costs the pipeline a URLSearchParams per call.
    const query = o.fields === undefined ? undefined : { fields: fieldList(GET_CHECK, o.fields) };
    return { product: 'api', path, query, signal: options.signal };
  }

  /**
   * Every record, as an async iterable (`for await`, `.pages()`, `.toArray({ limit })`). `fields` is required,
   * as Zoho requires it. The first 2,000 go by page number, the rest by `page_token`, one iteration either way.
   */
  list(options: CrmListOptions): Paginated<T> {
    const check = new InputCheck('api', 'crm.records.list');
    const o = check.object(options, 'options');
    check.known(o, ['fields', 'perPage', 'sortBy', 'sortOrder', 'cvid', 'signal']);
    if (o.fields === undefined) {
      throw check.fail(
        'fields',
        'is required: Zoho CRM v8 answers REQUIRED_PARAM_MISSING without it',
        'Pass the field API names you need, e.g. { fields: ["Last_Name", "Email"] }',
      );
    }
    const query = {
      fields: fieldList(check, o.fields),
      sort_by:
        o.sortBy === undefined ? undefined : check.oneOf(o.sortBy, 'sortBy', ['id', 'Created_Time', 'Modified_Time']),
      sort_order: o.sortOrder === undefined ? undefined : check.oneOf(o.sortOrder, 'sortOrder', ['asc', 'desc']),
      cvid: o.cvid === undefined ? undefined : check.id(o.cvid, 'cvid'),
    };
    return recordPages<T>(this.#api, {
      path: this.#path,
      scope: this.#scope('READ'),
      query,
      perPage: perPage(check, o.perPage),
      tokens: true,
      signal: options.signal,
    });
  }

  /**
   * Records matching `criteria` (a condition tree, escaped for you), or an `email`, `phone` or `word` search.
   * No match is an empty iteration (Zoho answers 204). Search reaches the first 2,000 matches.
   */
  search(input: CrmSearchInput): Paginated<T> {
    const check = new InputCheck('api', 'crm.records.search');
    const o = check.object(input);
    check.known(o, ['criteria', 'email', 'phone', 'word', 'fields', 'perPage', 'signal']);
    const given = (['criteria', 'email', 'phone', 'word'] as const).filter((k) => o[k] !== undefined);
    if (given.length !== 1) throw check.fail('criteria', 'needs exactly one of criteria, email, phone or word');
    const query = {
      criteria: o.criteria === undefined ? undefined : criteriaString(check, o.criteria as CrmCriteria),
      email: o.email === undefined ? undefined : check.string(o.email, 'email'),
      phone: o.phone === undefined ? undefined : check.string(o.phone, 'phone'),
      word: o.word === undefined ? undefined : check.string(o.word, 'word'),
      fields: o.fields === undefined ? undefined : fieldList(check, o.fields),
    };
    return recordPages<T>(this.#api, {
      path: `${this.#path}/search`,
      scope: this.#scope('READ'),
      query,
      perPage: perPage(check, o.perPage),
      tokens: false,
      signal: input.signal,
    });
  }

  /**
   * Inserts any number of records, 100 per call. Without `idempotencyKey` a failure whose outcome is unknown
   * (reset, timeout, 5xx) is reported as it is: those records may exist. With one, zohokit looks the records
   * up by the key (field `crm.idempotencyField`, default `zohokit_key`, which each module needs) and sends
   * again only those CRM does not have. Refused records are results, not throws.
   */
  insert(records: T | readonly T[], options: CrmInsertOptions = {}): Promise<CrmWriteResult> {
    return checked('api', 'crm.records.insert', (check) => {
      const list = recordList(check, records);
      const o = writeOptions(check, options, ['idempotencyKey']) as CrmInsertOptions;
      const field = this.#api.idempotencyField;
      const key = o.idempotencyKey === undefined ? undefined : crmIdempotencyKey(check, o.idempotencyKey);
      if (key !== undefined) {
        list.forEach((record, i) => {
          if (record[field] !== undefined)
            throw check.fail(`records[${i}].${field}`, 'is set by idempotencyKey: pass one or the other');
          record[field] = recordKey(key, i, list.length);
        });
      }
      const send = insertSender({
        api: this.#api,
        check,
        module: this.#module,
        trigger: o.trigger,
        signal: o.signal,
        keyed: key !== undefined,
      });
      return writeRecords(check, list, o, send);
    });
  }

  /** Updates records by their `id` (each record must have one), 100 per call; PUT, so replays are safe. */
  update(records: T | readonly T[], options: CrmWriteOptions = {}): Promise<CrmWriteResult> {
    return checked('api', 'crm.records.update', (check) => {
      const list = recordList(check, records);
      for (const [i, record] of list.entries()) check.id(record.id, `records[${i}].id`);
      const o = writeOptions(check, options);
      return writeRecords(check, list, o, (items, _start, counter) =>
        this.#write('PUT', this.#path, { data: items, ...trigger(o) }, 'WRITE', o.signal, counter),
      );
    });
  }

  /**
   * Inserts or updates by `duplicateCheckFields` (default Zoho's: Email for Leads and Contacts, …). An upsert
   * on a unique field cannot create a second record, so an outcome-unknown failure is simply sent again.
   */
  upsert(records: T | readonly T[], options: CrmUpsertOptions = {}): Promise<CrmWriteResult> {
    return checked('api', 'crm.records.upsert', (check) => {
      const list = recordList(check, records);
      const o = writeOptions(check, options, ['duplicateCheckFields']) as CrmUpsertOptions;
      const dup =
        o.duplicateCheckFields === undefined
          ? undefined
          : fieldList(check, o.duplicateCheckFields, 'options.duplicateCheckFields');
      const body = (items: readonly unknown[]) => ({
        data: items,
        ...trigger(o),
        ...(dup ? { duplicate_check_fields: dup } : {}),
      });
      // Sent again after an unknown outcome only when every record names the record it is: otherwise a replay
      // of a record without the check field's value would insert it twice.
      const matchOn = dup?.[0] ?? DEFAULT_DUPLICATE_FIELD[this.#module];
      const replayable = (items: readonly unknown[]) =>
        matchOn !== undefined && items.every((r) => isPresent((r as Record<string, unknown>)[matchOn]));
      return writeRecords(check, list, o, (items, _start, counter) =>
        this.#write('POST', `${this.#path}/upsert`, body(items), 'CREATE', o.signal, counter, replayable(items)),
      );
    });
  }

  /** Deletes records by id, 100 per call; an unknown id is that record's `INVALID_DATA` result. */
  delete(ids: string | readonly string[], options: CrmWriteOptions = {}): Promise<CrmWriteResult> {
    return checked('api', 'crm.records.delete', (check) => {
      const list = typeof ids === 'string' ? [ids] : ids;
      if (!Array.isArray(list) || list.length === 0) throw check.fail('ids', 'must name at least one record id');
      const checkedIds = list.map((id, i) => check.id(id, `ids[${i}]`));
      const o = writeOptions(check, options);
      return writeRecords(check, checkedIds, o, async (items, _start, counter) => {
        counter.calls++;
        const body = await this.#api.call<{ data?: RawItem[] } | undefined>({
          method: 'DELETE',
          path: this.#path,
          query: {
            ids: items as string[],
            wf_trigger: o.trigger === undefined ? undefined : o.trigger.includes('workflow'),
          },
          scope: this.#scope('DELETE'),
          signal: o.signal,
        });
        return body?.data ?? [];
      });
    });
  }

  /**
   * The id of the record inserted with this idempotency key (one-record insert), if CRM has it: the lookup the
   * duplicate guard runs, for a queue that must reconcile before it inserts again. Undefined when none does.
   */
  findByIdempotencyKey(key: string, options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    return checked('api', 'crm.records.findByIdempotencyKey', async (check) => {
      const k = crmIdempotencyKey(check, key);
      const found = await findByKeys({ api: this.#api, check, module: this.#module, signal: options.signal }, [k]);
      return found.get(k);
    });
  }

  /**
   * Key → record id for the keys CRM has (those of a many-record insert, `<key>.<i>`, or keys a caller set in
   * `crm.idempotencyField` itself), up to 100 in one search: the lookup the duplicate guard runs, for an
   * import that reconciles a lost answer on resume. Keys CRM lacks are absent from the map.
   */
  findByIdempotencyKeys(keys: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Map<string, string>> {
    return checked('api', 'crm.records.findByIdempotencyKeys', async (check) => {
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > CRM_WRITE_CHUNK) {
        throw check.fail('keys', `must name 1–${CRM_WRITE_CHUNK} idempotency keys (one insert call's)`);
      }
      const list = [...new Set(keys.map((k) => crmIdempotencyKey(check, k)))];
      return findByKeys({ api: this.#api, check, module: this.#module, signal: options.signal }, list);
    });
  }

  async #write(
    method: string,
    path: string,
    body: unknown,
    operation: 'WRITE' | 'CREATE',
    signal: AbortSignal | undefined,
    counter: { calls: number },
    idempotent = false,
  ): Promise<RawItem[]> {
    counter.calls++;
    const answer = await this.#api.call<{ data?: RawItem[] } | undefined>({
      method,
      path,
      body,
      scope: this.#scope(operation),
      signal,
      idempotent,
    });
    return answer?.data ?? [];
  }

  #scope(operation: 'READ' | 'CREATE' | 'WRITE' | 'DELETE'): string {
    return moduleScope(this.#module, operation);
  }
}

/** Zoho's system-defined duplicate check field per standard module (upsert page; docs/zoho-behaviour.md). */
const DEFAULT_DUPLICATE_FIELD: Record<string, string> = {
  Leads: 'Email',
  Contacts: 'Email',
  Accounts: 'Account_Name',
  Deals: 'Deal_Name',
};

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function trigger(o: CrmWriteOptions): { trigger?: readonly string[] } {
  return o.trigger === undefined ? {} : { trigger: o.trigger };
}

function perPage(check: InputCheck, value: unknown): number {
  return value === undefined ? CRM_MAX_PER_PAGE : check.integer(value, 'perPage', 1, CRM_MAX_PER_PAGE);
}

function fieldList(check: InputCheck, value: unknown, fieldName = 'fields'): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw check.fail(fieldName, 'must be a non-empty list of field API names');
  if (value.length > MAX_FIELDS) throw check.fail(fieldName, `names more than ${MAX_FIELDS} fields, Zoho's limit`);
  return value.map((f, i) => {
    const name = check.id(f, `${fieldName}[${i}]`);
    if (!/^[\w$.]+$/.test(name))
      throw check.fail(`${fieldName}[${i}]`, 'must be a field API name (letters, digits, _)');
    return name;
  });
}
