import { InputCheck } from '../validate.js';
import { DeskContacts } from './contacts.js';
import { DeskDepartments } from './departments.js';
import { DeskApi, type DeskApiOptions } from './desk-api.js';
import { DeskFields } from './fields.js';
import { DeskOrganizations } from './organizations.js';
import { DeskTickets } from './tickets.js';

/**
 * Zoho Desk v1 (`zoho.desk`). Every call but `organizations.list()` is sent in the organization configured as
 * `desk.orgId`. Calls go through the client's pipeline (token, retries, typed errors) and its Desk
 * concurrency limit (`desk.maxConcurrency`).
 */
export class DeskClient {
  readonly organizations: DeskOrganizations;
  readonly departments: DeskDepartments;
  readonly contacts: DeskContacts;
  readonly tickets: DeskTickets;
  /** Which fields the ticket layout has: `fields.idempotencyField()` checks the one `tickets.create` needs. */
  readonly fields: DeskFields;
  readonly #options: DeskApiOptions;

  constructor(options: DeskApiOptions) {
    this.#options = options;
    const api = new DeskApi(options);
    this.organizations = new DeskOrganizations(api);
    this.departments = new DeskDepartments(api);
    this.contacts = new DeskContacts(api);
    this.tickets = new DeskTickets(api);
    this.fields = new DeskFields(api);
  }

  /**
   * The same client (tokens, pipeline, Desk concurrency limit) in another organization: for when the orgId is
   * only known after `organizations.list()`, or a user works in several portals.
   */
  withOrg(orgId: string): DeskClient {
    const check = new InputCheck('desk', 'desk.withOrg');
    return new DeskClient({ ...this.#options, orgId: check.id(orgId, 'orgId') });
  }
}
