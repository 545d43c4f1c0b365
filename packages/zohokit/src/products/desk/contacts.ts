import type { Paginated } from '../../paginate.js';
import { checked, InputCheck } from '../validate.js';
import { customFields, type DeskApi, deskPageSize, idPath } from './desk-api.js';
import type { CreateContactInput, DeskContact, ListContactsOptions, PageOptions } from './types.js';

const CONTACT_SORT = /^-?(createdTime|modifiedTime|lastName|firstName)$/;

/** The body Desk gets for a new contact, or a `ZohoValidationError` naming the field. */
export function createContactBody(check: InputCheck, input: CreateContactInput): Record<string, unknown> {
  const o = check.object(input);
  check.known(o, ['lastName', 'firstName', 'email', 'phone', 'mobile', 'accountId', 'description', 'cf']);
  const body: Record<string, unknown> = { lastName: check.string(o.lastName, 'lastName', { max: 80 }) };
  for (const key of ['firstName', 'phone', 'mobile', 'description'] as const) {
    body[key] = check.optionalString(o[key], key);
  }
  if (o.email !== undefined) body.email = check.email(o.email, 'email');
  if (o.accountId !== undefined) body.accountId = check.id(o.accountId, 'accountId');
  if (o.cf !== undefined) body.cf = customFields(check, o.cf);
  return body;
}

/** Desk contacts (`zoho.desk.contacts`): create, get, list and search by email. */
export class DeskContacts {
  readonly #api: DeskApi;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  /** Creates a contact; Desk requires `lastName`. A POST: never replayed after an unknown outcome. */
  create(input: CreateContactInput): Promise<DeskContact> {
    return checked('desk', 'desk.contacts.create', (check) => {
      const body = createContactBody(check, input);
      return this.#api.call<DeskContact>({ method: 'POST', path: '/api/v1/contacts', body });
    });
  }

  /** One contact by id; `ZohoNotFoundError` when there is none. */
  get(contactId: string): Promise<DeskContact> {
    return checked('desk', 'desk.contacts.get', (check) =>
      this.#api.call<DeskContact>({ path: idPath(check, '/api/v1/contacts', contactId, 'contactId') }),
    );
  }

  /** Every contact, 100 per page. */
  list(options: ListContactsOptions = {}): Paginated<DeskContact> {
    const check = new InputCheck('desk', 'desk.contacts.list');
    check.known(check.object(options, 'options'), ['pageSize', 'sortBy']);
    if (options.sortBy !== undefined && !CONTACT_SORT.test(String(options.sortBy))) {
      throw check.fail('sortBy', 'must be createdTime, modifiedTime, lastName or firstName, with "-" for descending');
    }
    return this.#api.list<DeskContact>(
      '/api/v1/contacts',
      { sortBy: options.sortBy },
      deskPageSize(check, options.pageSize),
    );
  }

  /** Contacts with this email address (Desk answers an empty 204 when none match). */
  search(query: { email: string } & PageOptions): Paginated<DeskContact> {
    const check = new InputCheck('desk', 'desk.contacts.search');
    const o = check.object(query, 'query');
    check.known(o, ['email', 'pageSize']);
    const email = check.email(o.email, 'email');
    return this.#api.list<DeskContact>('/api/v1/contacts/search', { email }, deskPageSize(check, o.pageSize));
  }
}
