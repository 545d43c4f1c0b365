import type { DataCenter, EmulatorLimits } from '../options.js';

/* Shapes of the request log and the inspector's control routes, shared with EmulatorControl. */

/** Which Zoho the request was addressed to, told apart by path (and by a `desk.` host). */
export type RequestProduct = 'accounts' | 'desk' | 'campaigns' | 'crm' | 'api' | 'other';

/** A request or response as the request log keeps it: headers and body, secrets masked. */
export interface RecordedMessage {
  /** Header names in lower case, sorted; secrets masked (`Zoho-oauthtoken 1000.ab…ef`). */
  headers: Record<string, string>;
  /**
   * The body as text with every secret masked: JSON re-serialised compactly, forms as `name=value&…`,
   * multipart as one `name=value` per line. null when there was none; long bodies are cut short.
   */
  body: string | null;
}

/** One non-control request the emulator answered (or dropped), masked before it was stored. */
export interface RequestLogEntry {
  /** Increasing in the order requests finished. */
  id: number;
  /** Arrival, epoch ms. */
  time: number;
  method: string;
  path: string;
  /** The query string without `?`, secrets masked; '' when there was none. */
  query: string;
  /** The route that matched, e.g. `GET /api/v1/tickets/:id`, or the literal path when none did. */
  route: string;
  product: RequestProduct;
  /** HTTP status; null when the connection was dropped without an answer. */
  status: number | null;
  /** The status as a string, or `reset`, `hang` or `aborted` (as in the counters). */
  outcome: string;
  /**
   * Zoho's error code from the body: Desk `errorCode`, Campaigns or CRM `code` with `status: "error"`, the token
   * endpoint's `error`. Set for Zoho's HTTP 200 errors too; null on success.
   */
  errorCode: string | null;
  /** From arrival until the answer was ready, latency and fault delays included. */
  latencyMs: number;
  /** The scripted fault that applied, e.g. `status 503, Retry-After 1`; null when none did. */
  fault: string | null;
  request: RecordedMessage;
  /** null when the connection was dropped. */
  response: RecordedMessage | null;
}

/** Filters of `GET /__emulator/requests`; every one optional. */
export interface RequestLogQuery {
  /** Newest first, at most this many (default 100). */
  limit?: number;
  /** An exact status (`503`), a class (`5xx`), `error` (HTTP >= 400, a Zoho error code, or dropped), `dropped`. */
  status?: string;
  /** Part of the path, any case. */
  path?: string;
  method?: string;
  product?: RequestProduct;
  /** Only entries with a larger id (for polling). */
  since?: number;
}

/** `GET /__emulator/info`: what the inspector shows in its header and needs for its budgets. */
export interface EmulatorInfo {
  url: string;
  dc: DataCenter;
  tokenTtlSec: number;
  grantCodeTtlSec: number;
  latencyMs: number;
  limits: EmulatorLimits;
  requestLogSize: number;
  stateFile: boolean;
  startedAt: number;
  /** The seeded user's Desk org: the `orgId` to configure. */
  deskOrgId: string;
}
