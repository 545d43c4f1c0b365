import type { Paginated } from '../../paginate.js';
import { InputCheck } from '../validate.js';
import { type DeskApi, deskPageSize } from './desk-api.js';
import type { DeskDepartment, PageOptions } from './types.js';

/** Desk departments (`zoho.desk.departments`): a ticket needs a department id. */
export class DeskDepartments {
  readonly #api: DeskApi;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  /** Every department of the organization (a ticket needs a `departmentId`). */
  list(options: PageOptions = {}): Paginated<DeskDepartment> {
    const check = new InputCheck('desk', 'desk.departments.list');
    check.known(check.object(options, 'options'), ['pageSize']);
    return this.#api.list<DeskDepartment>('/api/v1/departments', {}, deskPageSize(check, options.pageSize));
  }
}
