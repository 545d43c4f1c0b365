import type { Paginated } from '../../paginate.js';
import { checked, InputCheck } from '../validate.js';
import { type DeskApi, idPath } from './desk-api.js';
import { createTicket, findByKey, idempotencyKey } from './ticket-create.js';
import {
  createTicketBody,
  listTicketsQuery,
  searchTicketsQuery,
  ticketPageSize,
  updateTicketBody,
} from './ticket-input.js';
import type {
  CreateTicketInput,
  CreateTicketOptions,
  DeskTicket,
  ListTicketsOptions,
  SearchTicketsOptions,
  TicketInclude,
  UpdateTicketInput,
} from './types.js';
import { TICKET_INCLUDES } from './types.js';

const TICKETS = '/api/v1/tickets';

/** Desk tickets (`zoho.desk.tickets`): create (idempotent with a key), get, list, search, update, move to trash. */
export class DeskTickets {
  readonly #api: DeskApi;

  constructor(api: DeskApi) {
    this.#api = api;
  }

  /**
   * Creates a ticket. Without `idempotencyKey` a failure whose outcome is unknown is thrown as it is (the
   * ticket may exist). With one, zohokit finds or re-creates it safely: see `CreateTicketOptions`. The result
   * is the ticket either way; a ticket found that way emits a `warning` event with code `ticket_reconciled`,
   * a second create emits `ticket_create_replayed`.
   */
  create(input: CreateTicketInput, options: CreateTicketOptions = {}): Promise<DeskTicket> {
    return checked('desk', 'desk.tickets.create', (check) => {
      const body = createTicketBody(check, input);
      const o = check.object(options, 'options');
      check.known(o, ['idempotencyKey', 'signal']);
      const key = o.idempotencyKey === undefined ? undefined : idempotencyKey(check, o.idempotencyKey);
      const field = this.#api.idempotencyField;
      if (key !== undefined && (body.cf as Record<string, unknown> | undefined)?.[field] !== undefined) {
        throw check.fail(`cf.${field}`, 'is set by idempotencyKey: pass one or the other');
      }
      return createTicket(this.#api, body, { idempotencyKey: key, signal: options.signal });
    });
  }

  /**
   * The ticket created with this idempotency key, if Desk has one: the same search the duplicate guard runs,
   * for a caller that must reconcile before it sends a create again (a queue whose worker died mid-call).
   * Undefined when no ticket carries the key after a few lookups (search can lag behind a create).
   */
  findByIdempotencyKey(key: string, options: { signal?: AbortSignal } = {}): Promise<DeskTicket | undefined> {
    return checked('desk', 'desk.tickets.findByIdempotencyKey', (check) =>
      findByKey(this.#api, idempotencyKey(check, key), options.signal),
    );
  }

  /** One ticket by id, with the related records named in `include`; `ZohoNotFoundError` when there is none. */
  get(ticketId: string, options: { include?: TicketInclude[] } = {}): Promise<DeskTicket> {
    return checked('desk', 'desk.tickets.get', (check) => {
      check.known(check.object(options, 'options'), ['include']);
      const include = options.include?.map((item, i) => check.oneOf(item, `include[${i}]`, TICKET_INCLUDES));
      return this.#api.call<DeskTicket>({ path: idPath(check, TICKETS, ticketId, 'ticketId'), query: { include } });
    });
  }

  /** Tickets matching the filters; `sortBy: '-createdTime'` for newest first. */
  list(options: ListTicketsOptions = {}): Paginated<DeskTicket> {
    const check = new InputCheck('desk', 'desk.tickets.list');
    const query = listTicketsQuery(check, options);
    return this.#api.list<DeskTicket>(TICKETS, query, ticketPageSize(check, options));
  }

  /** Search (needs the Desk.search.READ scope too). No match is an empty iteration (Desk answers 204). */
  search(query: SearchTicketsOptions): Paginated<DeskTicket> {
    const check = new InputCheck('desk', 'desk.tickets.search');
    const params = searchTicketsQuery(check, query);
    return this.#api.list<DeskTicket>(`${TICKETS}/search`, params, ticketPageSize(check, query));
  }

  /** Changes only the given fields (PATCH). Not replayed after an unknown outcome, like any PATCH. */
  update(ticketId: string, changes: UpdateTicketInput): Promise<DeskTicket> {
    return checked('desk', 'desk.tickets.update', (check) => {
      const path = idPath(check, TICKETS, ticketId, 'ticketId');
      return this.#api.call<DeskTicket>({ method: 'PATCH', path, body: updateTicketBody(check, changes) });
    });
  }

  /** Moves tickets to the trash (`POST /tickets/moveToTrash`, HTTP 204). */
  moveToTrash(ticketIds: string | readonly string[]): Promise<void> {
    return checked('desk', 'desk.tickets.moveToTrash', async (check) => {
      const ids = typeof ticketIds === 'string' ? [ticketIds] : ticketIds;
      if (!Array.isArray(ids) || ids.length === 0) throw check.fail('ticketIds', 'must name at least one ticket');
      const body = { ticketIds: ids.map((id, i) => check.id(id, `ticketIds[${i}]`)) };
      await this.#api.call<undefined>({ method: 'POST', path: `${TICKETS}/moveToTrash`, body });
    });
  }
}
