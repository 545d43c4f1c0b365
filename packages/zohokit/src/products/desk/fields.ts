import { checked } from '../validate.js';
import type { DeskApi } from './desk-api.js';
import type { DeskField } from './types.js';

/*
 * `GET /api/v1/fields?module=<module>[&apiNames=…]`, from Zoho's Desk OpenAPI spec (github.com/zoho/zohodesk-oas,
 * v1.0/Field.json, operation getFields): `{"data":[field]}`, scope Desk.basic.READ or Desk.fields.READ. It replaces
 * `GET /api/v1/organizationFields`, which the spec marks deprecated since 01/07/2026. Not paged.
 */

const MODULE = /^[A-Za-z0-9_]{1,100}$/;
const API_NAME = /^[\w.$@?:/!-]{1,100}$/;

/** Desk's field metadata (`zoho.desk.fields`): which fields a module's layouts have. */
export class DeskFields {
  readonly #api: DeskApi;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  /**
   * The fields of a module (default `tickets`), system and custom, or only those named in `apiNames`. Needs the
   * scope `Desk.basic.READ` (or `Desk.fields.READ`).
   */
  list(options: { module?: string; apiNames?: readonly string[] } = {}): Promise<DeskField[]> {
    return checked('desk', 'desk.fields.list', async (check) => {
      check.known(check.object(options, 'options'), ['module', 'apiNames']);
      const module = check.string(options.module ?? 'tickets', 'module', { max: 100 });
      if (!MODULE.test(module)) throw check.fail('module', "is not a module's API name (tickets, contacts, …)");
      const query: Record<string, string> = { module };
      if (options.apiNames !== undefined) {
        const names = check.stringList(options.apiNames, 'apiNames');
        const list = Array.isArray(names) ? names : [names];
        if (list.length > 300) throw check.fail('apiNames', 'must hold at most 300 API names');
        const bad = list.find((name) => !API_NAME.test(name));
        if (bad !== undefined) throw check.fail('apiNames', `holds an invalid API name (${JSON.stringify(bad)})`);
        query.apiNames = list.join(',');
      }
      const path = '/api/v1/fields';
      const body = await this.#api.call<{ data?: DeskField[] } | undefined>({ method: 'GET', path, query });
      // A 204 or a body without `data` means no such field, like Desk's empty lists.
      return body?.data ?? [];
    });
  }

  /**
   * The ticket custom field that holds the idempotency key of `tickets.create` (`desk.idempotencyField`, default
   * `cf_zohokit_key`), or `undefined` when the portal's ticket layout does not have it. Without it Desk cannot
   * find a ticket by its key, so an ambiguous create cannot be reconciled: add a single-line field with that API
   * name in Setup → Layouts and Fields → Tickets.
   */
  async idempotencyField(): Promise<DeskField | undefined> {
    const apiName = this.#api.idempotencyField;
    const [field] = (await this.list({ module: 'tickets', apiNames: [apiName] })).filter((f) => f.apiName === apiName);
    return field;
  }
}
