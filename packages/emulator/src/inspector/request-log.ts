import type { RequestLogEntry, RequestLogQuery } from './types.js';

/** A change to the request log: a new entry, an updated one, or a clear. */
export type RequestLogEvent = { type: 'request'; entry: RequestLogEntry } | { type: 'change' } | { type: 'cleared' };

/** A `RequestLog.subscribe()` callback. */
export type RequestLogListener = (event: RequestLogEvent) => void;

/** A failure as a user means it: an HTTP error, a Zoho error in a 200 (tokens, Campaigns), or no answer at all. */
export function isFailure(entry: RequestLogEntry): boolean {
  return entry.status === null || entry.status >= 400 || entry.errorCode !== null;
}

export function matchesQuery(entry: RequestLogEntry, query: RequestLogQuery): boolean {
  if (query.since !== undefined && entry.id <= query.since) return false;
  if (query.method !== undefined && entry.method !== query.method.toUpperCase()) return false;
  if (query.product !== undefined && entry.product !== query.product) return false;
  if (query.path !== undefined && !entry.path.toLowerCase().includes(query.path.toLowerCase())) return false;
  const status = query.status?.toLowerCase();
  if (status === undefined || status === '' || status === 'all') return true;
  if (status === 'error') return isFailure(entry);
  if (status === 'dropped') return entry.status === null;
  if (/^[1-5]xx$/.test(status)) return entry.status !== null && Math.floor(entry.status / 100) === Number(status[0]);
  return entry.outcome === status;
}

/** Builds one entry's fields; run after the answer has gone out (see `RequestLog.addLater`). */
export type RequestLogBuilder = () => Omit<RequestLogEntry, 'id'>;

/**
 * The last `size` non-control requests, beside the state rather than in it: the log is never written to the
 * state file and survives `POST /__emulator/reset`. Listeners (the inspector's event stream) hear every new
 * entry, and `change` after control calls that alter the state.
 */
export class RequestLog {
  readonly size: number;
  #entries: RequestLogEntry[] = [];
  #nextId = 1;
  readonly #listeners = new Set<RequestLogListener>();
  /** Entries whose masking waits for the event loop's check phase or the next read, in arrival order. */
  #pending: { id: number; build: RequestLogBuilder }[] = [];
  #flushScheduled = false;

  constructor(size: number) {
    this.size = size;
  }

  /** False when the log size is 0 (option `requestLogSize: 0`). */
  get enabled(): boolean {
    return this.size > 0;
  }

  /** Records one request (oldest dropped past the size) and tells the subscribers. */
  add(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    this.#flush();
    return this.#store(this.#nextId++, entry);
  }

  /**
   * Records one request whose entry `build` makes later: masking a body (parse, walk every string, print) costs
   * about as much as answering the request, and a client waiting for that answer should not pay for it. The id
   * is taken now, so entries keep their order; `build` runs in the event loop's check phase, right after the
   * answer was handed to the socket and before the next request is read, or at the first read of the log if
   * that comes sooner, so a read never misses a request that was answered before it.
   */
  addLater(build: RequestLogBuilder): void {
    this.#pending.push({ id: this.#nextId++, build });
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush()).unref();
  }

  /** Newest first. */
  list(query: RequestLogQuery = {}): RequestLogEntry[] {
    this.#flush();
    const limit = query.limit ?? 100;
    const out: RequestLogEntry[] = [];
    for (let i = this.#entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#entries[i]!;
      if (matchesQuery(entry, query)) out.push(entry);
    }
    return out;
  }

  /** The entry with this id, if still kept. */
  get(id: number): RequestLogEntry | undefined {
    this.#flush();
    return this.#entries.find((entry) => entry.id === id);
  }

  /** How many entries are kept now. */
  get length(): number {
    this.#flush();
    return this.#entries.length;
  }

  /** Forgets every entry and tells the subscribers. */
  clear(): void {
    this.#flush();
    this.#entries = [];
    this.#emit({ type: 'cleared' });
  }

  /** Something in the state changed outside a logged request (a control call). */
  changed(): void {
    this.#emit({ type: 'change' });
  }

  /** Calls `listener` on every change (the inspector's live view); returns the unsubscribe function. */
  subscribe(listener: RequestLogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #store(id: number, entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    const stored: RequestLogEntry = { id, ...entry };
    this.#entries.push(stored);
    if (this.#entries.length > this.size) this.#entries.splice(0, this.#entries.length - this.size);
    this.#emit({ type: 'request', entry: stored });
    return stored;
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (const { id, build } of pending) {
      let entry: Omit<RequestLogEntry, 'id'>;
      try {
        entry = build();
      } catch (error) {
        // A recording bug must not take the emulator down; the request itself was answered.
        console.error('@zohokit/emulator: recording a request failed', error);
        continue;
      }
      this.#store(id, entry);
    }
  }

  #emit(event: RequestLogEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('@zohokit/emulator: request log listener failed', error);
      }
    }
  }
}
