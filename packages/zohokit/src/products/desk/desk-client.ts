import { DeskContacts } from './contacts.js';
import { DeskDepartments } from './departments.js';
import { DeskApi, type DeskApiOptions } from './desk-api.js';
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

  constructor(options: DeskApiOptions) {
    const api = new DeskApi(options);
    this.organizations = new DeskOrganizations(api);
    this.departments = new DeskDepartments(api);
    this.contacts = new DeskContacts(api);
    this.tickets = new DeskTickets(api);
  }
}
