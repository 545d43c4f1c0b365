import type {
  DeskConcurrencySetting,
  DeskContactRecord,
  DeskOverview,
  DeskTicketRecord,
  SeedDeskTicketsInput,
  SetDeskConcurrencyInput,
} from './desk-control-types.js';

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

  /** Every contact of every org, as stored. */
  async contacts(): Promise<DeskContactRecord[]> {
    return (await this.#call<{ contacts: DeskContactRecord[] }>('GET', '/__emulator/desk/contacts')).contacts;
  }

  /** Changes an org's concurrent-call limit now; `limit: null` goes back to the `desk.concurrency` option. */
  setConcurrency(input: SetDeskConcurrencyInput): Promise<DeskConcurrencySetting> {
    return this.#call('POST', '/__emulator/desk/concurrency', input);
  }
}
