import type {
  DeskConcurrencySetting,
  DeskContactRecord,
  DeskOverview,
  DeskTicketRecord,
  SeedDeskTicketsInput,
  SetDeskConcurrencyInput,
} from './desk-control-types.js';
import type { DeskCustomFieldDef } from './desk-state.js';

/** `DeskControl.createTicketField`'s input. */
export interface CreateDeskTicketFieldInput {
  /** `cf_<name>`, the API name Desk would generate from the label. */
  apiName: string;
  /** Default: the API name without `cf_`, underscores as spaces. */
  displayLabel?: string;
  /** Default 255. */
  maxLength?: number;
  /** Default: the seeded user's org. */
  orgId?: string;
}

/** EmulatorControl's request function: one fetch, throws on a non-2xx answer. */
type ControlCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** `emulator.control.desk`: the Desk control routes (/__emulator/desk...). */
export class DeskControl {
  readonly #call: ControlCall;

  constructor(call: ControlCall) {
    this.#call = call;
  }

  /** The orgs (the seeded user's `orgId`, and a foreign one), their limits, and the departments. */
  overview(): Promise<DeskOverview> {
    return this.#call('GET', '/__emulator/desk');
  }

  /** Creates tickets directly (no token, no counting), e.g. 250 for a paging test. All or nothing. */
  async seedTickets(input: SeedDeskTicketsInput): Promise<DeskTicketRecord[]> {
    return (await this.#call<{ tickets: DeskTicketRecord[] }>('POST', '/__emulator/desk/tickets', input)).tickets;
  }

  /** Every ticket of every org, trashed ones included (`trashedTime`), as stored. */
  async tickets(): Promise<DeskTicketRecord[]> {
    return (await this.#call<{ tickets: DeskTicketRecord[] }>('GET', '/__emulator/desk/tickets')).tickets;
  }

  /**
   * Adds a single-line ticket custom field to an org's layout (default: the seeded user's org), as a portal admin
   * would in Setup → Layouts and Fields → Tickets. `GET /api/v1/fields?module=tickets` lists it from then on.
   */
  createTicketField(input: CreateDeskTicketFieldInput): Promise<{ orgId: string; field: DeskCustomFieldDef }> {
    return this.#call('POST', '/__emulator/desk/fields', input);
  }

  /**
   * Removes a ticket custom field from an org's layout, e.g. `cf_zohokit_key` (which a fresh emulator has) to test
   * a portal that was never set up for zohokit's idempotent create.
   */
  deleteTicketField(apiName: string, options: { orgId?: string } = {}): Promise<{ orgId: string; deleted: string }> {
    const query = options.orgId === undefined ? '' : `?orgId=${encodeURIComponent(options.orgId)}`;
    return this.#call('DELETE', `/__emulator/desk/fields/${encodeURIComponent(apiName)}${query}`);
  }

  /** Every contact of every org, as stored. */
  async contacts(): Promise<DeskContactRecord[]> {
    return (await this.#call<{ contacts: DeskContactRecord[] }>('GET', '/__emulator/desk/contacts')).contacts;
  }

  /** Changes an org's concurrent-call limit now; `limit: null` goes back to the `desk.concurrency` option. */
  setConcurrency(input: SetDeskConcurrencyInput): Promise<DeskConcurrencySetting> {
    return this.#call('POST', '/__emulator/desk/concurrency', input);
  }
}
